#pragma once
// What the exporters (palvelutori export-invoices, the download routes) read: an invoice or
// credit note as the domain struct, with its lines, VAT subtotals and the parties as they were
// on the issue date.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "invoicing/domain/invoice.hpp"
#include "storage/db.hpp"

namespace pt::invoicing {

// Invoices and credit notes issued in `month` ("YYYY-MM", on issue_date), or all, by id.
std::vector<std::int64_t> invoice_ids_for_export(db::Connection& c, const std::optional<std::string>& month);
// nullopt when there is no such invoice. Visibility is the caller's business.
std::optional<Invoice> load_invoice(db::Connection& c, std::int64_t id);

}  // namespace pt::invoicing
