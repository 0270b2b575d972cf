#pragma once
#include <nlohmann/json.hpp>

#include "catalog/domain/catalog.hpp"
#include "storage/db.hpp"
#include "vouchers/data/voucher_queries.hpp"
#include "web/ctx.hpp"

namespace pt::vouchers {

void register_routes(web::Routes& routes, db::Database& db);

// The status a person should see: an active voucher past its last day is expired even
// before the expiry job has written that down.
VoucherStatus effective_status(const Voucher& v, std::chrono::sys_days today);
nlohmann::json to_json(const VoucherView& v, std::chrono::sys_days today);
// The voucher choices for ordering `card` on the card page (vouchers of the signed-in customer,
// or every active voucher for a counsellor), each marked whether it can pay the price.
nlohmann::json order_form_data(db::Database& db, web::Ctx& ctx, const catalog::ProductCard& card);

}  // namespace pt::vouchers
