// PAP and CHAP-MD5 in both roles against each other, wrong secrets refused, retransmission
// limits, and pppd's secrets files (quoting, '*', best match, @file, address restrictions).
#include "ppp_test_peer.h"

#include <xgw/ppp/Auth.h>
#include <xgw/ppp/Secrets.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fstream>

using namespace xgw::ppp;
using namespace xgw::ppp::test;
using namespace std::chrono_literals;

namespace {

SecretLookup table(const Secrets& s) {
    return [&s](const std::string& c, const std::string& sv) -> std::optional<std::string> {
        auto e = s.find(c, sv);
        if (!e)
            return std::nullopt;
        return e->secret;
    };
}

void pump(Wire& a, AuthRole& ra, Wire& b, AuthRole& rb) {
    while (!a.out.empty() || !b.out.empty()) {
        while (!a.out.empty())
            rb.receive(a.pop().packet);
        while (!b.out.empty())
            ra.receive(b.pop().packet);
    }
}

std::uint32_t ip(const char* s) {
    in_addr a{};
    inet_pton(AF_INET, s, &a);
    return ntohl(a.s_addr);
}

} // namespace

// RFC 1994's MD5 is the textbook one: MD5("") and MD5("abc") through the same call.
TEST(PppAuth, Md5IsMd5) {
    const std::uint8_t abc[] = {'b', 'c'};
    auto d = chap_md5('a', "", abc);
    const std::uint8_t want[] = {0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
                                 0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72};
    EXPECT_TRUE(std::equal(d.begin(), d.end(), want));
}

class PppAuthPair : public ::testing::TestWithParam<bool> {};

TEST_P(PppAuthPair, RightSecretPassesWrongSecretFails) {
    const bool chap = GetParam();
    auto server_secrets = Secrets::parse("alice gw \"s3cr et\"\n", "server").value();
    for (const char* client_secret : {"s3cr et", "wrong"}) {
        auto client_secrets =
            Secrets::parse(std::string("alice * '") + client_secret + "'\n", "client").value();
        FakeClock clock;
        Wire cw, sw;
        std::optional<AuthOutcome> cres, sres;
        std::unique_ptr<AuthRole> client, server;
        if (chap) {
            client = std::make_unique<ChapPeer>(cw.sender(), clock.fn(), AuthTimers{},
                                                [&](auto& o) { cres = o; }, "alice", "",
                                                table(client_secrets));
            server = std::make_unique<ChapAuthenticator>(sw.sender(), clock.fn(), AuthTimers{},
                                                         [&](auto& o) { sres = o; }, "gw",
                                                         table(server_secrets));
        } else {
            client = std::make_unique<PapPeer>(cw.sender(), clock.fn(), AuthTimers{},
                                               [&](auto& o) { cres = o; }, "alice",
                                               client_secrets.find("alice", "gw")->secret);
            server = std::make_unique<PapAuthenticator>(sw.sender(), clock.fn(), AuthTimers{},
                                                        [&](auto& o) { sres = o; }, "gw",
                                                        table(server_secrets));
        }
        server->start();
        client->start();
        pump(cw, *client, sw, *server);
        ASSERT_TRUE(cres && sres) << client_secret;
        const bool right = std::string(client_secret) == "s3cr et";
        EXPECT_EQ(cres->ok, right);
        EXPECT_EQ(sres->ok, right);
        EXPECT_EQ(sres->peer_name, "alice");
    }
}

INSTANTIATE_TEST_SUITE_P(PapAndChap, PppAuthPair, ::testing::Values(false, true));

TEST(PppAuth, RetransmitsThenGivesUp) {
    FakeClock clock;
    Wire w;
    std::optional<AuthOutcome> res;
    ChapAuthenticator chap(w.sender(), clock.fn(), {.restart = 1s, .max_tries = 3},
                           [&](auto& o) { res = o; }, "gw", [](auto&, auto&) { return std::nullopt; });
    chap.start();
    for (int i = 0; i < 5; ++i) {
        clock.t += 1s;
        chap.tick(clock.t);
    }
    EXPECT_EQ(w.out.size(), 3u);
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->ok);
    // Every challenge is the same one (same id), so a late response still matches.
    EXPECT_EQ(w.out[0].packet, w.out[2].packet);
}

TEST(PppSecrets, BestMatchQuotingAndFiles) {
    char dir[] = "/tmp/xgw-ppp-secrets-XXXXXX";
    ASSERT_TRUE(mkdtemp(dir));
    const std::string file = std::string(dir) + "/pw";
    std::ofstream(file) << "from-file  # the first word\n";
    auto s = Secrets::parse("# comment\n"
                            "*      *    any\n"
                            "*      gw   server-only\n"
                            "alice  *    client-only\n"
                            "alice  gw   both 10.0.0.5\n"
                            "bob    gw   \"two words\" 10.1.0.0/16 !10.1.2.3\n"
                            "carol  gw   @" + file + " -\n"
                            "dave   *    'it''s'\n",
                            "chap-secrets");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->find("alice", "gw")->secret, "both");
    EXPECT_EQ(s->find("alice", "other")->secret, "client-only");
    EXPECT_EQ(s->find("zed", "gw")->secret, "server-only");
    EXPECT_EQ(s->find("zed", "other")->secret, "any");
    EXPECT_EQ(s->find("bob", "gw")->secret, "two words");
    EXPECT_EQ(s->find("carol", "gw")->secret, "from-file");
    EXPECT_EQ(s->find("dave", "x")->secret, "its");

    auto alice = *s->find("alice", "gw");
    EXPECT_TRUE(address_allowed(alice, ip("10.0.0.5")));
    EXPECT_FALSE(address_allowed(alice, ip("10.0.0.6")));
    EXPECT_EQ(suggested_address(alice), ip("10.0.0.5"));
    auto bob = *s->find("bob", "gw");
    EXPECT_TRUE(address_allowed(bob, ip("10.1.9.9")));
    EXPECT_FALSE(address_allowed(bob, ip("10.1.2.3")));
    EXPECT_FALSE(address_allowed(bob, ip("10.2.0.1")));
    EXPECT_FALSE(address_allowed(*s->find("carol", "gw"), ip("10.1.9.9")));
    EXPECT_TRUE(address_allowed(*s->find("zed", "x"), ip("192.0.2.1")));
    std::remove(file.c_str());
    rmdir(dir);
}

TEST(PppSecrets, ErrorsNameFileAndLine) {
    auto short_line = Secrets::parse("alice gw secret\nbob gw\n", "/etc/ppp/chap-secrets");
    ASSERT_FALSE(short_line);
    EXPECT_EQ(short_line.error().message,
              "/etc/ppp/chap-secrets:2: expected 'client server secret [addresses]'");
    auto bad_addr = Secrets::parse("alice gw secret 10.0.0.300\n", "f");
    ASSERT_FALSE(bad_addr);
    EXPECT_EQ(bad_addr.error().message, "f:1: bad address '10.0.0.300'");
    auto quote = Secrets::parse("alice gw \"open\n", "f");
    ASSERT_FALSE(quote);
    EXPECT_EQ(quote.error().message, "f:1: unterminated quoted string");
    auto missing = Secrets::parse("alice gw @/nonexistent/xgw\n", "f");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("f:1"), std::string::npos);
}
