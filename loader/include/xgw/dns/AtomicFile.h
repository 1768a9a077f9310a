// Reading and atomically replacing the small text files of the resolver.
#pragma once

#include <xgw/Result.h>

#include <string>
#include <string_view>

namespace xgw::dns {

Result<std::string> read_text_file(const std::string& path);

// What to do when the path is a symbolic link.
enum class SymlinkPolicy {
    Follow,  // replace the file the link points to; the link stays
    Replace, // replace the link itself with a regular file
};

// Writes text to a temporary file beside the target, fsyncs it, gives it the target's mode and
// owner (0644 and the caller's when there is no target yet) and renames it over the target, so
// a reader sees the old file or the new one, never a part of either.
Result<void> write_file_atomic(const std::string& path, std::string_view text,
                               SymlinkPolicy symlinks = SymlinkPolicy::Follow);

} // namespace xgw::dns
