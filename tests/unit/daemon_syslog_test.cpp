// The syslog side of xgwd without a daemon: RFC 5424 text and the rate limit.
#include <xgw/daemon/SyslogMessage.h>
#include <xgw/daemon/TokenBucket.h>

#include <gtest/gtest.h>
#include <syslog.h>

using namespace xgw::daemon;

TEST(SyslogMessage, Rfc5424WithStructuredData) {
    SyslogMessage m{LOG_AUTHPRIV,
                    LOG_NOTICE,
                    1764962431123456789,
                    "gw",
                    "xgwd",
                    "42",
                    "fw",
                    {{"xgw@32473", {{"rule", "100"}, {"odd", "a\"b\\c]d"}}}},
                    "100 Deny TCP"};
    EXPECT_EQ(format_rfc5424(m), "<85>1 2025-12-05T19:20:31.123456Z gw xgwd 42 fw "
                                 "[xgw@32473 rule=\"100\" odd=\"a\\\"b\\\\c\\]d\"] 100 Deny TCP");
}

TEST(SyslogMessage, NilValues) {
    SyslogMessage m{LOG_AUTHPRIV, LOG_INFO, 0, "", "xgwd", "", "", {}, ""};
    EXPECT_EQ(format_rfc5424(m), "<86>1 1970-01-01T00:00:00.000000Z - xgwd - - -");
}

TEST(TokenBucket, BurstThenRate) {
    TokenBucket b(10, 3); // 10 a second, 3 at once
    const std::int64_t t0 = 1000000000;
    EXPECT_TRUE(b.take(t0));
    EXPECT_TRUE(b.take(t0));
    EXPECT_TRUE(b.take(t0));
    EXPECT_FALSE(b.take(t0));
    EXPECT_FALSE(b.take(t0 + 50000000)); // half a token back
    EXPECT_TRUE(b.take(t0 + 100000000)); // one
    EXPECT_FALSE(b.take(t0 + 100000000));
    EXPECT_TRUE(b.take(t0 + 10000000000)); // long quiet: full again, never more than the burst
    EXPECT_TRUE(b.take(t0 + 10000000000));
    EXPECT_TRUE(b.take(t0 + 10000000000));
    EXPECT_FALSE(b.take(t0 + 10000000000));
}
