// The serial line (or pty) a PPP link runs on: opened under its UUCP lock when asked, set raw
// with pppd's line options, and lent to the connect and disconnect programs as their stdin/stdout.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/serial/LockFile.h>

#include <optional>
#include <string>

namespace xgw::ppp {

struct LineOptions {
    std::string device;
    std::uint32_t speed = 0; // 0: unchanged
    bool lock = false;
    std::string lock_dir = serial::kDefaultLockDir;
    bool modem = true; // honour carrier and hang up on close; local turns both off
    bool crtscts = false;
};

class PppLine {
  public:
    static Result<PppLine> open(const LineOptions& options);

    int fd() const { return fd_.get(); }
    // Runs `sh -c command` with the line as its standard input and output, as pppd runs
    // connect and disconnect; returns its exit status (128+N for a signal).
    Result<int> run(const std::string& command) const;

  private:
    PppLine(std::optional<serial::LockFile> lock, UniqueFd fd)
        : lock_(std::move(lock)), fd_(std::move(fd)) {}
    std::optional<serial::LockFile> lock_;
    UniqueFd fd_;
};

} // namespace xgw::ppp
