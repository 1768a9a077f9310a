// A serial line opened under its UUCP lock: stty settings, setserial parameters, modem lines.
#pragma once

#include <xgw/Result.h>
#include <xgw/serial/LockFile.h>
#include <xgw/serial/SerialSettings.h>

#include <chrono>
#include <map>
#include <string>

namespace xgw::serial {

// Modem control lines by name: DTR RTS CTS DCD DSR RI.
using ModemLines = std::map<std::string, bool>;

class SerialPort {
  public:
    // Takes the lock, then opens the line without making it our controlling terminal
    // and without waiting for carrier.
    static Result<SerialPort> open(const std::string& device, const std::string& lock_dir);

    SerialPort(SerialPort&& other) noexcept;
    SerialPort& operator=(SerialPort&&) = delete;
    SerialPort(const SerialPort&) = delete;
    ~SerialPort();

    int fd() const { return fd_; }
    const std::string& device() const { return device_; }

    Result<LineSettings> settings() const;
    // stty words first, then setserial words.
    Result<void> apply(const SettingWords& words);
    // Errc::Unsupported on a line without modem control (a pty).
    Result<ModemLines> modem_lines() const;
    // Errc::Unsupported where the driver has no setserial parameters (a pty, many USB adapters).
    Result<SerialParams> serial_params() const;
    // Drops DTR for `down`, then raises it again.
    Result<void> hangup(std::chrono::milliseconds down);

  private:
    SerialPort(LockFile lock, int fd, std::string device)
        : lock_(std::move(lock)), fd_(fd), device_(std::move(device)) {}
    Result<void> apply_serial(const std::vector<SerialParamOp>& ops);
    void warn_untaken(const std::vector<SettingOp>& ops, const LineSettings& now) const;
    Error unsupported(int err, const std::string& what, const std::string& why) const;

    LockFile lock_;
    int fd_;
    std::string device_;
};

} // namespace xgw::serial
