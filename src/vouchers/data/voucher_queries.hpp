#pragma once
// SQL of vouchers and their ledger. Balances are always derived from ledger_entries.
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "storage/db.hpp"
#include "vouchers/domain/ledger.hpp"

namespace pt::vouchers {

struct VoucherView {
    Voucher voucher;
    std::string customer_name;
    std::string customer_business_id;
    VoucherBalance balance;
};

struct LedgerLine {
    std::int64_t id;
    EntryKind kind;
    Money amount;
    std::optional<std::int64_t> order_id;
    std::string created_at;
};

// Vouchers the principal may see: a customer its own, organizer and counsellor all.
// only_active: status active (used for order forms).
std::vector<VoucherView> list_vouchers(db::Connection& c, const Principal& who, int limit, int offset,
                                       bool only_active = false);
std::int64_t count_vouchers(db::Connection& c, const Principal& who);
std::optional<VoucherView> find_voucher(db::Connection& c, std::int64_t id, const Principal& who);
// Within a write transaction: reads the voucher and takes its row lock (PostgreSQL FOR UPDATE;
// SQLite's BEGIN IMMEDIATE already holds the database write lock).
std::optional<VoucherView> lock_voucher(db::Connection& c, std::int64_t id);
std::vector<LedgerLine> ledger_of(db::Connection& c, std::int64_t voucher_id);

void add_ledger_entry(db::Connection& c, std::int64_t voucher_id, std::optional<std::int64_t> order_id,
                      EntryKind kind, Money amount, const std::string& now);
// Inserts the voucher with its grant entry (the value).
std::int64_t insert_voucher(db::Connection& c, std::int64_t customer_id, Money value, const std::string& valid_from,
                            const std::string& valid_until, const std::string& now,
                            std::optional<std::int64_t> programme_id = std::nullopt);

}  // namespace pt::vouchers
