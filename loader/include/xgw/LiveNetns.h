// Every network namespace alive on the machine, by cookie: what tells the state of a namespace
// that exists from the state of one that is gone (xgw's pin directories are named by cookie).
#pragma once

#include <xgw/Result.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xgw {

struct LiveNetns {
    std::map<std::uint64_t, std::string> cookies; // cookie -> its /run/netns name, "" if none
    // Namespaces found alive whose cookie could not be read, and places a reference could hide
    // in that could not be read, each with why: any orphan may be one of them.
    std::vector<std::string> unreadable;
};

// Finds namespaces by everything that keeps one alive: a task in it (/proc/PID/task/TID/ns/net),
// an open descriptor of it (/proc/PID/fd), a bind mount of it in any mount namespace (/run/netns
// and others; such a namespace may have no process at all). Each one's cookie is read from a
// socket made inside it by a thread that enters it.
Result<LiveNetns> live_netns();

// The inode of "net:[4026531840]" (a /proc ns link, or the root of an nsfs mount); none for
// anything else.
std::optional<std::uint64_t> netns_inode(std::string_view link);

struct NetnsMount {
    std::uint64_t inode = 0;
    std::string mountpoint; // unescaped
};

// The network namespaces bind-mounted in the text of a /proc/PID/mountinfo file.
std::vector<NetnsMount> netns_mounts(std::string_view mountinfo);

} // namespace xgw
