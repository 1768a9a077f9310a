// xgw serial: stty and setserial for a line, and hangup, each under the line's UUCP lock.
#include "Commands.h"

#include <xgw/serial/SerialPort.h>

#include <iostream>

namespace xgw::cli {

namespace {

using serial::SerialPort;

nlohmann::json settings_json(const serial::LineSettings& s) {
    nlohmann::json j{{"speed", s.ospeed}, {"ispeed", s.ispeed}, {"char_size", s.char_size},
                     {"raw", s.raw}};
    for (auto f : serial::all_flags())
        j[serial::flag_name(f)] = s.flags.at(f);
    return j;
}

nlohmann::json params_json(const serial::SerialParams& p) {
    return {{"uart", p.uart}, {"port", p.port}, {"irq", p.irq}, {"baud_base", p.baud_base},
            {"divisor", p.custom_divisor}, {"close_delay", p.close_delay},
            {"closing_wait", p.closing_wait}, {"spd", p.spd}, {"low_latency", p.low_latency}};
}

std::string lines_text(const serial::ModemLines& lines) {
    std::string out;
    for (const char* name : {"DTR", "RTS", "CTS", "DCD", "DSR", "RI"})
        out += std::string(out.empty() ? "" : " ") + (lines.at(name) ? "" : "-") + name;
    return out;
}

Result<void> show(const std::string& device, const std::string& lock_dir, bool json) {
    auto port = SerialPort::open(device, lock_dir);
    if (!port)
        return port.error();
    auto settings = port->settings();
    if (!settings)
        return settings.error();
    auto lines = port->modem_lines();
    auto params = port->serial_params();
    if (json) {
        nlohmann::json j{{"device", device}, {"settings", settings_json(*settings)}};
        j["modem_lines"] = lines ? nlohmann::json(*lines) : nlohmann::json(nullptr);
        j["serial"] = params ? params_json(*params) : nlohmann::json(nullptr);
        if (!lines)
            j["modem_lines_error"] = lines.error().message;
        if (!params)
            j["serial_error"] = params.error().message;
        print_json(j);
        return {};
    }
    std::cout << device << ": " << serial::describe(*settings) << "\n";
    std::cout << "modem lines: " << (lines ? lines_text(*lines) : lines.error().message) << "\n";
    if (params)
        std::cout << "setserial: uart " << params->uart << " port 0x" << std::hex << params->port
                  << std::dec << " irq " << params->irq << " baud_base " << params->baud_base
                  << " " << params->spd << (params->low_latency ? " low_latency" : "") << "\n";
    else
        std::cout << "setserial: " << params.error().message << "\n";
    return {};
}

Result<void> set(const std::vector<std::string>& args, const std::string& lock_dir) {
    if (args.empty())
        return make_error(Errc::Usage, "serial set: which device?");
    auto words = serial::parse_setting_words({args.begin() + 1, args.end()});
    if (!words)
        return words.error();
    auto port = SerialPort::open(args[0], lock_dir);
    if (!port)
        return port.error();
    return port->apply(*words);
}

} // namespace

void add_serial(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("serial", "Serial line settings (stty, setserial) and hangup");
    cmd->require_subcommand(1);
    static std::string lock_dir = serial::kDefaultLockDir;
    cmd->add_option("--lock-dir", lock_dir, "Where UUCP lock files live")->capture_default_str();

    static std::string show_dev;
    static bool json = false;
    auto* show_cmd = cmd->add_subcommand("show", "Print speed, framing, flow control, modes, "
                                                 "modem lines and setserial parameters");
    show_cmd->add_option("DEV", show_dev, "Serial device")->required();
    show_cmd->add_flag("--json", json, "Print JSON");
    on_run(show_cmd, ctx, [] { return show(show_dev, lock_dir, json); });

    // stty words like -parenb must not be read as options: everything after DEV is a word.
    auto* set_cmd = cmd->add_subcommand(
        "set", "Set DEV [SPEED] [cs5..cs8] [[-]parenb] [[-]parodd] [[-]cstopb] [[-]crtscts] "
               "[[-]ixon] [[-]ixoff] [[-]clocal] [[-]hupcl] [[-]echo] [raw|sane] and setserial's "
               "port N, irq N, uart T, baud_base N, divisor N, spd_hi, ..., [^]low_latency");
    set_cmd->prefix_command();
    set_cmd->allow_extras();
    on_run(set_cmd, ctx, [set_cmd] { return set(set_cmd->remaining(), lock_dir); });

    static std::string hup_dev;
    static int hup_ms = 500;
    auto* hup_cmd = cmd->add_subcommand("hangup", "Drop DTR for a moment");
    hup_cmd->add_option("DEV", hup_dev, "Serial device")->required();
    hup_cmd->add_option("--ms", hup_ms, "How long DTR stays down")->capture_default_str();
    on_run(hup_cmd, ctx, [] {
        auto port = SerialPort::open(hup_dev, lock_dir);
        if (!port)
            return Result<void>(port.error());
        return port->hangup(std::chrono::milliseconds(hup_ms));
    });
}

} // namespace xgw::cli
