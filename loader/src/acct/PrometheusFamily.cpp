#include "PrometheusFamily.h"

namespace xgw::acct {
namespace {

std::string escape(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

void family(std::string& out, const char* name, const char* help,
            const std::function<void(const Emit&)>& produce, const char* type) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    produce([&](const Labels& labels, std::uint64_t value) {
        out += name;
        for (std::size_t i = 0; i < labels.size(); i++)
            out += (i ? "," : "{") + std::string(labels[i].first) + "=\"" +
                   escape(labels[i].second) + "\"";
        out += labels.empty() ? " " : "} ";
        out += std::to_string(value) + "\n";
    });
}

} // namespace xgw::acct
