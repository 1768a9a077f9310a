#include <xgw/LiveNetns.h>
#include <xgw/Orphans.h>

#include <gtest/gtest.h>

using namespace xgw;

TEST(LiveNetns, InodeOfNamespaceLinks) {
    EXPECT_EQ(netns_inode("net:[4026531840]"), 4026531840u);
    EXPECT_EQ(netns_inode("mnt:[4026531841]"), std::nullopt);
    EXPECT_EQ(netns_inode("net:[]"), std::nullopt);
    EXPECT_EQ(netns_inode("net:[12x]"), std::nullopt);
    EXPECT_EQ(netns_inode("socket:[123]"), std::nullopt);
    EXPECT_EQ(netns_inode("/dev/null"), std::nullopt);
}

TEST(LiveNetns, MountsOfNetworkNamespacesOnly) {
    const std::string mountinfo =
        "22 1 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n"
        "610 25 0:4 net:[4026532300] /run/netns/xt1-router rw shared:5 - nsfs nsfs rw\n"
        "611 25 0:4 net:[4026532400] /run/netns/with\\040space rw - nsfs nsfs rw\n"
        "612 25 0:4 mnt:[4026532500] /run/mntns/a rw shared:5 - nsfs nsfs rw\n"
        "613 25 0:4 net:[4026532600] /tmp/fake rw shared:5 - tmpfs tmpfs rw\n"
        "garbage\n";
    auto mounts = netns_mounts(mountinfo);
    ASSERT_EQ(mounts.size(), 2u);
    EXPECT_EQ(mounts[0].inode, 4026532300u);
    EXPECT_EQ(mounts[0].mountpoint, "/run/netns/xt1-router");
    EXPECT_EQ(mounts[1].inode, 4026532400u);
    EXPECT_EQ(mounts[1].mountpoint, "/run/netns/with space");
}

TEST(Orphans, CookieOfStateDirectory) {
    EXPECT_EQ(state_dir_cookie("ns-4096"), 4096u);
    EXPECT_EQ(state_dir_cookie("ns-"), std::nullopt);
    EXPECT_EQ(state_dir_cookie("ns-12a"), std::nullopt);
    EXPECT_EQ(state_dir_cookie("ns--1"), std::nullopt);
    EXPECT_EQ(state_dir_cookie("maps"), std::nullopt);
}

TEST(Orphans, OwnerFromLiveCookies) {
    LiveNetns live;
    live.cookies = {{1, ""}, {7, "xt1-router"}};
    EXPECT_EQ(owner_of(7, live), StateOwner::Live);
    EXPECT_EQ(owner_of(9, live), StateOwner::Orphaned);
    // One namespace whose cookie is unknown could be any state's: none is called orphaned.
    live.unreadable.push_back("net:[4026532300]: enter: Operation not permitted");
    EXPECT_EQ(owner_of(7, live), StateOwner::Live);
    EXPECT_EQ(owner_of(9, live), StateOwner::Unknown);
}
