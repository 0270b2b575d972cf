#pragma once
// SQL of the organizer's invoicing settings (the organizers row; the market has one organizer).
#include <optional>

#include "invoicing/domain/invoicing_settings.hpp"
#include "storage/db.hpp"

namespace pt::invoicing {

// The organizer (lowest id); nullopt before the market is set up. lock: FOR UPDATE on PostgreSQL.
std::optional<InvoicingSettings> find_invoicing_settings(db::Connection& c, bool lock = false);
void update_invoicing_settings(db::Connection& c, const InvoicingSettings& s);

}  // namespace pt::invoicing
