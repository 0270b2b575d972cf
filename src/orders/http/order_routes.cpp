#include "orders/http/order_routes.hpp"

#include "core/errors.hpp"

namespace pt::orders {

using http::Response;
using web::Ctx;

namespace {

std::optional<OrderStatus> status_filter(const Ctx& ctx) {
    auto s = ctx.req.query_param("status");
    if (s.empty()) return std::nullopt;
    auto st = order_status_from(s);
    if (!st) throw UserError(400, "validation.failed", "order.unknown_status", {{"status", ctx.t("order.unknown_status")}});
    return st;
}

std::int64_t order_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("order.not_found");
    return *id;
}

nlohmann::json to_view(const OrderView& o, const Ctx& ctx) {
    auto j = to_json(o);
    j["price"] = o.price.format(ctx.lang);
    j["status_name"] = ctx.t("order.status." + std::string(to_string(o.status)));
    j["on_behalf"] = o.ordered_by_role == "counsellor";
    if (ctx.user) {
        for (auto action : allowed_actions(o.status, ctx.user->role))
            j["can_" + std::string(to_string(action))] = true;
    }
    return j;
}

nlohmann::json contract_json(const OrderView& o) {
    return {{"number", *o.contract_number},
            {"order_id", o.id},
            {"accepted_at", o.accepted_at.value_or("")},
            {"price_cents", o.price.cents()},
            {"provider", {{"id", o.provider_id}, {"name", o.provider_name}}},
            {"customer", {{"id", o.customer_id}, {"name", o.customer_name}}},
            {"product_card", {{"id", o.product_card_id}, {"title", o.product_card_title}}}};
}

Response order_page(Ctx& ctx, db::Database& db, std::int64_t id, const std::string& alert, int status,
                    const std::map<std::string, std::string>& errors = {}) {
    auto lease = db.acquire();
    auto o = find_order(*lease, id, ctx.who());
    if (!o) throw NotFound("order.not_found");
    return ctx.page("order", {{"title", ctx.t("order.title")}, {"order", to_view(*o, ctx)}, {"alert", alert},
                              {"errors", errors}},
                    status);
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, OrderService& service) {
    routes.get("/orders", Action::order_list, [&db](Ctx& ctx) {
        OrderFilter f;
        f.status = status_filter(ctx);
        auto paging = web::parse_paging(ctx, 50, 100);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& o : list_orders(*lease, ctx.who(), f)) items.push_back(to_view(o, ctx));
        nlohmann::json statuses = nlohmann::json::array();
        for (auto s : {OrderStatus::requested, OrderStatus::accepted, OrderStatus::declined, OrderStatus::in_progress,
                       OrderStatus::ended, OrderStatus::reported, OrderStatus::invoiced, OrderStatus::paid,
                       OrderStatus::cancelled})
            statuses.push_back({{"code", std::string(to_string(s))},
                                {"name", ctx.t("order.status." + std::string(to_string(s)))},
                                {"selected", f.status == s}});
        auto total = count_orders(*lease, ctx.who(), f);
        return ctx.page("orders", {{"title", ctx.t("orders.title")}, {"orders", items}, {"has_orders", !items.empty()},
                                   {"statuses", statuses}, {"total", total}});
    });

    routes.get("/orders/{id}", Action::order_read, [&db](Ctx& ctx) {
        return order_page(ctx, db, order_id(ctx), "", 200);
    });

    routes.post("/orders", Action::order_create, [&db, &service](Ctx& ctx) {
        const auto& form = ctx.req.form();
        web::FieldErrors errors(ctx);
        auto card_id = errors.id("product_card_id", form.get("product_card_id"));
        auto voucher_id = errors.id("voucher_id", form.get("voucher_id"));
        errors.throw_if_any();
        auto order = service.place_order(ctx.who(), card_id, voucher_id);
        return Response::redirect("/orders/" + std::to_string(order.id));
    });

    routes.post("/orders/{id}/accept", Action::order_accept, [&service](Ctx& ctx) {
        auto id = order_id(ctx);
        service.accept_order(ctx.who(), id);
        return Response::redirect("/orders/" + std::to_string(id));
    });

    routes.post("/orders/{id}/decline", Action::order_decline, [&db, &service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto reason = ctx.req.form().get("reason");
        if (auto err = decline_reason_error_key(reason))
            return order_page(ctx, db, id, ctx.t("validation.failed"), 422, {{"reason", ctx.t(std::string(*err))}});
        service.decline_order(ctx.who(), id, reason);
        return Response::redirect("/orders/" + std::to_string(id));
    });

    routes.post("/orders/{id}/cancel", Action::order_cancel, [&service](Ctx& ctx) {
        auto id = order_id(ctx);
        service.cancel_order(ctx.who(), id);
        return Response::redirect("/orders/" + std::to_string(id));
    });

    routes.get("/api/v1/orders", Action::order_list, [&db](Ctx& ctx) {
        OrderFilter f;
        f.status = status_filter(ctx);
        auto paging = web::parse_paging(ctx);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& o : list_orders(*lease, ctx.who(), f)) items.push_back(to_json(o));
        return Response::json(web::list_envelope(items, count_orders(*lease, ctx.who(), f), paging));
    });

    routes.get("/api/v1/orders/{id}", Action::order_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto o = find_order(*lease, order_id(ctx), ctx.who());
        if (!o) throw NotFound("order.not_found");
        return Response::json(to_json(*o));
    });

    routes.post("/api/v1/orders", Action::order_create, [&service](Ctx& ctx) {
        auto body = ctx.req.json();
        web::FieldErrors errors(ctx);
        auto card_id = errors.id("product_card_id", body);
        auto voucher_id = errors.id("voucher_id", body);
        errors.throw_if_any();
        return Response::json(to_json(service.place_order(ctx.who(), card_id, voucher_id)), 201);
    });

    routes.post("/api/v1/orders/{id}/accept", Action::order_accept, [&service](Ctx& ctx) {
        return Response::json(to_json(service.accept_order(ctx.who(), order_id(ctx))));
    });

    routes.post("/api/v1/orders/{id}/decline", Action::order_decline, [&service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto body = ctx.req.json();
        std::string reason;
        if (body.is_object() && body.contains("reason") && body["reason"].is_string()) reason = body["reason"].get<std::string>();
        else if (body.is_object() && body.contains("reason")) throw Invalid({{"reason", ctx.t("validation.not_text")}}, "validation.failed");
        if (auto err = decline_reason_error_key(reason)) throw Invalid({{"reason", std::string(*err)}}, "validation.failed");
        return Response::json(to_json(service.decline_order(ctx.who(), id, reason)));
    });

    routes.post("/api/v1/orders/{id}/cancel", Action::order_cancel, [&service](Ctx& ctx) {
        return Response::json(to_json(service.cancel_order(ctx.who(), order_id(ctx))));
    });

    routes.get("/api/v1/order-contracts", Action::contract_list, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& o : list_contracts(*lease, ctx.who(), paging.page_size, paging.offset()))
            items.push_back(contract_json(o));
        return Response::json(web::list_envelope(items, count_contracts(*lease, ctx.who()), paging));
    });

    routes.get("/api/v1/order-contracts/{number}", Action::contract_list, [&db](Ctx& ctx) {
        auto number = ctx.req.param("number");
        int year = 0;
        std::int64_t seq = 0;
        if (!parse_contract_number(number, year, seq)) throw NotFound("order.contract_not_found");
        auto lease = db.acquire();
        auto o = find_contract(*lease, number, ctx.who());
        if (!o) throw NotFound("order.contract_not_found");
        return Response::json(contract_json(*o));
    });
}

}  // namespace pt::orders
