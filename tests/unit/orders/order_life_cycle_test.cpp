// The full order life cycle of issue 5: refusal reasons, owners, and the money each path moves,
// checked against the voucher ledger invariants.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "orders/domain/order.hpp"
#include "vouchers/domain/ledger_check.hpp"

using namespace pt::orders;
using pt::Money;
namespace v = pt::vouchers;

namespace {

const std::vector<OrderStatus> statuses{OrderStatus::requested, OrderStatus::accepted, OrderStatus::declined,
                                        OrderStatus::in_progress, OrderStatus::ended, OrderStatus::reported,
                                        OrderStatus::invoiced, OrderStatus::paid, OrderStatus::cancelled};
const std::vector<Role> roles{Role::organizer_admin, Role::procurement_officer, Role::finance_officer,
                              Role::coordinator,     Role::provider_user,       Role::customer,
                              Role::counsellor,      Role::system};
const std::vector<OrderAction> actions{OrderAction::accept, OrderAction::decline, OrderAction::cancel,
                                       OrderAction::start,  OrderAction::end,     OrderAction::report,
                                       OrderAction::invoice, OrderAction::pay,    OrderAction::expire};

// Which (status, action) steps exist, written out independently of the table.
const std::set<std::pair<OrderStatus, OrderAction>> steps{
    {OrderStatus::requested, OrderAction::accept},   {OrderStatus::requested, OrderAction::decline},
    {OrderStatus::requested, OrderAction::cancel},   {OrderStatus::requested, OrderAction::expire},
    {OrderStatus::accepted, OrderAction::cancel},    {OrderStatus::accepted, OrderAction::start},
    {OrderStatus::in_progress, OrderAction::cancel}, {OrderStatus::in_progress, OrderAction::end},
    {OrderStatus::ended, OrderAction::cancel},       {OrderStatus::ended, OrderAction::report},
    {OrderStatus::reported, OrderAction::cancel},    {OrderStatus::reported, OrderAction::invoice},
    {OrderStatus::invoiced, OrderAction::pay},
};

}  // namespace

TEST(OrderTransitionRefusal, WrongStatusOrWrongRole) {
    int allowed = 0, wrong_role = 0, wrong_status = 0;
    for (auto s : statuses)
        for (auto a : actions)
            for (auto r : roles) {
                const auto got = check_transition(s, a, r);
                const bool step_exists = steps.count({s, a}) > 0;
                const std::string where = std::string(to_string(s)) + " " + std::string(to_string(a)) + " as " +
                                          std::string(pt::to_string(r));
                if (!step_exists) {
                    EXPECT_EQ(got, TransitionRefusal::wrong_status) << where;
                    EXPECT_EQ(next_status(s, a, r), std::nullopt) << where;
                    ++wrong_status;
                } else if (got) {
                    EXPECT_EQ(*got, TransitionRefusal::wrong_role) << where;
                    EXPECT_EQ(next_status(s, a, r), std::nullopt) << where;
                    ++wrong_role;
                } else {
                    EXPECT_TRUE(next_status(s, a, r).has_value()) << where;
                    ++allowed;
                }
            }
    EXPECT_EQ(allowed, 19);
    EXPECT_EQ(wrong_status, (9 * 9 - 13) * 8);
    EXPECT_EQ(wrong_role, 13 * 8 - 19);
    EXPECT_EQ(message_key(TransitionRefusal::wrong_role), "order.transition_wrong_role");
    EXPECT_EQ(message_key(TransitionRefusal::wrong_status), "order.transition_wrong_status");
}

TEST(OrderTransitionRefusal, CustomerCannotCancelAfterAcceptance) {
    for (auto s : {OrderStatus::accepted, OrderStatus::in_progress, OrderStatus::ended, OrderStatus::reported}) {
        EXPECT_EQ(check_transition(s, OrderAction::cancel, Role::customer), TransitionRefusal::wrong_role);
        EXPECT_EQ(check_transition(s, OrderAction::cancel, Role::counsellor), TransitionRefusal::wrong_role);
        EXPECT_EQ(check_transition(s, OrderAction::cancel, Role::provider_user), TransitionRefusal::wrong_role);
        EXPECT_EQ(next_status(s, OrderAction::cancel, Role::organizer_admin), OrderStatus::cancelled);
    }
    // Not even by agreement once the invoice is approved: the money is spent.
    for (auto r : roles) {
        EXPECT_EQ(check_transition(OrderStatus::invoiced, OrderAction::cancel, r), TransitionRefusal::wrong_status);
        EXPECT_EQ(check_transition(OrderStatus::paid, OrderAction::cancel, r), TransitionRefusal::wrong_status);
    }
}

TEST(OrderTransitionRefusal, OnlyTheSystemExpiresAndOnlyBeforeAcceptance) {
    EXPECT_EQ(next_status(OrderStatus::requested, OrderAction::expire, Role::system), OrderStatus::cancelled);
    for (auto r : roles) {
        if (r != Role::system) {
            EXPECT_EQ(check_transition(OrderStatus::requested, OrderAction::expire, r), TransitionRefusal::wrong_role);
        }
    }
    for (auto s : statuses) {
        if (s != OrderStatus::requested) {
            EXPECT_EQ(check_transition(s, OrderAction::expire, Role::system), TransitionRefusal::wrong_status);
        }
    }
}

TEST(OrderOwners, MatchTheTable) {
    EXPECT_EQ(owners(OrderStatus::requested, OrderAction::accept), std::vector<Role>{Role::provider_user});
    EXPECT_EQ(owners(OrderStatus::reported, OrderAction::invoice),
              (std::vector<Role>{Role::organizer_admin, Role::finance_officer, Role::system}));
    EXPECT_EQ(owners(OrderStatus::paid, OrderAction::pay), std::vector<Role>{});
    for (auto s : statuses)
        for (auto a : actions) EXPECT_EQ(owners(s, a).empty(), steps.count({s, a}) == 0);
    // Provider steps belong to the provider alone.
    for (auto [s, a] : {std::pair{OrderStatus::requested, OrderAction::accept},
                        {OrderStatus::requested, OrderAction::decline},
                        {OrderStatus::accepted, OrderAction::start},
                        {OrderStatus::in_progress, OrderAction::end},
                        {OrderStatus::ended, OrderAction::report}})
        EXPECT_EQ(owners(s, a), std::vector<Role>{Role::provider_user});
}

TEST(OrderMoney, ByStatus) {
    EXPECT_EQ(money_effect_of_placing(), MoneyEffect::reserve);
    EXPECT_EQ(ledger_entry_kind(MoneyEffect::reserve), v::EntryKind::reserve);
    EXPECT_EQ(ledger_entry_kind(MoneyEffect::release), v::EntryKind::release);
    EXPECT_EQ(ledger_entry_kind(MoneyEffect::spend), v::EntryKind::spend);
    EXPECT_EQ(ledger_entry_kind(MoneyEffect::none), std::nullopt);
    const std::map<OrderStatus, v::OrderMoney> want{
        {OrderStatus::requested, v::OrderMoney::reserved}, {OrderStatus::accepted, v::OrderMoney::reserved},
        {OrderStatus::in_progress, v::OrderMoney::reserved}, {OrderStatus::ended, v::OrderMoney::reserved},
        {OrderStatus::reported, v::OrderMoney::reserved},  {OrderStatus::invoiced, v::OrderMoney::spent},
        {OrderStatus::paid, v::OrderMoney::spent},         {OrderStatus::declined, v::OrderMoney::released},
        {OrderStatus::cancelled, v::OrderMoney::released}};
    for (auto s : statuses) EXPECT_EQ(order_money(s), want.at(s)) << to_string(s);
}

// Every path through the table, from placing to a final status (or stopping anywhere), written
// to a ledger as the use cases would: the ledger check passes and the order's money matches
// its status. A money effect in the wrong place (e.g. spend on pay) would fail here.
TEST(OrderMoney, EveryPathKeepsTheLedgerInvariants) {
    const Money price = Money::euros(2500);
    int paths = 0;
    std::function<void(OrderStatus, std::vector<v::LedgerRow>)> walk = [&](OrderStatus s,
                                                                           std::vector<v::LedgerRow> rows) {
        ++paths;
        v::LedgerSnapshot snap;
        snap.vouchers = {{1, std::nullopt, Money::euros(5000), v::VoucherStatus::active}};
        snap.entries = rows;
        snap.orders = {{10, 1, price, order_money(s)}};
        const auto report = v::check_ledger(snap);
        EXPECT_TRUE(report.ok()) << "ending in " << to_string(s) << "\n" << report.to_text();
        for (const auto& t : transitions()) {
            if (t.from != s) continue;
            auto next = rows;
            if (auto kind = ledger_entry_kind(money_effect(t.action)))
                next.push_back({static_cast<std::int64_t>(next.size() + 1), 1, 10, *kind, price});
            walk(t.to, next);
        }
    };
    walk(OrderStatus::requested, {{1, 1, std::nullopt, v::EntryKind::grant, Money::euros(5000)},
                                  {2, 1, 10, *ledger_entry_kind(money_effect_of_placing()), price}});
    // requested, its 3 final steps, then accepted .. reported each with a cancel, invoiced, paid.
    EXPECT_EQ(paths, 14);
}

TEST(OrderMoney, MismatchedStatusIsCaught) {
    // An invoiced order whose spend entry is missing: the check must say so.
    v::LedgerSnapshot snap;
    snap.vouchers = {{1, std::nullopt, Money::euros(2500), v::VoucherStatus::active}};
    snap.entries = {{1, 1, std::nullopt, v::EntryKind::grant, Money::euros(2500)},
                    {2, 1, 10, v::EntryKind::reserve, Money::euros(2500)}};
    snap.orders = {{10, 1, Money::euros(2500), order_money(OrderStatus::invoiced)}};
    const auto report = v::check_ledger(snap);
    ASSERT_EQ(report.violations.size(), 1u) << report.to_text();
    EXPECT_EQ(report.violations[0].code, "order.money_mismatch");
}
