// A PPP link at work, as pppd runs one: open the line, run the connect program, negotiate,
// carry IP between the line and a TUN device, run ip-up and ip-down, hang up, and with
// persist dial again after holdoff until maxfail attempts in a row have failed.
#pragma once

#include <xgw/ppp/Hdlc.h>
#include <xgw/ppp/LinkScripts.h>
#include <xgw/ppp/LinkStateDir.h>
#include <xgw/ppp/PppLine.h>
#include <xgw/ppp/PppOptions.h>
#include <xgw/ppp/TunDevice.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace xgw::ppp {

using SessionLog = std::function<void(const std::string&)>;

enum class AttemptEnd { Stopped, Failed, Hangup };

class PppSession {
  public:
    PppSession(PppOptions options, std::string run_dir, std::string lock_dir, SessionLog log);
    ~PppSession();
    // Blocks until the link is over for good; 0 when stopped by a signal, 1 when it failed.
    int run();

  private:
    AttemptEnd attempt();
    AttemptEnd loop(PppLine& line);
    bool wait_holdoff();
    void on_ip_up(const IpcpResult& r);
    void on_ip_down();
    void on_ipv6_up(const Ipv6cpResult& r);
    void flush_line(int fd);
    void read_line(int fd);
    void read_tun();
    ScriptEnv script_env() const;
    std::string state_json() const;
    void write_state();
    std::string link_name() const;

    PppOptions o_;
    std::string run_dir_;
    std::string lock_dir_;
    SessionLog log_;
    int sigfd_ = -1;
    std::optional<LinkStateDir> state_;
    std::unique_ptr<PppLink> link_;
    HdlcEncoder encoder_;
    HdlcDecoder decoder_;
    std::vector<std::uint8_t> out_;
    std::size_t out_sent_ = 0;
    std::optional<TunDevice> tun_;
    LinkScripts scripts_;
    bool ip_up_ = false;
    bool stop_requested_ = false;
    bool hangup_requested_ = false;
    std::string end_reason_;
    bool finished_ = false;
    TimePoint last_data_{};
    TimePoint connected_at_{};
    int attempts_ = 0;
    std::uint64_t tun_drops_ = 0;
};

} // namespace xgw::ppp
