#pragma once
// Reads everything `palvelutori ledger check` needs, as one consistent snapshot: the programmes
// (budget, and budget - SUM(value) of their vouchers as SQL computes it), the vouchers,
// every ledger entry, every order (with its status as stored) and the balances SQL sums per
// voucher (cross-checked against the fold). Portable SQL; five SELECTs in one read transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "storage/db.hpp"
#include "vouchers/domain/ledger_check.hpp"

namespace pt::vouchers {

// An order as stored. The status stays text here: what it means for the money is the orders
// context's rule (orders::order_money), which this context may not depend on.
struct OrderLedgerRow {
    std::int64_t id = 0;
    std::int64_t voucher_id = 0;
    Money price;
    std::string status;
};

struct LedgerTables {
    std::vector<ProgrammeFacts> programmes;  // by id; reported_unallocated summed by SQL
    std::vector<VoucherFacts> vouchers;      // by id, with programme_id
    std::vector<LedgerRow> entries;          // by id
    std::vector<OrderLedgerRow> orders;      // by id
    std::vector<ReportedBalance> reported;   // SUM ... GROUP BY voucher_id, one per voucher with entries
};

// The four SELECTs on a connection already inside a transaction. Throws std::runtime_error on a
// voucher status or entry kind the domain does not know (the schema's CHECKs forbid both).
LedgerTables read_ledger_tables(db::Connection& c);

// read_ledger_tables in one read transaction that sees one snapshot of the database:
// PostgreSQL: REPEATABLE READ, READ ONLY (set as the transaction's first statement, since
// TxMode::read alone is READ COMMITTED, where each SELECT would see later commits);
// SQLite: a deferred transaction, whose WAL read snapshot is fixed at the first SELECT.
LedgerTables read_ledger_snapshot(db::Database& db);

// For a voucher's balance history: the order contract numbers of the voucher's orders that were
// accepted (order id -> "TS-2026-000123"), and a programme's name (nullopt: no such programme).
std::map<std::int64_t, std::string> voucher_contract_numbers(db::Connection& c, std::int64_t voucher_id);
std::optional<std::string> programme_name(db::Connection& c, std::int64_t programme_id);

}  // namespace pt::vouchers
