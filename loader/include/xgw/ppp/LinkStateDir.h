// Where running links say who and how they are: RUN_DIR/LINK.pid (the process) and
// RUN_DIR/LINK.json (phase, negotiated options, addresses, counters), for `xgw ppp status`
// and `xgw ppp hangup` to read.
#pragma once

#include <xgw/Result.h>

#include <string>
#include <sys/types.h>
#include <vector>

namespace xgw::ppp {

inline constexpr const char* kDefaultRunDir = "/run/xgw/ppp";

class LinkStateDir {
  public:
    // Takes the link's name for this process: Errc::Conflict when a live process holds it.
    static Result<LinkStateDir> claim(const std::string& run_dir, const std::string& link);
    LinkStateDir(LinkStateDir&& o) noexcept : pid_path_(std::move(o.pid_path_)), state_path_(std::move(o.state_path_)) {
        o.pid_path_.clear();
    }
    LinkStateDir& operator=(LinkStateDir&&) = delete;
    ~LinkStateDir();

    // Replaces the state file whole (written aside, then renamed).
    void write(const std::string& json) const;
    std::string path_of(const std::string& suffix) const;

  private:
    LinkStateDir(std::string pid_path, std::string state_path)
        : pid_path_(std::move(pid_path)), state_path_(std::move(state_path)) {}
    std::string pid_path_;
    std::string state_path_;
};

// The state files of the links whose process still runs.
Result<std::vector<std::string>> read_link_states(const std::string& run_dir);
// The process of a running link: Errc::NotFound when there is none.
Result<pid_t> link_pid(const std::string& run_dir, const std::string& link);

} // namespace xgw::ppp
