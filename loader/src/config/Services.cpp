#include "Services.h"

namespace xgw::config {

const fw::ServiceDb& services() {
    static const fw::ServiceDb db = [] {
        auto loaded = fw::ServiceDb::load();
        return loaded ? std::move(*loaded) : fw::ServiceDb::fromText("", "");
    }();
    return db;
}

} // namespace xgw::config
