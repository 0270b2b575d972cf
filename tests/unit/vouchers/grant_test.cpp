#include "vouchers/domain/grant.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;
using namespace std::chrono;

namespace {

constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days(year(y) / month(m) / day(dd)); }
const Money e2500 = Money::euros(2500);
const Money e5000 = Money::euros(5000);

VoucherProgramme programme(bool de_minimis = false) {
    VoucherProgramme p;
    p.name = "Yrityspalveluseteli";
    p.customer_type = CustomerType::business;
    p.denominations = {e2500, e5000};
    p.max_per_customer = e5000;
    p.validity_months = 6;
    p.budget = Money::euros(100'000);
    p.service_description_ids = {1};
    p.application_start = d(2026, 2, 1);
    p.application_end = d(2026, 11, 30);
    p.de_minimis = de_minimis;
    return p;
}

GrantRequest request(Money denomination = e2500) {
    GrantRequest r;
    r.customer_type = CustomerType::business;
    r.denomination = denomination;
    r.applied_on = d(2026, 3, 2);
    r.today = d(2026, 3, 9);
    r.declared_aid = std::vector<DeclaredAid>{};
    return r;
}

}  // namespace

TEST(Grant, PlainGrantIsAllowed) {
    EXPECT_EQ(check_grant(programme(), request()), std::nullopt);
    EXPECT_EQ(check_grant(programme(), request(e5000)), std::nullopt);
    EXPECT_EQ(check_grant(programme(true), request(e5000)), std::nullopt);
}

TEST(Grant, CustomerCapTwoTimes2500OrOnce5000) {
    const auto p = programme();
    auto r = request();
    r.customer_grants = {{1, e2500, d(2026, 2, 10)}};
    EXPECT_EQ(check_grant(p, r), std::nullopt) << "second 2 500 € reaches the cap exactly";
    r.denomination = e5000;
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_customer_cap);
    r.denomination = e2500;
    r.customer_grants.push_back({2, e2500, d(2026, 2, 20)});
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_customer_cap) << "third 2 500 €";
    r.customer_grants = {{3, e5000, d(2026, 2, 10)}};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_customer_cap) << "after one 5 000 €";
    EXPECT_EQ(message_key(GrantRefusal::over_customer_cap), "grant.over_customer_cap");
    EXPECT_EQ(remaining_customer_cap(p, r.customer_grants), Money{});
    EXPECT_EQ(remaining_customer_cap(p, {{1, e2500, d(2026, 2, 10)}}), e2500);
    EXPECT_EQ(remaining_customer_cap(p, {}), e5000);
}

TEST(Grant, BudgetToTheLastCent) {
    const auto p = programme();
    auto r = request();
    r.allocated = p.budget - e2500;
    EXPECT_EQ(check_grant(p, r), std::nullopt) << "uses the budget exactly";
    r.allocated += Money::cents(1);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_budget);
    r.allocated = p.budget;
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_budget);
    EXPECT_EQ(message_key(GrantRefusal::over_budget), "grant.over_budget");
    EXPECT_EQ(remaining_budget(p, p.budget - e2500), e2500);
    EXPECT_EQ(remaining_budget(p, p.budget + e2500), Money{}) << "never negative";
}

TEST(Grant, OnlyTheProgrammesDenominations) {
    const auto p = programme();
    for (Money m : {Money::euros(1000), Money::cents(250'001), Money{}, Money::euros(-2500), Money::euros(7500)}) {
        EXPECT_EQ(check_grant(p, request(m)), GrantRefusal::not_a_denomination) << m.decimal();
    }
    EXPECT_EQ(message_key(GrantRefusal::not_a_denomination), "grant.not_a_denomination");
}

TEST(Grant, CustomerType) {
    auto r = request();
    r.customer_type = CustomerType::person;
    EXPECT_EQ(check_grant(programme(), r), GrantRefusal::wrong_customer_type);
    EXPECT_EQ(message_key(GrantRefusal::wrong_customer_type), "grant.wrong_customer_type");
}

TEST(Grant, ApplicationPeriodOnTheApplicationDay) {
    const auto p = programme();
    auto r = request();
    r.applied_on = d(2026, 11, 30);
    r.today = d(2026, 12, 10);
    EXPECT_EQ(check_grant(p, r), std::nullopt) << "applied on the last day, decided later";
    r.applied_on = d(2026, 12, 1);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::outside_application_period);
    r.applied_on = d(2026, 1, 31);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::outside_application_period);
    r.applied_on = d(2026, 2, 1);
    EXPECT_EQ(check_grant(p, r), std::nullopt);
    EXPECT_EQ(message_key(GrantRefusal::outside_application_period), "grant.outside_application_period");
}

TEST(Grant, DeMinimisNeedsADeclaration) {
    const auto p = programme(true);
    auto r = request();
    r.declared_aid.reset();
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_not_declared);
    EXPECT_EQ(check_grant(programme(false), r), std::nullopt) << "not asked outside de minimis";
    r.declared_aid = std::vector<DeclaredAid>{{2022, Money::euros(1)}};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_declaration_invalid);
    EXPECT_EQ(message_key(GrantRefusal::de_minimis_not_declared), "grant.de_minimis_not_declared");
    EXPECT_EQ(message_key(GrantRefusal::de_minimis_declaration_invalid), "grant.de_minimis_declaration_invalid");
}

TEST(Grant, DeMinimisCeilingCountsDeclaredAndEarlierGrants) {
    const auto p = programme(true);
    auto r = request();
    // 292 500 € declared + an earlier 2 500 € voucher from this programme + 2 500 € now = 297 500 €.
    r.declared_aid = std::vector<DeclaredAid>{{2024, Money::euros(100'000)}, {2025, Money::euros(192'500)}};
    r.customer_grants = {{1, e2500, d(2026, 2, 10)}};
    EXPECT_EQ(check_grant(p, r), std::nullopt);
    r.other_programme_aid = {{d(2025, 5, 1), Money::euros(2500)}};
    EXPECT_EQ(check_grant(p, r), std::nullopt) << "exactly 300 000 €";
    r.other_programme_aid = {{d(2025, 5, 1), Money::cents(250'001)}};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_ceiling);
    EXPECT_EQ(message_key(GrantRefusal::de_minimis_ceiling), "grant.de_minimis_ceiling");
    // Aid from 2023 does not count in 2026.
    r.other_programme_aid = {{d(2023, 12, 31), Money::euros(100'000)}};
    EXPECT_EQ(check_grant(p, r), std::nullopt);
    // A lower ceiling set by the programme.
    auto low = p;
    low.de_minimis_ceiling = Money::euros(200'000);
    EXPECT_EQ(check_grant(low, r), GrantRefusal::de_minimis_ceiling);
    // The same declaration in a programme without de minimis is not checked.
    EXPECT_EQ(check_grant(programme(false), r), std::nullopt);
}

TEST(Grant, DeMinimisWindowMovesWithTheDecisionDay) {
    const auto p = programme(true);
    auto r = request();
    r.declared_aid = std::vector<DeclaredAid>{{2024, Money::euros(298'000)}};
    r.applied_on = d(2026, 11, 30);
    r.today = d(2026, 12, 31);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_ceiling) << "2024 still counts on 31 Dec 2026";
    r.today = d(2027, 1, 1);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_declaration_invalid)
        << "on 1 Jan 2027 a 2024 declaration is outside the window: ask again";
    r.declared_aid = std::vector<DeclaredAid>{};
    EXPECT_EQ(check_grant(p, r), std::nullopt);
}

TEST(Grant, RefusalOrderMostBasicFirst) {
    const auto p = programme(true);
    GrantRequest r;
    r.customer_type = CustomerType::person;
    r.denomination = Money::euros(1);
    r.applied_on = d(2020, 1, 1);
    r.today = d(2020, 1, 1);
    r.allocated = p.budget;
    r.customer_grants = {{1, e5000, d(2020, 1, 1)}};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::wrong_customer_type);
    r.customer_type = CustomerType::business;
    EXPECT_EQ(check_grant(p, r), GrantRefusal::outside_application_period);
    r.applied_on = d(2026, 3, 1);
    r.today = d(2026, 3, 1);
    EXPECT_EQ(check_grant(p, r), GrantRefusal::not_a_denomination);
    r.denomination = e2500;
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_customer_cap);
    r.customer_grants.clear();
    EXPECT_EQ(check_grant(p, r), GrantRefusal::over_budget);
    r.allocated = Money{};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_not_declared);
    r.declared_aid = std::vector<DeclaredAid>{{2026, Money::euros(300'000)}};
    EXPECT_EQ(check_grant(p, r), GrantRefusal::de_minimis_ceiling);
}

TEST(Grant, GrantableDenominations) {
    const auto p = programme();
    using V = std::vector<Money>;
    EXPECT_EQ(grantable_denominations(p, Money{}, {}), (V{e2500, e5000}));
    EXPECT_EQ(grantable_denominations(p, Money{}, {{1, e2500, d(2026, 2, 1)}}), V{e2500});
    EXPECT_EQ(grantable_denominations(p, p.budget - Money::euros(4000), {}), V{e2500});
    EXPECT_EQ(grantable_denominations(p, p.budget, {}), V{});
    // Each offered value passes check_grant.
    for (Money m : grantable_denominations(p, p.budget - Money::euros(4000), {})) {
        auto r = request(m);
        r.allocated = p.budget - Money::euros(4000);
        EXPECT_EQ(check_grant(p, r), std::nullopt);
    }
}

TEST(Grant, DatesOfAGrantedVoucher) {
    const auto g = grant_dates(programme(), d(2026, 8, 31));
    EXPECT_EQ(g.valid_from, d(2026, 8, 31));
    EXPECT_EQ(g.valid_until, d(2027, 2, 28));
    EXPECT_EQ(g.remind_on, d(2027, 1, 29));
}
