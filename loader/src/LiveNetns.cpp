#include <xgw/LiveNetns.h>

#include <xgw/Netns.h>
#include <xgw/UniqueFd.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace xgw {

std::optional<std::uint64_t> netns_inode(std::string_view link) {
    constexpr std::string_view kPrefix = "net:[";
    if (!link.starts_with(kPrefix) || !link.ends_with(']'))
        return std::nullopt;
    std::string_view digits = link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1);
    std::uint64_t inode = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
        return std::nullopt;
    return inode;
}

namespace {

// mountinfo writes space, tab, newline and backslash in paths as \ooo.
std::string unescape_octal(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); i++) {
        auto octal = [](char c) { return c >= '0' && c <= '7'; };
        if (s[i] == '\\' && i + 3 < s.size() && octal(s[i + 1]) && octal(s[i + 2]) &&
            octal(s[i + 3])) {
            out +=
                static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

} // namespace

std::vector<NetnsMount> netns_mounts(std::string_view mountinfo) {
    std::vector<NetnsMount> out;
    std::istringstream in{std::string(mountinfo)};
    for (std::string line; std::getline(in, line);) {
        // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
        std::istringstream fields(line);
        std::string id, parent, dev, root, mountpoint, word;
        if (!(fields >> id >> parent >> dev >> root >> mountpoint))
            continue;
        while (fields >> word && word != "-") {
        }
        std::string fstype;
        fields >> fstype;
        auto inode = netns_inode(root);
        if (fstype == "nsfs" && inode)
            out.push_back({*inode, unescape_octal(mountpoint)});
    }
    return out;
}

namespace {

std::string read_link(const fs::path& p) {
    std::error_code ec;
    auto target = fs::read_symlink(p, ec);
    return ec ? std::string() : target.string();
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Paths that reach each namespace (by inode): any one of them opens it.
using References = std::map<std::uint64_t, std::vector<std::string>>;

void add_link_reference(References& refs, const fs::path& link) {
    if (auto inode = netns_inode(read_link(link)))
        refs[*inode].push_back(link.string());
}

// Lists dir; a directory that cannot be read (not one that went with its process) may hide a
// reference, so it is a doubt.
std::vector<fs::path> list_dir(const fs::path& dir, std::vector<std::string>& doubts) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        out.push_back(entry.path());
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::no_such_process)
        doubts.push_back("list " + dir.string() + ": " + ec.message());
    return out;
}

// A process that exits meanwhile just takes its references with it.
void add_process_references(References& refs, const fs::path& proc,
                            std::set<std::string>& mount_namespaces,
                            std::vector<std::string>& doubts) {
    for (const auto& task : list_dir(proc / "task", doubts))
        add_link_reference(refs, task / "ns" / "net");
    for (const auto& fd : list_dir(proc / "fd", doubts))
        add_link_reference(refs, fd);
    std::string mnt = read_link(proc / "ns" / "mnt");
    if (mnt.empty() || !mount_namespaces.insert(mnt).second)
        return;
    for (const auto& m : netns_mounts(slurp(proc / "mountinfo")))
        refs[m.inode].push_back((proc / "root").string() + m.mountpoint);
}

References find_references(std::vector<std::string>& doubts) {
    References refs;
    std::set<std::string> mount_namespaces;
    add_process_references(refs, "/proc/self", mount_namespaces, doubts);
    for (const auto& proc : list_dir("/proc", doubts)) {
        const std::string name = proc.filename().string();
        if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit))
            add_process_references(refs, proc, mount_namespaces, doubts);
    }
    return refs;
}

// The names `ip netns` gives namespaces, by inode.
std::map<std::uint64_t, std::string> netns_names() {
    std::map<std::uint64_t, std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/run/netns", ec)) {
        struct stat st {};
        if (::stat(entry.path().c_str(), &st) == 0)
            out.emplace(st.st_ino, entry.path().filename().string());
    }
    return out;
}

// Enters each namespace in turn (setns moves only the calling thread, which then ends).
void read_cookies(const References& refs, LiveNetns& live) {
    auto names = netns_names();
    for (const auto& [inode, paths] : refs) {
        std::string why = "every reference went away while scanning";
        bool gone = true;
        for (const auto& path : paths) {
            UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
            if (!fd) {
                if (errno != ENOENT && errno != ESRCH) {
                    why = "open " + path + ": " + std::strerror(errno);
                    gone = false;
                }
                continue;
            }
            if (::setns(fd.get(), CLONE_NEWNET) != 0) {
                why = "enter " + path + ": " + std::strerror(errno);
                gone = false;
                continue;
            }
            auto cookie = current_netns_cookie();
            if (!cookie) {
                why = cookie.error().message;
                gone = false;
                continue;
            }
            auto name = names.find(inode);
            live.cookies[*cookie] = name == names.end() ? "" : name->second;
            why.clear();
            break;
        }
        // A namespace whose references all ended while we looked has ended with them.
        if (!why.empty() && !gone)
            live.unreadable.push_back("net:[" + std::to_string(inode) + "]: " + why);
    }
}

} // namespace

Result<LiveNetns> live_netns() {
    LiveNetns live;
    References refs = find_references(live.unreadable);
    if (refs.empty())
        return make_error(Errc::Failed, "found no network namespace in /proc (is it mounted?)");
    std::thread reader([&] { read_cookies(refs, live); });
    reader.join();
    return live;
}

} // namespace xgw
