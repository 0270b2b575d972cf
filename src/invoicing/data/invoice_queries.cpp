#include "invoicing/data/invoice_queries.hpp"

#include <stdexcept>

#include "core/clock.hpp"
#include "invoicing/domain/numbering.hpp"

namespace pt::invoicing {

namespace {

db::Value opt(const std::optional<std::string>& s) { return s ? db::Value{*s} : db::Value{db::Null{}}; }
db::Value opt(const std::optional<std::int64_t>& v) { return v ? db::Value{*v} : db::Value{db::Null{}}; }

constexpr const char* kSelect =
    "SELECT i.id, i.kind, i.number, i.order_id, i.provider_id, p.name, i.run_id, i.credited_invoice_id, "
    "ci.number, ci.issue_date, i.issue_date, i.due_date, i.reference_number, i.buyer_reference, i.net_cents, "
    "i.vat_cents, i.gross_cents, i.status, i.dispute_reason, i.seller_json, i.buyer_json, i.decided_at, i.paid_at, "
    "COALESCE(oc.number, ''), i.created_at, i.updated_at, o.voucher_id, "
    "(SELECT MIN(cn.id) FROM invoices cn WHERE cn.credited_invoice_id = i.id), "
    "(SELECT MIN(cn.number) FROM invoices cn WHERE cn.credited_invoice_id = i.id) "
    "FROM invoices i JOIN providers p ON p.id = i.provider_id JOIN orders o ON o.id = i.order_id "
    "LEFT JOIN invoices ci ON ci.id = i.credited_invoice_id "
    "LEFT JOIN order_contracts oc ON oc.order_id = i.order_id";

InvoiceRow row_from(const db::Row& r) {
    InvoiceRow v;
    v.id = r.i64(0);
    v.kind = r.str(1) == "credit_note" ? DocumentKind::credit_note : DocumentKind::invoice;
    v.number = r.str(2);
    v.order_id = r.i64(3);
    v.provider_id = r.i64(4);
    v.provider_name = r.str(5);
    v.run_id = r.opt_i64(6);
    v.credited_invoice_id = r.opt_i64(7);
    v.credited_number = r.opt_str(8);
    v.credited_issue_date = r.opt_str(9);
    v.issue_date = r.str(10);
    v.due_date = r.str(11);
    v.reference_number = r.str(12);
    v.buyer_reference = r.str(13);
    v.net = Money::cents(r.i64(14));
    v.vat = Money::cents(r.i64(15));
    v.gross = Money::cents(r.i64(16));
    v.status = r.str(17);
    v.dispute_reason = r.opt_str(18);
    v.seller_json = r.str(19);
    v.buyer_json = r.str(20);
    v.decided_at = r.opt_str(21);
    v.paid_at = r.opt_str(22);
    v.contract_number = r.str(23);
    v.created_at = r.str(24);
    v.updated_at = r.str(25);
    v.voucher_id = r.i64(26);
    v.credit_note_id = r.opt_i64(27);
    v.credit_note_number = r.opt_str(28);
    return v;
}

// Row scope and filters as one WHERE clause.
std::pair<std::string, std::vector<db::Value>> where_of(const Principal& who, const InvoiceFilter& f) {
    std::string w = " WHERE 1 = 1";
    std::vector<db::Value> p;
    if (who.role == Role::provider_user) {
        w += " AND i.provider_id = ?";
        p.emplace_back(who.provider_id.value_or(-1));
    } else if (who.role != Role::organizer_admin && who.role != Role::finance_officer && who.role != Role::system) {
        w += " AND 1 = 0";
    }
    if (f.month) {
        if (auto first = parse_month(*f.month)) {
            w += " AND i.issue_date >= ? AND i.issue_date < ?";
            p.emplace_back(to_iso_date(*first));
            p.emplace_back(to_iso_date(next_month_start(*first)));
        }
    }
    if (f.status) {
        w += " AND i.status = ?";
        p.emplace_back(*f.status);
    }
    if (f.kind) {
        w += " AND i.kind = ?";
        p.emplace_back(*f.kind);
    }
    if (f.provider_id) {
        w += " AND i.provider_id = ?";
        p.emplace_back(*f.provider_id);
    }
    return {w, p};
}

Money ledger_sum(db::Connection& c, std::int64_t order_id, const char* kinds_sql) {
    return Money::cents(c.query(std::string("SELECT COALESCE(SUM(CASE ") + kinds_sql +
                                    " ELSE 0 END), 0) FROM ledger_entries WHERE order_id = ?",
                                {order_id})[0]
                            .i64(0));
}

}  // namespace

namespace {

std::vector<BillableReport> billable_where(db::Connection& c, const std::string& decided_before,
                                           std::optional<std::int64_t> order_id) {
    std::vector<BillableReport> out;
    std::vector<db::Value> params{decided_before};
    if (order_id) params.emplace_back(*order_id);
    for (const auto& r : c.query(
             "SELECT br.id, o.id, o.provider_id, o.voucher_id, o.status, o.price_cents, oc.number, pc.title, sd.name_fi, "
             "sd.price_model, sd.vat_rate_bp, sd.vat_category, sd.vat_exemption_reason, br.meetings, br.bonus_code, "
             "br.bonus_status FROM billing_reports br JOIN orders o ON o.id = br.order_id "
             "JOIN order_contracts oc ON oc.order_id = o.id JOIN product_cards pc ON pc.id = o.product_card_id "
             "JOIN service_descriptions sd ON sd.id = pc.service_description_id "
             "WHERE br.status = 'approved' AND br.decided_at IS NOT NULL AND br.decided_at < ? "
             "AND o.status IN ('reported', 'invoiced', 'paid') "
             "AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND i.kind = 'invoice' "
             "AND i.status IN ('sent', 'approved', 'paid'))" + std::string(order_id ? " AND o.id = ?" : "") + " ORDER BY o.id",
             params)) {
        BillableReport b;
        b.report_id = r.i64(0);
        b.order_id = r.i64(1);
        b.provider_id = r.i64(2);
        b.voucher_id = r.i64(3);
        b.order_status = r.str(4);
        b.price = Money::cents(r.i64(5));
        b.contract_number = r.str(6);
        b.card_title = r.str(7);
        b.service_name_fi = r.str(8);
        b.price_model_json = r.str(9);
        b.vat_rate_bp = static_cast<int>(r.i64(10));
        b.vat_category = r.str(11);
        b.vat_exemption_reason = r.str(12);
        b.meetings_json = r.str(13);
        b.bonus_code = r.opt_str(14);
        b.bonus_status = r.opt_str(15);
        out.push_back(std::move(b));
    }
    return out;
}

}  // namespace

std::vector<BillableReport> billable_reports(db::Connection& c, const std::string& decided_before) {
    return billable_where(c, decided_before, std::nullopt);
}

std::optional<BillableReport> billable_report_of_order(db::Connection& c, std::int64_t order_id,
                                                       const std::string& decided_before) {
    auto rows = billable_where(c, decided_before, order_id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

bool lock_order_has_open_invoice(db::Connection& c, std::int64_t order_id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM orders WHERE id = ? FOR UPDATE", {order_id});
    return !c.query("SELECT 1 FROM invoices WHERE order_id = ? AND kind = 'invoice' AND status IN ('sent', 'approved', 'paid')",
                    {order_id})
                .empty();
}

Party seller_party(db::Connection& c, std::int64_t provider_id) {
    auto r = c.query("SELECT name, business_id, ovt, einvoice_operator, street_address, postal_code, post_office, iban, "
                     "email FROM providers WHERE id = ?",
                     {provider_id});
    if (r.empty()) throw std::runtime_error("no provider " + std::to_string(provider_id));
    Party p;
    p.name = r[0].str(0);
    p.business_id = r[0].str(1);
    p.ovt = r[0].str(2);
    p.einvoice_operator = r[0].str(3);
    p.street_address = r[0].str(4);
    p.postal_code = r[0].str(5);
    p.post_office = r[0].str(6);
    p.iban = r[0].str(7);
    p.contact_email = r[0].str(8);
    return p;
}

std::optional<BuyerTerms> buyer_terms(db::Connection& c) {
    auto r = c.query("SELECT name, business_id, ovt, einvoice_operator, street_address, postal_code, post_office, "
                     "invoice_reference_template, payment_terms_days FROM organizers ORDER BY id LIMIT 1");
    if (r.empty()) return std::nullopt;
    BuyerTerms b;
    b.party.name = r[0].str(0);
    b.party.business_id = r[0].str(1);
    b.party.ovt = r[0].str(2);
    b.party.einvoice_operator = r[0].str(3);
    b.party.street_address = r[0].str(4);
    b.party.postal_code = r[0].str(5);
    b.party.post_office = r[0].str(6);
    b.reference_template = r[0].str(7);
    b.payment_terms_days = static_cast<int>(r[0].i64(8));
    return b;
}

nlohmann::json party_json(const Party& p) {
    return {{"name", p.name},
            {"business_id", p.business_id},
            {"ovt", p.ovt},
            {"einvoice_operator", p.einvoice_operator},
            {"street_address", p.street_address},
            {"postal_code", p.postal_code},
            {"post_office", p.post_office},
            {"country", p.country},
            {"iban", p.iban},
            {"bic", p.bic},
            {"contact_email", p.contact_email}};
}

Party party_from_json(const std::string& text) {
    Party p;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return p;
    const auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    p.name = s("name");
    p.business_id = s("business_id");
    p.ovt = s("ovt");
    p.einvoice_operator = s("einvoice_operator");
    p.street_address = s("street_address");
    p.postal_code = s("postal_code");
    p.post_office = s("post_office");
    if (auto country = s("country"); !country.empty()) p.country = country;
    p.iban = s("iban");
    p.bic = s("bic");
    p.contact_email = s("contact_email");
    return p;
}

std::int64_t insert_run(db::Connection& c, const std::string& month, std::int64_t user_id, int count,
                        const std::string& now) {
    return c.query("INSERT INTO invoice_runs (month, created_by_user_id, invoice_count, created_at) VALUES (?, ?, ?, ?) "
                   "RETURNING id",
                   {month, user_id, std::int64_t{count}, now})[0]
        .i64(0);
}

std::int64_t insert_invoice(db::Connection& c, const NewInvoice& i, const std::string& now) {
    return c.query("INSERT INTO invoices (kind, number, order_id, provider_id, run_id, credited_invoice_id, issue_date, "
                   "due_date, reference_number, buyer_reference, net_cents, vat_cents, gross_cents, status, "
                   "dispute_reason, seller_json, buyer_json, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {std::string(to_string(i.kind)), i.number, i.order_id, i.provider_id, opt(i.run_id),
                    opt(i.credited_invoice_id), i.issue_date, i.due_date, i.reference_number, i.buyer_reference,
                    i.net.cents(), i.vat.cents(), i.gross.cents(), i.status, opt(i.reason), i.seller_json, i.buyer_json,
                    now, now})[0]
        .i64(0);
}

void insert_lines(db::Connection& c, std::int64_t invoice_id, const std::vector<InvoiceLine>& lines) {
    for (const auto& l : lines)
        c.execute("INSERT INTO invoice_lines (invoice_id, line_no, description, quantity_milli, unit_code, "
                  "unit_price_cents, net_cents, vat_rate_bp, vat_category, bonus_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {invoice_id, std::int64_t{l.line_no}, l.description, l.quantity_milli, l.unit_code,
                   l.unit_price.cents(), l.net.cents(), std::int64_t{l.vat_rate_bp}, std::string(code_of(l.vat_category)),
                   opt(l.bonus_code)});
}

std::vector<InvoiceLine> invoice_lines(db::Connection& c, std::int64_t invoice_id, const std::string& exemption_reason) {
    std::vector<InvoiceLine> out;
    for (const auto& r : c.query("SELECT line_no, description, quantity_milli, unit_code, unit_price_cents, net_cents, "
                                 "vat_rate_bp, vat_category, bonus_code FROM invoice_lines WHERE invoice_id = ? "
                                 "ORDER BY line_no",
                                 {invoice_id})) {
        InvoiceLine l;
        l.line_no = static_cast<int>(r.i64(0));
        l.description = r.str(1);
        l.quantity_milli = r.i64(2);
        l.unit_code = r.str(3);
        l.unit_price = Money::cents(r.i64(4));
        l.net = Money::cents(r.i64(5));
        l.vat_rate_bp = static_cast<int>(r.i64(6));
        l.vat_category = vat_category_from(r.str(7)).value_or(VatCategory::exempt);
        if (l.vat_category == VatCategory::exempt) l.exemption_reason = exemption_reason;
        l.bonus_code = r.opt_str(8);
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<InvoiceRow> list_invoices(db::Connection& c, const Principal& who, const InvoiceFilter& f) {
    auto [w, p] = where_of(who, f);
    p.emplace_back(std::int64_t{f.limit});
    p.emplace_back(std::int64_t{f.offset});
    std::vector<InvoiceRow> out;
    for (const auto& r : c.query(std::string(kSelect) + w + " ORDER BY i.issue_date DESC, i.id DESC LIMIT ? OFFSET ?", p))
        out.push_back(row_from(r));
    return out;
}

std::int64_t count_invoices(db::Connection& c, const Principal& who, const InvoiceFilter& f) {
    auto [w, p] = where_of(who, f);
    return c.query("SELECT COUNT(*) FROM invoices i" + w, p)[0].i64(0);
}

std::vector<StatusSum> sums_by_status(db::Connection& c, const Principal& who, InvoiceFilter f) {
    f.status.reset();
    f.kind = "invoice";
    auto [w, p] = where_of(who, f);
    std::vector<StatusSum> out;
    for (const auto& r : c.query("SELECT i.status, COUNT(*), COALESCE(SUM(i.gross_cents), 0) FROM invoices i" + w +
                                     " GROUP BY i.status ORDER BY i.status",
                                 p))
        out.push_back({r.str(0), r.i64(1), Money::cents(r.i64(2))});
    return out;
}

std::optional<InvoiceRow> find_invoice(db::Connection& c, std::int64_t id, const Principal& who) {
    auto [w, p] = where_of(who, {});
    p.emplace_back(id);
    auto r = c.query(std::string(kSelect) + w + " AND i.id = ?", p);
    if (r.empty()) return std::nullopt;
    return row_from(r[0]);
}

std::optional<InvoiceRow> find_invoice_unscoped(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string(kSelect) + " WHERE i.id = ?", {id});
    if (r.empty()) return std::nullopt;
    return row_from(r[0]);
}

std::optional<InvoiceRow> lock_invoice(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM invoices WHERE id = ? FOR UPDATE", {id});
    return find_invoice_unscoped(c, id);
}

void decide_invoice(db::Connection& c, std::int64_t id, const std::string& status,
                    const std::optional<std::string>& reason, std::int64_t user_id, const std::string& now) {
    c.execute("UPDATE invoices SET status = ?, dispute_reason = COALESCE(?, dispute_reason), decided_at = ?, "
              "decided_by_user_id = ?, updated_at = ? WHERE id = ?",
              {status, opt(reason), now, user_id, now, id});
}

void set_invoice_status(db::Connection& c, std::int64_t id, const std::string& status, const std::string& now) {
    c.execute("UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?", {status, now, id});
}

void return_billing_report(db::Connection& c, std::int64_t order_id, const std::string& reason, std::int64_t user_id,
                           const std::string& now) {
    c.execute("UPDATE billing_reports SET status = 'returned', return_reason = ?, decided_at = ?, decided_by_user_id = ?, "
              "updated_at = ? WHERE order_id = ?",
              {reason, now, user_id, now, order_id});
}

Money order_holding(db::Connection& c, std::int64_t order_id) {
    return ledger_sum(c, order_id,
                      "WHEN kind = 'reserve' THEN amount_cents WHEN kind IN ('release', 'spend') THEN -amount_cents");
}

Money order_net_spent(db::Connection& c, std::int64_t order_id) {
    return ledger_sum(c, order_id, "WHEN kind = 'spend' THEN amount_cents WHEN kind = 'refund' THEN -amount_cents");
}

}  // namespace pt::invoicing
