#include <xgw/serial/LockFile.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace xgw;
using namespace xgw::serial;

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/xgw-lock-XXXXXX";
    return mkdtemp(tmpl);
}

void write_lock(const std::string& path, pid_t pid) {
    std::ofstream(path) << std::string(10 - std::to_string(pid).size(), ' ') << pid << "\n";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST(LockFile, Names) {
    EXPECT_EQ(LockFile::lock_name("/dev/ttyS0"), "LCK..ttyS0");
    EXPECT_EQ(LockFile::lock_name("/dev/pts/3"), "LCK..pts_3");
    EXPECT_EQ(LockFile::lock_name("ttyUSB1"), "LCK..ttyUSB1");
}

TEST(LockFile, WritesTenDigitPidAndRemovesItOnRelease) {
    auto dir = temp_dir();
    std::string path = dir + "/LCK..ttyS9";
    {
        auto lock = LockFile::acquire("/dev/ttyS9", dir);
        ASSERT_TRUE(lock) << lock.error().message;
        char want[16];
        std::snprintf(want, sizeof want, "%10d\n", getpid());
        EXPECT_EQ(slurp(path), want);
        auto again = LockFile::acquire("/dev/ttyS9", dir);
        EXPECT_FALSE(again);
    }
    EXPECT_FALSE(std::filesystem::exists(path));
    std::filesystem::remove_all(dir);
}

TEST(LockFile, LiveOwnerIsRefusedWithItsPid) {
    auto dir = temp_dir();
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    write_lock(dir + "/LCK..ttyS8", child);
    auto lock = LockFile::acquire("/dev/ttyS8", dir);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    ASSERT_FALSE(lock);
    EXPECT_EQ(lock.error().kind, Errc::Conflict);
    EXPECT_NE(lock.error().message.find("locked by process " + std::to_string(child)),
              std::string::npos);
    EXPECT_EQ(LockFile::read_owner(dir + "/LCK..ttyS8"), child);
    std::filesystem::remove_all(dir);
}

TEST(LockFile, StaleLockIsReplaced) {
    auto dir = temp_dir();
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, nullptr, 0);
    write_lock(dir + "/LCK..ttyS7", child);
    auto lock = LockFile::acquire("/dev/ttyS7", dir);
    ASSERT_TRUE(lock) << lock.error().message;
    EXPECT_EQ(LockFile::read_owner(dir + "/LCK..ttyS7"), getpid());
    std::filesystem::remove_all(dir);
}
