#include "app/ledger_check_command.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>

#include "orders/domain/order.hpp"
#include "storage/db.hpp"

namespace pt::app {

vouchers::LedgerCheckReport check_ledger_tables(const vouchers::LedgerTables& t) {
    vouchers::LedgerSnapshot s;
    s.programmes = t.programmes;
    s.vouchers = t.vouchers;
    s.entries = t.entries;
    s.reported = t.reported;
    std::vector<vouchers::Violation> unknown;
    std::set<std::int64_t> unknown_ids;
    for (const auto& o : t.orders) {
        auto status = orders::order_status_from(o.status);
        // Kept in the snapshot so its entries still find their order; its money is not judged.
        s.orders.push_back({o.id, o.voucher_id, o.price,
                            status ? orders::order_money(*status) : vouchers::OrderMoney::reserved});
        if (!status) {
            unknown_ids.insert(o.id);
            unknown.push_back({"order.unknown_status", "order", o.id, std::nullopt, std::nullopt, o.price,
                               "status '" + o.status + "' is not in the order life cycle"});
        }
    }
    auto r = vouchers::check_ledger(s);
    if (!unknown.empty()) {
        std::erase_if(r.violations, [&](const vouchers::Violation& v) {
            return v.code == "order.money_mismatch" && unknown_ids.count(v.subject_id);
        });
        // Keep the documented order: order violations last, by id.
        r.violations.insert(r.violations.end(), unknown.begin(), unknown.end());
        auto first_order = std::ranges::find(r.violations, std::string("order"), &vouchers::Violation::subject);
        std::stable_sort(first_order, r.violations.end(),
                         [](const auto& a, const auto& b) { return a.subject_id < b.subject_id; });
    }
    return r;
}

namespace {

constexpr const char* kLedgerUsage =
    "Usage: palvelutori ledger check [--database URL]\n";

}  // namespace

int run_ledger_command(const std::vector<std::string>& args, const std::string& database_url, std::ostream& out,
                       std::ostream& err) {
    if (args.empty()) {
        err << "ledger: which subcommand? (check)\n" << kLedgerUsage;
        return 2;
    }
    if (args[0] != "check" || args.size() > 1) {
        err << "ledger: unknown subcommand '" << (args[0] != "check" ? args[0] : args[1]) << "'\n" << kLedgerUsage;
        return 2;
    }
    // SQLite would create a missing file; a check of an empty new database proves nothing.
    if (database_url.rfind("sqlite:", 0) == 0) {
        const std::string path = database_url.substr(7);
        if (path != ":memory:" && !path.empty() && !std::filesystem::exists(path)) {
            err << "ledger check: no database at '" << path << "'\n";
            return 2;
        }
    }
    std::unique_ptr<db::Database> db;
    try {
        db = db::Database::open(database_url, 1);
    } catch (const std::exception& e) {
        err << "ledger check: cannot open the database: " << e.what() << "\n";
        return 2;
    }
    vouchers::LedgerTables tables;
    try {
        tables = vouchers::read_ledger_snapshot(*db);
    } catch (const db::Error& e) {
        err << "ledger check: cannot read the ledger (is the database migrated?): " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "ledger check: cannot read the ledger: " << e.what() << "\n";
        return 2;
    }
    const auto report = check_ledger_tables(tables);
    out << report.to_text();
    return report.ok() ? 0 : 1;
}

}  // namespace pt::app
