// The ruleset document stored beside a generation, sealed with its length and checksum so
// that a torn or mixed write is found before anything trusts it.
#pragma once

#include <xgw/Result.h>

#include <string>
#include <string_view>

namespace xgw::fw {

// "xgw-doc 1 LENGTH CHECKSUM\n" followed by body.
std::string seal_document(std::string_view body);

// The body of a sealed document; a Conflict naming what is wrong when it is not whole.
Result<std::string> open_sealed_document(std::string_view stored);

} // namespace xgw::fw
