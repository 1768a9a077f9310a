#include <xgw/serial/SerialPort.h>

#include "Termios2.h"

#include <xgw/Log.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/serial.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <thread>
#include <unistd.h>

namespace xgw::serial {

namespace {

const char* const kUarts[] = {"unknown", "8250",    "16450",    "16550",    "16550A",
                              "Cirrus",  "16650",   "16650V2",  "16750",    "Startech",
                              "16C950",  "16654",   "16850",    "RSA"};

struct SpeedFlag {
    const char* name;
    unsigned bits;
};
const SpeedFlag kSpdFlags[] = {{"spd_normal", 0},           {"spd_hi", ASYNC_SPD_HI},
                               {"spd_vhi", ASYNC_SPD_VHI},  {"spd_shi", ASYNC_SPD_SHI},
                               {"spd_warp", ASYNC_SPD_WARP}, {"spd_cust", ASYNC_SPD_CUST}};

// Unix98 pty slaves have majors 136..143.
bool is_pty(int fd) {
    struct stat st{};
    return fstat(fd, &st) == 0 && major(st.st_rdev) >= 136 && major(st.st_rdev) <= 143;
}

Result<void> set_param(serial_struct& ss, const SerialParamOp& op) {
    const std::string v = op.value.value_or("");
    long n = std::strtol(v.c_str(), nullptr, 0);
    if (op.name == "port") ss.port = static_cast<unsigned>(n);
    else if (op.name == "irq") ss.irq = static_cast<int>(n);
    else if (op.name == "baud_base") ss.baud_base = static_cast<int>(n);
    else if (op.name == "divisor") ss.custom_divisor = static_cast<int>(n);
    else if (op.name == "close_delay") ss.close_delay = static_cast<unsigned short>(n);
    else if (op.name == "closing_wait") ss.closing_wait = static_cast<unsigned short>(n);
    else if (op.name == "low_latency")
        ss.flags = op.on ? (ss.flags | ASYNC_LOW_LATENCY) : (ss.flags & ~ASYNC_LOW_LATENCY);
    else if (op.name == "uart") {
        for (int i = 0; i <= PORT_MAX; ++i)
            if (strcasecmp(v.c_str(), kUarts[i]) == 0 || (v == "none" && i == 0)) {
                ss.type = i;
                return {};
            }
        return make_error(Errc::Usage, "uart '" + v + "': not a UART type setserial knows");
    } else {
        for (const auto& f : kSpdFlags)
            if (op.name == f.name)
                ss.flags = (ss.flags & ~ASYNC_SPD_MASK) | (op.on ? static_cast<int>(f.bits) : 0);
    }
    return {};
}

std::string describe_op(const SettingOp& op) {
    if (op.kind == SettingOp::Kind::Speed)
        return std::to_string(op.value);
    if (op.kind == SettingOp::Kind::CharSize)
        return "cs" + std::to_string(op.value);
    return std::string(op.on ? "" : "-") + flag_name(op.flag);
}

} // namespace

Result<SerialPort> SerialPort::open(const std::string& device, const std::string& lock_dir) {
    auto lock = LockFile::acquire(device, lock_dir);
    if (!lock)
        return lock.error();
    int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return Error::from_errno(errno, "cannot open " + device);
    if (!isatty(fd)) {
        ::close(fd);
        return make_error(Errc::Usage, device + " is not a terminal line");
    }
    // Opened without waiting for carrier; reads and writes wait as usual from here on.
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return SerialPort(std::move(*lock), fd, device);
}

SerialPort::SerialPort(SerialPort&& other) noexcept
    : lock_(std::move(other.lock_)), fd_(other.fd_), device_(std::move(other.device_)) {
    other.fd_ = -1;
}

SerialPort::~SerialPort() {
    if (fd_ >= 0)
        ::close(fd_);
}

Error SerialPort::unsupported(int err, const std::string& what, const std::string& why) const {
    std::string message = device_ + " has no " + what + " (" + std::strerror(err) + ")";
    if (is_pty(fd_))
        message += ": it is a pty, " + why;
    return Error{Errc::Unsupported, err, message};
}

Result<LineSettings> SerialPort::settings() const { return read_line_settings(fd_); }

Result<void> SerialPort::apply(const SettingWords& words) {
    if (auto ok = apply_line_settings(fd_, words.line); !ok)
        return ok.error().prefix(device_);
    if (auto now = settings(); now)
        warn_untaken(words.line, *now);
    return apply_serial(words.serial);
}

// Drivers may refuse a setting without an error (a pty keeps cs8 and no parity): say so.
void SerialPort::warn_untaken(const std::vector<SettingOp>& ops, const LineSettings& now) const {
    std::string untaken;
    for (const auto& op : ops) {
        bool taken = true;
        if (op.kind == SettingOp::Kind::Speed)
            taken = now.ospeed == op.value;
        else if (op.kind == SettingOp::Kind::CharSize)
            taken = now.char_size == static_cast<int>(op.value);
        else if (op.kind == SettingOp::Kind::Flag)
            taken = now.flags.at(op.flag) == op.on;
        if (!taken)
            untaken += " " + describe_op(op);
    }
    if (!untaken.empty())
        log(LogLevel::Warn, device_ + " did not take:" + untaken +
                                (is_pty(fd_) ? " (a pty forces cs8 and no parity)" : ""));
}

Result<ModemLines> SerialPort::modem_lines() const {
    int bits = 0;
    if (ioctl(fd_, TIOCMGET, &bits) < 0)
        return unsupported(errno, "modem control lines", "which has no DTR, RTS, CTS, DCD, DSR or RI");
    return ModemLines{{"DTR", bits & TIOCM_DTR}, {"RTS", bits & TIOCM_RTS},
                      {"CTS", bits & TIOCM_CTS}, {"DCD", bits & TIOCM_CAR},
                      {"DSR", bits & TIOCM_DSR}, {"RI", bits & TIOCM_RNG}};
}

Result<SerialParams> SerialPort::serial_params() const {
    serial_struct ss{};
    if (ioctl(fd_, TIOCGSERIAL, &ss) < 0)
        return unsupported(errno, "setserial parameters", "not a UART (USB adapters often lack them too)");
    SerialParams p;
    p.uart = ss.type >= 0 && ss.type <= PORT_MAX ? kUarts[ss.type] : std::to_string(ss.type);
    p.port = ss.port;
    p.irq = ss.irq;
    p.baud_base = ss.baud_base;
    p.custom_divisor = ss.custom_divisor;
    p.close_delay = ss.close_delay;
    p.closing_wait = ss.closing_wait;
    p.low_latency = ss.flags & ASYNC_LOW_LATENCY;
    for (const auto& f : kSpdFlags)
        if ((static_cast<unsigned>(ss.flags) & ASYNC_SPD_MASK) == f.bits)
            p.spd = f.name;
    return p;
}

Result<void> SerialPort::apply_serial(const std::vector<SerialParamOp>& ops) {
    if (ops.empty())
        return {};
    serial_struct ss{};
    if (ioctl(fd_, TIOCGSERIAL, &ss) < 0)
        return unsupported(errno, "setserial parameters", "not a UART (USB adapters often lack them too)");
    for (const auto& op : ops)
        if (auto ok = set_param(ss, op); !ok)
            return ok;
    if (ioctl(fd_, TIOCSSERIAL, &ss) < 0)
        return Error::from_errno(errno, device_ + ": cannot set setserial parameters (TIOCSSERIAL)");
    return {};
}

Result<void> SerialPort::hangup(std::chrono::milliseconds down) {
    int dtr = TIOCM_DTR;
    if (ioctl(fd_, TIOCMBIC, &dtr) < 0)
        return unsupported(errno, "modem control lines", "so there is no DTR to drop");
    std::this_thread::sleep_for(down);
    if (ioctl(fd_, TIOCMBIS, &dtr) < 0)
        return Error::from_errno(errno, device_ + ": cannot raise DTR again");
    return {};
}

} // namespace xgw::serial
