#include "invoicing/data/invoice_export_queries.hpp"

#include "core/clock.hpp"
#include "invoicing/data/invoice_queries.hpp"
#include "invoicing/domain/amounts.hpp"
#include "invoicing/domain/numbering.hpp"

namespace pt::invoicing {

std::vector<std::int64_t> invoice_ids_for_export(db::Connection& c, const std::optional<std::string>& month) {
    std::vector<std::int64_t> out;
    db::Result r;
    if (month) {
        auto first = parse_month(*month);
        if (!first) return out;
        r = c.query("SELECT id FROM invoices WHERE issue_date >= ? AND issue_date < ? ORDER BY id",
                    {to_iso_date(*first), to_iso_date(next_month_start(*first))});
    } else {
        r = c.query("SELECT id FROM invoices ORDER BY id");
    }
    for (const auto& row : r) out.push_back(row.i64(0));
    return out;
}

std::optional<Invoice> load_invoice(db::Connection& c, std::int64_t id) {
    auto row = find_invoice_unscoped(c, id);
    if (!row) return std::nullopt;
    Invoice inv;
    inv.kind = row->kind;
    inv.number = row->number;
    inv.issue_date = row->issue_date;
    inv.due_date = row->kind == DocumentKind::credit_note ? std::string() : row->due_date;
    inv.buyer_reference = row->buyer_reference;
    inv.order_contract_number = row->contract_number;
    inv.reference_number = row->reference_number;
    inv.seller = party_from_json(row->seller_json);
    inv.buyer = party_from_json(row->buyer_json);
    // The exemption reason of category E was snapshotted with the seller (the sale's terms).
    std::string exemption;
    if (auto j = nlohmann::json::parse(row->seller_json, nullptr, false);
        j.is_object() && j.contains("vat_exemption_reason") && j["vat_exemption_reason"].is_string())
        exemption = j["vat_exemption_reason"].get<std::string>();
    inv.lines = invoice_lines(c, id, exemption);
    compute_totals(inv);
    // The stored totals are what was issued; they equal the recomputed ones by construction.
    inv.net_total = row->net;
    inv.vat_total = row->vat;
    inv.gross_total = row->gross;
    if (row->kind == DocumentKind::credit_note) {
        inv.credited_invoice_number = row->credited_number;
        inv.credited_invoice_issue_date = row->credited_issue_date;
        inv.note = row->dispute_reason.value_or("");
    }
    return inv;
}

}  // namespace pt::invoicing
