#include "vouchers/domain/programme_input.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;

namespace {

std::vector<std::int64_t> cents(const EuroListResult& r) {
    std::vector<std::int64_t> out;
    for (auto m : r.values) out.push_back(m.cents());
    return out;
}

}  // namespace

TEST(EuroList, CommaSpaceSemicolonAndNewlineSeparate) {
    EXPECT_EQ(cents(parse_euro_list("2 500, 5 000")), (std::vector<std::int64_t>{250000, 500000}));
    EXPECT_EQ(cents(parse_euro_list("2500\n5000")), (std::vector<std::int64_t>{250000, 500000}));
    EXPECT_EQ(cents(parse_euro_list("2500\r\n5000\r\n")), (std::vector<std::int64_t>{250000, 500000}));
    EXPECT_EQ(cents(parse_euro_list("2500;5000")), (std::vector<std::int64_t>{250000, 500000}));
    EXPECT_EQ(cents(parse_euro_list("2500,\n5000,")), (std::vector<std::int64_t>{250000, 500000}));
    EXPECT_EQ(cents(parse_euro_list("2 500 €, 5 000 €")), (std::vector<std::int64_t>{250000, 500000}));
}

TEST(EuroList, CommaBeforeADigitIsTheDecimalComma) {
    EXPECT_EQ(cents(parse_euro_list("2500,50")), (std::vector<std::int64_t>{250050}));
    EXPECT_EQ(cents(parse_euro_list("2500,5")), (std::vector<std::int64_t>{250050}));
    EXPECT_EQ(cents(parse_euro_list("2500, 50")), (std::vector<std::int64_t>{250000, 5000}));
    EXPECT_EQ(cents(parse_euro_list("2 500,50, 400.25")), (std::vector<std::int64_t>{250050, 40025}));
    EXPECT_EQ(parse_euro_list("2500,5000").error, "programme.amount_format");  // not a decimal, not a list
}

TEST(EuroList, EmptyTextIsNoValuesAndNoError) {
    auto r = parse_euro_list("");
    EXPECT_TRUE(r.values.empty());
    EXPECT_EQ(r.error, "");
    r = parse_euro_list(" ,\n ; ");
    EXPECT_TRUE(r.values.empty());
    EXPECT_EQ(r.error, "");
}

TEST(EuroList, RefusesWhatIsNotAnAmount) {
    for (const char* bad : {"abc", "-100", "+100", "1e3", "2500.555", "2 50", "2500 €€", "0x10", "25 00"})
        EXPECT_EQ(parse_euro_list(bad).error, "programme.amount_format") << bad;
    // Zero parses; that it is not a positive denomination is the programme's rule.
    EXPECT_EQ(cents(parse_euro_list("0")), (std::vector<std::int64_t>{0}));
}

TEST(EuroList, BoundsTheAmountAndTheCount) {
    EXPECT_EQ(cents(parse_euro_list("10 000 000 000")), (std::vector<std::int64_t>{kProgrammeAmountMaxCents}));
    EXPECT_EQ(parse_euro_list("10 000 000 000,01").error, "programme.amount_too_large");
    EXPECT_EQ(parse_euro_list("1, 2, 3, 4, 5, 6, 7, 8, 9, 10").error, "");
    EXPECT_EQ(parse_euro_list("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11").error, "programme.too_many_denominations");
}

TEST(EuroList, FormatsTheWayItParses) {
    EXPECT_EQ(euros_for_input(Money::euros(2500)), "2 500");
    EXPECT_EQ(euros_for_input(Money::euros(200000)), "200 000");
    EXPECT_EQ(euros_for_input(Money::euros(300)), "300");
    EXPECT_EQ(euros_for_input(Money::cents(250050)), "2 500,50");
    EXPECT_EQ(euros_for_input(Money::cents(250005)), "2 500,05");
    EXPECT_EQ(euros_for_input(Money::euros(1234567)), "1 234 567");
    const std::vector<Money> values = {Money::euros(2500), Money::cents(500050), Money::euros(100000)};
    EXPECT_EQ(euro_list_for_input(values), "2 500, 5 000,50, 100 000");
    EXPECT_EQ(cents(parse_euro_list(euro_list_for_input(values))), (std::vector<std::int64_t>{250000, 500050, 10000000}));
    for (std::int64_t c : std::vector<std::int64_t>{1, 99, 100, 123456789, kProgrammeAmountMaxCents})
        EXPECT_EQ(parse_euro_list(euros_for_input(Money::cents(c))).values.at(0).cents(), c);
}
