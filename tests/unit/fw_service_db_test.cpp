#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <xgw/fw/ServiceDb.h>

using namespace xgw::fw;

TEST(FwServiceDb, ReadsServicesWithAliasesAndComments) {
    auto db = ServiceDb::fromText("# comment\nhttp\t80/tcp  www www-http # web\n"
                                  "domain 53/udp\nbroken line\nbad 99999/tcp\nnoslash 7\n",
                                  "");
    EXPECT_EQ(db.port("http", "tcp"), 80);
    EXPECT_EQ(db.port("www", "tcp"), 80);
    EXPECT_EQ(db.port("www-http", "tcp"), 80);
    EXPECT_EQ(db.port("http", "udp"), std::nullopt);
    EXPECT_EQ(db.port("domain", "udp"), 53);
    EXPECT_EQ(db.port("bad", "tcp"), std::nullopt);
    EXPECT_EQ(db.port("noslash", "tcp"), std::nullopt);
    EXPECT_EQ(db.port("web", "tcp"), std::nullopt);
}

TEST(FwServiceDb, ReadsProtocolsWithAliases) {
    auto db = ServiceDb::fromText("", "ip 0 IP\ngre\t47\tGRE\t# comment\nbogus 300 X\n");
    EXPECT_EQ(db.protocol("gre"), 47);
    EXPECT_EQ(db.protocol("GRE"), 47);
    EXPECT_EQ(db.protocol("ip"), 0);
    EXPECT_EQ(db.protocol("bogus"), std::nullopt);
}

TEST(FwServiceDb, FirstDefinitionWins) {
    ServiceDb db;
    db.addService("svc", "tcp", 1);
    db.addService("svc", "tcp", 2);
    EXPECT_EQ(db.port("svc", "tcp"), 1);
}

TEST(FwServiceDb, LoadsFilesAndReportsMissingOnes) {
    std::string services = testing::TempDir() + "fw_services";
    std::string protocols = testing::TempDir() + "fw_protocols";
    std::ofstream(services) << "ssh 22/tcp\n";
    std::ofstream(protocols) << "ospf 89 OSPFIGP\n";
    auto db = ServiceDb::load(services, protocols);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(db->port("ssh", "tcp"), 22);
    EXPECT_EQ(db->protocol("OSPFIGP"), 89);
    auto missing = ServiceDb::load(services, protocols + ".missing");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, xgw::Errc::NotFound);
    std::remove(services.c_str());
    std::remove(protocols.c_str());
}
