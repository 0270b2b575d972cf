#include "app/wiring.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "accounts/http/account_routes.hpp"
#include "catalog/http/catalog_routes.hpp"
#include "catalog/http/card_routes.hpp"
#include "catalog/http/service_description_routes.hpp"
#include "catalog/domain/search_terms.hpp"
#include "hsds/http/hsds_routes.hpp"
#include "invoicing/http/payment_routes.hpp"
#include "invoicing/http/settings_routes.hpp"
#include "invoicing/http/invoice_routes.hpp"
#include "invoicing/http/einvoice_routes.hpp"
#include "notify/http/outbox_routes.hpp"
#include "notify/mail_worker.hpp"
#include "orders/http/order_routes.hpp"
#include "procurement/http/procurement_routes.hpp"
#include "providers/domain/invitation.hpp"
#include "providers/http/provider_routes.hpp"
#include "reports/http/report_routes.hpp"
#include "vouchers/http/voucher_routes.hpp"
#include "vouchers/http/application_routes.hpp"
#include "vouchers/http/programme_routes.hpp"
#include "vouchers/expiry_service.hpp"

#ifndef PT_SOURCE_DIR
#define PT_SOURCE_DIR "."
#endif

namespace pt::app {

using http::Response;
using web::Ctx;

std::filesystem::path resource_dir() {
    if (const char* home = std::getenv("PALVELUTORI_HOME"); home && *home) return home;
    return PT_SOURCE_DIR;
}

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void register_site_routes(web::Routes& routes, db::Database& db, const std::string& openapi) {
    routes.get("/", Action::public_read, [](Ctx&) { return Response::redirect("/catalog", 302); });
    routes.get("/healthz", Action::public_read, [](Ctx&) { return Response::text("ok"); });
    routes.get("/readyz", Action::public_read, [&db](Ctx&) {
        try {
            auto lease = db.acquire();
            lease->query("SELECT 1");
            return Response::json({{"status", "ready"}});
        } catch (const std::exception& e) {
            return Response::json({{"status", "unavailable"}, {"detail", e.what()}}, 503);
        }
    });
    // The language switch: a link sets the cookie; a signed-in user's switch is a POST form (with
    // CSRF) that also keeps the choice for their e-mails (notify::recipient_language).
    const auto switch_language = [](const std::string& requested, const std::string& requested_back) {
        auto lang = requested;
        if (lang != "fi" && lang != "en") lang = "fi";
        auto back = requested_back;
        if (back.size() < 1 || back[0] != '/' || (back.size() > 1 && (back[1] == '/' || back[1] == '\\')) ||
            back.find_first_of("\r\n") != std::string::npos)
            back = "/catalog";
        auto res = Response::redirect(back);
        res.add_header("Set-Cookie", http::make_set_cookie("pt_lang", lang, {.max_age = 365L * 24 * 3600}));
        return std::pair{res, lang};
    };
    routes.get("/lang", Action::public_read, [switch_language](Ctx& ctx) {
        return switch_language(ctx.req.query_param("set"), ctx.req.query_param("back")).first;
    });
    routes.post("/lang", Action::own_account, [&db, switch_language](Ctx& ctx) {
        const auto& form = ctx.req.form();
        auto [res, lang] = switch_language(form.get("set"), form.get("back"));
        db.transact(db::TxMode::write, [&](db::Connection& c) {
            c.execute("UPDATE users SET language = ? WHERE id = ? AND language <> ?", {lang, ctx.who().user_id, lang});
        });
        return res;
    });
    routes.get("/api/v1/openapi.json", Action::public_read, [&openapi](Ctx&) {
        Response r;
        r.body = openapi;
        r.set_header("Content-Type", "application/json");
        return r;
    });
}

}  // namespace

std::string public_url() {
    const char* url = std::getenv("PALVELUTORI_PUBLIC_URL");
    return providers::normalize_public_url(url ? url : "").value_or("");
}

std::unique_ptr<vouchers::ExpiryService> make_voucher_expiry(db::Database& db, const Clock& clock,
                                                            const web::Renderer& renderer) {
    // Orders awaiting acceptance end along the orders domain's expire step (vouchers cannot
    // depend on orders, so the step is passed in).
    return std::make_unique<vouchers::ExpiryService>(
        db, clock, renderer,
        [](std::string_view status) -> std::optional<std::string> {
            auto from = orders::order_status_from(status);
            auto to = from ? orders::next_status(*from, orders::OrderAction::expire, Role::system) : std::nullopt;
            return to ? std::optional<std::string>(orders::to_string(*to)) : std::nullopt;
        },
        public_url());
}

Application::Application(db::Database& db_, const Clock& clock_, const std::filesystem::path& resources_)
    : db(db_),
      clock(clock_),
      resources(resources_),
      renderer(resources_ / "templates", resources_ / "i18n"),
      auth(db_, clock_),
      orders(db_, clock_, renderer, public_url()),
      catalog_cache(db_, "catalog_version"),
      pipeline(routes, renderer, clock_, auth),
      openapi(read_all(resources_ / "src" / "app" / "openapi.json")) {
    // PALVELUTORI_PAGE_CACHE=off measures the uncached path (bench/run does both).
    if (const char* pc = std::getenv("PALVELUTORI_PAGE_CACHE"); pc && std::string(pc) == "off")
        catalog_cache.set_enabled(false);
    register_site_routes(routes, db, openapi);
    accounts::register_routes(routes, auth);
    catalog::register_routes(routes, db, catalog_cache, [this](Ctx& ctx, const catalog::ProductCard& card) {
        return vouchers::order_form_data(db, ctx, card);
    });
    catalog::register_service_description_routes(routes, db, catalog_cache);
    {
        // Provider cards; the same service ends expired cards and reshuffles the catalog daily.
        auto cards = std::make_shared<catalog::CardService>(db, clock_);
        catalog::register_card_routes(routes, db, cards);
        jobs.push_back({"catalog.end_expired_cards", std::chrono::seconds(60), [cards] { cards->end_expired_cards(); }});
        jobs.push_back({"catalog.reshuffle", std::chrono::seconds(60), [cards] { cards->reshuffle(); }});
    }
    vouchers::register_routes(routes, db);
    vouchers::register_programme_routes(routes, db, std::make_shared<vouchers::ProgrammeService>(db, clock_));
    // Voucher applications and the organizer's grant / reject decisions, with their e-mails.
    vouchers::register_application_routes(
        routes, db, std::make_shared<vouchers::ApplicationService>(db, clock_, renderer, public_url()));
    orders::register_routes(routes, db, orders);
    {
        // Delivery reports: both in moves the order to reported; the manual step asks which is missing.
        auto delivery = std::make_shared<reports::ReportsService>(db, clock_, renderer, orders, public_url());
        orders.set_reports_gate(&reports::ReportsService::missing_reports_key);
        orders.set_cancel_gate(&reports::order_has_open_invoice);
        orders.set_reports_panel(&reports::order_panel);
        reports::register_routes(routes, db, delivery);
        jobs.push_back({"reports.reminders", std::chrono::seconds(60), [delivery] { delivery->remind_overdue(); }});
    }
    // Invoicing settings (the organizer as buyer) and payments, which take the orders' pay step.
    invoicing::register_settings_routes(routes, db);
    invoicing::register_payment_routes(
        routes, db, std::make_shared<invoicing::PaymentService>(db, clock_, renderer, orders, public_url()));
    // Invoices: the monthly run, approval (spends the voucher money), disputes and credit notes.
    invoicing::register_invoice_routes(routes, db,
                                       std::make_shared<invoicing::InvoiceService>(db, clock_, renderer, public_url()));
    // The same invoices as UBL (Peppol BIS 3) and Finvoice 3.0 downloads.
    invoicing::register_einvoice_routes(routes, db);
    {
        // Voucher expiry and the reminder 30 days before.
        std::shared_ptr<vouchers::ExpiryService> expiry = make_voucher_expiry(db, clock_, renderer);
        jobs.push_back({"vouchers.expiry", std::chrono::seconds(60), [expiry] { expiry->run_once(); }});
    }
    {
        // Calls, applications, admissions; its e-mails are rendered with the app's templates.
        auto procurement = std::make_shared<procurement::ProcurementService>(db, clock_, renderer, public_url());
        procurement::register_routes(routes, db, procurement);
    }
    {
        // E-mail: the outbox page, and the worker that sends what use cases enqueued.
        notify::register_routes(routes, db);
        auto mail = std::make_shared<notify::MailWorker>(db, clock_, notify::WorkerConfig::from_env());
        jobs.push_back({"mail", mail->config().period, [mail] { mail->run_once(); }});
    }
    // Open data (HSDS 3.0): full-text search through the catalog's index and terms.
    hsds::register_routes(routes, db, catalog_cache, [](std::string_view text, db::Dialect dialect) {
        auto terms = catalog::search_terms(text);
        return dialect == db::Dialect::postgres ? catalog::pg_tsquery(terms) : catalog::fts5_query(terms);
    }, public_url());
    // Links in mails use PALVELUTORI_PUBLIC_URL (e.g. https://palvelutori.example.fi), never the
    // request's Host header; without it they are paths.
    providers::register_routes(routes, db, auth, renderer, clock_, public_url());
}

}  // namespace pt::app
