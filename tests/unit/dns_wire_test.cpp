// The forwarder's wire handling: the query scan, the cache key, answers checked and stored,
// replies rendered from the cache (ID, case, TTL countdown, EDNS0, TC), and a fuzz run.
#include <xgw/dns/AnswerCache.h>
#include <xgw/dns/CachedAnswer.h>
#include <xgw/dns/Endpoint.h>
#include <xgw/dns/QueryView.h>
#include <xgw/dns/UnusualQuery.h>
#include <xgw/dns/UpstreamAnswer.h>
#include <xgw/dns/UpstreamRoutes.h>

#include <gtest/gtest.h>

#include <random>

using namespace xgw;
using namespace xgw::dns;

namespace {

using Bytes = std::vector<std::uint8_t>;

void add16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
void add32(Bytes& b, std::uint32_t v) {
    add16(b, static_cast<std::uint16_t>(v >> 16));
    add16(b, static_cast<std::uint16_t>(v));
}
void add_name(Bytes& b, const std::string& name) {
    std::size_t start = 0;
    while (start < name.size()) {
        auto dot = name.find('.', start);
        if (dot == std::string::npos)
            dot = name.size();
        b.push_back(static_cast<std::uint8_t>(dot - start));
        b.insert(b.end(), name.begin() + static_cast<long>(start),
                 name.begin() + static_cast<long>(dot));
        start = dot + 1;
    }
    b.push_back(0);
}

Bytes query(std::uint16_t id, const std::string& name, std::uint16_t type, int edns = -1,
            bool do_bit = false) {
    Bytes b;
    add16(b, id);
    add16(b, kFlagRd);
    add16(b, 1);
    add16(b, 0);
    add16(b, 0);
    add16(b, edns >= 0 ? 1 : 0);
    add_name(b, name);
    add16(b, type);
    add16(b, 1);
    if (edns >= 0) {
        b.push_back(0);
        add16(b, kTypeOpt);
        add16(b, static_cast<std::uint16_t>(edns));
        add32(b, do_bit ? 0x8000 : 0);
        add16(b, 0);
    }
    return b;
}

// A reply to "name type": n A records with ttl (or NXDOMAIN with an SOA), and an OPT record.
Bytes reply(std::uint16_t id, const std::string& name, std::uint16_t type, int n, std::uint32_t ttl,
            bool nxdomain = false, std::uint32_t soa_min = 0) {
    Bytes b;
    add16(b, id);
    add16(b, kFlagQr | kFlagRd | kFlagRa | (nxdomain ? kNxDomain : 0));
    add16(b, 1);
    add16(b, static_cast<std::uint16_t>(n));
    add16(b, nxdomain ? 1 : 0);
    add16(b, 1);
    add_name(b, name);
    add16(b, type);
    add16(b, 1);
    for (int i = 0; i < n; i++) {
        add16(b, 0xc00c);
        add16(b, 1);
        add16(b, 1);
        add32(b, ttl + static_cast<std::uint32_t>(i) * 100);
        add16(b, 4);
        add32(b, 0xc0000201u + static_cast<std::uint32_t>(i));
    }
    if (nxdomain) {
        add16(b, 0xc00c);
        add16(b, kTypeSoa);
        add16(b, 1);
        add32(b, ttl);
        Bytes rdata;
        add_name(rdata, "ns.example");
        add_name(rdata, "admin.example");
        for (std::uint32_t v : {1u, 2u, 3u, 4u, soa_min})
            add32(rdata, v);
        add16(b, static_cast<std::uint16_t>(rdata.size()));
        b.insert(b.end(), rdata.begin(), rdata.end());
    }
    b.push_back(0);
    add16(b, kTypeOpt);
    add16(b, 1232);
    add32(b, 0);
    add16(b, 0);
    return b;
}

std::string key_of(const Bytes& q) {
    auto v = scan_query(q.data(), q.size());
    EXPECT_TRUE(v);
    std::uint8_t buf[kMaxKeySize];
    return std::string(v->key(q.data(), buf));
}

} // namespace

TEST(DnsWire, ScansTheCommonShape) {
    auto q = query(0x1234, "WwW.Example.ORG", 28, 4096, true);
    auto v = scan_query(q.data(), q.size());
    ASSERT_TRUE(v);
    EXPECT_EQ(v->id, 0x1234);
    EXPECT_EQ(v->qtype, 28);
    EXPECT_TRUE(v->edns);
    EXPECT_EQ(v->udp_size, 4096);
    EXPECT_TRUE(v->do_bit);
    EXPECT_EQ(key_of(q), key_of(query(1, "www.example.org", 28, 512, true)));
    EXPECT_NE(key_of(q), key_of(query(1, "www.example.org", 28, 512, false)));
    // Type 65 ends in 0x41 ('A'): the type is not lowered with the name.
    EXPECT_NE(key_of(query(1, "a.example", 65)), key_of(query(1, "a.example", 97)));
}

TEST(DnsWire, OtherShapesTakeTheSlowPath) {
    auto q = query(1, "a.example", 1);
    q[5] = 2; // two questions
    EXPECT_FALSE(scan_query(q.data(), q.size()));
    auto u = read_unusual_query(q.data(), q.size());
    EXPECT_EQ(u.kind, UnusualQuery::Reply);
    EXPECT_EQ(u.rcode, kFormErr);

    auto notify = query(1, "a.example", 1);
    notify[2] |= 0x20; // opcode 4
    EXPECT_EQ(read_unusual_query(notify.data(), notify.size()).rcode, kNotImp);

    auto v1 = query(1, "a.example", 1, 1232);
    v1[kHeaderSize + 11 + 4 + 6] = 1; // EDNS version 1
    auto u1 = read_unusual_query(v1.data(), v1.size());
    EXPECT_EQ(u1.rcode, kBadVers);

    auto response = query(1, "a.example", 1);
    response[2] |= 0x80;
    EXPECT_EQ(read_unusual_query(response.data(), response.size()).kind, UnusualQuery::Drop);
}

TEST(DnsWire, AnswersAreCheckedAgainstTheQuery) {
    auto q = query(7, "a.example", 1);
    auto key = key_of(q);
    auto r = reply(7, "A.EXAMPLE", 1, 2, 300);
    EXPECT_EQ(check_answer(r.data(), r.size(), 8, key, 0).check, AnswerCheck::Mismatch);
    auto other = reply(7, "b.example", 1, 2, 300);
    EXPECT_EQ(check_answer(other.data(), other.size(), 7, key, 0).check, AnswerCheck::Mismatch);
    auto good = check_answer(r.data(), r.size(), 7, key, 1000);
    ASSERT_EQ(good.check, AnswerCheck::Good);
    EXPECT_EQ(good.cache_ttl, 300u);
    EXPECT_EQ(good.answer.ttl_at.size(), 2u);
    EXPECT_EQ(good.answer.wire.size(), r.size() - 11); // OPT stripped
    auto tc = r;
    tc[2] |= 0x02;
    EXPECT_EQ(check_answer(tc.data(), tc.size(), 7, key, 0).check, AnswerCheck::Truncated);
    auto servfail = r;
    servfail[3] |= kServFail;
    EXPECT_EQ(check_answer(servfail.data(), servfail.size(), 7, key, 0).check, AnswerCheck::Failed);
}

TEST(DnsWire, NegativeAnswersLiveForTheSoaMinimum) {
    auto key = key_of(query(7, "nx.example", 1));
    auto r = reply(7, "nx.example", 1, 0, 3600, true, 60);
    auto c = check_answer(r.data(), r.size(), 7, key, 0);
    ASSERT_EQ(c.check, AnswerCheck::Good);
    EXPECT_EQ(c.cache_ttl, 60u);
    auto shorter = reply(7, "nx.example", 1, 0, 30, true, 60);
    EXPECT_EQ(check_answer(shorter.data(), shorter.size(), 7, key, 0).cache_ttl, 30u);
}

TEST(DnsWire, RenderedRepliesCountDownAndEchoTheClient) {
    auto r = reply(7, "a.example", 1, 2, 300);
    auto stored = check_answer(r.data(), r.size(), 7, key_of(query(7, "a.example", 1)), 1000);
    auto q = query(0xbeef, "A.eXample", 1, 1232);
    auto v = *scan_query(q.data(), q.size());
    std::vector<std::uint8_t> out(4096);
    auto len = render_answer(stored.answer, 1000 + 42500, q.data(), v, 1232, out.data());
    EXPECT_EQ(len, r.size()); // our OPT record in place of the upstream's
    EXPECT_EQ(get16(out.data()), 0xbeef);
    EXPECT_EQ(std::string(out.begin() + 12, out.begin() + 12 + 11),
              std::string(q.begin() + 12, q.begin() + 12 + 11));
    EXPECT_EQ(get32(out.data() + stored.answer.ttl_at[0]), 258u);
    EXPECT_EQ(get32(out.data() + stored.answer.ttl_at[1]), 358u);
    EXPECT_EQ(get16(out.data() + 10), 1);
    // Without EDNS0 and too big for the limit: header, question, TC.
    auto plain = query(5, "a.example", 1);
    auto pv = *scan_query(plain.data(), plain.size());
    auto small = render_answer(stored.answer, 1000, plain.data(), pv, 40, out.data());
    EXPECT_EQ(small, plain.size());
    EXPECT_TRUE(get16(out.data() + 2) & kFlagTc);
    EXPECT_EQ(get16(out.data() + 6), 0);
}

TEST(DnsWire, CacheIsBoundedAndExpires) {
    AnswerCache cache(16);
    for (int i = 0; i < 100; i++) {
        CachedAnswer a;
        a.expires_ms = 1000;
        cache.put("k" + std::to_string(i), a);
    }
    EXPECT_LE(cache.size(), cache.capacity());
    EXPECT_TRUE(cache.with("k99", 999, [](const CachedAnswer&) {}));
    EXPECT_FALSE(cache.with("k99", 1000, [](const CachedAnswer&) {}));
    EXPECT_FALSE(cache.with("k0", 0, [](const CachedAnswer&) {}));
}

TEST(DnsWire, DomainRoutesTakeTheLongestMatch) {
    UpstreamRoutes r;
    ASSERT_TRUE(r.add_default("192.0.2.1").ok());
    ASSERT_TRUE(r.add_domain("/example.org/198.51.100.1#5353").ok());
    ASSERT_TRUE(r.add_domain("/sub.example.org/lan/198.51.100.2").ok());
    ASSERT_TRUE(r.add_domain("/local.test/").ok());
    auto server = [&](const char* name) {
        auto& s = r.route(name);
        return s.empty() ? std::string("local") : r.servers()[static_cast<std::size_t>(s[0])].str();
    };
    EXPECT_EQ(server("www.example.org"), "198.51.100.1:5353");
    EXPECT_EQ(server("example.org"), "198.51.100.1:5353");
    EXPECT_EQ(server("a.sub.example.org"), "198.51.100.2:53");
    EXPECT_EQ(server("printer.lan"), "198.51.100.2:53");
    EXPECT_EQ(server("notexample.org"), "192.0.2.1:53");
    EXPECT_EQ(server("x.local.test"), "local");
    EXPECT_FALSE(r.add_domain("example.org/1.2.3.4").ok());
    EXPECT_FALSE(r.add_domain("/bad..name/1.2.3.4").ok());
}

TEST(DnsWire, Endpoints) {
    EXPECT_EQ(parse_endpoint("192.0.2.1")->str(), "192.0.2.1:53");
    EXPECT_EQ(parse_endpoint("192.0.2.1:5300")->str(), "192.0.2.1:5300");
    EXPECT_EQ(parse_endpoint("192.0.2.1#5300")->str(), "192.0.2.1:5300");
    EXPECT_EQ(parse_endpoint("[2001:db8::1]:54")->str(), "[2001:db8::1]:54");
    EXPECT_EQ(parse_endpoint("2001:db8::1")->str(), "[2001:db8::1]:53");
    EXPECT_EQ(parse_endpoint("2001:db8::1#99")->str(), "[2001:db8::1]:99");
    EXPECT_FALSE(parse_endpoint("192.0.2.1:0").ok());
    EXPECT_FALSE(parse_endpoint("host.example").ok());
    EXPECT_FALSE(parse_endpoint("[::1").ok());
}

// Random and mutated messages through every parser the network reaches: no crash, no read
// past the message.
TEST(DnsWire, FuzzedMessagesNeverCrash) {
    std::mt19937 rng(20);
    std::vector<Bytes> seeds = {query(1, "a.example", 1, 1232, true),
                                reply(1, "a.example", 1, 3, 60),
                                reply(1, "nx.example", 1, 0, 60, true, 5)};
    auto key = key_of(seeds[0]);
    std::uint8_t out[4096 + 64];
    for (int i = 0; i < 200000; i++) {
        Bytes m = seeds[static_cast<std::size_t>(i) % seeds.size()];
        if (i % 7 == 0)
            m.resize(rng() % 64);
        for (auto& b : m)
            if (rng() % 16 == 0)
                b = static_cast<std::uint8_t>(rng());
        if (!m.empty() && rng() % 4 == 0)
            m.resize(rng() % m.size());
        if (auto v = scan_query(m.data(), m.size())) {
            std::uint8_t buf[kMaxKeySize];
            (void)v->key(m.data(), buf);
            render_error(m.data(), m.size(), &*v, kServFail, out);
        } else {
            auto u = read_unusual_query(m.data(), m.size());
            if (u.kind == UnusualQuery::Reply && m.size() >= kHeaderSize)
                render_error(m.data(), m.size(), nullptr, u.rcode, out);
        }
        auto c = check_answer(m.data(), m.size(), get16(seeds[1].data()), key, 0);
        if (c.check == AnswerCheck::Good) {
            auto q = seeds[0];
            auto v = *scan_query(q.data(), q.size());
            render_answer(c.answer, 0, q.data(), v, 4096, out);
        }
    }
}
