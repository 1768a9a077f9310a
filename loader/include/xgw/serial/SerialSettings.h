// A serial line's settings in stty's words, and setserial's parameters.
#pragma once

#include <xgw/Result.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xgw::serial {

// The termios flags xgw reads and sets by name, as stty spells them.
enum class LineFlag { Parenb, Parodd, Cstopb, Crtscts, Ixon, Ixoff, Clocal, Hupcl, Echo };

// One stty word: a speed, a character size, [-]flag, raw or sane. Applied in order, as stty does.
struct SettingOp {
    enum class Kind { Speed, CharSize, Flag, Raw, Sane } kind;
    unsigned value = 0; // speed in bit/s, or character size 5..8
    LineFlag flag = LineFlag::Parenb;
    bool on = true;
};

// One setserial word: `port 0x3f8`, `irq 4`, `uart 16550A`, `spd_hi`, `^low_latency`...
struct SerialParamOp {
    std::string name;
    std::optional<std::string> value;
    bool on = true;
};

struct SettingWords {
    std::vector<SettingOp> line;
    std::vector<SerialParamOp> serial;
};

// What a line is set to now.
struct LineSettings {
    unsigned ispeed = 0;
    unsigned ospeed = 0;
    int char_size = 8;
    std::map<LineFlag, bool> flags;
    bool raw = false; // no canonical input, no signals, no output processing
};

// The setserial view of a port (TIOCGSERIAL).
struct SerialParams {
    std::string uart;
    unsigned long port = 0;
    int irq = 0;
    int baud_base = 0;
    int custom_divisor = 0;
    int close_delay = 0;
    int closing_wait = 0;
    std::string spd; // spd_normal, spd_hi, spd_vhi, spd_shi, spd_warp, spd_cust
    bool low_latency = false;
};

const char* flag_name(LineFlag flag);
const std::vector<LineFlag>& all_flags();

// Errc::Usage naming the word that is not stty's or setserial's.
Result<SettingWords> parse_setting_words(const std::vector<std::string>& words);

// "speed 19200 baud; cs8 -parenb ... raw", like `stty` prints it.
std::string describe(const LineSettings& s);

} // namespace xgw::serial
