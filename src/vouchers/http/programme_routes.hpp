#pragma once
// Voucher programmes over HTTP: the organizer's pages (/admin/programmes, new, edit) and API
// (POST/PUT /api/v1/programmes), and the public pages and API (/programmes, /api/v1/programmes).
#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "storage/db.hpp"
#include "vouchers/data/programme_queries.hpp"
#include "vouchers/programme_service.hpp"
#include "web/ctx.hpp"

namespace pt::vouchers {

// "upcoming" before application_start, "open" from start to end (both included), "closed" after.
std::string_view programme_status(const VoucherProgramme& p, std::chrono::sys_days today);

void register_programme_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ProgrammeService> service);

}  // namespace pt::vouchers
