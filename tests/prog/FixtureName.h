// gtest names a parameterised case after its fixture's name, with what gtest refuses as '_'.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace xgw::test {

template <class Fixture> std::string fixture_name(const testing::TestParamInfo<Fixture>& info) {
    std::string n = info.param.name;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

} // namespace xgw::test
