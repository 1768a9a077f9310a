// How accounted ports are written: tcp/N, udp/N, N for both, ranges, and what is refused.
#include <xgw/acct/Port.h>

#include <gtest/gtest.h>

using xgw::acct::parse_ports;
using xgw::acct::Port;
using xgw::acct::PortProto;

TEST(AcctPort, ProtocolAndNumber) {
    auto p = parse_ports("tcp/80");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<Port>{{PortProto::Tcp, 80}}));
    EXPECT_EQ(p->front().str(), "tcp/80");
}

TEST(AcctPort, BareNumberIsBothProtocols) {
    auto p = parse_ports("53");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<Port>{{PortProto::Tcp, 53}, {PortProto::Udp, 53}}));
}

TEST(AcctPort, Range) {
    auto p = parse_ports("udp/8000-8002");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<Port>{
                      {PortProto::Udp, 8000}, {PortProto::Udp, 8001}, {PortProto::Udp, 8002}}));
}

TEST(AcctPort, Refused) {
    for (const char* bad :
         {"", "0", "65536", "tcp/", "sctp/80", "tcp/80-79", "tcp/x", "1-2000", "tcp/80 "})
        EXPECT_EQ(parse_ports(bad).ok() ? xgw::Errc::Failed : parse_ports(bad).error().kind,
                  xgw::Errc::Usage)
            << "'" << bad << "'";
}
