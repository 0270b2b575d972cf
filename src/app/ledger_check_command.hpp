#pragma once
// `palvelutori ledger check`: reads the vouchers, ledger entries and orders in one consistent
// read transaction and checks the ledger invariants (vouchers/domain/ledger_check.hpp).
#include <iosfwd>
#include <string>
#include <vector>

#include "vouchers/data/ledger_queries.hpp"
#include "vouchers/domain/ledger_check.hpp"

namespace pt::app {

// The snapshot check_ledger wants, each order's expected money from its status
// (orders::order_money), then the check. An order whose status the life cycle does not know is
// reported as order.unknown_status (instead of a money mismatch whose expectation is a guess).
vouchers::LedgerCheckReport check_ledger_tables(const vouchers::LedgerTables& t);

// args: what follows "ledger" on the command line ("check"). Prints the report to out.
// Returns 0 when the ledger checks, 1 with the violations, 2 for bad arguments or a database
// that cannot be opened or read (message on err).
int run_ledger_command(const std::vector<std::string>& args, const std::string& database_url, std::ostream& out,
                       std::ostream& err);

}  // namespace pt::app
