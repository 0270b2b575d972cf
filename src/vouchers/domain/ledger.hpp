#pragma once
// Voucher money as a ledger of movements, and the rules for reserving it. No I/O.
//
// Every entry moves money between four pots; only a grant adds money, so
// granted == available + reserved + spent + expired holds by construction and no pot goes negative:
//   grant    +granted (and so +available)
//   reserve  available -> reserved   (an order is placed)
//   release  reserved  -> available  (the order is declined or cancelled)
//   spend    reserved  -> spent      (the order's invoice is approved)
//   refund   spent     -> available  (a credit note cancelled an approved invoice; followed at once by
//            expire/cancel when the voucher has ended)
//   expire   available -> expired    (the validity period ended)
//   cancel   available -> expired    (the city withdrew the voucher). Cancelled money shares the
//            `expired` pot on purpose: both are money that can no longer be used, and the voucher's
//            status says which it was. Reserved money is never expired or cancelled directly; it is
//            released first, so open orders are settled before the rest is withdrawn.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::vouchers {

enum class EntryKind { grant, reserve, release, spend, expire, cancel, refund };
std::string_view to_string(EntryKind k);
std::optional<EntryKind> entry_kind_from(std::string_view s);

struct LedgerEntry {
    EntryKind kind;
    Money amount;  // always positive
};

struct VoucherBalance {
    Money granted, reserved, spent, expired;  // reserved = reserve - release - spend_of_reserved
    Money available() const;                  // granted - reserved - spent - expired
    // Folds one entry; throws std::logic_error on a non-positive amount or on a movement that
    // would make any part negative. On a throw the balance is unchanged.
    void apply(const LedgerEntry& e);
};

VoucherBalance balance_of(const std::vector<LedgerEntry>& entries);

enum class VoucherStatus { active, spent, expired, cancelled };

struct Voucher {
    std::int64_t id;
    std::int64_t customer_id;
    Money value;
    std::chrono::sys_days granted_on;
    std::chrono::sys_days valid_until;  // inclusive
    VoucherStatus status;
    std::optional<std::int64_t> programme_id = std::nullopt;  // vouchers from before programmes have none
};

std::string_view to_string(VoucherStatus s);
std::optional<VoucherStatus> voucher_status_from(std::string_view s);

// A voucher is usable from granted_on to valid_until, both days included.
bool is_within_validity(const Voucher& v, std::chrono::sys_days today);

// Why a reservation of `amount` on this voucher today is refused, or nullopt when allowed.
// Checked in this order: the amount, the status (an `expired` status gives `expired`, `spent` or
// `cancelled` give `not_active`), the validity dates, then the balance.
enum class ReserveRefusal { not_active, expired, not_yet_valid, insufficient_balance, non_positive_amount };
std::optional<ReserveRefusal> check_reserve(const Voucher& v, const VoucherBalance& b, Money amount,
                                            std::chrono::sys_days today);
// "voucher.not_active", "voucher.expired", "voucher.not_yet_valid", "voucher.insufficient_balance",
// "voucher.non_positive_amount": keys into the i18n catalogues.
std::string_view message_key(ReserveRefusal r);

}  // namespace pt::vouchers
