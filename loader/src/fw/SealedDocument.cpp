#include "SealedDocument.h"

#include <cinttypes>
#include <cstdio>

namespace xgw::fw {

namespace {

constexpr const char* kMagic = "xgw-doc 1";

// FNV-1a: any change of a byte changes it; no adversary writes these maps.
std::uint64_t checksum(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

Error damaged(const std::string& why) {
    return make_error(Errc::Conflict, "the stored ruleset document is damaged (" + why +
                                          "): a load was interrupted while writing it");
}

} // namespace

std::string seal_document(std::string_view body) {
    char head[64];
    std::snprintf(head, sizeof head, "%s %zu %016" PRIx64 "\n", kMagic, body.size(),
                  checksum(body));
    return std::string(head) + std::string(body);
}

Result<std::string> open_sealed_document(std::string_view stored) {
    auto eol = stored.find('\n');
    if (eol == std::string_view::npos)
        return damaged("no header");
    std::string head(stored.substr(0, eol));
    std::size_t length = 0;
    std::uint64_t sum = 0;
    char magic[16] = {};
    unsigned version = 0;
    if (std::sscanf(head.c_str(), "%15s %u %zu %" SCNx64, magic, &version, &length, &sum) != 4 ||
        std::string(magic) + " " + std::to_string(version) != kMagic)
        return damaged("no header");
    std::string_view body = stored.substr(eol + 1);
    if (body.size() != length)
        return damaged(std::to_string(body.size()) + " bytes where " + std::to_string(length) +
                       " were written");
    if (checksum(body) != sum)
        return damaged("checksum mismatch");
    return std::string(body);
}

} // namespace xgw::fw
