#include "Programs.h"

#include "xgw_tc.skel.h"
#include "xgw_xdp.skel.h"

#include <filesystem>

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

Result<Programs> Programs::load(const PinPaths& paths, bool acct_only, bool check_only) {
    std::error_code ec;
    std::filesystem::create_directories(paths.maps(), ec);
    if (ec)
        return Error::from_errno(ec.value(), "create " + paths.maps().string());
    std::string pin_root = paths.maps().string();
    LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root.c_str());

    Programs p;
    p.xdp_.reset(xgw_xdp__open_opts(&opts));
    if (!p.xdp_)
        return load_error(errno, "xgw_xdp");
    p.xdp_->rodata->xgw_acct_only = acct_only;
    p.xdp_->rodata->xgw_check_only = check_only;
    if (int err = xgw_xdp__load(p.xdp_.get()); err)
        return load_error(err, "xgw_xdp");
    p.tc_.reset(xgw_tc__open_opts(&opts));
    if (!p.tc_)
        return load_error(errno, "xgw_tc");
    p.tc_->rodata->xgw_acct_only = acct_only;
    p.tc_->rodata->xgw_check_only = check_only;
    if (int err = xgw_tc__load(p.tc_.get()); err)
        return load_error(err, "xgw_tc");
    return p;
}

int Programs::xdp_fd() const { return bpf_program__fd(xdp_->progs.xgw_xdp); }
int Programs::tc_egress_fd() const { return bpf_program__fd(tc_->progs.xgw_tc_egress); }
int Programs::tc_ingress_fd() const { return bpf_program__fd(tc_->progs.xgw_tc_ingress); }
int Programs::xdp_fw_walks_fd() const { return bpf_map__fd(xdp_->maps.xgw_fw_walks); }
int Programs::tc_fw_walks_fd() const { return bpf_map__fd(tc_->maps.xgw_fw_walks); }
int Programs::xdp_check_notes_fd() const { return bpf_map__fd(xdp_->maps.xgw_check_notes); }
int Programs::tc_check_notes_fd() const { return bpf_map__fd(tc_->maps.xgw_check_notes); }

} // namespace xgw
