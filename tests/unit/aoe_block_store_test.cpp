// BlockStore against the bytes of its file: every small read (served from a whole page) and
// large read matches the file at the export's offset, writes are seen by the next read, and the
// page never outlives forget_page() when someone else writes the file.
#include <xgw/aoe/BlockStore.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <vector>

using namespace xgw::aoe;

namespace {

constexpr std::size_t kSector = 512;
constexpr std::uint64_t kFileSectors = 64;

class AoeBlockStore : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/xgw-blockstore-XXXXXX";
        int fd = ::mkstemp(tmpl);
        ASSERT_GE(fd, 0);
        ::close(fd);
        path_ = tmpl;
        bytes_.resize(kFileSectors * kSector);
        std::mt19937 rng(7);
        for (auto& b : bytes_)
            b = static_cast<std::uint8_t>(rng());
        rewrite();
    }
    void TearDown() override { std::remove(path_.c_str()); }

    void rewrite() {
        std::ofstream(path_, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(bytes_.data()), static_cast<std::streamsize>(bytes_.size()));
    }

    std::vector<std::uint8_t> file_at(std::uint64_t sector, unsigned count) const {
        auto from = bytes_.begin() + static_cast<std::ptrdiff_t>(sector * kSector);
        return {from, from + static_cast<std::ptrdiff_t>(count * kSector)};
    }

    std::string path_;
    std::vector<std::uint8_t> bytes_;
};

TEST_F(AoeBlockStore, EveryReadMatchesTheFileAtTheOffset) {
    StoreOptions o;
    o.offset = 3; // export sectors do not start on a page: pages straddle the window's edges
    o.length = 50;
    auto store = BlockStore::open(path_, o);
    ASSERT_TRUE(store.ok()) << store.error().message;
    for (std::uint64_t lba = 0; lba < o.length; lba++)
        for (unsigned count = 1; count <= 9 && lba + count <= o.length; count++) {
            std::vector<std::uint8_t> out(count * kSector);
            ASSERT_TRUE(store->read(lba, count, out.data()).ok()) << lba << "+" << count;
            ASSERT_EQ(file_at(o.offset + lba, count), out) << "lba " << lba << " count " << count;
        }
}

TEST_F(AoeBlockStore, AWriteIsSeenByTheNextReadOfItsPage) {
    auto store = BlockStore::open(path_, {});
    ASSERT_TRUE(store.ok());
    std::vector<std::uint8_t> out(2 * kSector), data(2 * kSector, 0xa5);
    ASSERT_TRUE(store->read(8, 2, out.data()).ok()); // the page of sectors 8-15 is now held
    ASSERT_TRUE(store->write(10, 2, data.data()).ok());
    ASSERT_TRUE(store->read(10, 2, out.data()).ok());
    EXPECT_EQ(data, out);
}

TEST_F(AoeBlockStore, ForgetPageSeesAnotherWriter) {
    auto store = BlockStore::open(path_, {});
    ASSERT_TRUE(store.ok());
    std::vector<std::uint8_t> out(kSector);
    ASSERT_TRUE(store->read(16, 1, out.data()).ok());
    bytes_[17 * kSector] ^= 0xff;
    rewrite();
    store->forget_page();
    ASSERT_TRUE(store->read(17, 1, out.data()).ok());
    EXPECT_EQ(file_at(17, 1), out);
}

} // namespace
