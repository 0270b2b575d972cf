#include "orders/domain/order.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

using namespace pt::orders;

namespace {

const std::vector<OrderStatus> all_statuses{OrderStatus::requested, OrderStatus::accepted,  OrderStatus::declined,
                                            OrderStatus::in_progress, OrderStatus::ended,   OrderStatus::reported,
                                            OrderStatus::invoiced,  OrderStatus::paid,      OrderStatus::cancelled};
const std::vector<Role> all_roles{Role::organizer_admin, Role::procurement_officer, Role::finance_officer,
                                  Role::coordinator,     Role::provider_user,       Role::customer,
                                  Role::counsellor,      Role::system};
const std::vector<OrderAction> all_actions{OrderAction::accept, OrderAction::decline, OrderAction::cancel,
                                           OrderAction::start,  OrderAction::end,     OrderAction::report,
                                           OrderAction::invoice, OrderAction::pay,    OrderAction::expire};

using Key = std::tuple<OrderStatus, OrderAction, Role>;

// The life cycle of PRODUCT.md written out again, triple by triple, independently of transitions().
std::map<Key, OrderStatus> expected_moves() {
    using S = OrderStatus;
    using A = OrderAction;
    using R = Role;
    return {
        {{S::requested, A::accept, R::provider_user}, S::accepted},
        {{S::requested, A::decline, R::provider_user}, S::declined},
        {{S::requested, A::cancel, R::customer}, S::cancelled},
        {{S::requested, A::cancel, R::counsellor}, S::cancelled},
        {{S::requested, A::cancel, R::organizer_admin}, S::cancelled},
        {{S::requested, A::expire, R::system}, S::cancelled},
        // cancellation by agreement: the organizer, after acceptance and before invoicing
        {{S::accepted, A::cancel, R::organizer_admin}, S::cancelled},
        {{S::in_progress, A::cancel, R::organizer_admin}, S::cancelled},
        {{S::ended, A::cancel, R::organizer_admin}, S::cancelled},
        {{S::reported, A::cancel, R::organizer_admin}, S::cancelled},
        {{S::accepted, A::start, R::provider_user}, S::in_progress},
        {{S::in_progress, A::end, R::provider_user}, S::ended},
        {{S::ended, A::report, R::provider_user}, S::reported},
        {{S::reported, A::invoice, R::organizer_admin}, S::invoiced},
        {{S::reported, A::invoice, R::finance_officer}, S::invoiced},
        {{S::reported, A::invoice, R::system}, S::invoiced},
        {{S::invoiced, A::pay, R::organizer_admin}, S::paid},
        {{S::invoiced, A::pay, R::finance_officer}, S::paid},
        {{S::invoiced, A::pay, R::system}, S::paid},
    };
}

}  // namespace

TEST(OrderLifeCycle, EveryTripleMatchesTheProductRules) {
    const auto expected = expected_moves();
    int allowed = 0, refused = 0;
    for (auto s : all_statuses)
        for (auto a : all_actions)
            for (auto r : all_roles) {
                const auto got = next_status(s, a, r);
                const auto it = expected.find({s, a, r});
                const std::string where = std::string(to_string(s)) + " --" + std::string(to_string(a)) + " as " +
                                          std::string(to_string(r));
                if (it == expected.end()) {
                    EXPECT_EQ(got, std::nullopt) << where << " must be refused";
                    ++refused;
                } else {
                    EXPECT_EQ(got, it->second) << where;
                    ++allowed;
                }
            }
    EXPECT_EQ(allowed, 19);
    EXPECT_EQ(refused, 9 * 9 * 8 - 19);
}

TEST(OrderLifeCycle, TableAndNextStatusAgree) {
    std::set<std::pair<OrderStatus, OrderAction>> seen;
    for (const auto& t : transitions()) {
        EXPECT_TRUE(seen.insert({t.from, t.action}).second)
            << "two rows for " << to_string(t.from) << " " << to_string(t.action);
        EXPECT_FALSE(t.roles.empty());
        EXPECT_FALSE(is_final(t.from)) << "no way out of a final status";
        for (auto r : t.roles) EXPECT_EQ(next_status(t.from, t.action, r), t.to);
    }
}

TEST(OrderLifeCycle, FinalStatuses) {
    for (auto s : all_statuses) {
        const bool final = s == OrderStatus::declined || s == OrderStatus::paid || s == OrderStatus::cancelled;
        EXPECT_EQ(is_final(s), final) << to_string(s);
        for (auto r : all_roles) {
            if (final) {
                EXPECT_TRUE(allowed_actions(s, r).empty()) << to_string(s);
            }
        }
    }
}

TEST(OrderLifeCycle, EveryStatusIsReachableFromRequested) {
    std::set<OrderStatus> reached{OrderStatus::requested};
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& t : transitions())
            if (reached.count(t.from) && reached.insert(t.to).second) grew = true;
    }
    EXPECT_EQ(reached.size(), all_statuses.size());
}

TEST(OrderLifeCycle, HappyPathEndsPaid) {
    OrderStatus s = OrderStatus::requested;
    const std::vector<std::pair<OrderAction, Role>> steps{
        {OrderAction::accept, Role::provider_user}, {OrderAction::start, Role::provider_user},
        {OrderAction::end, Role::provider_user},    {OrderAction::report, Role::provider_user},
        {OrderAction::invoice, Role::system},       {OrderAction::pay, Role::organizer_admin}};
    for (const auto& [a, r] : steps) {
        const auto next = next_status(s, a, r);
        ASSERT_TRUE(next.has_value()) << to_string(s) << " " << to_string(a);
        s = *next;
    }
    EXPECT_EQ(s, OrderStatus::paid);
    EXPECT_TRUE(is_final(s));
}

TEST(OrderLifeCycle, AllowedActionsForButtons) {
    using V = std::vector<OrderAction>;
    EXPECT_EQ(allowed_actions(OrderStatus::requested, Role::provider_user),
              (V{OrderAction::accept, OrderAction::decline}));
    EXPECT_EQ(allowed_actions(OrderStatus::requested, Role::customer), (V{OrderAction::cancel}));
    EXPECT_EQ(allowed_actions(OrderStatus::accepted, Role::customer), V{});
    EXPECT_EQ(allowed_actions(OrderStatus::accepted, Role::organizer_admin), (V{OrderAction::cancel}));
    EXPECT_EQ(allowed_actions(OrderStatus::reported, Role::system), (V{OrderAction::invoice}));
}

TEST(OrderLifeCycle, MoneyEffects) {
    for (auto a : all_actions) {
        const MoneyEffect want =
            (a == OrderAction::decline || a == OrderAction::cancel || a == OrderAction::expire) ? MoneyEffect::release
            : a == OrderAction::invoice                                                         ? MoneyEffect::spend
                                                                                                : MoneyEffect::none;
        EXPECT_EQ(money_effect(a), want) << to_string(a);
    }
    EXPECT_TRUE(needs_reason(OrderAction::decline));
    EXPECT_FALSE(needs_reason(OrderAction::cancel));
    EXPECT_FALSE(needs_reason(OrderAction::accept));
}

TEST(OrderNames, RoundTrip) {
    for (auto s : all_statuses) EXPECT_EQ(order_status_from(to_string(s)), s);
    for (auto r : all_roles) EXPECT_EQ(pt::role_from(to_string(r)), r);
    for (auto a : all_actions) EXPECT_EQ(order_action_from(to_string(a)), a);
    EXPECT_EQ(to_string(OrderStatus::in_progress), "in_progress");
    EXPECT_EQ(to_string(Role::organizer_admin), "organizer_admin");
    EXPECT_EQ(order_status_from("in progress"), std::nullopt);
    EXPECT_EQ(order_status_from("PAID"), std::nullopt);
    EXPECT_EQ(pt::role_from("admin"), std::nullopt);
    EXPECT_EQ(order_action_from(""), std::nullopt);
    EXPECT_EQ(order_action_from("delete"), std::nullopt);
}

struct ContractCase {
    int year;
    std::int64_t seq;
    const char* text;
};

class ContractNumber : public testing::TestWithParam<ContractCase> {};

TEST_P(ContractNumber, FormatsAndParsesBack) {
    const auto& c = GetParam();
    EXPECT_EQ(format_contract_number(c.year, c.seq), c.text);
    int y = 0;
    std::int64_t n = 0;
    ASSERT_TRUE(parse_contract_number(c.text, y, n)) << c.text;
    EXPECT_EQ(y, c.year);
    EXPECT_EQ(n, c.seq);
}

INSTANTIATE_TEST_SUITE_P(Table, ContractNumber,
                         testing::Values(ContractCase{2026, 123, "TS-2026-000123"},
                                         ContractCase{2026, 1, "TS-2026-000001"},
                                         ContractCase{2027, 999999, "TS-2027-999999"},
                                         ContractCase{2027, 1000000, "TS-2027-1000000"},
                                         ContractCase{1999, 42, "TS-1999-000042"},
                                         ContractCase{9999, 123456789012345678, "TS-9999-123456789012345678"}));

class ContractNumberBad : public testing::TestWithParam<const char*> {};

TEST_P(ContractNumberBad, Rejects) {
    int y = 7;
    std::int64_t n = 9;
    EXPECT_FALSE(parse_contract_number(GetParam(), y, n)) << GetParam();
    EXPECT_EQ(y, 7) << "untouched on failure";
    EXPECT_EQ(n, 9);
}

INSTANTIATE_TEST_SUITE_P(Table, ContractNumberBad,
                         testing::Values("", "TS-", "TS-2026-", "TS-2026-12345", "TS-2026-000000", "ts-2026-000123",
                                         "TX-2026-000123", "TS2026-000123", "TS-2026000123", "TS-26-000123",
                                         "TS-0999-000123", "TS-20260-00123", "TS-2026-0001234", "TS-2026-00012a",
                                         "TS-2026-+00123", "TS-2026--00123", " TS-2026-000123", "TS-2026-000123 ",
                                         "TS-2026-1234567890123456789", "TS-2026-000123\n", "TS-2O26-000123"));

TEST(ContractNumber, FormatRefusesNonsense) {
    EXPECT_THROW(format_contract_number(2026, 0), std::invalid_argument);
    EXPECT_THROW(format_contract_number(2026, -5), std::invalid_argument);
    EXPECT_THROW(format_contract_number(999, 1), std::invalid_argument);
    EXPECT_THROW(format_contract_number(10000, 1), std::invalid_argument);
}

TEST(ContractNumber, RoundTripOverManySequences) {
    for (std::int64_t seq = 1; seq < 3'000'000; seq = seq * 3 + 1) {
        const auto s = format_contract_number(2026, seq);
        int y = 0;
        std::int64_t n = 0;
        ASSERT_TRUE(parse_contract_number(s, y, n)) << s;
        EXPECT_EQ(n, seq);
        EXPECT_EQ(y, 2026);
    }
}

namespace {
std::string u(const char8_t* s) { return reinterpret_cast<const char*>(s); }
}  // namespace

TEST(DeclineReason, Accepted) {
    for (const std::string& ok : {std::string("abc"), std::string("  Ei kapasiteettia tälle viikolle.  "),
                                  u(u8"äöå"), std::string("Line one\nline two\twith tab"),
                                  std::string(1000, 'x'), std::string("  ") + std::string(1000, 'y') + "  "}) {
        EXPECT_EQ(validate_decline_reason(ok), std::nullopt) << ok.substr(0, 40);
    }
    std::string thousand_umlauts;
    for (int i = 0; i < 1000; ++i) thousand_umlauts += u(u8"ä");
    EXPECT_EQ(validate_decline_reason(thousand_umlauts), std::nullopt) << "code points, not bytes";
}

TEST(DeclineReason, Refused) {
    std::string too_long_umlauts;
    for (int i = 0; i < 1001; ++i) too_long_umlauts += u(u8"ä");
    for (const std::string& bad : {std::string(""), std::string("   "), std::string("ab"), std::string(" ab "),
                                   std::string(1001, 'x'), too_long_umlauts, std::string("bad \xC3 utf8"),
                                   std::string("overlong \xC0\xAF"), std::string("surrogate \xED\xA0\x80"),
                                   std::string("nul\0byte", 8), std::string("escape \x1B[2J")}) {
        const auto err = validate_decline_reason(bad);
        ASSERT_TRUE(err.has_value()) << bad.substr(0, 40);
        EXPECT_FALSE(err->empty());
    }
    EXPECT_NE(validate_decline_reason("")->find("required"), std::string::npos);
    EXPECT_NE(validate_decline_reason("ab")->find("3"), std::string::npos);
    EXPECT_NE(validate_decline_reason(std::string(1001, 'x'))->find("1000"), std::string::npos);
}

TEST(DeclineReason, ErrorKeys) {
    EXPECT_EQ(decline_reason_error_key("Ei kapasiteettia"), std::nullopt);
    EXPECT_EQ(decline_reason_error_key(""), "order.decline_reason.required");
    EXPECT_EQ(decline_reason_error_key(" \t\n "), "order.decline_reason.required");
    EXPECT_EQ(decline_reason_error_key("ab"), "order.decline_reason.too_short");
    EXPECT_EQ(decline_reason_error_key(std::string(1001, 'x')), "order.decline_reason.too_long");
    EXPECT_EQ(decline_reason_error_key("bad \xC3"), "order.decline_reason.invalid_text");
    EXPECT_EQ(decline_reason_error_key("esc \x1B"), "order.decline_reason.control_chars");
}
