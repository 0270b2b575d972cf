#include "app/demo_cycle.hpp"

#include <stdexcept>

#include "accounts/data/account_queries.hpp"
#include "app/wiring.hpp"
#include "invoicing/invoice_service.hpp"
#include "invoicing/payment_service.hpp"
#include "orders/order_service.hpp"
#include "reports/reports_service.hpp"
#include "web/renderer.hpp"

namespace pt::app {

namespace {

Principal user(db::Database& db, const std::string& email) {
    auto lease = db.acquire();
    auto u = accounts::find_user_by_email(*lease, email);
    if (!u) throw std::logic_error("demo cycle: no user " + email);
    return u->principal;
}

TimePoint at(std::chrono::sys_days day, int hour = 9) { return TimePoint(day) + std::chrono::hours(hour); }

}  // namespace

std::chrono::sys_days demo_cycle_start(std::chrono::sys_days today, int days) {
    const std::chrono::year_month_day ymd{today};
    const auto first_of_last = std::chrono::year_month_day{ymd.year() / ymd.month() / 1} - std::chrono::months{1};
    return std::chrono::sys_days{first_of_last} + std::chrono::days{days};
}

void seed_demo_cycle(db::Database& db, const Clock& clock, const std::string& customer_business_id) {
    const auto today = local_day(clock.now());
    const auto start = demo_cycle_start(today);
    std::int64_t outbox_before = 0, voucher_id = 0, card_id = 0;
    {
        auto lease = db.acquire();
        auto& c = *lease;
        outbox_before = c.query("SELECT COALESCE(MAX(id), 0) FROM outbox")[0].i64(0);
        voucher_id = c.query("SELECT v.id FROM vouchers v JOIN customers cu ON cu.id = v.customer_id "
                             "WHERE cu.business_id = ? AND v.status = 'active' ORDER BY v.id LIMIT 1",
                             {customer_business_id})[0]
                         .i64(0);
        card_id = c.query("SELECT pc.id FROM product_cards pc JOIN users u ON u.provider_id = pc.provider_id "
                          "JOIN service_descriptions sd ON sd.id = pc.service_description_id "
                          "WHERE u.email = 'provider@palvelutori.example' AND pc.price_cents = 250000 "
                          "AND pc.status = 'published' AND sd.code = 'sales-marketing' ORDER BY pc.id LIMIT 1")[0]
                      .i64(0);
    }
    const auto admin = user(db, "admin@palvelutori.example");
    const auto provider = user(db, "provider@palvelutori.example");
    const auto counsellor = user(db, "counsellor@palvelutori.example");

    web::Renderer renderer(resource_dir() / "templates", resource_dir() / "i18n");
    // Last month's part runs on a clock set to its days; the invoicing on the real one.
    FixedClock past(at(start));
    orders::OrderService past_orders(db, past, renderer);
    past_orders.set_reports_gate(&reports::ReportsService::missing_reports_key);
    reports::ReportsService past_reports(db, past, renderer, past_orders);

    std::vector<std::int64_t> order_ids;
    for (int i = 0; i < 2; ++i) {
        past.set(at(start + std::chrono::days{i}));
        // The counsellor orders on the customer's behalf; the provider delivers in a week.
        auto o = past_orders.place_order(counsellor, card_id, voucher_id);
        past_orders.accept_order(provider, o.id);
        past.set(at(start + std::chrono::days{i + 1}));
        past_orders.progress_order(provider, o.id, orders::OrderAction::start);
        past.set(at(start + std::chrono::days{i + 8}));
        past_orders.progress_order(provider, o.id, orders::OrderAction::end);

        past.set(at(start + std::chrono::days{i + 10}));
        const auto d1 = to_iso_date(start + std::chrono::days{i + 2});
        const auto d2 = to_iso_date(start + std::chrono::days{i + 7});
        reports::ServiceReportInput sr;
        sr.starting_situation = "Kahvilan myynti on laskenut, eikä markkinointia ole suunniteltu.";
        sr.goal = "Myyntisuunnitelma ja markkinoinnin vuosikello seuraavalle puolelle vuodelle.";
        sr.meetings = {{d1, 90, "Nykytilan kartoitus ja asiakasryhmien määrittely."},
                       {d2, 120, "Myyntisuunnitelman ja vuosikellon laatiminen yhdessä."}};
        sr.concrete_actions = "Asiakasryhmät määritelty, kolme kampanjaa suunniteltu ja aikataulutettu.";
        sr.employment_findings = "Yritys aikoo palkata osa-aikaisen myyjän kampanjakaudeksi.";
        sr.follow_up_plan = "Ensimmäinen kampanja käynnistetään ja tuloksia seurataan kuukausittain.";
        sr.follow_up_schedule = "Seurantapalaveri kolmen kuukauden kuluttua.";
        past_reports.save_service_report(provider, o.id, sr, true);
        reports::BillingReportInput br;
        br.meetings = {{d1, 90, ""}, {d2, 120, ""}};
        br.delivery_confirmed = true;
        past_reports.save_billing_report(provider, o.id, br, true);  // both in: the order is reported
        past.set(at(start + std::chrono::days{i + 12}));
        past_reports.approve_billing_report(admin, o.id, std::nullopt);
        order_ids.push_back(o.id);
    }

    // This month: last month's run, approval, the first invoice paid, the second credited.
    orders::OrderService now_orders(db, clock, renderer);
    invoicing::InvoiceService invoices(db, clock, renderer);
    invoicing::PaymentService payments(db, clock, renderer, now_orders);
    auto run = invoices.run(admin, invoices.default_month());
    if (run.invoice_ids.size() != order_ids.size()) throw std::logic_error("demo cycle: the invoice run missed an order");
    for (auto id : run.invoice_ids) invoices.approve(admin, id);
    const auto first = run.invoice_ids.front();
    std::optional<invoicing::PayableInvoice> inv;
    {
        auto lease = db.acquire();
        inv = invoicing::find_payable_invoice(*lease, first);
    }
    payments.record(admin, first, {inv->target.gross, to_iso_date(today), "Demo / tiliote 1"});
    invoices.credit(admin, run.invoice_ids.back(), "Palvelu toteutui vain osittain; sovittu hyvitys.");

    // The demo addresses are not real recipients: the mails of the cycle are not kept.
    db.transact(db::TxMode::write, [&](db::Connection& c) { c.execute("DELETE FROM outbox WHERE id > ?", {outbox_before}); });
}

}  // namespace pt::app
