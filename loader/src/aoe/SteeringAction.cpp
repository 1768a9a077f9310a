#include <xgw/aoe/SteeringAction.h>

#include <bpf/libbpf.h>
#include <net/if.h>

#include <charconv>

namespace xgw::aoe {
namespace {

Result<std::uint32_t> parse_cpu(const std::string& text) {
    std::uint32_t cpu = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cpu);
    if (ec != std::errc() || end != text.data() + text.size())
        return make_error(Errc::Usage, "--to cpu: '" + text + "' is not a CPU number");
    int possible = libbpf_num_possible_cpus();
    if (possible > 0 && cpu >= static_cast<std::uint32_t>(possible))
        return make_error(Errc::Usage, "--to cpu: CPU " + text +
                                           " does not exist (this machine has " +
                                           std::to_string(possible) + ")");
    return cpu;
}

} // namespace

Result<SteeringAction> parse_steering_action(const std::vector<std::string>& words) {
    const std::string what = words.empty() ? "" : words[0];
    const std::size_t want = what == "redirect" || what == "cpu" ? 2 : 1;
    if (what != "stack" && what != "drop" && what != "redirect" && what != "cpu")
        return make_error(Errc::Usage,
                          "--to: '" + what +
                              "' is not an action (stack, drop, redirect IFACE, cpu N, xsk)");
    if (words.size() != want)
        return make_error(Errc::Usage,
                          "--to " + what + (want == 2 ? " takes one argument" : " takes none"));
    if (what == "stack")
        return SteeringAction{XGW_AOE_ACT_PASS, 0};
    if (what == "drop")
        return SteeringAction{XGW_AOE_ACT_DROP, 0};
    if (what == "cpu") {
        auto cpu = parse_cpu(words[1]);
        if (!cpu)
            return cpu.error();
        return SteeringAction{XGW_AOE_ACT_CPU, *cpu};
    }
    std::uint32_t ifindex = if_nametoindex(words[1].c_str());
    if (ifindex == 0)
        return make_error(Errc::NotFound, "--to redirect: no interface '" + words[1] + "' here");
    return SteeringAction{XGW_AOE_ACT_REDIRECT, ifindex};
}

std::string interface_name(std::uint32_t ifindex) {
    char buf[IF_NAMESIZE] = {};
    return if_indextoname(ifindex, buf) ? buf : "if" + std::to_string(ifindex);
}

std::string_view steering_verb(std::uint32_t action) {
    return action == XGW_AOE_ACT_PASS ? "stack" : action_name(action);
}

std::string describe_steering(const SteeringEntry& e) {
    switch (e.action) {
    case XGW_AOE_ACT_REDIRECT:
        return "redirect " + interface_name(e.arg);
    case XGW_AOE_ACT_CPU:
        return "cpu " + std::to_string(e.arg);
    case XGW_AOE_ACT_XSK:
        return "xsk " + std::to_string(e.arg) + " queue " + std::to_string(e.queue);
    }
    return std::string(steering_verb(e.action));
}

} // namespace xgw::aoe
