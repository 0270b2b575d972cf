#include "vouchers/domain/de_minimis.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;
using namespace std::chrono;

namespace {
constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days(year(y) / month(m) / day(dd)); }
Money k(std::int64_t thousands) { return Money::euros(thousands * 1000); }
}  // namespace

TEST(FiscalYear, CalendarYearByDefault) {
    EXPECT_EQ(fiscal_year_of(d(2026, 1, 1), 1), 2026);
    EXPECT_EQ(fiscal_year_of(d(2026, 12, 31), 1), 2026);
    EXPECT_EQ(fiscal_year_of(d(2025, 12, 31), 1), 2025);
    EXPECT_EQ(fiscal_year_start(2026, 1), d(2026, 1, 1));
}

TEST(FiscalYear, ConfiguredStartMonthNamesTheYearItStartsIn) {
    EXPECT_EQ(fiscal_year_of(d(2026, 6, 30), 7), 2025);
    EXPECT_EQ(fiscal_year_of(d(2026, 7, 1), 7), 2026);
    EXPECT_EQ(fiscal_year_of(d(2026, 1, 1), 7), 2025);
    EXPECT_EQ(fiscal_year_of(d(2026, 12, 31), 12), 2026);
    EXPECT_EQ(fiscal_year_of(d(2026, 11, 30), 12), 2025);
    EXPECT_EQ(fiscal_year_start(2025, 7), d(2025, 7, 1));
    // Every day belongs to the fiscal year whose start is the latest start on or before it.
    for (unsigned m = 1; m <= 12; ++m)
        for (sys_days day = d(2024, 1, 1); day < d(2027, 1, 1); day += days{1}) {
            const int fy = fiscal_year_of(day, m);
            ASSERT_LE(fiscal_year_start(fy, m), day);
            ASSERT_GT(fiscal_year_start(fy + 1, m), day);
        }
}

TEST(DeMinimisWindow, CurrentAndTwoPreviousYears) {
    EXPECT_EQ(de_minimis_window(d(2026, 5, 5), 1), (std::array<int, 3>{2024, 2025, 2026}));
    EXPECT_EQ(de_minimis_window(d(2026, 5, 5), 7), (std::array<int, 3>{2023, 2024, 2025}));
    EXPECT_FALSE(in_de_minimis_window(2023, d(2026, 12, 31), 1)) << "last day of the year: 2023 still out";
    EXPECT_TRUE(in_de_minimis_window(2024, d(2026, 12, 31), 1));
    EXPECT_TRUE(in_de_minimis_window(2024, d(2026, 1, 1), 1)) << "first day of the year: 2024 still in";
    EXPECT_FALSE(in_de_minimis_window(2024, d(2027, 1, 1), 1)) << "the next new year drops 2024";
    EXPECT_FALSE(in_de_minimis_window(2027, d(2026, 6, 1), 1)) << "a future year is not in the window";
}

TEST(DeMinimisAid, CountsOnlyTheWindow) {
    const std::vector<DeclaredAid> declared{{2023, k(100)}, {2024, k(50)}, {2025, k(60)}, {2026, k(70)}};
    EXPECT_EQ(aid_in_window(declared, {}, d(2026, 3, 1), 1), k(180));
    EXPECT_EQ(aid_in_window(declared, {}, d(2025, 12, 31), 1), k(210)) << "2023..2025";
    EXPECT_EQ(aid_in_window(declared, {}, d(2027, 1, 1), 1), k(130)) << "2025..2027";
    const std::vector<GrantedAid> granted{{d(2023, 12, 31), Money::euros(5000)}, {d(2024, 1, 1), Money::euros(2500)}};
    EXPECT_EQ(aid_in_window({}, granted, d(2026, 12, 31), 1), Money::euros(2500));
    EXPECT_EQ(aid_in_window({}, granted, d(2025, 12, 31), 1), Money::euros(7500));
    EXPECT_EQ(aid_in_window(declared, granted, d(2026, 3, 1), 1), k(180) + Money::euros(2500));
}

TEST(DeMinimisAid, WindowEdgesWithAFiscalYearFromJuly) {
    // Fiscal year 2023 = 1 Jul 2023 .. 30 Jun 2024.
    const std::vector<GrantedAid> granted{{d(2023, 7, 1), k(10)}, {d(2023, 6, 30), k(20)}};
    EXPECT_EQ(aid_in_window({}, granted, d(2026, 6, 30), 7), k(10)) << "fy 2023..2025; 30 Jun 2023 is fy 2022";
    EXPECT_EQ(aid_in_window({}, granted, d(2026, 7, 1), 7), Money{}) << "fy 2024..2026";
    EXPECT_EQ(aid_in_window({}, granted, d(2025, 6, 30), 7), k(30)) << "fy 2022..2024";
}

TEST(DeMinimisCeiling, ExactlyAtTheCeilingIsAllowedOneCentMoreIsNot) {
    const DeMinimisRule rule{k(300), 1};
    const std::vector<DeclaredAid> declared{{2024, k(100)}, {2025, k(100)}, {2026, Money::euros(95'000)}};
    EXPECT_TRUE(within_de_minimis_ceiling(rule, declared, {}, Money::euros(5000), d(2026, 6, 1)));
    EXPECT_FALSE(within_de_minimis_ceiling(rule, declared, {}, Money::cents(500'001), d(2026, 6, 1)));
    EXPECT_EQ(de_minimis_headroom(rule, declared, {}, d(2026, 6, 1)), Money::euros(5000));
    // On 1 Jan 2027 2024 drops out of the window (2025..2027: 195 000 €) and there is room again.
    EXPECT_TRUE(within_de_minimis_ceiling(rule, declared, {}, k(105), d(2027, 1, 1)));
    EXPECT_FALSE(within_de_minimis_ceiling(rule, declared, {}, k(105) + Money::cents(1), d(2027, 1, 1)));
    EXPECT_FALSE(within_de_minimis_ceiling(rule, declared, {}, k(105), d(2026, 12, 31))) << "the day before";
}

TEST(DeMinimisCeiling, ConfiguredCeilingAndNoNegativeHeadroom) {
    const DeMinimisRule rule{k(200), 1};
    const std::vector<DeclaredAid> declared{{2026, k(250)}};
    EXPECT_EQ(de_minimis_headroom(rule, declared, {}, d(2026, 6, 1)), Money{});
    EXPECT_FALSE(within_de_minimis_ceiling(rule, declared, {}, Money::cents(1), d(2026, 6, 1)));
    EXPECT_TRUE(within_de_minimis_ceiling(rule, {}, {}, k(200), d(2026, 6, 1)));
    EXPECT_EQ(DeMinimisRule{}.ceiling, k(300));
}

TEST(DeMinimisDeclaration, Errors) {
    const auto today = d(2026, 6, 1);
    EXPECT_EQ(declaration_error({}, today, 1), std::nullopt);
    EXPECT_EQ(declaration_error({{2024, Money{}}, {2025, k(1)}, {2026, k(2)}}, today, 1), std::nullopt);
    EXPECT_EQ(declaration_error({{2025, Money::cents(-1)}}, today, 1), "de_minimis.negative_amount");
    EXPECT_EQ(declaration_error({{2023, k(1)}}, today, 1), "de_minimis.year_outside_window");
    EXPECT_EQ(declaration_error({{2027, k(1)}}, today, 1), "de_minimis.year_outside_window");
    EXPECT_EQ(declaration_error({{2025, k(1)}, {2025, k(2)}}, today, 1), "de_minimis.duplicate_year");
    EXPECT_EQ(declaration_error({{2023, k(1)}}, today, 7), std::nullopt) << "fy 2023..2025 with July start";
}
