// docs/rules.md is the reference: its examples must parse, and its error example must be
// what the parser says.
#include <fstream>
#include <sstream>

#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

namespace {

std::string readDoc() {
    std::ifstream in(std::string(XGW_SOURCE_DIR) + "/docs/rules.md");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The fenced code blocks between two headings.
std::vector<std::string> blocksBetween(const std::string& doc, const std::string& from,
                                       const std::string& to) {
    std::vector<std::string> blocks;
    size_t pos = doc.find(from);
    size_t end = doc.find(to, pos);
    while (pos != std::string::npos) {
        size_t open = doc.find("```\n", pos);
        if (open == std::string::npos || open > end)
            break;
        size_t close = doc.find("```\n", open + 4);
        blocks.push_back(doc.substr(open + 4, close - open - 4));
        pos = close + 4;
    }
    return blocks;
}

} // namespace

TEST(FwRulesDoc, ExamplesParse) {
    std::string doc = readDoc();
    ASSERT_FALSE(doc.empty()) << "docs/rules.md not found";
    auto blocks = blocksBetween(doc, "## 12. Canonical form", "## 14.");
    ASSERT_EQ(blocks.size(), 5u);
    for (const auto& block : blocks) {
        auto result = parse(block);
        EXPECT_TRUE(result.ok()) << block << "\n" << (result.ok() ? "" : result.error().message);
    }
}

TEST(FwRulesDoc, ErrorExampleIsWhatTheParserSays) {
    auto blocks = blocksBetween(readDoc(), "## 11. Errors", "## 12.");
    ASSERT_EQ(blocks.size(), 1u);
    std::string text(11, '\n');
    text += "allow tcp from any to me port ssh2\n";
    auto result = parse(text);
    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].render() + "\n", blocks[0]);
}
