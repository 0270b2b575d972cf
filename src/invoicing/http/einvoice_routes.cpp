#include "invoicing/http/einvoice_routes.hpp"

#include <cctype>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "invoicing/data/invoice_export_queries.hpp"
#include "invoicing/data/invoice_queries.hpp"
#include "invoicing/domain/einvoice_xml.hpp"

namespace pt::invoicing {

using http::Response;
using web::Ctx;

namespace {

enum class Format { ubl, finvoice };

// "2026-000042" → "2026-000042.ubl.xml"; anything outside [A-Za-z0-9._-] becomes '_' so the
// header stays a plain quoted string.
std::string file_name(const std::string& number, Format f) {
    std::string safe;
    for (char c : number)
        safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_') ? c : '_';
    return safe + (f == Format::ubl ? ".ubl.xml" : ".finvoice.xml");
}

Response download(Ctx& ctx, db::Database& db, Format f) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("invoice.not_found");
    std::optional<Invoice> inv;
    {
        auto lease = db.acquire();
        // Scope first (a provider sees its own only), then the export shape of the same row.
        if (!find_invoice(*lease, *id, ctx.who())) throw NotFound("invoice.not_found");
        inv = load_invoice(*lease, *id);
    }
    if (!inv) throw NotFound("invoice.not_found");
    std::string body;
    try {
        body = f == Format::ubl ? to_ubl(*inv) : to_finvoice(*inv);
    } catch (const std::invalid_argument& e) {
        // The stored parties lack something the format needs (e.g. an operator): say so, not 500.
        spdlog::warn("e-invoice {} of invoice {}: {}", f == Format::ubl ? "UBL" : "Finvoice", *id, e.what());
        throw UserError(409, "Conflict", "einvoice.incomplete");
    }
    Response r;
    r.body = std::move(body);
    r.set_header("Content-Type", "application/xml; charset=utf-8");
    r.set_header("Content-Disposition", "attachment; filename=\"" + file_name(inv->number, f) + "\"");
    r.set_header("Cache-Control", "no-store");
    return r;
}

}  // namespace

void register_einvoice_routes(web::Routes& routes, db::Database& db) {
    routes.get("/invoices/{id}/ubl.xml", Action::invoice_read, [&db](Ctx& ctx) { return download(ctx, db, Format::ubl); });
    routes.get("/invoices/{id}/finvoice.xml", Action::invoice_read,
               [&db](Ctx& ctx) { return download(ctx, db, Format::finvoice); });
    routes.get("/api/v1/invoices/{id}/ubl", Action::invoice_read,
               [&db](Ctx& ctx) { return download(ctx, db, Format::ubl); });
    routes.get("/api/v1/invoices/{id}/finvoice", Action::invoice_read,
               [&db](Ctx& ctx) { return download(ctx, db, Format::finvoice); });
}

}  // namespace pt::invoicing
