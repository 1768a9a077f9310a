// Where xgw's state lives in bpffs: one directory per network namespace.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace xgw {

inline constexpr const char* kDefaultPinBase = "/sys/fs/bpf/xgw";

class PinPaths {
  public:
    // root is the namespace's directory, e.g. /sys/fs/bpf/xgw/ns-4026531840.
    explicit PinPaths(std::filesystem::path root) : root_(std::move(root)) {}

    // The directory of the current network namespace under base (names repeat across namespaces).
    static Result<PinPaths> for_current_netns(const std::filesystem::path& base = kDefaultPinBase);

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path maps() const { return root_ / "maps"; }
    std::filesystem::path map(const std::string& name) const { return maps() / name; }
    std::filesystem::path links() const { return root_ / "links"; }
    // `xgw fw check`'s side-effect-free copy of the programs, loaded by the first check.
    std::filesystem::path check() const { return root_ / "check"; }
    std::filesystem::path iface(const std::string& ifname) const { return links() / ifname; }
    std::filesystem::path xdp_link(const std::string& ifname) const { return iface(ifname) / "xdp"; }
    std::filesystem::path tc_prog(const std::string& ifname) const {
        return iface(ifname) / "tc_egress";
    }
    std::filesystem::path tc_ingress_prog(const std::string& ifname) const {
        return iface(ifname) / "tc_ingress";
    }

  private:
    std::filesystem::path root_;
};

// Opens the namespace's pinned map NAME; the error names the path and hints at `xgw status`.
Result<UniqueFd> open_pinned_map(const PinPaths& paths, const std::string& name);

// Makes sure a bpffs is mounted at /sys/fs/bpf (mounting one if not) and base exists on it.
Result<void> ensure_bpffs(const std::filesystem::path& base);

} // namespace xgw
