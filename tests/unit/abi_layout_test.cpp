// The structs that cross the kernel boundary must keep their layout: the BPF side and the
// pinned maps of a running xgw depend on it.
#include <xgw/abi/acct.h>
#include <xgw/abi/aoe.h>
#include <xgw/abi/config.h>
#include <xgw/abi/fw.h>
#include <xgw/abi/fwd.h>
#include <xgw/abi/nat.h>
#include <xgw/abi/policy.h>
#include <xgw/abi/stats.h>

#include <linux/bpf.h>

#include <gtest/gtest.h>

#include <cstddef>

TEST(AbiLayout, StatsKey) {
    EXPECT_EQ(sizeof(xgw_stats_key), 8u);
    EXPECT_EQ(offsetof(xgw_stats_key, ifindex), 0u);
    EXPECT_EQ(offsetof(xgw_stats_key, dir), 4u);
}

TEST(AbiLayout, IfStats) {
    EXPECT_EQ(sizeof(xgw_counter), 16u);
    EXPECT_EQ(offsetof(xgw_if_stats, verdict), 0u);
    EXPECT_EQ(offsetof(xgw_if_stats, reason), 16u * XGW_VERDICT__MAX);
    EXPECT_EQ(sizeof(xgw_if_stats), 16u * XGW_VERDICT__MAX + 8u * XGW_REASON_SLOTS);
    // Per-CPU map values are laid out in 8-byte slots.
    EXPECT_EQ(sizeof(xgw_if_stats) % 8, 0u);
}

TEST(AbiLayout, ReasonsFitTheirSlots) {
    EXPECT_LE(static_cast<int>(XGW_REASON__MAX), XGW_REASON_SLOTS);
    EXPECT_EQ(XGW_REASON_NONE, 0);
}

TEST(AbiLayout, Config) {
    EXPECT_EQ(sizeof(xgw_config), 8u);
    EXPECT_EQ(offsetof(xgw_config, malformed_policy), 0u);
    EXPECT_EQ(sizeof(xgw_meta), 8u);
    EXPECT_EQ(offsetof(xgw_meta, abi_version), 4u);
}

TEST(AbiLayout, Iface) {
    EXPECT_EQ(sizeof(xgw_iface), 32u);
    EXPECT_EQ(offsetof(xgw_iface, name), 0u);
    EXPECT_EQ(offsetof(xgw_iface, ifindex), 16u);
    EXPECT_EQ(offsetof(xgw_iface, xdp_mode), 20u);
    EXPECT_EQ(offsetof(xgw_iface, tc_created), 24u);
    EXPECT_EQ(offsetof(xgw_iface, flags), 28u);
}

TEST(AbiLayout, AcctCtl) {
    EXPECT_EQ(sizeof(xgw_acct_ctl), 8u);
    EXPECT_EQ(offsetof(xgw_acct_ctl, gen), 0u);
    EXPECT_EQ(offsetof(xgw_acct_ctl, flags), 4u);
}

TEST(AbiLayout, AcctStats) {
    EXPECT_EQ(sizeof(xgw_acct_stats), 16u * XGW_DIR__MAX * XGW_ACCT_ROLE__MAX);
    EXPECT_EQ(offsetof(xgw_acct_stats, c[XGW_DIR_EGRESS][XGW_ACCT_DST]), 48u);
    EXPECT_EQ(sizeof(xgw_acct_dir_stats), 16u * XGW_DIR__MAX);
    // Per-CPU map values are laid out in 8-byte slots.
    EXPECT_EQ(sizeof(xgw_acct_stats) % 8, 0u);
    EXPECT_EQ(sizeof(xgw_acct_dir_stats) % 8, 0u);
}

TEST(AbiLayout, AcctKeys) {
    EXPECT_EQ(sizeof(xgw_acct_net4_key), 8u);
    EXPECT_EQ(offsetof(xgw_acct_net4_key, addr), 4u);
    EXPECT_EQ(sizeof(xgw_acct_net6_key), 20u);
    EXPECT_EQ(offsetof(xgw_acct_net6_key, addr), 4u);
    EXPECT_EQ(sizeof(xgw_acct_host_key), 20u);
    EXPECT_EQ(offsetof(xgw_acct_host_key, family), 16u);
    EXPECT_EQ(offsetof(xgw_acct_host_key, gen), 17u);
}

// Version 5: rule counters and accounted ports hold the slots in use, rules are generation maps.
TEST(AbiLayout, Version) {
    EXPECT_EQ(XGW_ABI_VERSION, 6);
    EXPECT_EQ(XGW_FW_COUNTER_SLOTS, 2 * XGW_FW_MAX_RULES);
}

TEST(AbiLayout, AcctIndexes) {
    EXPECT_EQ(XGW_ACCT_PSLOT_KEY(XGW_ACCT_PORT_UDP, 53), 65536u + 53u);
    EXPECT_EQ(XGW_ACCT_PORT_IDX(1, 0), XGW_ACCT_MAX_PORTS);
    EXPECT_EQ(XGW_ACCT_PROTO_IDX(1, XGW_ACCT_IPV6, 255), 4 * 256 - 1);
}

TEST(AbiLayout, AoeWire) {
    EXPECT_EQ(sizeof(xgw_aoe_hdr), 10u);
    EXPECT_EQ(offsetof(xgw_aoe_hdr, shelf), 2u);
    EXPECT_EQ(offsetof(xgw_aoe_hdr, tag), 6u);
    EXPECT_EQ(sizeof(xgw_aoe_ata), 12u);
    EXPECT_EQ(offsetof(xgw_aoe_ata, lba), 4u);
    EXPECT_EQ(sizeof(xgw_aoe_cfg), 8u);
    EXPECT_EQ(offsetof(xgw_aoe_cfg, config_len), 6u);
    EXPECT_EQ(sizeof(xgw_aoe_mask), 4u);
    EXPECT_EQ(sizeof(xgw_aoe_mask_dir), 8u);
    EXPECT_EQ(sizeof(xgw_aoe_reserve), 2u);
}

TEST(AbiLayout, AoeSteering) {
    EXPECT_EQ(sizeof(xgw_aoe_key), 8u);
    EXPECT_EQ(offsetof(xgw_aoe_key, gen), 7u);
    EXPECT_EQ(sizeof(xgw_aoe_target), 16u);
    EXPECT_EQ(sizeof(xgw_aoe_fanout), 8u + 4u * XGW_AOE_FANOUT);
    EXPECT_EQ(sizeof(xgw_aoe_mac_key), 16u);
    EXPECT_EQ(offsetof(xgw_aoe_mac_key, mac), 8u);
    EXPECT_EQ(sizeof(xgw_aoe_stats_key), 8u);
    EXPECT_EQ(sizeof(xgw_aoe_stats), 8u * XGW_AOE_COUNTER_SLOTS);
    EXPECT_LE(static_cast<int>(XGW_AOE_C__MAX), XGW_AOE_COUNTER_SLOTS);
    EXPECT_EQ(sizeof(xgw_aoe_state), 8u);
    EXPECT_EQ(sizeof(xgw_aoe_export), 80u + XGW_AOE_PATH_MAX + 8);
    EXPECT_EQ(offsetof(xgw_aoe_export, xsk_slot), 80u + XGW_AOE_PATH_MAX);
    EXPECT_EQ(offsetof(xgw_aoe_export, path), 80u);
}

TEST(AbiLayout, ForwardingOutcomes) {
    // The offload maps BPF_FIB_LKUP_RET_<code> to XGW_FWD_BLACKHOLE + code - 1.
    EXPECT_EQ(XGW_FWD_FORWARDED, 0);
    EXPECT_EQ(int{XGW_FWD_BLACKHOLE} + int{BPF_FIB_LKUP_RET_BLACKHOLE} - 1, int{XGW_FWD_BLACKHOLE});
    EXPECT_EQ(int{XGW_FWD_BLACKHOLE} + int{BPF_FIB_LKUP_RET_NOT_FWDED} - 1, int{XGW_FWD_NOT_FWDED});
    EXPECT_EQ(int{XGW_FWD_BLACKHOLE} + int{BPF_FIB_LKUP_RET_NO_NEIGH} - 1, int{XGW_FWD_NO_NEIGH});
    EXPECT_EQ(int{XGW_FWD_BLACKHOLE} + int{BPF_FIB_LKUP_RET_FRAG_NEEDED} - 1,
              int{XGW_FWD_FRAG_NEEDED});
    EXPECT_EQ(int{XGW_FWD_BLACKHOLE} + int{BPF_FIB_LKUP_RET_NO_SRC_ADDR} - 1,
              int{XGW_FWD_NO_SRC_ADDR});
    EXPECT_LE(static_cast<int>(XGW_FWD__MAX), XGW_FWD_SLOTS);
}

TEST(AbiLayout, Nat) {
    EXPECT_EQ(sizeof(xgw_nat_rule), 40u);
    EXPECT_EQ(offsetof(xgw_nat_rule, port_lo), 28u);
    EXPECT_EQ(offsetof(xgw_nat_rule, proto), 36u);
    EXPECT_EQ(sizeof(xgw_nat_key), 16u);
    EXPECT_EQ(offsetof(xgw_nat_key, proto), 12u);
    EXPECT_EQ(sizeof(xgw_nat_binding), 56u);
    EXPECT_EQ(offsetof(xgw_nat_binding, peer), 24u);
    EXPECT_EQ(offsetof(xgw_nat_binding, saddr), 40u);
    EXPECT_EQ(offsetof(xgw_nat_binding, flags), 52u);
    EXPECT_EQ(sizeof(xgw_nat_config), 40u);
    EXPECT_LE(static_cast<int>(XGW_NAT_T__MAX), 8);
}

TEST(AbiLayout, FirewallTablesAndHeader) {
    EXPECT_EQ(sizeof(xgw_fw_gen_dir), 40u);
    EXPECT_EQ(offsetof(xgw_fw_gen_dir, any_recv_bitset), 12u);
    EXPECT_EQ(offsetof(xgw_fw_gen_dir, probe_bitset), 16u);
    EXPECT_EQ(offsetof(xgw_fw_gen_dir, probe_only_bitset), 20u);
    EXPECT_EQ(offsetof(xgw_fw_gen_dir, ntests), 24u);
    EXPECT_EQ(offsetof(xgw_fw_gen_dir, test_table), 26u);
    EXPECT_EQ(sizeof(xgw_fw_gen), 2 * 40u + 16u);
    EXPECT_EQ(offsetof(xgw_fw_table4_key, table), 4u);
    EXPECT_EQ(offsetof(xgw_fw_table4_key, addr), 5u);
    EXPECT_EQ(offsetof(xgw_fw_table6_key, addr), 5u);
    EXPECT_EQ(sizeof(xgw_fw_table_name), std::size_t{XGW_FW_TABLE_NAME});
    EXPECT_EQ(XGW_FW_TEST_SLOTS, 2 * XGW_FW_TEST_SA);
    EXPECT_EQ(XGW_FW_TEST_SA, 1 << XGW_FW_TESTS);
    EXPECT_LE(XGW_FW_MAX_TABLES, 255); // slots are one byte in the table keys
}

TEST(AbiLayout, XdpMetaAndNote) {
    // The metadata in front of the frame: at most 32 bytes, 4-byte aligned.
    EXPECT_EQ(sizeof(xgw_xdp_meta), 32u);
    EXPECT_EQ(offsetof(xgw_xdp_meta, mark), 8u);
    EXPECT_EQ(offsetof(xgw_xdp_meta, nexthop), 16u);
    EXPECT_EQ(offsetof(xgw_xdp_note, print), 8u);
    EXPECT_EQ(offsetof(xgw_xdp_note, meta), 8u + XGW_NOTE_PRINT);
    EXPECT_EQ(offsetof(xgw_xdp_note, taken), 8u + XGW_NOTE_PRINT + 32u);
    EXPECT_EQ(sizeof(xgw_xdp_note), 80u);
    // tc compares the print as three 8-byte words.
    EXPECT_EQ(XGW_NOTE_PRINT % 8, 0);
}
