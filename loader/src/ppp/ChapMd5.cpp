#include <xgw/ppp/Auth.h>

#include <openssl/evp.h>

#include <memory>

namespace xgw::ppp {

std::array<std::uint8_t, 16> chap_md5(std::uint8_t id, const std::string& secret,
                                      std::span<const std::uint8_t> challenge) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::array<std::uint8_t, 16> digest{};
    unsigned int len = 0;
    EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr);
    EVP_DigestUpdate(ctx.get(), &id, 1);
    EVP_DigestUpdate(ctx.get(), secret.data(), secret.size());
    EVP_DigestUpdate(ctx.get(), challenge.data(), challenge.size());
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &len);
    return digest;
}

} // namespace xgw::ppp
