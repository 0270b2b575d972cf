#include "vouchers/domain/programme.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;
using namespace std::chrono;

namespace {

constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days(year(y) / month(m) / day(dd)); }

// Seed 000: 2 500 € or 5 000 €, at most 5 000 € per business, valid 6 months.
VoucherProgramme seed000() {
    VoucherProgramme p;
    p.id = 1;
    p.name = "Yrityspalveluseteli 2026";
    p.customer_type = CustomerType::business;
    p.denominations = {Money::euros(2500), Money::euros(5000)};
    p.max_per_customer = Money::euros(5000);
    p.validity_months = 6;
    p.budget = Money::euros(200'000);
    p.service_description_ids = {3, 4, 9};
    p.application_start = d(2026, 2, 1);
    p.application_end = d(2026, 11, 30);
    p.de_minimis = true;
    return p;
}

}  // namespace

TEST(Programme, Seed000IsValid) {
    EXPECT_TRUE(programme_errors(seed000()).empty());
    EXPECT_EQ(programme_error(seed000()), std::nullopt);
    EXPECT_EQ(seed000().de_minimis_ceiling, Money::euros(300'000)) << "the EU ceiling by default";
    EXPECT_EQ(seed000().fiscal_year_start_month, 1u) << "calendar year by default";
}

struct ProgrammeCase {
    const char* name;
    void (*change)(VoucherProgramme&);
    const char* field;
    const char* key;
};

class ProgrammeInvalid : public testing::TestWithParam<ProgrammeCase> {};

TEST_P(ProgrammeInvalid, NamesTheFieldAndKey) {
    auto p = seed000();
    GetParam().change(p);
    const auto e = programme_errors(p);
    ASSERT_TRUE(e.count(GetParam().field)) << GetParam().name;
    EXPECT_EQ(e.at(GetParam().field), GetParam().key);
    EXPECT_EQ(e.size(), 1u) << "one problem, one field";
    EXPECT_EQ(programme_error(p), GetParam().key);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProgrammeInvalid,
    testing::Values(
        ProgrammeCase{"empty name", [](VoucherProgramme& p) { p.name = " \t "; }, "name", "programme.name_required"},
        ProgrammeCase{"long name", [](VoucherProgramme& p) { p.name = std::string(201, 'x'); }, "name",
                      "programme.name_too_long"},
        ProgrammeCase{"broken utf8", [](VoucherProgramme& p) { p.name = "Seteli \xC3"; }, "name",
                      "programme.name_invalid_text"},
        ProgrammeCase{"control char", [](VoucherProgramme& p) { p.name = "Seteli\x1B"; }, "name",
                      "programme.name_control_chars"},
        ProgrammeCase{"no denominations", [](VoucherProgramme& p) { p.denominations.clear(); }, "denominations",
                      "programme.no_denominations"},
        ProgrammeCase{"zero denomination", [](VoucherProgramme& p) { p.denominations.push_back(Money{}); },
                      "denominations", "programme.denomination_not_positive"},
        ProgrammeCase{"negative denomination",
                      [](VoucherProgramme& p) { p.denominations.push_back(Money::euros(-1)); }, "denominations",
                      "programme.denomination_not_positive"},
        ProgrammeCase{"duplicate denomination",
                      [](VoucherProgramme& p) { p.denominations.push_back(Money::euros(2500)); }, "denominations",
                      "programme.denomination_duplicate"},
        ProgrammeCase{"denomination over cap",
                      [](VoucherProgramme& p) { p.denominations.push_back(Money::cents(500'001)); }, "denominations",
                      "programme.denomination_over_customer_cap"},
        ProgrammeCase{"zero cap", [](VoucherProgramme& p) { p.max_per_customer = Money{}; }, "max_per_customer",
                      "programme.customer_cap_not_positive"},
        ProgrammeCase{"zero months", [](VoucherProgramme& p) { p.validity_months = 0; }, "validity_months",
                      "programme.validity_months_out_of_range"},
        ProgrammeCase{"61 months", [](VoucherProgramme& p) { p.validity_months = 61; }, "validity_months",
                      "programme.validity_months_out_of_range"},
        ProgrammeCase{"zero budget", [](VoucherProgramme& p) { p.budget = Money{}; }, "budget",
                      "programme.budget_not_positive"},
        ProgrammeCase{"budget below smallest", [](VoucherProgramme& p) { p.budget = Money::cents(249'999); },
                      "budget", "programme.budget_below_denomination"},
        ProgrammeCase{"no services", [](VoucherProgramme& p) { p.service_description_ids.clear(); },
                      "service_description_ids", "programme.no_service_descriptions"},
        ProgrammeCase{"duplicate service", [](VoucherProgramme& p) { p.service_description_ids.push_back(3); },
                      "service_description_ids", "programme.service_description_duplicate"},
        ProgrammeCase{"period reversed", [](VoucherProgramme& p) { p.application_end = d(2026, 1, 31); },
                      "application_end", "programme.application_period_reversed"},
        ProgrammeCase{"de minimis for persons",
                      [](VoucherProgramme& p) { p.customer_type = CustomerType::person; }, "de_minimis",
                      "programme.de_minimis_for_person"},
        ProgrammeCase{"zero ceiling", [](VoucherProgramme& p) { p.de_minimis_ceiling = Money{}; },
                      "de_minimis_ceiling", "programme.de_minimis_ceiling_not_positive"},
        ProgrammeCase{"month 0", [](VoucherProgramme& p) { p.fiscal_year_start_month = 0; },
                      "fiscal_year_start_month", "programme.fiscal_year_start_month_out_of_range"},
        ProgrammeCase{"month 13", [](VoucherProgramme& p) { p.fiscal_year_start_month = 13; },
                      "fiscal_year_start_month", "programme.fiscal_year_start_month_out_of_range"}));

TEST(Programme, EdgesThatAreFine) {
    auto p = seed000();
    p.name = std::string(200, 'x');
    p.validity_months = 60;
    p.application_end = p.application_start;  // a one-day period
    p.budget = Money::euros(2500);            // exactly one smallest voucher
    EXPECT_TRUE(programme_errors(p).empty()) << programme_error(p).value_or("");
    p.denominations = {Money::euros(5000)};   // equal to the cap
    p.budget = Money::euros(5000);
    EXPECT_TRUE(programme_errors(p).empty()) << programme_error(p).value_or("");
    p = seed000();
    p.customer_type = CustomerType::person;
    p.de_minimis = false;
    p.de_minimis_ceiling = Money{};  // ignored without de minimis
    EXPECT_TRUE(programme_errors(p).empty()) << programme_error(p).value_or("");
}

TEST(Programme, SeveralProblemsOnePerFieldFirstInFieldOrder) {
    auto p = seed000();
    p.name = "";
    p.budget = Money{};
    p.denominations = {Money{}, Money{}};
    const auto e = programme_errors(p);
    EXPECT_EQ(e.size(), 3u);
    EXPECT_EQ(e.at("denominations"), "programme.denomination_not_positive");
    EXPECT_EQ(programme_error(p), "programme.name_required");
    p.name = "ok";
    EXPECT_EQ(programme_error(p), "programme.denomination_not_positive");
}

TEST(Programme, ApplicationPeriodIsInclusive) {
    const auto p = seed000();
    EXPECT_FALSE(accepts_applications(p, d(2026, 1, 31)));
    EXPECT_TRUE(accepts_applications(p, d(2026, 2, 1)));
    EXPECT_TRUE(accepts_applications(p, d(2026, 11, 30)));
    EXPECT_FALSE(accepts_applications(p, d(2026, 12, 1)));
}

TEST(Programme, DenominationsAndServices) {
    const auto p = seed000();
    EXPECT_TRUE(is_denomination(p, Money::euros(2500)));
    EXPECT_TRUE(is_denomination(p, Money::euros(5000)));
    EXPECT_FALSE(is_denomination(p, Money::cents(250'001)));
    EXPECT_FALSE(is_denomination(p, Money::euros(7500)));
    EXPECT_TRUE(may_buy(p, 4));
    EXPECT_FALSE(may_buy(p, 5));
    EXPECT_EQ(to_string(CustomerType::business), "business");
    EXPECT_EQ(customer_type_from("person"), CustomerType::person);
    EXPECT_EQ(customer_type_from("Person"), std::nullopt);
}

struct ValidityCase {
    sys_days granted;
    int months;
    sys_days until;
};

class Validity : public testing::TestWithParam<ValidityCase> {};

TEST_P(Validity, SameDayNMonthsLaterClampedToMonthEnd) {
    EXPECT_EQ(voucher_valid_until(GetParam().granted, GetParam().months), GetParam().until);
}

INSTANTIATE_TEST_SUITE_P(Table, Validity,
                         testing::Values(ValidityCase{d(2026, 1, 15), 6, d(2026, 7, 15)},
                                         ValidityCase{d(2026, 8, 31), 6, d(2027, 2, 28)},   // clamped
                                         ValidityCase{d(2027, 8, 31), 6, d(2028, 2, 29)},   // leap year
                                         ValidityCase{d(2026, 8, 30), 6, d(2027, 2, 28)},
                                         ValidityCase{d(2026, 8, 28), 6, d(2027, 2, 28)},   // not clamped
                                         ValidityCase{d(2026, 12, 31), 6, d(2027, 6, 30)},
                                         ValidityCase{d(2026, 3, 31), 6, d(2026, 9, 30)},
                                         ValidityCase{d(2026, 7, 31), 6, d(2027, 1, 31)},   // across the year
                                         ValidityCase{d(2026, 1, 31), 1, d(2026, 2, 28)},
                                         ValidityCase{d(2026, 2, 28), 1, d(2026, 3, 28)},   // not month end → end
                                         ValidityCase{d(2026, 5, 1), 12, d(2027, 5, 1)},
                                         ValidityCase{d(2026, 1, 1), 60, d(2031, 1, 1)}));

TEST(Validity, RefusesNonPositiveMonthsAndResultIsAlwaysAValidDate) {
    EXPECT_THROW(voucher_valid_until(d(2026, 1, 1), 0), std::invalid_argument);
    EXPECT_THROW(voucher_valid_until(d(2026, 1, 1), -6), std::invalid_argument);
    for (sys_days g = d(2026, 1, 1); g < d(2029, 1, 1); g += days{1})
        for (int m : {1, 6, 13}) {
            const auto u = voucher_valid_until(g, m);
            ASSERT_TRUE(year_month_day{u}.ok());
            EXPECT_GT(u, g);
            // Never runs into the month after the target month.
            const auto target = year_month{year_month_day{g}.year(), year_month_day{g}.month()} + months{m};
            const year_month_day ymd{u};
            EXPECT_EQ((year_month{ymd.year(), ymd.month()}), target) << "granted " << static_cast<int>(year_month_day{g}.year());
        }
}

TEST(Validity, ReminderThirtyDaysBeforeButNotBeforeTheGrant) {
    EXPECT_EQ(reminder_date(d(2026, 1, 15), d(2026, 7, 15)), d(2026, 6, 15));
    EXPECT_EQ(reminder_date(d(2026, 8, 31), d(2027, 2, 28)), d(2027, 1, 29));
    EXPECT_EQ(reminder_date(d(2026, 1, 31), d(2026, 2, 28)), d(2026, 1, 31)) << "one-month voucher";
    EXPECT_EQ(kReminderDaysBefore, 30);
}

TEST(Validity, PastValidityOnlyAfterTheLastDay) {
    EXPECT_FALSE(is_past_validity(d(2026, 7, 15), d(2026, 7, 14)));
    EXPECT_FALSE(is_past_validity(d(2026, 7, 15), d(2026, 7, 15))) << "the last day is included";
    EXPECT_TRUE(is_past_validity(d(2026, 7, 15), d(2026, 7, 16)));
}
