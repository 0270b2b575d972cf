#include "core/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

using pt::Money;

TEST(Money, ConstructionAndAccessors) {
    EXPECT_EQ(Money::euros(25).cents(), 2500);
    EXPECT_EQ(Money::cents(1).cents(), 1);
    EXPECT_EQ(Money().cents(), 0);
    EXPECT_TRUE(Money().is_zero());
    EXPECT_FALSE(Money::cents(1).is_zero());
    EXPECT_TRUE(Money::cents(-1).is_negative());
    EXPECT_FALSE(Money::cents(0).is_negative());
}

TEST(Money, Arithmetic) {
    const Money a = Money::euros(2500), b = Money::cents(1250);
    EXPECT_EQ((a + b).cents(), 251250);
    EXPECT_EQ((a - b).cents(), 248750);
    EXPECT_EQ((b - a).cents(), -248750);
    EXPECT_EQ((-a).cents(), -250000);
    Money c = a;
    c += b;
    EXPECT_EQ(c, a + b);
    c -= b;
    EXPECT_EQ(c, a);
}

TEST(Money, Ordering) {
    EXPECT_LT(Money::cents(99), Money::euros(1));
    EXPECT_GT(Money::euros(1), Money::cents(-1000));
    EXPECT_EQ(Money::euros(1), Money::cents(100));
    EXPECT_NE(Money::euros(1), Money::cents(101));
    EXPECT_LE(Money::euros(1), Money::cents(100));
}

TEST(Money, ArithmeticMatchesIntegersOnRandomValues) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::int64_t> d(-1'000'000'000'000LL, 1'000'000'000'000LL);
    for (int i = 0; i < 1000; ++i) {
        const std::int64_t x = d(rng), y = d(rng);
        EXPECT_EQ((Money::cents(x) + Money::cents(y)).cents(), x + y);
        EXPECT_EQ((Money::cents(x) - Money::cents(y)).cents(), x - y);
        EXPECT_EQ(Money::cents(x) < Money::cents(y), x < y);
    }
}

struct FormatCase {
    std::int64_t cents;
    const char* fi;
    const char* en;
    const char* decimal;
};

class MoneyFormat : public testing::TestWithParam<FormatCase> {};

TEST_P(MoneyFormat, AllForms) {
    const auto& c = GetParam();
    const Money m = Money::cents(c.cents);
    EXPECT_EQ(m.format("fi"), c.fi);
    EXPECT_EQ(m.format(), c.fi) << "Finnish is the default";
    EXPECT_EQ(m.format("en"), c.en);
    EXPECT_EQ(m.decimal(), c.decimal);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyFormat,
    testing::Values(FormatCase{0, "0,00 €", "€0.00", "0.00"},
                    FormatCase{1, "0,01 €", "€0.01", "0.01"},
                    FormatCase{10, "0,10 €", "€0.10", "0.10"},
                    FormatCase{99, "0,99 €", "€0.99", "0.99"},
                    FormatCase{100, "1,00 €", "€1.00", "1.00"},
                    FormatCase{10550, "105,50 €", "€105.50", "105.50"},
                    FormatCase{99999, "999,99 €", "€999.99", "999.99"},
                    FormatCase{100000, "1 000,00 €", "€1,000.00", "1000.00"},
                    FormatCase{250000, "2 500,00 €", "€2,500.00", "2500.00"},
                    FormatCase{500000, "5 000,00 €", "€5,000.00", "5000.00"},
                    FormatCase{12345678, "123 456,78 €", "€123,456.78", "123456.78"},
                    FormatCase{123456789, "1 234 567,89 €", "€1,234,567.89", "1234567.89"},
                    FormatCase{-1250, "-12,50 €", "-€12.50", "-12.50"},
                    FormatCase{-5, "-0,05 €", "-€0.05", "-0.05"},
                    FormatCase{-250000, "-2 500,00 €", "-€2,500.00", "-2500.00"}));

TEST(Money, OtherLanguagesUseTheFinnishForm) {
    EXPECT_EQ(Money::euros(2500).format("sv"), "2 500,00 €");
}

TEST(Money, ExtremeValuesDoNotOverflow) {
    const Money lo = Money::cents(std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(lo.decimal(), "-92233720368547758.08");
    const Money hi = Money::cents(std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(hi.decimal(), "92233720368547758.07");
    EXPECT_EQ(hi.format("en"), "€92,233,720,368,547,758.07");
}

struct ParseCase {
    const char* text;
    std::int64_t cents;
};

class MoneyParseGood : public testing::TestWithParam<ParseCase> {};

TEST_P(MoneyParseGood, Parses) {
    const auto& c = GetParam();
    const auto m = Money::parse(c.text);
    ASSERT_TRUE(m.has_value()) << '"' << c.text << '"';
    EXPECT_EQ(m->cents(), c.cents) << '"' << c.text << '"';
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseGood,
    testing::Values(ParseCase{"2500", 250000}, ParseCase{"2500,5", 250050}, ParseCase{"2500,50", 250050},
                    ParseCase{"2 500,50", 250050}, ParseCase{"2500.50", 250050}, ParseCase{"2500.5", 250050},
                    ParseCase{"2500 €", 250000}, ParseCase{"2500€", 250000}, ParseCase{"2 500,00 €", 250000},
                    ParseCase{"  105,50  ", 10550}, ParseCase{"0", 0}, ParseCase{"0,01", 1}, ParseCase{"0.99", 99},
                    ParseCase{"007", 700}, ParseCase{"1 000 000", 100000000},
                    ParseCase{"2\xC2\xA0" "500,00\xC2\xA0€", 250000},   // NBSP, as pasted from a web page
                    ParseCase{"2\xE2\x80\xAF" "500", 250000},           // narrow NBSP
                    ParseCase{"100000000000", 10000000000000},          // exactly 1e11 euros
                    ParseCase{"100 000 000 000,00", 10000000000000}));

class MoneyParseBad : public testing::TestWithParam<const char*> {};

TEST_P(MoneyParseBad, Rejects) {
    EXPECT_FALSE(Money::parse(GetParam()).has_value()) << '"' << GetParam() << '"';
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseBad,
    testing::Values("", " ", "€", "abc", "-5", "+5", "-0,50", "2500,505", "2500.123", "2,500", "2,500.00",
                    "2500,", "2500.", ",50", ".5", "2500,5a", "25 00", "2500 000", "2  500", " 2 500 ,00",
                    "2 5000", "1 00 000", "12 34 567", "1e5", "0x10", "€2500", "2500 € €", "2500 EUR", "100000000000,01",
                    "100000000001", "999999999999999999999", "12,3,4", "1.000,00", "2500\n", "NaN",
                    "\xFF" "100", "2500\xC2"));

TEST(Money, ParseRoundTripsTheMachineForm) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> d(0, 10'000'000'000'000LL);
    for (int i = 0; i < 1000; ++i) {
        const Money m = Money::cents(d(rng));
        const auto back = Money::parse(m.decimal());
        ASSERT_TRUE(back.has_value()) << m.decimal();
        EXPECT_EQ(*back, m);
        const auto fi = Money::parse(m.format("fi"));
        ASSERT_TRUE(fi.has_value()) << m.format("fi");
        EXPECT_EQ(*fi, m);
    }
}
