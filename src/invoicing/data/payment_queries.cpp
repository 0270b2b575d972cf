#include "invoicing/data/payment_queries.hpp"

namespace pt::invoicing {

namespace {

constexpr const char* kInvoiceSelect =
    "SELECT i.id, i.number, i.order_id, i.provider_id, p.name, COALESCE(oc.number, ''), i.kind, i.status, i.issue_date, "
    "i.gross_cents, (SELECT COALESCE(SUM(amount_cents), 0) FROM payments WHERE invoice_id = i.id), i.due_date, i.paid_at "
    "FROM invoices i JOIN providers p ON p.id = i.provider_id "
    "LEFT JOIN order_contracts oc ON oc.order_id = i.order_id ";

PayableInvoice invoice_from(const db::Row& r) {
    PayableInvoice inv;
    inv.id = r.i64(0);
    inv.number = r.str(1);
    inv.order_id = r.i64(2);
    inv.provider_id = r.i64(3);
    inv.provider_name = r.str(4);
    inv.contract_number = r.str(5);
    inv.target = {r.str(6), r.str(7), r.str(8), Money::cents(r.i64(9)), Money::cents(r.i64(10))};
    inv.due_date = r.str(11);
    if (!r.is_null(12)) inv.paid_at = r.str(12);
    return inv;
}

std::optional<PayableInvoice> one(db::Connection& c, const std::string& where, const db::Value& v) {
    auto rows = c.query(std::string(kInvoiceSelect) + where, {v});
    if (rows.empty()) return std::nullopt;
    return invoice_from(rows[0]);
}

constexpr const char* kPaymentSelect =
    "SELECT pm.id, pm.invoice_id, i.number, i.provider_id, p.name, pm.amount_cents, pm.paid_on, pm.source, pm.reference, "
    "COALESCE(u.name, ''), pm.created_at FROM payments pm JOIN invoices i ON i.id = pm.invoice_id "
    "JOIN providers p ON p.id = i.provider_id LEFT JOIN users u ON u.id = pm.recorded_by_user_id ";

PaymentRow payment_from(const db::Row& r) {
    return {r.i64(0), r.i64(1), r.str(2), r.i64(3), r.str(4), Money::cents(r.i64(5)), r.str(6), r.str(7), r.str(8),
            r.str(9), r.str(10)};
}

std::string where_of(const PaymentFilter& f, std::vector<db::Value>& params) {
    std::string w = "WHERE 1 = 1";
    if (f.invoice_id) { w += " AND pm.invoice_id = ?"; params.emplace_back(*f.invoice_id); }
    if (f.provider_id) { w += " AND i.provider_id = ?"; params.emplace_back(*f.provider_id); }
    return w;
}

}  // namespace

std::optional<PayableInvoice> find_payable_invoice(db::Connection& c, std::int64_t id) {
    return one(c, "WHERE i.id = ?", id);
}

std::optional<PayableInvoice> find_payable_invoice_by_number(db::Connection& c, const std::string& number) {
    return one(c, "WHERE i.number = ?", number);
}

std::optional<PayableInvoice> lock_payable_invoice(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM invoices WHERE id = ? FOR UPDATE", {id});
    return find_payable_invoice(c, id);
}

std::int64_t insert_payment(db::Connection& c, const NewPayment& p, const std::string& now) {
    return c.query("INSERT INTO payments (invoice_id, amount_cents, paid_on, source, reference, recorded_by_user_id, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {p.invoice_id, p.amount.cents(), p.paid_on, p.source, p.reference, p.recorded_by_user_id, now})[0]
        .i64(0);
}

bool csv_payment_exists(db::Connection& c, std::int64_t invoice_id, const std::string& paid_on, Money amount) {
    return !c.query("SELECT 1 FROM payments WHERE invoice_id = ? AND paid_on = ? AND amount_cents = ? AND source = 'csv'",
                    {invoice_id, paid_on, amount.cents()})
                .empty();
}

void mark_invoice_paid(db::Connection& c, std::int64_t invoice_id, const std::string& now) {
    c.execute("UPDATE invoices SET status = 'paid', paid_at = ?, updated_at = ? WHERE id = ?", {now, now, invoice_id});
}

std::vector<PaymentRow> list_payments(db::Connection& c, const PaymentFilter& f) {
    std::vector<db::Value> params;
    auto sql = std::string(kPaymentSelect) + where_of(f, params) + " ORDER BY pm.id DESC";
    if (f.limit >= 0) {
        sql += " LIMIT ? OFFSET ?";
        params.emplace_back(static_cast<std::int64_t>(f.limit));
        params.emplace_back(static_cast<std::int64_t>(f.offset));
    }
    std::vector<PaymentRow> out;
    for (const auto& r : c.query(sql, params)) out.push_back(payment_from(r));
    return out;
}

std::int64_t count_payments(db::Connection& c, const PaymentFilter& f) {
    std::vector<db::Value> params;
    return c.query("SELECT COUNT(*) FROM payments pm JOIN invoices i ON i.id = pm.invoice_id " + where_of(f, params), params)[0]
        .i64(0);
}

std::optional<PaymentRow> find_payment(db::Connection& c, std::int64_t id) {
    auto rows = c.query(std::string(kPaymentSelect) + "WHERE pm.id = ?", {id});
    if (rows.empty()) return std::nullopt;
    return payment_from(rows[0]);
}

}  // namespace pt::invoicing
