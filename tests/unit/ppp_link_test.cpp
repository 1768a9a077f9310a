// Two PppLinks back to back: LCP, authentication both ways, IPCP (addresses and RFC 1877 DNS)
// and IPV6CP reach the network phase and carry packets; a wrong secret never gets there.
#include "ppp_test_peer.h"

#include <xgw/ppp/PppLink.h>

#include <gtest/gtest.h>

using namespace xgw::ppp;
using namespace xgw::ppp::test;
using namespace std::chrono_literals;

namespace {

struct End {
    Wire wire;
    std::vector<std::vector<std::uint8_t>> delivered;
    std::optional<IpcpResult> up;
    std::optional<Ipv6cpResult> up6;
    std::optional<std::string> finished;
    std::unique_ptr<PppLink> link;
    End(FakeClock& clock, LinkConfig config) {
        LinkEvents ev;
        ev.ip_up = [this](const IpcpResult& r) { up = r; };
        ev.ipv6_up = [this](const Ipv6cpResult& r) { up6 = r; };
        ev.finished = [this](const std::string& why) { finished = why; };
        link = std::make_unique<PppLink>(
            std::move(config), wire.sender(),
            [this](std::uint16_t, std::span<const std::uint8_t> b) {
                delivered.emplace_back(b.begin(), b.end());
            },
            ev, clock.fn());
    }
};

void run(FakeClock& clock, End& a, End& b, int seconds = 60) {
    for (int s = 0; s <= seconds; ++s) {
        while (!a.wire.out.empty() || !b.wire.out.empty()) {
            while (!a.wire.out.empty()) {
                Sent x = a.wire.pop();
                b.link->receive(x.protocol, x.packet);
            }
            while (!b.wire.out.empty()) {
                Sent x = b.wire.pop();
                a.link->receive(x.protocol, x.packet);
            }
        }
        clock.t += 1s;
        a.link->tick(clock.t);
        b.link->tick(clock.t);
    }
}

LinkConfig server_config(const std::string& chap) {
    LinkConfig c;
    c.name = "gw";
    c.lcp.require_chap = true;
    c.ipcp.local = *parse_ipv4("10.9.0.1");
    c.ipcp.ms_dns = {*parse_ipv4("10.9.0.53"), *parse_ipv4("10.9.0.54")};
    c.chap_secrets = Secrets::parse(chap, "server").value();
    c.ipv6 = true;
    return c;
}

LinkConfig client_config(const std::string& secret) {
    LinkConfig c;
    c.name = "alice";
    c.ipcp.usepeerdns = true;
    c.ipcp.accept_local = true;
    c.chap_secrets = Secrets::parse("alice gw " + secret + "\n", "client").value();
    c.ipv6 = true;
    return c;
}

} // namespace

TEST(PppLink, ChapIpcpIpv6cpAndData) {
    FakeClock clock;
    // The peer's secrets line gives it its address.
    End server(clock, server_config("alice gw s3cret 10.9.0.2\n"));
    End client(clock, client_config("s3cret"));
    server.link->start();
    client.link->start();
    run(clock, server, client, 5);
    ASSERT_EQ(client.link->phase(), Phase::Network);
    ASSERT_EQ(server.link->phase(), Phase::Network);
    EXPECT_EQ(server.link->peer_name(), "alice");
    ASSERT_TRUE(client.up && server.up);
    EXPECT_EQ(ipv4_str(client.up->local), "10.9.0.2");
    EXPECT_EQ(ipv4_str(client.up->remote), "10.9.0.1");
    EXPECT_EQ(ipv4_str(client.up->dns[0]), "10.9.0.53");
    EXPECT_EQ(ipv4_str(client.up->dns[1]), "10.9.0.54");
    EXPECT_EQ(server.up->remote, client.up->local);
    ASSERT_TRUE(client.up6 && server.up6);
    EXPECT_EQ(client.up6->local, server.up6->remote);
    EXPECT_NE(client.up6->local, client.up6->remote);

    const std::vector<std::uint8_t> packet = {0x45, 0, 0, 20};
    EXPECT_TRUE(client.link->send_ip(kProtoIpv4, packet));
    run(clock, server, client, 0);
    ASSERT_EQ(server.delivered.size(), 1u);
    EXPECT_EQ(server.delivered[0], packet);
    EXPECT_EQ(server.link->counters().packets_in, 1u);
    EXPECT_EQ(client.link->counters().packets_out, 1u);

    // An unknown protocol is rejected by LCP, and the link stays up.
    server.link->receive(0x4021, packet);
    EXPECT_EQ(server.link->counters().protocol_rejects, 1u);
    EXPECT_EQ(server.wire.out.back().protocol, kProtoLcp);
    EXPECT_EQ(server.wire.out.back().code(), kProtRej);

    client.link->stop("user request");
    run(clock, server, client, 10);
    EXPECT_EQ(client.finished, "user request");
    EXPECT_EQ(server.finished, "peer requested termination");
}

TEST(PppLink, WrongSecretNeverReachesTheNetworkPhase) {
    FakeClock clock;
    End server(clock, server_config("alice gw s3cret\n"));
    End client(clock, client_config("guess"));
    server.link->start();
    client.link->start();
    run(clock, server, client, 20);
    EXPECT_FALSE(server.up || client.up);
    EXPECT_TRUE(server.link->auth_failed());
    EXPECT_TRUE(client.link->auth_failed());
    EXPECT_EQ(server.link->phase(), Phase::Dead);
    EXPECT_EQ(client.link->phase(), Phase::Dead);
    ASSERT_TRUE(server.finished);
    EXPECT_EQ(*server.finished, "CHAP authentication of 'alice' failed");
    // Data offered before the network phase is dropped, not sent.
    EXPECT_FALSE(client.link->send_ip(kProtoIpv4, std::vector<std::uint8_t>{0x45}));
}

TEST(PppLink, AddressOutsideTheSecretsLineIsNakedToAllowedOne) {
    FakeClock clock;
    auto sc = server_config("alice gw s3cret 10.9.0.7\n");
    End server(clock, sc);
    auto cc = client_config("s3cret");
    cc.ipcp.local = *parse_ipv4("10.9.0.99"); // not allowed; accept_local lets the Nak win
    End client(clock, cc);
    server.link->start();
    client.link->start();
    run(clock, server, client, 5);
    ASSERT_TRUE(client.up);
    EXPECT_EQ(ipv4_str(client.up->local), "10.9.0.7");
}
