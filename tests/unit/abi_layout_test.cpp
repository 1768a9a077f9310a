// The structs that cross the kernel boundary must keep their layout: the BPF side and the
// pinned maps of a running xgw depend on it.
#include <xgw/abi/config.h>
#include <xgw/abi/stats.h>

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
}
