#include "orders/domain/order.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace pt::orders {

namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, 9> status_names{{
    {OrderStatus::requested, "requested"},
    {OrderStatus::accepted, "accepted"},
    {OrderStatus::declined, "declined"},
    {OrderStatus::in_progress, "in_progress"},
    {OrderStatus::ended, "ended"},
    {OrderStatus::reported, "reported"},
    {OrderStatus::invoiced, "invoiced"},
    {OrderStatus::paid, "paid"},
    {OrderStatus::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<OrderAction, std::string_view>, 9> action_names{{
    {OrderAction::accept, "accept"},
    {OrderAction::decline, "decline"},
    {OrderAction::cancel, "cancel"},
    {OrderAction::start, "start"},
    {OrderAction::end, "end"},
    {OrderAction::report, "report"},
    {OrderAction::invoice, "invoice"},
    {OrderAction::pay, "pay"},
    {OrderAction::expire, "expire"},
}};

}  // namespace

std::string_view to_string(OrderStatus s) { return name_of(status_names, s); }
std::optional<OrderStatus> order_status_from(std::string_view s) { return from_name(status_names, s); }
std::string_view to_string(OrderAction a) { return name_of(action_names, a); }
std::optional<OrderAction> order_action_from(std::string_view s) { return from_name(action_names, s); }

const std::vector<Transition>& transitions() {
    using S = OrderStatus;
    using A = OrderAction;
    using R = Role;
    static const std::vector<Transition> table{
        {S::requested, A::accept, S::accepted, {R::provider_user}},
        {S::requested, A::decline, S::declined, {R::provider_user}},
        {S::requested, A::cancel, S::cancelled, {R::customer, R::counsellor, R::organizer_admin}},
        {S::requested, A::expire, S::cancelled, {R::system}},
        {S::accepted, A::cancel, S::cancelled, {R::organizer_admin}},  // by agreement only
        {S::accepted, A::start, S::in_progress, {R::provider_user}},
        {S::in_progress, A::cancel, S::cancelled, {R::organizer_admin}},
        {S::in_progress, A::end, S::ended, {R::provider_user}},
        {S::ended, A::cancel, S::cancelled, {R::organizer_admin}},
        {S::ended, A::report, S::reported, {R::provider_user}},
        {S::reported, A::cancel, S::cancelled, {R::organizer_admin}},  // not once invoiced
        {S::reported, A::invoice, S::invoiced, {R::organizer_admin, R::finance_officer, R::system}},
        {S::invoiced, A::pay, S::paid, {R::organizer_admin, R::finance_officer, R::system}},
    };
    return table;
}

std::optional<OrderStatus> next_status(OrderStatus from, OrderAction action, Role role) {
    return next_in(transitions(), from, action, role);
}

std::vector<OrderAction> allowed_actions(OrderStatus from, Role role) { return actions_in(transitions(), from, role); }

std::optional<TransitionRefusal> check_transition(OrderStatus from, OrderAction action, Role role) {
    for (const auto& t : transitions())
        if (t.from == from && t.action == action)
            return std::ranges::find(t.roles, role) != t.roles.end() ? std::nullopt
                                                                      : std::optional(TransitionRefusal::wrong_role);
    return TransitionRefusal::wrong_status;
}

std::string_view message_key(TransitionRefusal r) {
    return r == TransitionRefusal::wrong_role ? "order.transition_wrong_role" : "order.transition_wrong_status";
}

std::vector<Role> owners(OrderStatus from, OrderAction action) {
    for (const auto& t : transitions())
        if (t.from == from && t.action == action) return t.roles;
    return {};
}

bool is_final(OrderStatus s) {
    return s == OrderStatus::declined || s == OrderStatus::paid || s == OrderStatus::cancelled;
}

bool needs_reason(OrderAction a) { return a == OrderAction::decline; }

MoneyEffect money_effect(OrderAction action) {
    switch (action) {
        case OrderAction::decline:
        case OrderAction::cancel:
        case OrderAction::expire: return MoneyEffect::release;
        case OrderAction::invoice: return MoneyEffect::spend;
        default: return MoneyEffect::none;
    }
}

MoneyEffect money_effect_of_placing() { return MoneyEffect::reserve; }

std::optional<vouchers::EntryKind> ledger_entry_kind(MoneyEffect e) {
    switch (e) {
        case MoneyEffect::reserve: return vouchers::EntryKind::reserve;
        case MoneyEffect::release: return vouchers::EntryKind::release;
        case MoneyEffect::spend: return vouchers::EntryKind::spend;
        case MoneyEffect::none: return std::nullopt;
    }
    return std::nullopt;
}

vouchers::OrderMoney order_money(OrderStatus s) {
    switch (s) {
        case OrderStatus::invoiced:
        case OrderStatus::paid: return vouchers::OrderMoney::spent;
        case OrderStatus::declined:
        case OrderStatus::cancelled: return vouchers::OrderMoney::released;
        default: return vouchers::OrderMoney::reserved;
    }
}

std::string format_contract_number(int year, std::int64_t seq) {
    if (year < 1000 || year > 9999) throw std::invalid_argument("contract number: year out of range");
    if (seq < 1) throw std::invalid_argument("contract number: sequence must be positive");
    std::string digits = std::to_string(seq);
    if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
    return "TS-" + std::to_string(year) + "-" + digits;
}

bool parse_contract_number(std::string_view s, int& year, std::int64_t& seq) {
    if (!s.starts_with("TS-") || s.size() < 3 + 4 + 1 + 6 || s[7] != '-') return false;
    const auto all_digits = [](std::string_view d) {
        return std::ranges::all_of(d, [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto y = s.substr(3, 4);
    const auto n = s.substr(8);
    if (!all_digits(y) || !all_digits(n) || y[0] == '0') return false;
    // At most 18 digits fits int64; longer than six digits means no padding, so no leading zero.
    if (n.size() > 18 || (n.size() > 6 && n[0] == '0')) return false;
    std::int64_t v = 0;
    for (char c : n) v = v * 10 + (c - '0');
    if (v < 1) return false;
    year = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
    seq = v;
    return true;
}

std::optional<std::string_view> decline_reason_error_key(std::string_view reason) {
    if (!text::valid_utf8(reason)) return "order.decline_reason.invalid_text";
    if (text::has_control_chars(reason)) return "order.decline_reason.control_chars";
    const std::string trimmed = text::trim(reason);
    if (trimmed.empty()) return "order.decline_reason.required";
    const std::size_t n = text::length(trimmed);
    if (n < 3) return "order.decline_reason.too_short";
    if (n > 1000) return "order.decline_reason.too_long";
    return std::nullopt;
}

bool cancel_needs_reason(OrderStatus from) { return from != OrderStatus::requested; }

std::optional<std::string_view> cancel_reason_error_key(OrderStatus from, std::string_view reason) {
    if (!cancel_needs_reason(from) && text::valid_utf8(reason) && text::trim(reason).empty()) return std::nullopt;
    const auto key = decline_reason_error_key(reason);
    if (!key) return std::nullopt;
    // Same rule, the cancellation's own texts: "order.decline_reason.x" -> "order.cancel_reason.x".
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> cancel_keys{{
        {"order.decline_reason.invalid_text", "order.cancel_reason.invalid_text"},
        {"order.decline_reason.control_chars", "order.cancel_reason.control_chars"},
        {"order.decline_reason.required", "order.cancel_reason.required"},
        {"order.decline_reason.too_short", "order.cancel_reason.too_short"},
        {"order.decline_reason.too_long", "order.cancel_reason.too_long"},
    }};
    for (const auto& [d, c] : cancel_keys)
        if (*key == d) return c;
    return "order.cancel_reason.invalid_text";
}

std::optional<std::string> validate_decline_reason(std::string_view reason) {
    const auto key = decline_reason_error_key(reason);
    if (!key) return std::nullopt;
    if (*key == "order.decline_reason.invalid_text") return "The reason is not valid text (UTF-8).";
    if (*key == "order.decline_reason.control_chars") return "The reason contains control characters.";
    if (*key == "order.decline_reason.required") return "A reason is required when declining an order.";
    if (*key == "order.decline_reason.too_short") return "The reason must be at least 3 characters long.";
    return "The reason must be at most 1000 characters long.";
}

}  // namespace pt::orders
