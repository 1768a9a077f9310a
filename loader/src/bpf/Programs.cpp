#include "Programs.h"

#include "xgw_tc.skel.h"
#include "xgw_xdp.skel.h"

#include <xgw/bpf/MapMemory.h>
#include <xgw/bpf/PinnedIdentity.h>
#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>
#include <unistd.h>

#include <filesystem>
#include <iterator>
#include <set>

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

// A map sized by an attach option (abi/sizes.h): the map, and the option that sizes it.
struct SizedMap {
    const char* map;
    const SizeOption* option;
};

constexpr const SizeOption* size_option(std::optional<std::uint32_t> TableSizes::*asked) {
    for (const auto& o : kSizeOptions)
        if (o.asked == asked)
            return &o;
    return nullptr;
}

constexpr SizedMap kSizedMaps[] = {
#define XGW_SIZED_MAP(map, field) {#map, size_option(&TableSizes::field)},
    XGW_SIZED_MAPS(XGW_SIZED_MAP)
#undef XGW_SIZED_MAP
};

// The entries the map gets: the pinned map's, else the one asked, else the default.
Result<std::uint32_t> table_size(const PinPaths& paths, const SizedMap& t,
                                 const TableSizes& sizes) {
    const auto& asked = sizes.*t.option->asked;
    auto pinned = open_pinned_map(paths, t.map);
    if (!pinned)
        return asked.value_or(t.option->fallback);
    auto have = map_max_entries(pinned->get());
    if (!have)
        return have.error();
    if (asked && *asked != *have)
        return make_error(Errc::Conflict,
                          std::string(t.option->option) + ": the table already has " +
                              std::to_string(*have) + " entries (sized when it was made); " +
                              "'xgw detach --all' and attach again to resize it");
    return *have;
}

// Sets every sized map's entries in an opened, not yet loaded, object.
Result<void> size_tables(bpf_object* obj, const PinPaths& paths, const TableSizes& sizes) {
    for (const auto& t : kSizedMaps) {
        bpf_map* map = bpf_object__find_map_by_name(obj, t.map);
        if (!map)
            continue;
        auto n = table_size(paths, t, sizes);
        if (!n)
            return n.error();
        if (int err = bpf_map__set_max_entries(map, *n); err)
            return Error::from_errno(-err, "size the " + std::string(t.option->what));
    }
    return {};
}

// Refuses, before anything is made, maps that would lock more than the memory budget; names
// the option behind the largest of them.
Result<void> check_memory(std::initializer_list<bpf_object*> objects, const PinPaths& paths) {
    const int ncpus = libbpf_num_possible_cpus();
    const unsigned cpus = ncpus > 0 ? static_cast<unsigned>(ncpus) : 1;
    std::set<std::string> counted;
    std::uint64_t total = 0, largest = 0;
    std::string largest_map;
    for (bpf_object* obj : objects) {
        bpf_map* map;
        bpf_object__for_each_map(map, obj) {
            const std::string name = bpf_map__name(map);
            const bool pinned = bpf_map__pin_path(map) != nullptr;
            if (pinned && (counted.count(name) || std::filesystem::exists(paths.map(name))))
                continue; // shared, or made already: the kernel reuses it
            counted.insert(name);
            const std::uint64_t bytes = map_memory_estimate(
                {bpf_map__type(map), bpf_map__key_size(map), bpf_map__value_size(map),
                 bpf_map__max_entries(map), bpf_map__map_flags(map)},
                cpus);
            total += bytes;
            if (bytes > largest) {
                largest = bytes;
                largest_map = name;
            }
        }
    }
    auto budget = map_memory_budget();
    if (!budget)
        return budget.error();
    if (total <= *budget)
        return {};
    std::string message = "the maps would lock " + format_bytes(total) +
                          " of kernel memory, more than the " + format_bytes(*budget) +
                          " xgw may take (half of the memory available); the largest is " +
                          largest_map + " (" + format_bytes(largest) + ")";
    for (const auto& t : kSizedMaps)
        if (largest_map == t.map)
            message += ": choose a smaller " + std::string(t.option->option);
    return make_error(Errc::Usage, message);
}

} // namespace

Result<Programs> Programs::load(const PinPaths& paths, bool acct_only, const TableSizes& sizes,
                                bool check_only, bool l3_link) {
    std::error_code ec;
    std::filesystem::create_directories(paths.maps(), ec);
    if (ec)
        return Error::from_errno(ec.value(), "create " + paths.maps().string());
    std::string pin_root = paths.maps().string();
    LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root.c_str());

    Programs p;
    p.acct_only_ = acct_only;
    p.l3_link_ = l3_link;
    p.xdp_.reset(xgw_xdp__open_opts(&opts));
    if (!p.xdp_)
        return load_error(errno, "xgw_xdp");
    p.tc_.reset(xgw_tc__open_opts(&opts));
    if (!p.tc_)
        return load_error(errno, "xgw_tc");
    p.xdp_->rodata->xgw_acct_only = acct_only;
    p.xdp_->rodata->xgw_check_only = check_only;
    const bool meta_ok = xdp_meta_supported();
    p.xdp_->rodata->xgw_xdp_meta_ok = meta_ok;
    p.tc_->rodata->xgw_acct_only = acct_only;
    p.tc_->rodata->xgw_check_only = check_only;
    p.tc_->rodata->xgw_xdp_meta_ok = meta_ok;
    p.xdp_->rodata->xgw_l3_link = l3_link;
    p.tc_->rodata->xgw_l3_link = l3_link;
    for (bpf_object* obj : {p.xdp_->obj, p.tc_->obj})
        if (auto ok = size_tables(obj, paths, sizes); !ok)
            return ok.error();
    if (auto ok = check_memory({p.xdp_->obj, p.tc_->obj}, paths); !ok)
        return ok.error();
    if (int err = xgw_xdp__load(p.xdp_.get()); err)
        return load_error(err, "xgw_xdp");
    if (int err = xgw_tc__load(p.tc_.get()); err)
        return load_error(err, "xgw_tc");
    return p;
}

bool Programs::fits(const PinPaths& paths, bool acct_only, bool l3_link) const {
    return acct_only == acct_only_ && l3_link == l3_link_ &&
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
