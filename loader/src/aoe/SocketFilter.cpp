#include <xgw/aoe/SocketFilter.h>

namespace xgw::aoe {
namespace {

constexpr std::uint32_t kAccept = 0xffffffff, kDrop = 0;

sock_filter stmt(std::uint16_t code, std::uint32_t k) { return BPF_STMT(code, k); }
sock_filter jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    return BPF_JUMP(code, k, jt, jf);
}

// Leaves X at the AoE header's distance from offset 14 (0, or 4 behind one VLAN tag the kernel
// left in the frame), and jumps to the end (drop) for anything but AoE; `tail` follows.
std::vector<sock_filter> with_prologue(std::vector<sock_filter> tail) {
    const auto rest = static_cast<std::uint8_t>(tail.size());
    std::vector<sock_filter> f = {
        stmt(BPF_LD | BPF_H | BPF_ABS, 12),
        jump(BPF_JMP | BPF_JEQ | BPF_K, XGW_ETH_P_AOE, 4, 0),
        jump(BPF_JMP | BPF_JEQ | BPF_K, 0x8100, 1, 0),
        jump(BPF_JMP | BPF_JEQ | BPF_K, 0x88a8, 0, static_cast<std::uint8_t>(rest + 5)),
        stmt(BPF_LDX | BPF_W | BPF_IMM, kVlanLen),
        stmt(BPF_JMP | BPF_JA, 1),
        stmt(BPF_LDX | BPF_W | BPF_IMM, 0),
        stmt(BPF_LD | BPF_H | BPF_IND, 12),
        jump(BPF_JMP | BPF_JEQ | BPF_K, XGW_ETH_P_AOE, 0, rest),
    };
    f.insert(f.end(), tail.begin(), tail.end());
    f.push_back(stmt(BPF_RET | BPF_K, kDrop));
    return f;
}

} // namespace

// Offsets below are from the frame's start plus X: 14 version/flags, 16 shelf, 18 slot.
std::vector<sock_filter> request_filter(Address target) {
    return with_prologue({
        stmt(BPF_LD | BPF_B | BPF_IND, 14),
        jump(BPF_JMP | BPF_JSET | BPF_K, XGW_AOE_FLAG_RESPONSE, 7, 0),
        stmt(BPF_LD | BPF_H | BPF_IND, 16),
        jump(BPF_JMP | BPF_JEQ | BPF_K, target.shelf, 1, 0),
        jump(BPF_JMP | BPF_JEQ | BPF_K, XGW_AOE_SHELF_ANY, 0, 4),
        stmt(BPF_LD | BPF_B | BPF_IND, 18),
        jump(BPF_JMP | BPF_JEQ | BPF_K, target.slot, 1, 0),
        jump(BPF_JMP | BPF_JEQ | BPF_K, XGW_AOE_SLOT_ANY, 0, 1),
        stmt(BPF_RET | BPF_K, kAccept),
    });
}

std::vector<sock_filter> response_filter() {
    return with_prologue({
        stmt(BPF_LD | BPF_B | BPF_IND, 14),
        jump(BPF_JMP | BPF_JSET | BPF_K, XGW_AOE_FLAG_RESPONSE, 0, 1),
        stmt(BPF_RET | BPF_K, kAccept),
    });
}

} // namespace xgw::aoe
