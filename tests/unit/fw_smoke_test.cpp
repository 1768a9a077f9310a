#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

TEST(FwSmoke, Parses) {
    auto rule = parseOne("add allow tcp from any to me port 25 setup");
    EXPECT_EQ(printRule(rule), "00100 allow tcp from any to me 25 setup");
}
