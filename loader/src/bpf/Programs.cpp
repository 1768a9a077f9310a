#include "Programs.h"

#include "xgw_tc.skel.h"
#include "xgw_xdp.skel.h"

#include <xgw/abi/ct.h>
#include <xgw/abi/nat.h>
#include <xgw/bpf/PinnedIdentity.h>
#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>
#include <unistd.h>

#include <filesystem>
#include <iterator>

namespace xgw {

void Programs::Deleter::operator()(xgw_xdp* s) const { xgw_xdp__destroy(s); }
void Programs::Deleter::operator()(xgw_tc* s) const { xgw_tc__destroy(s); }

Programs::Programs(Programs&&) noexcept = default;
Programs::~Programs() = default;

namespace {

Error load_error(int err, const char* what) {
    Error e = Error::from_errno(err, std::string("load BPF program ") + what);
    if (e.kind == Errc::Permission)
        e.message += " (xgw needs root, or CAP_BPF and CAP_NET_ADMIN)";
    else
        e.message += " (run with -v for the verifier's log)";
    return e;
}

} // namespace

// libbpf 1.1's helper probe mistakes the kernel's "program of this type cannot use helper" for
// support, so the probe loads the call itself.
bool xdp_meta_supported() {
    const bpf_insn prog[] = {
        {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, -4},
        {BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_xdp_adjust_meta},
        {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_PASS},
        {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
    };
    int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, nullptr, "GPL", prog, std::size(prog), nullptr);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

namespace {

// A sized table: its map in each skeleton, what the user calls it, and its default.
struct SizedTable {
    const char* map;
    const char* what;
    std::optional<std::uint32_t> TableSizes::*asked;
    std::uint32_t fallback;
};

constexpr SizedTable kSizedTables[] = {
    {"xgw_flows", "flow table", &TableSizes::flows, XGW_CT_MAX_FLOWS},
    {"xgw_nat_bindings", "NAT binding table", &TableSizes::nat_bindings, XGW_NAT_MAX_BINDINGS},
};

// The entries the table gets: the pinned table's, else the one asked, else the default.
Result<std::uint32_t> table_size(const PinPaths& paths, const SizedTable& t,
                                 const TableSizes& sizes) {
    const auto& asked = sizes.*t.asked;
    auto pinned = open_pinned_map(paths, t.map);
    if (!pinned)
        return asked.value_or(t.fallback);
    auto have = map_max_entries(pinned->get());
    if (!have)
        return have.error();
    if (asked && *asked != *have)
        return make_error(Errc::Conflict,
                          std::string("the ") + t.what + " already has " +
                              std::to_string(*have) + " entries (sized when it was made); " +
                              "'xgw detach --all' and attach again to resize it");
    return *have;
}

// Sets every sized table's entries in an opened, not yet loaded, object.
Result<void> size_tables(bpf_object* obj, const PinPaths& paths, const TableSizes& sizes) {
    for (const auto& t : kSizedTables) {
        bpf_map* map = bpf_object__find_map_by_name(obj, t.map);
        if (!map)
            continue;
        auto n = table_size(paths, t, sizes);
        if (!n)
            return n.error();
        if (int err = bpf_map__set_max_entries(map, *n); err)
            return Error::from_errno(-err, std::string("size the ") + t.what);
    }
    return {};
}

} // namespace

Result<Programs> Programs::load(const PinPaths& paths, bool acct_only, const TableSizes& sizes,
                                bool check_only) {
    std::error_code ec;
    std::filesystem::create_directories(paths.maps(), ec);
    if (ec)
        return Error::from_errno(ec.value(), "create " + paths.maps().string());
    std::string pin_root = paths.maps().string();
    LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root.c_str());

    Programs p;
    p.acct_only_ = acct_only;
    p.xdp_.reset(xgw_xdp__open_opts(&opts));
    if (!p.xdp_)
        return load_error(errno, "xgw_xdp");
    p.xdp_->rodata->xgw_acct_only = acct_only;
    p.xdp_->rodata->xgw_check_only = check_only;
    p.xdp_->rodata->xgw_xdp_meta_ok = xdp_meta_supported();
    if (auto ok = size_tables(p.xdp_->obj, paths, sizes); !ok)
        return ok.error();
    if (int err = xgw_xdp__load(p.xdp_.get()); err)
        return load_error(err, "xgw_xdp");
    p.tc_.reset(xgw_tc__open_opts(&opts));
    if (!p.tc_)
        return load_error(errno, "xgw_tc");
    p.tc_->rodata->xgw_acct_only = acct_only;
    p.tc_->rodata->xgw_check_only = check_only;
    if (auto ok = size_tables(p.tc_->obj, paths, sizes); !ok)
        return ok.error();
    if (int err = xgw_tc__load(p.tc_.get()); err)
        return load_error(err, "xgw_tc");
    return p;
}

bool Programs::fits(const PinPaths& paths, bool acct_only) const {
    return acct_only == acct_only_ &&
           is_pinned_map(bpf_map__fd(xdp_->maps.xgw_config), paths, "xgw_config");
}

int Programs::xdp_fd() const { return bpf_program__fd(xdp_->progs.xgw_xdp); }
int Programs::tc_egress_fd() const { return bpf_program__fd(tc_->progs.xgw_tc_egress); }
int Programs::tc_ingress_fd() const { return bpf_program__fd(tc_->progs.xgw_tc_ingress); }
int Programs::xdp_fw_walks_fd() const { return bpf_map__fd(xdp_->maps.xgw_fw_walks); }
int Programs::tc_fw_walks_fd() const { return bpf_map__fd(tc_->maps.xgw_fw_walks); }
int Programs::xdp_check_notes_fd() const { return bpf_map__fd(xdp_->maps.xgw_check_notes); }
int Programs::tc_check_notes_fd() const { return bpf_map__fd(tc_->maps.xgw_check_notes); }

} // namespace xgw
