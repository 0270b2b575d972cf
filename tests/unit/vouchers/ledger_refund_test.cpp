// The `refund` entry kind (issue 6): a credit note moves what an approved invoice spent back to
// available; the ledger and its check accept it only up to what was spent.
#include "vouchers/domain/ledger.hpp"
#include "vouchers/domain/ledger_check.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;
using K = EntryKind;

TEST(LedgerRefund, MovesSpentBackToAvailable) {
    auto b = balance_of({{K::grant, Money::euros(2500)}, {K::reserve, Money::euros(2500)}, {K::spend, Money::euros(2000)},
                         {K::release, Money::euros(500)}, {K::refund, Money::euros(2000)}});
    EXPECT_EQ(b.spent, Money{});
    EXPECT_EQ(b.reserved, Money{});
    EXPECT_EQ(b.available(), Money::euros(2500));
    EXPECT_EQ(entry_kind_from("refund"), std::optional<EntryKind>(K::refund));
}

TEST(LedgerRefund, NeverMoreThanSpent) {
    auto b = balance_of({{K::grant, Money::euros(2500)}, {K::reserve, Money::euros(1000)}, {K::spend, Money::euros(1000)}});
    const auto before = b;
    EXPECT_THROW(b.apply({K::refund, Money::cents(100'001)}), std::logic_error);
    EXPECT_EQ(b.spent, before.spent);
    EXPECT_NO_THROW(b.apply({K::refund, Money::euros(1000)}));
    EXPECT_EQ(b.available(), Money::euros(2500));
}

namespace {

// Voucher 1 (2 500 €): order 10 invoiced for 2 000 € (500 € released), then credited.
LedgerSnapshot credited() {
    LedgerSnapshot s;
    s.vouchers = {{1, std::nullopt, Money::euros(2500), VoucherStatus::active}};
    s.entries = {{1, 1, std::nullopt, K::grant, Money::euros(2500)}, {2, 1, 10, K::reserve, Money::euros(2500)},
                 {3, 1, 10, K::spend, Money::euros(2000)},          {4, 1, 10, K::release, Money::euros(500)},
                 {5, 1, 10, K::refund, Money::euros(2000)}};
    s.orders = {{10, 1, Money::euros(2500), OrderMoney::spent}};
    s.reported = {{1, Money::euros(2500), Money{}, Money{}, Money{}}};
    return s;
}

std::vector<std::string> codes(const LedgerCheckReport& r) {
    std::vector<std::string> out;
    for (const auto& v : r.violations) out.push_back(v.code);
    return out;
}

}  // namespace

TEST(LedgerCheckRefund, CreditedOrderIsConsistent) {
    const auto r = check_ledger(credited());
    EXPECT_TRUE(r.ok()) << r.to_text();
}

TEST(LedgerCheckRefund, PartialSpendOfAnInvoicedOrderIsFine) {
    auto s = credited();
    s.entries.pop_back();  // approved, not credited: spent 2 000 of a 2 500 price
    s.reported = {{1, Money::euros(500), Money{}, Money::euros(2000), Money{}}};
    EXPECT_TRUE(check_ledger(s).ok()) << check_ledger(s).to_text();
}

TEST(LedgerCheckRefund, RefundBeyondSpentIsCaught) {
    auto s = credited();
    s.entries.push_back({6, 1, 10, K::refund, Money::euros(1)});
    s.reported.clear();
    const auto r = check_ledger(s);
    EXPECT_EQ(codes(r), (std::vector<std::string>{"voucher.negative_spent", "order.over_refunded", "order.money_mismatch"}))
        << r.to_text();
}

TEST(LedgerCheckRefund, RefundNeedsAnOrder) {
    auto s = credited();
    s.entries[4].order_id = std::nullopt;
    s.reported.clear();
    const auto r = check_ledger(s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.violations.front().code, "entry.missing_order") << r.to_text();
}

TEST(LedgerCheckRefund, InvoicedOrderStillHoldingMoneyIsCaught) {
    auto s = credited();
    s.entries.erase(s.entries.begin() + 3);  // the rest of the reservation never released
    s.reported.clear();
    const auto r = check_ledger(s);
    EXPECT_EQ(codes(r), std::vector<std::string>{"order.money_mismatch"}) << r.to_text();
}

TEST(LedgerCheckRefund, ReservedOrderMayNotHaveSpent) {
    auto s = credited();
    s.orders[0].expected = OrderMoney::reserved;
    s.reported.clear();
    EXPECT_EQ(codes(check_ledger(s)), std::vector<std::string>{"order.money_mismatch"});
}
