// palvelutori: one binary, subcommands serve | migrate | seed-demo.
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "app/bench_seed.hpp"
#include "app/demo_seed.hpp"
#include "app/import_classifications.hpp"
#include "app/export_invoices_command.hpp"
#include "app/ledger_check_command.hpp"
#include "app/wiring.hpp"
#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "notify/mail_worker.hpp"
#include "notify/outbox.hpp"
#include "catalog/card_service.hpp"
#include "http/server.hpp"
#include "procurement/http/procurement_routes.hpp"
#include "providers/domain/invitation.hpp"
#include "orders/domain/order.hpp"
#include "vouchers/expiry_service.hpp"
#include "reports/reports_service.hpp"
#include "web/renderer.hpp"
#include "storage/db.hpp"

namespace {

constexpr const char* kUsage = R"(palvelutori: a multi-producer service market for a city or region

Usage: palvelutori <command> [options]

Commands:
  serve       Serve the web UI and the JSON API
  migrate     Create or update the database schema
  seed-demo   Load the demo market (migrates first; does nothing when it is there)
  seed-bench  Fill a database with a large generated market for benchmarks
  send-test-mail  Put a test e-mail in the outbox (serve, or send-mail --once, sends it)
  send-mail   Send the e-mail that is due from the outbox once, then exit
  end-expired-cards  Withdraw product cards whose contract period has ended (serve does it every minute)
  reshuffle-catalog  Give the catalog today's provider-neutral order (serve does it once a day)
  expire-vouchers  Expire vouchers past their validity and send the 30-day reminders (serve does it every minute)
  remind-reports  Remind providers once of each overdue delivery report (serve does it every minute)
  import-classifications  Load the PTV code lists and municipalities from the official files
  ledger check  Verify the voucher ledger invariants (exit 1 with the violations)
  export-invoices  Write each invoice and credit note as a UBL 2.1 (Peppol BIS 3) or Finvoice 3.0 file

Options for every command:
  --database URL   sqlite:PATH (default sqlite:var/palvelutori.db) or postgresql://user@host:port/db
                   (environment: PALVELUTORI_DATABASE)
  --help           Show help for the command
)";

constexpr const char* kServeUsage = R"(Usage: palvelutori serve [--database URL] [--listen HOST:PORT] [--threads N] [--no-access-log]

  --listen HOST:PORT   Address to listen on (default 127.0.0.1:8080; PORT 0 picks a free port;
                       environment: PALVELUTORI_LISTEN). Prints "listening on http://HOST:PORT" when ready.
  --threads N          I/O threads (default: the number of cores on SQLite, four times that on
                       PostgreSQL, whose round trips leave threads waiting)
  --no-access-log      Do not log each request
  --smtp URL           SMTP server for outgoing e-mail, e.g. smtp://127.0.0.1:25 or
                       smtps://user:password@mail.example.fi:465 (environment: PALVELUTORI_SMTP).
                       Without it e-mail waits in the outbox (/admin/outbox) and nothing is lost.
  --mail-from ADDRESS  Sender address (environment: PALVELUTORI_MAIL_FROM)
)";

constexpr const char* kMailUsage = R"(Usage: palvelutori send-test-mail --to ADDRESS [--lang fi|en] [--database URL]
       palvelutori send-mail --once [--smtp URL] [--mail-from ADDRESS] [--database URL]

send-test-mail puts a message of kind system.test in the outbox (audited); a running server
sends it. send-mail --once sends what is due now and prints how many went out and how many
failed (failed ones stay in the outbox for a later retry).
)";

constexpr const char* kMigrateUsage = R"(Usage: palvelutori migrate [--database URL]

Applies the migrations in migrations/<dialect>/ that the database has not seen. Safe to run again.
)";

constexpr const char* kSeedUsage = R"(Usage: palvelutori seed-demo [--database URL]

Migrates, then loads the demo market unless it is already there. Demo users are listed in README.md.
)";

constexpr const char* kSeedBenchUsage = R"(Usage: palvelutori seed-bench --cards N [--database URL] [--manifest FILE] [--seed S]

Migrates, then generates a market of N product cards (N/20 providers, about N customers with
vouchers and API tokens) for bench/run. Writes the ids and tokens the load generator may use
to FILE (JSON). Refuses a database that already holds bench data.
)";

constexpr const char* kImportUsage = R"(Usage: palvelutori import-classifications --ptv DIR --municipalities FILE [--database URL]

Migrates, then loads the classification code lists into the database, all in one transaction:
  --ptv DIR              folder with the PTV files ServiceClasses.json, TargetGroups.json and
                         LifeEvents.json (vrk-kpa/ptv-releases, src/PTV.ExternalSources/Resources/Finto)
  --municipalities FILE  municipalities as CSV code,name_fi,name_sv,name_en (Statistics Finland)
Inserts new terms and updates changed labels; terms missing from the files are kept. Prints the
counts. Exits 2 with a message when a file is missing or not what it should be.
)";

constexpr const char* kCatalogJobUsage = R"(Usage: palvelutori end-expired-cards|reshuffle-catalog [--database URL]

end-expired-cards: withdraws published product cards whose period_end is before today
(withdrawn_reason period_ended, audited). reshuffle-catalog: rewrites every card's sort key with
today's permutation unless that was already done today. Both are safe next to a running server.
)";

constexpr const char* kLedgerUsage = R"(Usage: palvelutori ledger check [--database URL]

Reads the vouchers, ledger entries and orders in one consistent read transaction and checks that
no money is lost or spent twice: per voucher granted = available + reserved + spent + expired
(no pot below zero, grants = the voucher's value, a closed voucher holds nothing available, SQL
sums = the entries), every reserve/release/spend names an order of the same voucher and never
takes more than it reserved, and each order holds what its status says. Prints one summary line
and exits 0 when all hold; otherwise prints one line per violation (subject, id, code, amounts)
and exits 1. Exits 2 when the database cannot be opened or read.
)";

constexpr const char* kExpireVouchersUsage = R"(Usage: palvelutori expire-vouchers [--database URL]

Expires active vouchers whose last valid day (a Finnish local date) is before today: orders not yet
accepted are cancelled and their reservations released, the remaining balance is written off as
expired, and the customer gets an e-mail. Then reminds customers once whose voucher ends within
30 days. Prints how many vouchers were expired and reminded. Safe next to a running server and
safe to run again (each voucher is expired and reminded once). E-mail goes to the outbox; serve
or send-mail --once sends it.
)";

constexpr const char* kRemindReportsUsage = R"(Usage: palvelutori remind-reports [--database URL]

Mails the provider's users once for each service or billing report of an ended order that was not
submitted by its due date (7 days after the Finnish local day the service ended). Prints how many
reports were reminded. Safe next to a running server and safe to run again (each report is
reminded once). E-mail goes to the outbox; serve or send-mail --once sends it.
)";

constexpr const char* kExportInvoicesHelp = R"(
Writes one file per invoice and credit note, named by its number (DIR/2026-000042.ubl.xml or
DIR/2026-000042.finvoice.xml), for the city's e-invoice operator and accounting:
  --format ubl       UBL 2.1 Invoice / CreditNote following EN 16931 and Peppol BIS Billing 3.0
  --format finvoice  Finvoice 3.0
  --out DIR          the folder (created when missing; files of the same name are replaced)
  --month YYYY-MM    only documents issued in that month (default: all)
Reads every document in one read transaction. Exits 0 when all were written, 1 when some could
not be (each named on stderr), 2 for bad arguments or a database that cannot be read.
)";

struct Args {
    std::string command;
    std::vector<std::string> positional;  // after the command: `ledger check`
    std::map<std::string, std::string> options;
    bool help = false;
    std::string error;
};

Args parse(int argc, char** argv) {
    Args a;
    static const std::map<std::string, bool> takes_value = {
        {"--database", true}, {"--listen", true}, {"--threads", true}, {"--no-access-log", false},
        {"--cards", true},    {"--manifest", true}, {"--seed", true},
        {"--ptv", true},      {"--municipalities", true},
        {"--smtp", true},     {"--mail-from", true}, {"--to", true}, {"--lang", true}, {"--once", false},
        {"--format", true},   {"--out", true},      {"--month", true}};
    for (int i = 1; i < argc; ++i) {
        std::string s = argv[i];
        if (s == "--help" || s == "-h") { a.help = true; continue; }
        if (a.command.empty() && s.rfind("--", 0) != 0) { a.command = s; continue; }
        if (a.command == "ledger" && s.rfind("--", 0) != 0) { a.positional.push_back(s); continue; }
        auto eq = s.find('=');
        auto name = s.substr(0, eq);
        auto it = takes_value.find(name);
        if (it == takes_value.end()) { a.error = "unknown option " + s; return a; }
        if (!it->second) { a.options[name] = "1"; continue; }
        if (eq != std::string::npos) a.options[name] = s.substr(eq + 1);
        else if (i + 1 < argc) a.options[name] = argv[++i];
        else { a.error = name + " needs a value"; return a; }
    }
    return a;
}

std::string option(const Args& a, const std::string& name, const char* env, const std::string& fallback) {
    if (auto it = a.options.find(name); it != a.options.end()) return it->second;
    if (const char* v = std::getenv(env); v && *v) return v;
    return fallback;
}

int run_migrate(pt::db::Database& db) {
    auto n = pt::db::migrate(db, (pt::app::resource_dir() / "migrations").string());
    std::cout << "migrations applied: " << n << "\n";
    return 0;
}

int run_seed_bench(const Args& args, pt::db::Database& db, const pt::Clock& clock) {
    pt::app::BenchSeedOptions o;
    try {
        o.cards = std::stoll(option(args, "--cards", "PALVELUTORI_BENCH_CARDS", "10000"));
        o.random_seed = std::stoull(option(args, "--seed", "PALVELUTORI_BENCH_SEED", "2026"));
    } catch (...) {
        std::cerr << "--cards and --seed must be numbers\n";
        return 2;
    }
    if (o.cards < 20 || o.cards > 10000000) {
        std::cerr << "--cards must be between 20 and 10000000\n";
        return 2;
    }
    o.manifest = option(args, "--manifest", "PALVELUTORI_BENCH_MANIFEST", "");
    run_migrate(db);
    // Bench users' API tokens are guessable by design: never mix them into a database with
    // real accounts.
    {
        auto lease = db.acquire();
        auto users = lease->query("SELECT COUNT(*) FROM users WHERE email NOT LIKE '%@bench.palvelutori.example'")[0].i64(0);
        if (users > 0) {
            std::cerr << "seed-bench: refusing a database that has other users (" << users
                      << "): bench tokens are public; use a fresh database\n";
            return 1;
        }
    }
    pt::app::seed_bench(db, clock, o, std::cerr);
    return 0;
}

int run_send_test_mail(const Args& args, pt::db::Database& db, const pt::Clock& clock) {
    auto to = option(args, "--to", "PALVELUTORI_TEST_MAIL_TO", "");
    auto lang = option(args, "--lang", "PALVELUTORI_TEST_MAIL_LANG", "fi");
    if (lang != "fi" && lang != "en") {
        std::cerr << "--lang must be fi or en\n";
        return 2;
    }
    if (to.empty()) {
        std::cerr << "send-test-mail needs --to ADDRESS\n";
        return 2;
    }
    const auto home = pt::app::resource_dir();
    pt::web::Renderer renderer(home / "templates", home / "i18n");
    auto mail = pt::notify::compose(renderer, "system.test", lang, to, {{"sent_at", pt::to_iso(clock.now())}});
    try {
        auto id = db.transact(pt::db::TxMode::write, [&](pt::db::Connection& c) {
            auto id = pt::notify::enqueue(c, mail, clock);
            pt::audit::write(c, clock, {std::nullopt, "mail.test", "outbox", std::to_string(id), nullptr,
                                        {{"to", to}, {"kind", mail.kind}}});
            return id;
        });
        std::cout << "queued: outbox " << id << " to " << to << "\n";
        return 0;
    } catch (const pt::UserError& e) {
        std::cerr << "send-test-mail: " << renderer.text("en", e.detail) << "\n";
        return 2;
    }
}

int run_serve(const Args& args, pt::db::Database& db, const pt::Clock& clock, int threads) {
    auto listen = option(args, "--listen", "PALVELUTORI_LISTEN", "127.0.0.1:8080");
    auto colon = listen.rfind(':');
    int port = -1;
    try { port = colon == std::string::npos ? -1 : std::stoi(listen.substr(colon + 1)); } catch (...) {}
    if (port < 0 || port > 65535) {
        std::cerr << "--listen must be HOST:PORT, got '" << listen << "'\n";
        return 2;
    }
    pt::app::Application app(db, clock, pt::app::resource_dir());
    pt::http::ServerConfig cfg;
    cfg.host = listen.substr(0, colon);
    cfg.port = static_cast<unsigned short>(port);
    cfg.threads = threads;
    cfg.static_dir = app.resources / "static";
    cfg.access_log = !args.options.count("--no-access-log");
    cfg.refusal = [&app](int status, const pt::http::Request& partial) { return app.pipeline.refusal(status, partial); };
    // Attachments and brochures may be 10 MiB; every other request keeps the 1 MiB limit.
    cfg.large_body_limit = pt::procurement::upload_body_limit;
    // Only a signed-in provider user's upload may be large, so anonymous clients cannot make the
    // server buffer 10 MiB bodies.
    cfg.allows_large_body = [&app](const pt::http::Request& head) {
        return pt::procurement::is_upload_path(head.method, head.path) && app.pipeline.may_upload(head);
    };
    pt::http::Server server(cfg, [&app](pt::http::Request& req) { return app.pipeline.handle(req); });
    server.listen();
    pt::app::Scheduler scheduler(app.jobs);  // mail and other periodic jobs; stopped on return
    scheduler.start();
    std::cout << "listening on http://" << cfg.host << ":" << server.port() << std::endl;
    server.run();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto args = parse(argc, argv);
    if (!args.error.empty()) {
        std::cerr << args.error << "\n\n" << kUsage;
        return 2;
    }
    const std::string export_usage = std::string(pt::app::kExportInvoicesUsage) + kExportInvoicesHelp;
    const std::map<std::string, const char*> usages = {
        {"serve", kServeUsage}, {"migrate", kMigrateUsage}, {"seed-demo", kSeedUsage}, {"seed-bench", kSeedBenchUsage},
        {"end-expired-cards", kCatalogJobUsage}, {"reshuffle-catalog", kCatalogJobUsage},
        {"expire-vouchers", kExpireVouchersUsage}, {"remind-reports", kRemindReportsUsage},
        {"import-classifications", kImportUsage}, {"send-test-mail", kMailUsage}, {"send-mail", kMailUsage},
        {"ledger", kLedgerUsage}, {"export-invoices", export_usage.c_str()}};
    if (args.command.empty() || !usages.count(args.command)) {
        if (!args.command.empty()) std::cerr << "unknown command '" << args.command << "'\n\n";
        (args.command.empty() && args.help ? std::cout : std::cerr) << kUsage;
        return args.command.empty() && args.help ? 0 : 2;
    }
    if (args.help) {
        std::cout << usages.at(args.command);
        return 0;
    }

    // The flags override the environment the mail worker reads (notify::WorkerConfig::from_env).
    if (auto it = args.options.find("--smtp"); it != args.options.end()) setenv("PALVELUTORI_SMTP", it->second.c_str(), 1);
    if (auto it = args.options.find("--mail-from"); it != args.options.end())
        setenv("PALVELUTORI_MAIL_FROM", it->second.c_str(), 1);

    // Opens its own one-connection database, so an unreachable one exits 2, not 1.
    // Like ledger check: its own one-connection database, exit 2 for bad arguments.
    if (args.command == "export-invoices") {
        pt::app::ExportInvoicesOptions o;
        o.database_url = option(args, "--database", "PALVELUTORI_DATABASE", "sqlite:var/palvelutori.db");
        if (auto it = args.options.find("--format"); it != args.options.end()) o.format = it->second;
        if (auto it = args.options.find("--out"); it != args.options.end()) o.out_dir = it->second;
        if (auto it = args.options.find("--month"); it != args.options.end()) o.month = it->second;
        return pt::app::run_export_invoices(o, std::cout, std::cerr);
    }
    if (args.command == "ledger")
        return pt::app::run_ledger_command(
            args.positional, option(args, "--database", "PALVELUTORI_DATABASE", "sqlite:var/palvelutori.db"), std::cout,
            std::cerr);

    int threads = 2;
    try {
        threads = std::stoi(option(args, "--threads", "PALVELUTORI_THREADS", "0"));
    } catch (...) {
        std::cerr << "--threads must be a number\n";
        return 2;
    }
    try {
        auto url = option(args, "--database", "PALVELUTORI_DATABASE", "sqlite:var/palvelutori.db");
        if (threads <= 0) {
            // Handlers block on the database. SQLite answers in microseconds, so one thread per
            // core; PostgreSQL costs a network round trip per statement, so more threads (and
            // connections) keep the cores busy while others wait (bench/README.md: 1 600 →
            // 2 400 orders/s going from 2 to 8).
            const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
            threads = url.rfind("sqlite:", 0) == 0 ? cores : 4 * cores;
        }
        auto db = pt::db::Database::open(url, threads + 1);
        // System time, or the test suite's PALVELUTORI_CLOCK_FILE.
        const auto clock_source = pt::clock_from_env();
        const pt::Clock& clock = *clock_source;
        if (args.command == "migrate") return run_migrate(*db);
        if (args.command == "seed-demo") {
            run_migrate(*db);
            bool seeded = pt::app::seed_demo(*db, clock);
            std::cout << (seeded ? "demo data loaded" : "demo data already present") << "\n";
            return 0;
        }
        if (args.command == "seed-bench") return run_seed_bench(args, *db, clock);
        if (args.command == "end-expired-cards" || args.command == "reshuffle-catalog") {
            pt::catalog::CardService cards(*db, clock);
            if (args.command == "end-expired-cards") std::cout << "cards withdrawn: " << cards.end_expired_cards() << "\n";
            else std::cout << "sort keys rewritten: " << cards.reshuffle() << "\n";
            return 0;
        }
        if (args.command == "expire-vouchers") {
            const auto home = pt::app::resource_dir();
            pt::web::Renderer renderer(home / "templates", home / "i18n");
            auto expiry_service = pt::app::make_voucher_expiry(*db, clock, renderer);
            auto& expiry = *expiry_service;
            auto outcome = expiry.run_once();
            std::cout << "vouchers expired: " << outcome.expired << ", reminded: " << outcome.reminded << "\n";
            return 0;
        }
        if (args.command == "remind-reports") {
            const auto home = pt::app::resource_dir();
            pt::web::Renderer renderer(home / "templates", home / "i18n");
            pt::orders::OrderService orders(*db, clock, renderer, pt::app::public_url());
            orders.set_reports_gate(&pt::reports::ReportsService::missing_reports_key);
            pt::reports::ReportsService reports(*db, clock, renderer, orders, pt::app::public_url());
            const auto reminded = reports.remind_overdue();
            std::cout << "reports reminded: " << reminded << "\n";
            return 0;
        }
        if (args.command == "import-classifications") {
            run_migrate(*db);
            pt::app::ImportClassificationsOptions o{option(args, "--ptv", "PALVELUTORI_PTV_DIR", ""),
                                                    option(args, "--municipalities", "PALVELUTORI_MUNICIPALITIES", "")};
            return pt::app::import_classifications(*db, o, std::cout, std::cerr);
        }
        if (args.command == "send-test-mail") return run_send_test_mail(args, *db, clock);
        if (args.command == "send-mail") {
            if (!args.options.count("--once")) {
                std::cerr << "send-mail needs --once (serve sends e-mail all the time)\n";
                return 2;
            }
            pt::notify::MailWorker worker(*db, clock, pt::notify::WorkerConfig::from_env());
            if (worker.config().smtp_url.empty()) {
                std::cerr << "send-mail: no SMTP server (--smtp URL or PALVELUTORI_SMTP)\n";
                return 2;
            }
            auto outcome = worker.run_once();
            std::cout << "sent: " << outcome.sent << ", failed: " << outcome.failed << "\n";
            return outcome.failed ? 1 : 0;
        }
        return run_serve(args, *db, clock, threads);
    } catch (const std::exception& e) {
        std::cerr << "palvelutori " << args.command << ": " << e.what() << "\n";
        return 1;
    }
}
