#include "PinnedDocument.h"

#include "SealedDocument.h"

#include <bpf/bpf.h>

#include <array>
#include <filesystem>

namespace xgw::fw {
namespace {

constexpr std::uint32_t kChunk = 4000;
constexpr std::uint32_t kChunks = 256; // a document of 1 MB at most
using Chunk = std::array<char, kChunk>;

Result<UniqueFd> open_or_make(const PinPaths& paths, const std::string& name) {
    const auto path = paths.map(name);
    if (UniqueFd fd(bpf_obj_get(path.c_str())); fd)
        return fd;
    std::error_code ec;
    std::filesystem::create_directories(paths.maps(), ec);
    // Allocated as chunks are written: a small document costs a small map.
    LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
    UniqueFd fd(bpf_map_create(BPF_MAP_TYPE_HASH, name.c_str(), sizeof(std::uint32_t),
                               sizeof(Chunk), kChunks, &opts));
    if (!fd)
        return Error::from_errno(errno, "create map " + name);
    if (bpf_obj_pin(fd.get(), path.c_str()) != 0)
        return Error::from_errno(errno, "pin " + path.string());
    return fd;
}

// The chunks in order; the last is padded with NULs, which a text document never holds.
Result<std::string> read_once(int fd) {
    std::string stored;
    Chunk chunk{};
    for (std::uint32_t i = 0; i < kChunks && bpf_map_lookup_elem(fd, &i, chunk.data()) == 0; i++)
        stored.append(chunk.data(), chunk.size());
    stored.erase(stored.find_last_not_of('\0') + 1);
    return open_sealed_document(stored);
}

} // namespace

Result<std::string> PinnedDocument::read(const PinPaths& paths, const std::string& name) {
    UniqueFd fd(bpf_obj_get(paths.map(name).c_str()));
    if (!fd)
        return std::string();
    Result<std::string> body = std::string();
    for (int attempt = 0; attempt < 5; attempt++)
        if ((body = read_once(fd.get())))
            return body;
    return body;
}

Result<void> PinnedDocument::write(const PinPaths& paths, const std::string& name,
                                   const std::string& body) {
    const std::string sealed = seal_document(body);
    if (sealed.size() > std::size_t(kChunk) * kChunks)
        return make_error(Errc::Usage, "the document " + name + " would exceed " +
                                           std::to_string(kChunk * kChunks) + " bytes");
    auto fd = open_or_make(paths, name);
    if (!fd)
        return fd.error();
    std::uint32_t i = 0;
    for (; std::size_t(i) * kChunk < sealed.size(); i++) {
        Chunk chunk{};
        sealed.copy(chunk.data(), kChunk, std::size_t(i) * kChunk);
        if (bpf_map_update_elem(fd->get(), &i, chunk.data(), BPF_ANY) != 0)
            return Error::from_errno(errno, "write map " + name);
    }
    for (; i < kChunks; i++)
        if (bpf_map_delete_elem(fd->get(), &i) != 0)
            break;
    return {};
}

} // namespace xgw::fw
