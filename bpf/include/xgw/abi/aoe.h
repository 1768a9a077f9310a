/*
 * ATA over Ethernet (EtherType 0x88A2): the wire headers, and the steering
 * state that libxgw writes and the XDP program reads. Multi-byte wire fields
 * are in network order; map keys and values are in host order.
 */
#pragma once
#include <linux/types.h>

#define XGW_ETH_P_AOE 0x88A2
#define XGW_AOE_VERSION 1
#define XGW_AOE_FLAG_RESPONSE 0x08
#define XGW_AOE_FLAG_ERROR 0x04
#define XGW_AOE_SHELF_ANY 0xffff
#define XGW_AOE_SLOT_ANY 0xff

enum xgw_aoe_command {
	XGW_AOE_CMD_ATA = 0,
	XGW_AOE_CMD_CONFIG = 1,
	XGW_AOE_CMD_MASK = 2,
	XGW_AOE_CMD_RESERVE = 3,
	XGW_AOE_CMD__MAX,
};

/* The common header that follows Ethernet (and VLAN tags). */
struct xgw_aoe_hdr {
	__u8 ver_flags; /* version << 4 | flags */
	__u8 error;
	__be16 shelf; /* the "major" address */
	__u8 slot;    /* the "minor" address */
	__u8 command; /* enum xgw_aoe_command */
	__u8 tag[4];  /* the initiator's, echoed back; bytes, so the struct has no padding */
};

/* ATA command arguments; sector data follows. */
struct xgw_aoe_ata {
	__u8 aflags; /* XGW_AOE_ATA_* */
	__u8 err_feature;
	__u8 sector_count;
	__u8 cmd_status;
	__u8 lba[6]; /* little endian */
	__u8 _reserved[2];
};

#define XGW_AOE_ATA_WRITE 0x01
#define XGW_AOE_ATA_ASYNC 0x02
#define XGW_AOE_ATA_DEVICE 0x10
#define XGW_AOE_ATA_EXTEND 0x40

/* Query Config arguments; the config string follows. */
struct xgw_aoe_cfg {
	__be16 buffer_count;
	__be16 firmware;
	__u8 sector_count; /* sectors per frame the target takes */
	__u8 ver_ccmd;     /* AoE version << 4 | config command */
	__be16 config_len;
};

/* MAC Mask List arguments; dir_count 8-byte directives follow. */
struct xgw_aoe_mask {
	__u8 _reserved;
	__u8 command;
	__u8 error;
	__u8 dir_count;
};

struct xgw_aoe_mask_dir {
	__u8 _reserved;
	__u8 command;
	__u8 mac[6];
};

/* Reserve/Release arguments; nmacs MAC addresses follow. */
struct xgw_aoe_reserve {
	__u8 command;
	__u8 nmacs;
};

#define XGW_AOE_MAX_TARGETS 256
#define XGW_AOE_MAX_MACS 32 /* per target, as vblade's mask list */
#define XGW_AOE_FANOUT 8    /* targets one wildcard query can reach through XDP */

/* What XDP does with a request for a target it knows. */
enum xgw_aoe_action {
	XGW_AOE_ACT_PASS = 0,     /* to the stack (AF_PACKET targets, vblade) */
	XGW_AOE_ACT_DROP = 1,
	XGW_AOE_ACT_XSK = 2,      /* to the AF_XDP socket at xgw_aoe_xsks[arg] */
	XGW_AOE_ACT_REDIRECT = 3, /* out of interface arg */
	XGW_AOE_ACT_CPU = 4,      /* to the stack on CPU arg, through xgw_aoe_cpus */
	XGW_AOE_ACT__MAX,
};

/* The UMEM frame of xgw's AF_XDP sockets; a received frame also leaves XDP's 256-byte headroom. */
#define XGW_AOE_XSK_FRAME 4096
#define XGW_AOE_XSK_RX_MAX (XGW_AOE_XSK_FRAME - 256)

/* One target as XDP sees it: the interface a request arrives on and the address it names. */
struct xgw_aoe_key {
	__u32 ifindex;
	__u16 shelf;
	__u8 slot;
	__u8 gen; /* the table generation the entry belongs to (0 or 1) */
};

struct xgw_aoe_target {
	__u32 action; /* enum xgw_aoe_action */
	__u32 arg;    /* xsk: xgw_aoe_xsks index; redirect: ifindex; cpu: CPU number */
	__u32 queue;  /* xsk: the rx queue the socket is bound to; other queues pass */
	__u32 nmacs;  /* 0: any initiator; else only those in xgw_aoe_macs */
};

/* A wildcard address (shelf 0xffff and/or slot 0xff) and the targets it reaches. */
struct xgw_aoe_fanout {
	__u32 count;
	__u32 _pad;
	struct {
		__u16 shelf;
		__u8 slot;
		__u8 _pad;
	} member[XGW_AOE_FANOUT];
};

/* An initiator a target admits. */
struct xgw_aoe_mac_key {
	struct xgw_aoe_key target;
	__u8 mac[6];
	__u16 _pad;
};

/* Counters per (interface, shelf, slot): they outlive generations. */
struct xgw_aoe_stats_key {
	__u32 ifindex;
	__u16 shelf;
	__u8 slot;
	__u8 _pad;
};

#define XGW_AOE_COUNTERS(X)                 \
	X(FRAMES, "frames")                 \
	X(BYTES, "bytes")                   \
	X(ATA, "ata")                       \
	X(CONFIG, "config")                 \
	X(MASK, "mask")                     \
	X(RESERVE, "reserve")               \
	X(BROADCAST, "broadcast")           \
	X(DENIED, "denied")                 \
	X(ERRORS, "errors")                 \
	X(STEERED, "steered")               \
	X(OVERSIZE, "oversize")             \
	X(PASSED, "passed")                 \
	X(DROPPED, "dropped")               \
	X(RESPONSES, "responses")

enum xgw_aoe_counter {
#define XGW_AOE_COUNTER_ENUM(id, name) XGW_AOE_C_##id,
	XGW_AOE_COUNTERS(XGW_AOE_COUNTER_ENUM)
#undef XGW_AOE_COUNTER_ENUM
	XGW_AOE_C__MAX,
};

#define XGW_AOE_COUNTER_SLOTS 16

struct xgw_aoe_stats {
	__u64 c[XGW_AOE_COUNTER_SLOTS];
};

/* Which generation of the target table XDP reads; flipping it swaps the whole table at once. */
struct xgw_aoe_state {
	__u32 gen;
	__u32 _pad;
};

enum xgw_aoe_transport {
	XGW_AOE_TRANSPORT_PACKET = 1, /* AF_PACKET */
	XGW_AOE_TRANSPORT_XSK = 2,    /* AF_XDP, with AF_PACKET beside it */
};

#define XGW_AOE_PATH_MAX 96

/* A running xgw target, registered by itself, with the counters of what it served. */
struct xgw_aoe_export {
	__u32 pid;
	__u32 transport; /* enum xgw_aoe_transport */
	__u32 flags;     /* XGW_AOE_EXPORT_* */
	__u32 buffer_count;
	__u64 sectors;
	__u64 offset; /* sectors skipped at the start of the file */
	__u64 requests;
	__u64 responses;
	__u64 errors; /* responses with the error flag or an ATA error */
	__u64 sectors_read;
	__u64 sectors_written;
	__u64 started_ns; /* CLOCK_REALTIME */
	char path[XGW_AOE_PATH_MAX];
	__u32 xsk_slot; /* AF_XDP: its socket's index in xgw_aoe_xsks, for `aoe steer --to xsk` */
	__u32 queue;    /* AF_XDP: the rx queue the socket is bound to */
};

#define XGW_AOE_EXPORT_READONLY 0x1
#define XGW_AOE_EXPORT_DIRECT 0x2
#define XGW_AOE_EXPORT_SYNC 0x4
