#pragma once
// Explicit wiring: every component is built here with what it needs, in dependency order.
// No globals; main() owns the Application.
#include <filesystem>
#include <memory>
#include <string>

#include "accounts/auth.hpp"
#include "app/pipeline.hpp"
#include "app/scheduler.hpp"
#include "orders/order_service.hpp"
#include "storage/db.hpp"
#include "vouchers/expiry_service.hpp"
#include "web/ctx.hpp"
#include "web/page_cache.hpp"
#include "web/renderer.hpp"

namespace pt::app {

struct Application {
    Application(db::Database& db, const Clock& clock, const std::filesystem::path& resources);

    db::Database& db;
    const Clock& clock;
    std::filesystem::path resources;
    web::Renderer renderer;
    accounts::Auth auth;
    orders::OrderService orders;
    web::PageCache catalog_cache;
    web::Routes routes;
    Pipeline pipeline;
    std::string openapi;  // the OpenAPI document, served as is
    std::vector<ScheduledJob> jobs;  // periodic work; `serve` runs them on a Scheduler
};

// Where templates/, i18n/, static/, migrations/ and src/app/openapi.json are:
// $PALVELUTORI_HOME, else the source tree the binary was built from.
std::filesystem::path resource_dir();

// The checked PALVELUTORI_PUBLIC_URL ("https://palvelutori.example.fi") for links in e-mails, or "".
std::string public_url();

// Voucher expiry and reminders, wired to the orders domain (serve's job and `expire-vouchers`).
std::unique_ptr<vouchers::ExpiryService> make_voucher_expiry(db::Database& db, const Clock& clock,
                                                            const web::Renderer& renderer);

}  // namespace pt::app
