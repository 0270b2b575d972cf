#include "vouchers/domain/ledger.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/enum_names.hpp"

namespace pt::vouchers {

namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 7> entry_names{{
    {EntryKind::grant, "grant"},
    {EntryKind::reserve, "reserve"},
    {EntryKind::release, "release"},
    {EntryKind::spend, "spend"},
    {EntryKind::expire, "expire"},
    {EntryKind::cancel, "cancel"},
    {EntryKind::refund, "refund"},
}};

constexpr std::array<std::pair<VoucherStatus, std::string_view>, 4> status_names{{
    {VoucherStatus::active, "active"},
    {VoucherStatus::spent, "spent"},
    {VoucherStatus::expired, "expired"},
    {VoucherStatus::cancelled, "cancelled"},
}};

[[noreturn]] void refuse(const LedgerEntry& e, const char* why) {
    throw std::logic_error("voucher ledger: " + std::string(to_string(e.kind)) + " of " + e.amount.decimal() +
                           " " + why);
}

}  // namespace

std::string_view to_string(EntryKind k) { return name_of(entry_names, k); }
std::optional<EntryKind> entry_kind_from(std::string_view s) { return from_name(entry_names, s); }
std::string_view to_string(VoucherStatus s) { return name_of(status_names, s); }
std::optional<VoucherStatus> voucher_status_from(std::string_view s) { return from_name(status_names, s); }

Money VoucherBalance::available() const { return granted - reserved - spent - expired; }

void VoucherBalance::apply(const LedgerEntry& e) {
    if (e.amount.cents() <= 0) refuse(e, "is not a positive amount");
    const Money avail = available();
    switch (e.kind) {
        case EntryKind::grant:
            // Guards the sum, so the invariant can never wrap around.
            if (granted.cents() > INT64_MAX - e.amount.cents()) refuse(e, "overflows the balance");
            granted += e.amount;
            return;
        case EntryKind::reserve:
            if (e.amount > avail) refuse(e, "exceeds the available balance");
            reserved += e.amount;
            return;
        case EntryKind::release:
            if (e.amount > reserved) refuse(e, "exceeds the reserved balance");
            reserved -= e.amount;
            return;
        case EntryKind::spend:
            if (e.amount > reserved) refuse(e, "exceeds the reserved balance");
            reserved -= e.amount;
            spent += e.amount;
            return;
        case EntryKind::refund:
            if (e.amount > spent) refuse(e, "exceeds the spent balance");
            spent -= e.amount;
            return;
        case EntryKind::expire:
        case EntryKind::cancel:
            if (e.amount > avail) refuse(e, "exceeds the available balance");
            expired += e.amount;
            return;
    }
    refuse(e, "has an unknown kind");
}

VoucherBalance balance_of(const std::vector<LedgerEntry>& entries) {
    VoucherBalance b;
    for (const auto& e : entries) b.apply(e);
    return b;
}

bool is_within_validity(const Voucher& v, std::chrono::sys_days today) {
    return today >= v.granted_on && today <= v.valid_until;
}

std::optional<ReserveRefusal> check_reserve(const Voucher& v, const VoucherBalance& b, Money amount,
                                            std::chrono::sys_days today) {
    if (amount.cents() <= 0) return ReserveRefusal::non_positive_amount;
    if (v.status == VoucherStatus::expired) return ReserveRefusal::expired;
    if (v.status != VoucherStatus::active) return ReserveRefusal::not_active;
    if (today < v.granted_on) return ReserveRefusal::not_yet_valid;
    if (today > v.valid_until) return ReserveRefusal::expired;
    if (amount > b.available()) return ReserveRefusal::insufficient_balance;
    return std::nullopt;
}

std::string_view message_key(ReserveRefusal r) {
    switch (r) {
        case ReserveRefusal::not_active: return "voucher.not_active";
        case ReserveRefusal::expired: return "voucher.expired";
        case ReserveRefusal::not_yet_valid: return "voucher.not_yet_valid";
        case ReserveRefusal::insufficient_balance: return "voucher.insufficient_balance";
        case ReserveRefusal::non_positive_amount: return "voucher.non_positive_amount";
    }
    return "voucher.refused";
}

}  // namespace pt::vouchers
