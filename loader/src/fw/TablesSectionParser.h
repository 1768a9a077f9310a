// The [tables] section: `NAME [PREFIX...]` per statement, the entries a table is to hold
// (docs/rules.md, "Tables and settings"). A name on several lines collects all of their entries.
#pragma once

#include <map>
#include <string>
#include <vector>
#include <xgw/fw/IpPrefix.h>

#include "fw/SectionParser.h"

namespace xgw::fw {

class TablesSectionParser : public SectionParser {
  public:
    explicit TablesSectionParser(std::map<std::string, std::vector<IpPrefix>>& tables)
        : tables_(tables) {}
    void statement(TokenCursor& cursor) override;

  private:
    std::map<std::string, std::vector<IpPrefix>>& tables_;
};

} // namespace xgw::fw
