#include "vouchers/domain/ledger_check.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;

namespace {

const Money e2500 = Money::euros(2500);
const Money e5000 = Money::euros(5000);
using K = EntryKind;

// Programme 1 (budget 10 000 €) with voucher 1 (5 000 €, two orders) and voucher 2 (2 500 €,
// expired after one order was declined), and programme-less voucher 3. Everything consistent.
LedgerSnapshot healthy() {
    LedgerSnapshot s;
    s.programmes = {{1, Money::euros(10'000), std::nullopt}};
    s.vouchers = {{1, 1, e5000, VoucherStatus::active},
                  {2, 1, e2500, VoucherStatus::expired},
                  {3, std::nullopt, e2500, VoucherStatus::active}};
    s.entries = {
        {1, 1, std::nullopt, K::grant, e5000},  {2, 2, std::nullopt, K::grant, e2500},
        {3, 1, 10, K::reserve, e2500},          {4, 1, 11, K::reserve, e2500},
        {5, 1, 10, K::spend, e2500},            {6, 2, 12, K::reserve, e2500},
        {7, 2, 12, K::release, e2500},          {8, 2, std::nullopt, K::expire, e2500},
        {9, 3, std::nullopt, K::grant, e2500},
    };
    s.orders = {{10, 1, e2500, OrderMoney::spent}, {11, 1, e2500, OrderMoney::reserved},
                {12, 2, e2500, OrderMoney::released}};
    s.reported = {{1, Money{}, e2500, e2500, Money{}}, {2, Money{}, Money{}, Money{}, e2500}};
    return s;
}

std::vector<std::string> codes(const LedgerCheckReport& r) {
    std::vector<std::string> out;
    for (const auto& v : r.violations) out.push_back(v.code);
    return out;
}

// By value: callers pass the report as a temporary.
Violation only(const LedgerCheckReport& r, const std::string& code) {
    EXPECT_EQ(codes(r), std::vector<std::string>{code}) << r.to_text();
    return r.violations.empty() ? Violation{} : r.violations.front();
}

}  // namespace

TEST(LedgerCheck, HealthyLedgerPasses) {
    const auto r = check_ledger(healthy());
    EXPECT_TRUE(r.ok()) << r.to_text();
    EXPECT_EQ(r.programmes, 1u);
    EXPECT_EQ(r.vouchers, 3u);
    EXPECT_EQ(r.entries, 9u);
    EXPECT_EQ(r.orders, 3u);
    EXPECT_EQ(r.to_text(), "ledger check: 1 programmes, 3 vouchers, 9 entries, 3 orders: OK\n");
}

TEST(LedgerCheck, EntriesAreFoldedInIdOrderNotListOrder) {
    auto s = healthy();
    std::reverse(s.entries.begin(), s.entries.end());
    EXPECT_TRUE(check_ledger(s).ok()) << check_ledger(s).to_text();
    const auto pots = fold_pots({{2, 1, 10, K::reserve, e2500}, {1, 1, std::nullopt, K::grant, e5000}});
    EXPECT_EQ(pots.granted, e5000);
    EXPECT_EQ(pots.reserved, e2500);
    EXPECT_EQ(pots.available(), e2500);
}

TEST(LedgerCheck, ReserveBeyondAvailable) {
    auto s = healthy();
    s.entries.push_back({20, 1, 13, K::reserve, Money::cents(1)});  // voucher 1 had nothing left
    s.entries.push_back({21, 1, 13, K::reserve, e2500});             // still negative: no second line
    s.orders.push_back({13, 1, Money::cents(250'001), OrderMoney::reserved});
    s.reported.clear();
    const auto& v = only(check_ledger(s), "voucher.negative_available");
    EXPECT_EQ(v.subject, "voucher");
    EXPECT_EQ(v.subject_id, 1);
    EXPECT_EQ(v.entry_id, 20);
    EXPECT_EQ(v.actual, Money::cents(-1));
}

TEST(LedgerCheck, DoubleReleaseMakesReservedNegativeAndOverdrawsTheOrder) {
    auto s = healthy();
    s.entries.push_back({20, 2, 12, K::release, e2500});
    const auto r = check_ledger(s);
    // The bogus release also leaves the expired voucher 2 with money available again.
    EXPECT_EQ(codes(r), (std::vector<std::string>{"voucher.negative_reserved", "voucher.closed_with_money",
                                                  "voucher.balance_mismatch", "voucher.balance_mismatch",
                                                  "order.overdrawn", "order.money_mismatch"}))
        << r.to_text();
    EXPECT_EQ(r.violations[0].entry_id, 20);
    EXPECT_EQ(r.violations[0].actual, -e2500);
    EXPECT_EQ(r.violations[4].subject_id, 12);
    EXPECT_EQ(r.violations[4].entry_id, 20);
}

TEST(LedgerCheck, SpentTwiceIsOverspent) {
    auto s = healthy();
    s.vouchers[2].value = e2500;
    s.entries.push_back({20, 3, 14, K::reserve, e2500});
    s.entries.push_back({21, 3, 14, K::spend, e2500});
    s.entries.push_back({22, 3, 14, K::spend, e2500});  // the invoice approved twice
    s.orders.push_back({14, 3, e2500, OrderMoney::spent});
    const auto r = check_ledger(s);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"voucher.negative_reserved", "voucher.overspent",
                                                  "order.overdrawn", "order.money_mismatch"}))
        << r.to_text();
    EXPECT_EQ(r.violations[1].expected, e2500);
    EXPECT_EQ(r.violations[1].actual, e5000);
    EXPECT_EQ(r.violations[1].subject_id, 3);
}

TEST(LedgerCheck, GrantEntriesMustEqualTheVoucherValue) {
    auto s = healthy();
    s.entries.push_back({20, 3, std::nullopt, K::grant, e2500});  // granted twice
    s.reported.clear();
    auto v = only(check_ledger(s), "voucher.grant_mismatch");
    EXPECT_EQ(v.subject_id, 3);
    EXPECT_EQ(v.expected, e2500);
    EXPECT_EQ(v.actual, e5000);

    s = healthy();
    s.vouchers.push_back({4, 1, e2500, VoucherStatus::active});  // no grant entry at all
    v = only(check_ledger(s), "voucher.grant_mismatch");
    EXPECT_EQ(v.subject_id, 4);
    EXPECT_EQ(v.actual, Money{});
}

TEST(LedgerCheck, ExpiredVoucherMayNotKeepAvailableMoney) {
    auto s = healthy();
    s.entries.erase(s.entries.begin() + 7);  // voucher 2's expire entry is missing
    s.reported.clear();
    const auto& v = only(check_ledger(s), "voucher.closed_with_money");
    EXPECT_EQ(v.subject_id, 2);
    EXPECT_EQ(v.actual, e2500);
}

TEST(LedgerCheck, ExpiredVoucherMayKeepAnAcceptedOrdersReservation) {
    auto s = healthy();
    s.vouchers[0].status = VoucherStatus::expired;  // voucher 1: nothing available, order 11 reserved
    s.reported.clear();
    EXPECT_TRUE(check_ledger(s).ok()) << check_ledger(s).to_text();
    s.vouchers[0].status = VoucherStatus::spent;  // but "spent" with an open reservation is wrong
    const auto& v = only(check_ledger(s), "voucher.closed_with_money");
    EXPECT_EQ(v.actual, e2500);
}

TEST(LedgerCheck, ReportedBalanceMustMatchTheFold) {
    auto s = healthy();
    s.reported[0].available = Money::cents(1);  // e.g. a SQL sum with a sign slip
    const auto& v = only(check_ledger(s), "voucher.balance_mismatch");
    EXPECT_EQ(v.subject_id, 1);
    EXPECT_EQ(v.expected, Money{});
    EXPECT_EQ(v.actual, Money::cents(1));
    EXPECT_NE(v.detail.find("available"), std::string::npos);
}

TEST(LedgerCheck, ProgrammeOverAllocated) {
    auto s = healthy();
    s.programmes[0].budget = Money::euros(7000);  // grants are 7 500 €
    const auto& v = only(check_ledger(s), "programme.over_allocated");
    EXPECT_EQ(v.subject_id, 1);
    EXPECT_EQ(v.expected, Money::euros(7000));
    EXPECT_EQ(v.actual, Money::euros(7500));
    s.programmes[0].budget = Money::euros(7500);
    EXPECT_TRUE(check_ledger(s).ok()) << "budget fully allocated is fine";
}

TEST(LedgerCheck, ProgrammeReportedUnallocated) {
    auto s = healthy();
    s.programmes[0].reported_unallocated = Money::euros(2500);  // budget 10 000 - grants 7 500
    EXPECT_TRUE(check_ledger(s).ok());
    s.programmes[0].reported_unallocated = Money::euros(5000);
    const auto& v = only(check_ledger(s), "programme.unallocated_mismatch");
    EXPECT_EQ(v.expected, Money::euros(2500));
    EXPECT_EQ(v.actual, Money::euros(5000));
}

TEST(LedgerCheck, VoucherOfAMissingProgramme) {
    auto s = healthy();
    s.vouchers[2].programme_id = 99;
    EXPECT_EQ(only(check_ledger(s), "voucher.unknown_programme").subject_id, 3);
}

TEST(LedgerCheck, EntryProblems) {
    auto s = healthy();
    s.entries.push_back({20, 77, std::nullopt, K::grant, e2500});
    EXPECT_EQ(only(check_ledger(s), "entry.unknown_voucher").subject_id, 20);

    s = healthy();
    s.entries.push_back({20, 3, std::nullopt, K::reserve, Money::cents(100)});
    s.entries.push_back({21, 3, std::nullopt, K::release, Money::cents(100)});
    auto r = check_ledger(s);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"entry.missing_order", "entry.missing_order"})) << r.to_text();

    s = healthy();
    s.entries.push_back({20, 3, 99, K::reserve, Money::cents(100)});
    s.entries.push_back({21, 3, 99, K::release, Money::cents(100)});
    r = check_ledger(s);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"entry.unknown_order", "entry.unknown_order"})) << r.to_text();

    s = healthy();
    s.entries.push_back({20, 3, 11, K::reserve, Money::cents(100)});  // order 11 uses voucher 1
    s.entries.push_back({21, 3, 11, K::release, Money::cents(100)});
    r = check_ledger(s);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"entry.order_voucher_mismatch", "entry.order_voucher_mismatch"}))
        << r.to_text();

    s = healthy();
    s.entries.push_back({20, 3, std::nullopt, K::expire, Money{}});
    r = check_ledger(s);
    EXPECT_EQ(codes(r), std::vector<std::string>{"entry.non_positive_amount"}) << r.to_text();
}

TEST(LedgerCheck, OrderMoneyMustMatchItsStatus) {
    auto s = healthy();
    s.orders[1].expected = OrderMoney::released;  // order 11 cancelled but its reservation never released
    auto v = only(check_ledger(s), "order.money_mismatch");
    EXPECT_EQ(v.subject_id, 11);
    EXPECT_EQ(v.actual, e2500);
    EXPECT_NE(v.detail.find("released"), std::string::npos);

    s = healthy();
    s.orders[0].expected = OrderMoney::reserved;  // order 10 not invoiced but money spent
    EXPECT_EQ(only(check_ledger(s), "order.money_mismatch").subject_id, 10);

    s = healthy();
    s.orders.push_back({15, 3, e2500, OrderMoney::reserved});  // placed without a reserve entry
    EXPECT_EQ(only(check_ledger(s), "order.money_mismatch").subject_id, 15);
}

TEST(LedgerCheck, CancelledMoneyIsItsOwnPotButReportedWithExpired) {
    auto s = healthy();
    s.vouchers[2].status = VoucherStatus::cancelled;
    s.entries.push_back({20, 3, std::nullopt, K::cancel, e2500});
    s.reported.push_back({3, Money{}, Money{}, Money{}, e2500});
    EXPECT_TRUE(check_ledger(s).ok()) << check_ledger(s).to_text();
    const auto pots = fold_pots({{1, 3, std::nullopt, K::grant, e2500}, {2, 3, std::nullopt, K::cancel, e2500}});
    EXPECT_EQ(pots.cancelled, e2500);
    EXPECT_EQ(pots.expired, Money{});
    EXPECT_EQ(pots.available(), Money{});
    EXPECT_EQ(pots.granted, pots.available() + pots.reserved + pots.spent + pots.expired + pots.cancelled);
}

TEST(LedgerCheck, ReportTextNamesIdsAndAmounts) {
    auto s = healthy();
    s.programmes[0].budget = Money::euros(7000);
    s.entries.push_back({20, 1, 13, K::reserve, Money::cents(1)});
    s.orders.push_back({13, 1, Money::cents(1), OrderMoney::reserved});
    s.reported.clear();
    const auto r = check_ledger(s);
    EXPECT_FALSE(r.ok());
    const auto text = r.to_text();
    EXPECT_NE(text.find("2 violation(s)"), std::string::npos) << text;
    EXPECT_NE(text.find("voucher 1: voucher.negative_available at entry 20: expected 0.00, actual -0.01"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("programme 1: programme.over_allocated: expected 7000.00, actual 7500.00"),
              std::string::npos)
        << text;
}
