#pragma once
#include "core/access.hpp"
#include "core/life_cycle.hpp"
// The order life cycle as one table, who may move an order along it, and what each step does
// to the voucher money. No I/O.
//
//   requested --accept (provider_user)--> accepted --start--> in_progress --end--> ended
//             --decline (provider_user, with a reason)--> declined
//   ended --report (provider_user)--> reported --invoice (organizer_admin, finance_officer, system)
//         --> invoiced --pay (organizer_admin, finance_officer, system)--> paid
//   requested --cancel (customer, counsellor, organizer_admin)--> cancelled
//   requested --expire (system: the voucher's validity ended before acceptance)--> cancelled
//   accepted, in_progress, ended, reported --cancel (organizer_admin only: cancellation by
//             agreement, which the organizer records after agreeing with both sides)--> cancelled
// Placing an order (no status before it) reserves the price on the voucher.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vouchers/domain/ledger_check.hpp"

namespace pt::orders {

enum class OrderStatus { requested, accepted, declined, in_progress, ended, reported, invoiced, paid, cancelled };
std::string_view to_string(OrderStatus s);
std::optional<OrderStatus> order_status_from(std::string_view s);

using pt::Role;  // one list of roles for every context (core/access.hpp)

enum class OrderAction { accept, decline, cancel, start, end, report, invoice, pay, expire };
std::string_view to_string(OrderAction a);
std::optional<OrderAction> order_action_from(std::string_view s);

using Transition = LifeCycleStep<OrderStatus, OrderAction>;

const std::vector<Transition>& transitions();  // the one table of the life cycle

// The target status, or nullopt if the action is not allowed from `from` for `role`.
std::optional<OrderStatus> next_status(OrderStatus from, OrderAction action, Role role);
// Actions `role` may take on an order in status `from`, in table order (for buttons and API links).
std::vector<OrderAction> allowed_actions(OrderStatus from, Role role);
// Why next_status refused, for the answer: no such step from this status (409) or a step this
// role may not take (403). nullopt when allowed.
enum class TransitionRefusal { wrong_status, wrong_role };
std::optional<TransitionRefusal> check_transition(OrderStatus from, OrderAction action, Role role);
// "order.transition_wrong_status", "order.transition_wrong_role".
std::string_view message_key(TransitionRefusal r);
// The roles that own a step (empty when there is no such step).
std::vector<Role> owners(OrderStatus from, OrderAction action);
bool is_final(OrderStatus s);  // declined, paid, cancelled
// Only a decline needs a written reason (the customer is told why).
bool needs_reason(OrderAction a);

// What happens to the voucher money on this transition: decline, cancel and expire release the
// whole reservation (cancellation by agreement after the start too: what was delivered is
// settled outside the voucher); invoice (approval of the billing) spends it; the rest leave it
// alone. `reserve` is what placing the order does (money_effect_of_placing).
enum class MoneyEffect { none, release, spend, reserve };
MoneyEffect money_effect(OrderAction action);
MoneyEffect money_effect_of_placing();
// The voucher entry kind a money effect writes (nullopt for none).
std::optional<vouchers::EntryKind> ledger_entry_kind(MoneyEffect e);
// What an order in this status holds on its voucher, for the ledger check. Invoiced and paid
// orders hold nothing; what they spent may be below the price (the voucher pays only the
// invoice's service lines, the rest of the reservation is released) and a credit note refunds it.
vouchers::OrderMoney order_money(OrderStatus s);

// "TS-2026-000123": year in four digits, sequence zero-padded to at least six.
// Throws std::invalid_argument for a year outside 1000..9999 or a sequence below 1.
std::string format_contract_number(int year, std::int64_t seq);
// Accepts exactly what format_contract_number produces (upper-case "TS", no leading zeros
// beyond the six-digit padding); leaves year and seq untouched on failure.
bool parse_contract_number(std::string_view s, int& year, std::int64_t& seq);

// Required, valid UTF-8, no control characters other than new lines and tabs, 3..1000 code
// points after trimming. An English error message, or nullopt when the reason is fine.
std::optional<std::string> validate_decline_reason(std::string_view reason);
// The same check as an i18n key: "order.decline_reason.invalid_text", ".control_chars",
// ".required", ".too_short", ".too_long"; nullopt when the reason is fine.
std::optional<std::string_view> decline_reason_error_key(std::string_view reason);

// A cancellation after acceptance is by agreement: the organizer records it with a written
// reason both sides are shown. Before acceptance a reason is optional, but checked when given.
bool cancel_needs_reason(OrderStatus from);
// The decline reason's checks as "order.cancel_reason.*" keys; an empty reason is fine unless
// cancel_needs_reason(from).
std::optional<std::string_view> cancel_reason_error_key(OrderStatus from, std::string_view reason);

}  // namespace pt::orders
