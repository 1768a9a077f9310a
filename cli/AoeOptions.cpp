#include "AoeOptions.h"

namespace xgw::cli {

void add_initiator_args(CLI::App* cmd, AoeInitiatorArgs& args, bool with_address) {
    cmd->add_option("IFACE", args.iface, "Interface the targets are reached on")->required();
    if (with_address)
        cmd->add_option("SHELF.SLOT", args.address, "The target's AoE address")->required();
    cmd->add_option("--timeout", args.options.timeout_ms,
                    "Milliseconds before a request is sent again")
        ->capture_default_str();
    cmd->add_option("--retries", args.options.retries, "Times a request is sent again")
        ->capture_default_str();
    cmd->add_option("--window", args.options.window,
                    "Requests in flight (default: the target's buffer count)");
    cmd->add_option("--sectors", args.options.sectors_per_frame,
                    "Sectors per frame at most (default: what the target and the MTU allow)");
    cmd->add_flag("--lba28", args.options.lba28,
                  "Use 28-bit READ/WRITE SECTORS instead of the 48-bit EXT commands");
}

Result<OpenTarget> open_target(const AoeInitiatorArgs& args) {
    auto address = aoe::Address::parse(args.address);
    if (!address)
        return address.error();
    if (address->shelf == XGW_AOE_SHELF_ANY || address->slot == XGW_AOE_SLOT_ANY)
        return make_error(Errc::Usage, "a wildcard address names no single target");
    auto ini = aoe::Initiator::open(args.iface, args.options);
    if (!ini)
        return ini.error();
    auto target = ini->find(*address);
    if (!target)
        return target.error();
    return OpenTarget{std::move(*ini), std::move(*target)};
}

} // namespace xgw::cli
