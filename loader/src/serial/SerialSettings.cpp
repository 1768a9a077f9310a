#include <xgw/serial/SerialSettings.h>

#include <cctype>

namespace xgw::serial {

namespace {

const std::map<std::string, LineFlag> kFlagNames = {
    {"parenb", LineFlag::Parenb}, {"parodd", LineFlag::Parodd}, {"cstopb", LineFlag::Cstopb},
    {"crtscts", LineFlag::Crtscts}, {"ixon", LineFlag::Ixon}, {"ixoff", LineFlag::Ixoff},
    {"clocal", LineFlag::Clocal}, {"hupcl", LineFlag::Hupcl}, {"echo", LineFlag::Echo},
};

// setserial's parameters that take a value, and those that are switches (^name clears).
const char* const kValueParams[] = {"port", "irq", "uart", "baud_base", "divisor",
                                    "close_delay", "closing_wait"};
const char* const kSwitchParams[] = {"spd_normal", "spd_hi", "spd_vhi", "spd_shi", "spd_warp",
                                     "spd_cust", "low_latency"};

bool is_number(const std::string& w) {
    if (w.empty())
        return false;
    for (char c : w)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

bool one_of(const std::string& w, const auto& names) {
    for (const char* n : names)
        if (w == n)
            return true;
    return false;
}

} // namespace

const char* flag_name(LineFlag flag) {
    for (const auto& [name, f] : kFlagNames)
        if (f == flag)
            return name.c_str();
    return "?";
}

const std::vector<LineFlag>& all_flags() {
    static const std::vector<LineFlag> flags = {
        LineFlag::Parenb, LineFlag::Parodd, LineFlag::Cstopb, LineFlag::Crtscts, LineFlag::Ixon,
        LineFlag::Ixoff,  LineFlag::Clocal, LineFlag::Hupcl,  LineFlag::Echo};
    return flags;
}

Result<SettingWords> parse_setting_words(const std::vector<std::string>& words) {
    SettingWords out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        bool off = !w.empty() && (w[0] == '-' || w[0] == '^');
        std::string bare = off ? w.substr(1) : w;
        if (is_number(w)) {
            out.line.push_back({SettingOp::Kind::Speed, static_cast<unsigned>(std::stoul(w))});
        } else if (w.size() == 3 && w.rfind("cs", 0) == 0 && w[2] >= '5' && w[2] <= '8') {
            out.line.push_back({SettingOp::Kind::CharSize, static_cast<unsigned>(w[2] - '0')});
        } else if (w[0] != '^' && kFlagNames.count(bare)) {
            out.line.push_back({SettingOp::Kind::Flag, 0, kFlagNames.at(bare), !off});
        } else if (w == "raw" || w == "sane") {
            out.line.push_back({w == "raw" ? SettingOp::Kind::Raw : SettingOp::Kind::Sane});
        } else if (w[0] != '-' && one_of(bare, kSwitchParams)) {
            out.serial.push_back({bare, std::nullopt, !off});
        } else if (!off && one_of(w, kValueParams)) {
            if (i + 1 >= words.size())
                return make_error(Errc::Usage, "'" + w + "' needs a value");
            out.serial.push_back({w, words[++i], true});
        } else {
            return make_error(Errc::Usage, "word " + std::to_string(i + 1) + ", '" + w +
                                               "': not an stty setting or setserial parameter");
        }
    }
    return out;
}

std::string describe(const LineSettings& s) {
    std::string out = "speed " + std::to_string(s.ospeed) + " baud;";
    if (s.ispeed != s.ospeed)
        out += " ispeed " + std::to_string(s.ispeed) + " baud;";
    out += " cs" + std::to_string(s.char_size);
    for (LineFlag f : all_flags()) {
        auto it = s.flags.find(f);
        out += std::string(" ") + (it != s.flags.end() && it->second ? "" : "-") + flag_name(f);
    }
    out += s.raw ? " raw" : " -raw";
    return out;
}

} // namespace xgw::serial
