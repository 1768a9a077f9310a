#include "Termios2.h"

#include <asm/ioctls.h>
#include <asm/termbits.h>

#include <cerrno>
#include <iterator>

extern "C" int ioctl(int fd, unsigned long request, ...);

namespace xgw::serial {

namespace {

struct SpeedCode {
    unsigned speed;
    tcflag_t code;
};

// Standard rates keep their Bnnn code so that tools reading plain termios (stty) see them.
constexpr SpeedCode kSpeeds[] = {
    {0, B0},           {50, B50},         {75, B75},         {110, B110},
    {134, B134},       {150, B150},       {200, B200},       {300, B300},
    {600, B600},       {1200, B1200},     {1800, B1800},     {2400, B2400},
    {4800, B4800},     {9600, B9600},     {19200, B19200},   {38400, B38400},
    {57600, B57600},   {115200, B115200}, {230400, B230400}, {460800, B460800},
    {500000, B500000}, {576000, B576000}, {921600, B921600}, {1000000, B1000000},
    {1152000, B1152000}, {1500000, B1500000}, {2000000, B2000000}, {2500000, B2500000},
    {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

struct FlagPlace {
    tcflag_t termios2::*field;
    tcflag_t bit;
};

FlagPlace place(LineFlag f) {
    switch (f) {
    case LineFlag::Parenb: return {&termios2::c_cflag, PARENB};
    case LineFlag::Parodd: return {&termios2::c_cflag, PARODD};
    case LineFlag::Cstopb: return {&termios2::c_cflag, CSTOPB};
    case LineFlag::Crtscts: return {&termios2::c_cflag, CRTSCTS};
    case LineFlag::Clocal: return {&termios2::c_cflag, CLOCAL};
    case LineFlag::Hupcl: return {&termios2::c_cflag, HUPCL};
    case LineFlag::Ixon: return {&termios2::c_iflag, IXON};
    case LineFlag::Ixoff: return {&termios2::c_iflag, IXOFF};
    case LineFlag::Echo: break;
    }
    return {&termios2::c_lflag, ECHO};
}

bool flag_value(LineFlag f, const termios2& t) {
    auto p = place(f);
    return (t.*p.field & p.bit) != 0;
}

void set_flag(LineFlag f, bool on, termios2& t) {
    auto p = place(f);
    t.*p.field = on ? (t.*p.field | p.bit) : (t.*p.field & ~p.bit);
}

void set_speed(termios2& t, unsigned speed) {
    tcflag_t code = BOTHER;
    for (const auto& s : kSpeeds)
        if (s.speed == speed)
            code = s.code;
    t.c_cflag &= ~(CBAUD | (CBAUD << IBSHIFT));
    t.c_cflag |= code | (code << IBSHIFT);
    t.c_ispeed = t.c_ospeed = speed;
}

void make_raw(termios2& t) {
    t.c_iflag &= ~(IGNBRK | BRKINT | IGNPAR | PARMRK | INPCK | ISTRIP | INLCR | IGNCR | ICRNL |
                   IXON | IXOFF | IUCLC | IXANY | IMAXBEL);
    t.c_oflag &= ~OPOST;
    t.c_lflag &= ~(ICANON | ISIG | XCASE);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
}

void make_sane(termios2& t) {
    t.c_cflag |= CREAD;
    t.c_iflag &= ~(IGNBRK | INLCR | IGNCR | IXOFF | IUCLC | IXANY);
    t.c_iflag |= BRKINT | ICRNL | IMAXBEL;
    t.c_oflag &= ~(OLCUC | OCRNL | ONOCR | ONLRET | OFILL | OFDEL | NLDLY | CRDLY | TABDLY |
                   BSDLY | VTDLY | FFDLY);
    t.c_oflag |= OPOST | ONLCR;
    t.c_lflag &= ~(ECHONL | NOFLSH | XCASE | TOSTOP | ECHOPRT);
    t.c_lflag |= ISIG | ICANON | IEXTEN | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE;
    const std::pair<int, cc_t> defaults[] = {{VINTR, 3},  {VQUIT, 28}, {VERASE, 127},
                                             {VKILL, 21}, {VEOF, 4},   {VSTART, 17},
                                             {VSTOP, 19}, {VSUSP, 26}, {VMIN, 1},
                                             {VTIME, 0}};
    for (auto [index, value] : defaults)
        t.c_cc[index] = value;
}

void apply(termios2& t, const SettingOp& op) {
    switch (op.kind) {
    case SettingOp::Kind::Speed: set_speed(t, op.value); return;
    case SettingOp::Kind::CharSize: {
        constexpr tcflag_t kSizes[] = {CS5, CS6, CS7, CS8};
        t.c_cflag = (t.c_cflag & ~CSIZE) | kSizes[op.value - 5];
        return;
    }
    case SettingOp::Kind::Flag: set_flag(op.flag, op.on, t); return;
    case SettingOp::Kind::Raw: make_raw(t); return;
    case SettingOp::Kind::Sane: make_sane(t); return;
    }
}

} // namespace

Result<LineSettings> read_line_settings(int fd) {
    termios2 t{};
    if (ioctl(fd, TCGETS2, &t) < 0)
        return Error::from_errno(errno, "cannot read line settings (TCGETS2)");
    LineSettings s;
    s.ispeed = t.c_ispeed;
    s.ospeed = t.c_ospeed;
    constexpr tcflag_t kSizes[] = {CS5, CS6, CS7, CS8};
    for (int i = 0; i < 4; ++i)
        if ((t.c_cflag & CSIZE) == kSizes[i])
            s.char_size = 5 + i;
    for (LineFlag f : all_flags())
        s.flags[f] = flag_value(f, t);
    s.raw = !(t.c_lflag & ICANON) && !(t.c_lflag & ISIG) && !(t.c_oflag & OPOST);
    return s;
}

Result<void> apply_line_settings(int fd, const std::vector<SettingOp>& ops) {
    if (ops.empty())
        return {};
    termios2 t{};
    if (ioctl(fd, TCGETS2, &t) < 0)
        return Error::from_errno(errno, "cannot read line settings (TCGETS2)");
    for (const auto& op : ops)
        apply(t, op);
    if (ioctl(fd, TCSETS2, &t) < 0)
        return Error::from_errno(errno, "cannot set line settings (TCSETS2)");
    return {};
}

} // namespace xgw::serial
