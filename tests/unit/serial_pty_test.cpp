// Settings set through `xgw serial` on a pty read back identically with stty -F, and the other way.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

namespace {

std::pair<int, std::string> run(const std::string& cmd) {
    std::string out;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    std::array<char, 512> buf;
    while (fgets(buf.data(), buf.size(), p))
        out += buf.data();
    int status = pclose(p);
    return {WEXITSTATUS(status), out};
}

class SerialPty : public ::testing::Test {
  protected:
    void SetUp() override {
        char name[64];
        ASSERT_EQ(openpty(&master_, &slave_, name, nullptr, nullptr), 0);
        dev_ = name;
        char tmpl[] = "/tmp/xgw-serial-XXXXXX";
        lock_dir_ = mkdtemp(tmpl);
        xgw_ = std::string(XGW_CLI_PATH) + " serial --lock-dir " + lock_dir_;
    }
    void TearDown() override {
        close(master_);
        close(slave_);
        rmdir(lock_dir_.c_str());
    }
    int master_ = -1, slave_ = -1;
    std::string dev_, lock_dir_, xgw_;
};

} // namespace

TEST_F(SerialPty, SetReadsBackWithStty) {
    auto [code, out] = run(xgw_ + " set " + dev_ + " 57600 cstopb crtscts -ixon ixoff clocal -hupcl -echo");
    ASSERT_EQ(code, 0) << out;
    auto [scode, stty] = run("stty -F " + dev_ + " -a");
    ASSERT_EQ(scode, 0);
    for (const char* word : {"speed 57600 baud", " cstopb", " crtscts", " -ixon", " ixoff",
                             " clocal", " -hupcl", " -echo "})
        EXPECT_NE(stty.find(word), std::string::npos) << word << " in " << stty;
}

TEST_F(SerialPty, ArbitrarySpeedThroughTermios2) {
    auto [code, out] = run(xgw_ + " set " + dev_ + " 123456");
    ASSERT_EQ(code, 0) << out;
    auto [jcode, json] = run(xgw_ + " show " + dev_ + " --json");
    ASSERT_EQ(jcode, 0) << json;
    EXPECT_EQ(nlohmann::json::parse(json)["settings"]["speed"], 123456);
}

TEST_F(SerialPty, SttySettingsShowInJson) {
    ASSERT_EQ(run("stty -F " + dev_ + " 2400 -cstopb -crtscts ixon -ixoff -clocal hupcl echo").first, 0);
    auto [code, out] = run(xgw_ + " show " + dev_ + " --json");
    ASSERT_EQ(code, 0) << out;
    auto s = nlohmann::json::parse(out)["settings"];
    EXPECT_EQ(s["speed"], 2400);
    EXPECT_EQ(s["cstopb"], false);
    EXPECT_EQ(s["crtscts"], false);
    EXPECT_EQ(s["ixon"], true);
    EXPECT_EQ(s["ixoff"], false);
    EXPECT_EQ(s["hupcl"], true);
    EXPECT_EQ(s["echo"], true);
}

TEST_F(SerialPty, PtyLimitsAreNamed) {
    auto [code, out] = run(xgw_ + " show " + dev_);
    EXPECT_EQ(code, 0);
    EXPECT_NE(out.find("no modem control lines"), std::string::npos) << out;
    EXPECT_NE(out.find("no setserial parameters"), std::string::npos) << out;
    auto [hcode, hout] = run(xgw_ + " hangup " + dev_);
    EXPECT_EQ(hcode, 5) << hout;
    EXPECT_NE(hout.find("it is a pty"), std::string::npos) << hout;
    auto [pcode, pout] = run(xgw_ + " set " + dev_ + " cs7 parenb");
    EXPECT_EQ(pcode, 0);
    EXPECT_NE(pout.find("did not take: cs7 parenb"), std::string::npos) << pout;
}

TEST_F(SerialPty, LockedLineIsRefusedWithOwnerPid) {
    std::string lock = lock_dir_ + "/LCK.." + dev_.substr(5).replace(dev_.substr(5).find('/'), 1, "_");
    FILE* f = fopen(lock.c_str(), "w");
    fprintf(f, "%10d\n", getppid());
    fclose(f);
    auto [code, out] = run(xgw_ + " show " + dev_);
    unlink(lock.c_str());
    EXPECT_EQ(code, 6) << out;
    EXPECT_NE(out.find("locked by process " + std::to_string(getppid())), std::string::npos) << out;
}
