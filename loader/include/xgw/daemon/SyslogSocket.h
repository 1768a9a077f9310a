// A connection to the local syslog daemon's datagram socket (/dev/log, or a test's socket).
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <string>
#include <string_view>

namespace xgw::daemon {

class SyslogSocket {
  public:
    static Result<SyslogSocket> connect(std::string path);

    const std::string& path() const { return path_; }
    // Sends one message without blocking. False when it could not go (receiver busy or gone):
    // the caller counts it lost. A receiver that restarted is connected to again.
    bool send(std::string_view message);

  private:
    SyslogSocket(std::string path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
    std::string path_;
    UniqueFd fd_;
};

} // namespace xgw::daemon
