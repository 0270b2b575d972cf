#pragma once
#include <cstddef>
#include <memory>
#include <string_view>

#include "procurement/procurement_service.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::procurement {

// Calls (/calls, /admin/calls), applications (/applications), admissions and brochures
// (/admin/admissions, /admissions/{id}/brochure), attachments (/attachments/{id}) and their
// /api/v1 twins.
void register_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ProcurementService> service);

// Routes that take file uploads accept a body this large (10 MiB file + form overhead); the
// server keeps its smaller limit for everything else.
inline constexpr std::size_t upload_body_limit = 10 * 1024 * 1024 + 256 * 1024;
// True for the POST paths above that take multipart file uploads.
bool is_upload_path(std::string_view method, std::string_view path);

}  // namespace pt::procurement
