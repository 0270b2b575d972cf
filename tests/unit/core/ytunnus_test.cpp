#include "core/ytunnus.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

// Vectors from shared/standards/fi-identifiers/NOTES.md.
struct IdCase {
    const char* id;
    const char* error;  // "" when valid
};

class BusinessId : public testing::TestWithParam<IdCase> {};

TEST_P(BusinessId, Vector) {
    const auto& c = GetParam();
    EXPECT_EQ(pt::is_valid_business_id(c.id), std::string(c.error).empty()) << c.id;
    EXPECT_EQ(pt::business_id_error(c.id), c.error) << c.id;
}

INSTANTIATE_TEST_SUITE_P(
    Notes, BusinessId,
    testing::Values(IdCase{"2077474-0", ""}, IdCase{"2077474-1", "check digit does not match"},
                    IdCase{"1234567", "must look like 1234567-8"}, IdCase{"0737546-2", ""},
                    IdCase{"0737546-1", "check digit does not match"}, IdCase{"0000000-0", ""},
                    IdCase{"0000001-9", ""}, IdCase{"1572860-0", ""},
                    IdCase{"0201256-6", ""},  // Helsingin kaupunki
                    IdCase{"0181101-6", ""}   // Mustasaaren kunta
                    ));

INSTANTIATE_TEST_SUITE_P(
    Format, BusinessId,
    testing::Values(IdCase{"", "must look like 1234567-8"}, IdCase{"20774740", "must look like 1234567-8"},
                    IdCase{"2077474 0", "must look like 1234567-8"}, IdCase{" 2077474-0", "must look like 1234567-8"},
                    IdCase{"2077474-0 ", "must look like 1234567-8"}, IdCase{"FI20774740", "must look like 1234567-8"},
                    IdCase{"207747-40", "must look like 1234567-8"}, IdCase{"2077474-00", "must look like 1234567-8"},
                    IdCase{"207747a-0", "must look like 1234567-8"}, IdCase{"2077474-X", "must look like 1234567-8"},
                    IdCase{"737546-2", "must look like 1234567-8"},
                    IdCase{"\xEF\xBC\x92" "077474-0", "must look like 1234567-8"}));  // full-width digit

TEST(BusinessId, RemainderOneHasNoValidCheckDigit) {
    // Each body has exactly one valid check digit, except bodies whose weighted sum is 1 mod 11,
    // which have none.
    const int weights[7] = {7, 9, 10, 5, 8, 4, 2};
    int bodies_with_remainder_one = 0;
    for (int body = 0; body < 2000; ++body) {
        char digits[16];
        std::snprintf(digits, sizeof digits, "%07d", body);
        int sum = 0;
        for (int i = 0; i < 7; ++i) sum += weights[i] * (digits[i] - '0');
        int valid_digits = 0;
        for (char d = '0'; d <= '9'; ++d)
            if (pt::is_valid_business_id(std::string(digits) + "-" + d)) ++valid_digits;
        if (sum % 11 == 1) {
            ++bodies_with_remainder_one;
            EXPECT_EQ(valid_digits, 0) << digits;
        } else {
            EXPECT_EQ(valid_digits, 1) << digits;
        }
    }
    EXPECT_GT(bodies_with_remainder_one, 100);
}

TEST(BusinessId, EverySingleDigitChangeIsCaught) {
    const std::string good = "2077474-0";
    for (std::size_t pos = 0; pos < good.size(); ++pos) {
        if (pos == 7) continue;
        for (char d = '0'; d <= '9'; ++d) {
            if (d == good[pos]) continue;
            std::string bad = good;
            bad[pos] = d;
            EXPECT_FALSE(pt::is_valid_business_id(bad)) << bad;
        }
    }
}

TEST(BusinessId, Normalize) {
    EXPECT_EQ(pt::normalize_business_id(" 2077474-0 "), "2077474-0");
    EXPECT_EQ(pt::normalize_business_id("737546-2"), "0737546-2");  // old six-digit form
    EXPECT_EQ(pt::normalize_business_id("737546-1"), std::nullopt);
    EXPECT_EQ(pt::normalize_business_id("2077474-1"), std::nullopt);
    EXPECT_EQ(pt::normalize_business_id(""), std::nullopt);
}
