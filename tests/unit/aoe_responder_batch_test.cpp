// The responder's combined writes: a deep window of write requests is held back until the batch
// settles, then every tag is answered exactly once and the file holds the data; a read in the
// same batch sees the writes before it; a run the file refuses answers its writes with an error.
#include <xgw/aoe/Responder.h>

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <vector>

using namespace xgw::aoe;

namespace {

constexpr std::size_t kSector = 512;
constexpr std::uint64_t kFileSectors = 512;
constexpr std::size_t kAtaOff = kEthLen + sizeof(xgw_aoe_hdr);
constexpr std::size_t kDataOff = kAtaOff + sizeof(xgw_aoe_ata);
constexpr int kMtu = 1500;
constexpr Address kTarget{1, 2};

MacAddress mac(std::uint8_t last) {
    MacAddress m;
    m.bytes = {0x02, 0, 0, 0, 0x01, last};
    return m;
}

struct Answer {
    std::uint32_t tag;
    AtaArgs ata;
    std::vector<std::uint8_t> data;
};

class AoeResponderBatch : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/xgw-responder-XXXXXX";
        int fd = ::mkstemp(tmpl);
        ASSERT_GE(fd, 0);
        ::close(fd);
        path_ = tmpl;
        std::vector<char> zeros(kFileSectors * kSector);
        std::ofstream(path_, std::ios::binary).write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
        auto s = BlockStore::open(path_, {});
        ASSERT_TRUE(s.ok()) << s.error().message;
        store_ = std::make_unique<BlockStore>(std::move(*s));
        responder_ = std::make_unique<Responder>(kTarget, mac(1),
                                                 *store_, 64, std::vector<MacAddress>{}, "t");
    }
    void TearDown() override { std::remove(path_.c_str()); }

    // Hands one request to the responder; returns the answer when it was not held back.
    std::optional<Answer> request(std::uint32_t tag, std::uint64_t lba, bool write,
                                  const std::uint8_t* data = nullptr) {
        std::vector<std::uint8_t> f(2048);
        Header h;
        h.dst = mac(1);
        h.src = mac(2);
        h.address = kTarget;
        h.command = XGW_AOE_CMD_ATA;
        h.tag = tag;
        write_header(f, h);
        auto cmd = write ? AtaCmd::WriteSectorsExt : AtaCmd::ReadSectorsExt;
        write_ata(f.data() + kAtaOff, {static_cast<std::uint8_t>(XGW_AOE_ATA_EXTEND | (write ? XGW_AOE_ATA_WRITE : 0)),
                                       0, 2, static_cast<std::uint8_t>(cmd), lba});
        std::size_t len = kDataOff;
        if (write) {
            std::copy(data, data + 2 * kSector, f.begin() + kDataOff);
            len += 2 * kSector;
        }
        std::size_t out = responder_->handle(f, std::max<std::size_t>(len, 60), kMtu);
        if (out == 0)
            return std::nullopt;
        return parse({f.data(), out});
    }

    static Answer parse(std::span<const std::uint8_t> a) {
        FrameLayout at;
        auto h = read_header(a, &at);
        EXPECT_TRUE(h && h->is_response() && !(h->flags & XGW_AOE_FLAG_ERROR));
        Answer r{h ? h->tag : 0, read_ata(a.data() + at.args_off), {}};
        if (a.size() > kDataOff + kSector)
            r.data.assign(a.begin() + kDataOff, a.end());
        return r;
    }

    std::vector<Answer> settle() {
        std::vector<Answer> out;
        responder_->settle([&](std::span<const std::uint8_t> a) { out.push_back(parse(a)); });
        return out;
    }

    std::vector<std::uint8_t> file() const {
        std::vector<std::uint8_t> b(kFileSectors * kSector);
        std::ifstream(path_, std::ios::binary).read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
        return b;
    }

    std::string path_;
    std::unique_ptr<BlockStore> store_;
    std::unique_ptr<Responder> responder_;
};

std::vector<std::uint8_t> random_bytes(std::size_t n, unsigned seed) {
    std::vector<std::uint8_t> b(n);
    std::mt19937 rng(seed);
    for (auto& x : b)
        x = static_cast<std::uint8_t>(rng());
    return b;
}

} // namespace

TEST_F(AoeResponderBatch, ADeepWindowOfWritesAnswersEveryTagOnceAfterSettle) {
    // 96 blocks of 4 KiB (384 frames, more than one run): consecutive ones and shuffled ones.
    auto data = random_bytes(kFileSectors * kSector, 3);
    std::vector<std::uint64_t> blocks(64);
    for (std::uint64_t b = 0; b < blocks.size(); b++)
        blocks[b] = b;
    std::mt19937 rng(5);
    std::vector<std::uint64_t> shuffled(blocks);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    blocks.insert(blocks.end(), shuffled.begin(), shuffled.begin() + 32);
    std::map<std::uint32_t, std::uint64_t> sent;
    std::uint32_t tag = 100;
    for (auto b : blocks)
        for (std::uint64_t s = 0; s < 8; s += 2) {
            const std::uint64_t lba = b * 8 + s;
            EXPECT_FALSE(request(tag, lba, true, data.data() + lba * kSector)) << "answered before settle";
            sent[tag++] = lba;
        }
    auto answers = settle();
    ASSERT_EQ(answers.size(), sent.size());
    for (const auto& a : answers) {
        auto it = sent.find(a.tag);
        ASSERT_NE(it, sent.end()) << "tag " << a.tag << " answered twice or never sent";
        EXPECT_EQ(a.ata.cmd_status, 0x40) << "tag " << a.tag;
        EXPECT_EQ(a.ata.lba & 0xffffffffffff, it->second + 2);
        sent.erase(it);
    }
    auto f = file();
    EXPECT_TRUE(std::equal(data.begin(), data.begin() + 64 * 8 * kSector, f.begin()));
    EXPECT_TRUE(settle().empty());
    EXPECT_EQ(responder_->counters().sectors_written, answers.size() * 2);
}

TEST_F(AoeResponderBatch, AReadInTheSameBatchSeesTheWritesBeforeIt) {
    auto data = random_bytes(8 * kSector, 9);
    for (std::uint32_t i = 0; i < 4; i++)
        EXPECT_FALSE(request(i, 16 + 2 * i, true, data.data() + 2 * i * kSector));
    auto read = request(9, 18, false);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->tag, 9u);
    ASSERT_EQ(read->data.size(), 2 * kSector);
    EXPECT_TRUE(std::equal(read->data.begin(), read->data.end(), data.begin() + 2 * kSector));
    EXPECT_EQ(settle().size(), 4u);
}

TEST_F(AoeResponderBatch, ARunTheFileRefusesAnswersItsWritesWithAnError) {
    // Writing at or past RLIMIT_FSIZE fails with EFBIG: the run at LBA 200 cannot be written.
    rlimit old{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit low = old;
    low.rlim_cur = 64 * 1024;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &low), 0);
    auto data = random_bytes(8 * kSector, 11);
    for (std::uint32_t i = 0; i < 4; i++)
        request(i, 2 * i, true, data.data() + 2 * i * kSector);
    for (std::uint32_t i = 0; i < 4; i++)
        request(10 + i, 200 + 2 * i, true, data.data() + 2 * i * kSector);
    auto answers = settle();
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    ASSERT_EQ(answers.size(), 8u);
    for (const auto& a : answers) {
        const bool refused = a.tag >= 10;
        EXPECT_EQ(a.ata.cmd_status, refused ? 0x41 : 0x40) << "tag " << a.tag;
        EXPECT_EQ(a.ata.err_feature, refused ? 0x04 : 0) << "tag " << a.tag;
    }
    EXPECT_EQ(responder_->counters().errors, 4u);
    EXPECT_EQ(responder_->counters().sectors_written, 8u);
    auto f = file();
    EXPECT_TRUE(std::equal(data.begin(), data.end(), f.begin()));
}
