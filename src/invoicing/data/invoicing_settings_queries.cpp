#include "invoicing/data/invoicing_settings_queries.hpp"

namespace pt::invoicing {

std::optional<InvoicingSettings> find_invoicing_settings(db::Connection& c, bool lock) {
    std::string sql =
        "SELECT id, name, business_id, street_address, postal_code, post_office, ovt, einvoice_operator, "
        "invoice_reference_template, payment_terms_days FROM organizers ORDER BY id LIMIT 1";
    if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE";
    auto rows = c.query(sql);
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return InvoicingSettings{r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6), r.str(7), r.str(8),
                             static_cast<int>(r.i64(9))};
}

void update_invoicing_settings(db::Connection& c, const InvoicingSettings& s) {
    c.execute("UPDATE organizers SET street_address = ?, postal_code = ?, post_office = ?, ovt = ?, einvoice_operator = ?, "
              "invoice_reference_template = ?, payment_terms_days = ? WHERE id = ?",
              {s.street_address, s.postal_code, s.post_office, s.ovt, s.einvoice_operator, s.invoice_reference_template,
               static_cast<std::int64_t>(s.payment_terms_days), s.organizer_id});
}

}  // namespace pt::invoicing
