/*
 * The sizes an operator may choose (`xgw attach` options), declared once. The BPF maps are
 * declared with the default; libxgw sets the chosen size before a map is created, checks the
 * memory it will lock first, and shows it in `xgw status`. Defaults fit a small gateway.
 */
#pragma once

#define XGW_DEFAULT_FLOWS 8192         /* flow table (keep-state) */
#define XGW_DEFAULT_NAT_BINDINGS 4096  /* NAT bindings; a translated flow takes two */
#define XGW_DEFAULT_LOG_RING 65536     /* bytes of the firewall's log ring (~1,000 events) */
#define XGW_DEFAULT_TABLE_ENTRIES 65536 /* table prefixes per family (allocated as added) */
#define XGW_DEFAULT_FRAGS 1024         /* fragmented datagrams followed at once */
#define XGW_MIN_LRU 1024 /* below this the kernel's per-CPU LRU free lists evict early */

/*
 * X(field, option, default, minimum, maximum, what): one attach option per size. The maximum
 * only bounds the number; whether the memory is there is checked when the map is made.
 */
#define XGW_SIZE_OPTIONS(X)                                                                    \
	X(flows, "--flows", XGW_DEFAULT_FLOWS, XGW_MIN_LRU, 1u << 30,                          \
	  "flow table (keep-state), in flows")                                                 \
	X(nat_bindings, "--nat-bindings", XGW_DEFAULT_NAT_BINDINGS, XGW_MIN_LRU, 1u << 30,     \
	  "NAT binding table, in bindings (a translated flow takes two)")                      \
	X(log_ring, "--log-ring", XGW_DEFAULT_LOG_RING, 4096, 1u << 30,                        \
	  "firewall log ring, in bytes (a power of two)")                                      \
	X(table_entries, "--table-entries", XGW_DEFAULT_TABLE_ENTRIES, 128, 1u << 24,          \
	  "prefixes of all tables, per address family")                                       \
	X(frags, "--frags", XGW_DEFAULT_FRAGS, XGW_MIN_LRU, 1u << 24,                          \
	  "fragmented datagrams followed at once")

/* X(map, field): the maps each option sizes. */
#define XGW_SIZED_MAPS(X)                                                                      \
	X(xgw_flows, flows)                                                                    \
	X(xgw_nat_bindings, nat_bindings)                                                      \
	X(xgw_fw_log, log_ring)                                                                \
	X(xgw_fw_table4, table_entries)                                                        \
	X(xgw_fw_table6, table_entries)                                                        \
	X(xgw_frags, frags)
