#include "orders/http/order_routes.hpp"

#include "catalog/data/catalog_queries.hpp"
#include "core/errors.hpp"
#include "orders/domain/order_list.hpp"

namespace pt::orders {

using http::Response;
using web::Ctx;

namespace {

const std::vector<OrderStatus> kStatuses{OrderStatus::requested, OrderStatus::accepted, OrderStatus::declined,
                                         OrderStatus::in_progress, OrderStatus::ended,   OrderStatus::reported,
                                         OrderStatus::invoiced,   OrderStatus::paid,     OrderStatus::cancelled};

std::int64_t order_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("order.not_found");
    return *id;
}

std::string status_name(const Ctx& ctx, std::string_view status) { return ctx.t("order.status." + std::string(status)); }

// A refusal of the life-cycle table, worded with the order's current status in the caller's language.
template <class F>
auto worded(const Ctx& ctx, F&& f) {
    try {
        return f();
    } catch (const TransitionRefused& e) {
        auto text = ctx.t(e.detail);
        const auto at = text.find("{status}");
        if (at != std::string::npos) text.replace(at, 8, status_name(ctx, to_string(e.current)));
        throw UserError(e.status, e.title, text);
    }
}

nlohmann::json to_view(const OrderView& o, const Ctx& ctx) {
    auto j = to_json(o);
    j["price"] = o.price.format(ctx.lang);
    j["status_name"] = status_name(ctx, to_string(o.status));
    j["service_name"] = ctx.lang == "en" ? o.service_name_en : o.service_name_fi;
    j["created_local"] = local_datetime(o.created_at);
    // The voucher and its history: for the customer's side and the organizer (rules of voucher_read).
    j["voucher_visible"] = ctx.user && !access_denied_status(Action::voucher_read, ctx.user);
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : o.events) {
        events.push_back({{"action", e.action},
                          {"action_name", ctx.t("order.action." + e.action)},
                          {"at", e.at},
                          {"at_local", local_datetime(e.at)},
                          {"actor", e.actor_id ? e.actor_name : ctx.t("order.system")},
                          {"actor_role", ctx.t("role." + e.actor_role)},
                          {"status_name", status_name(ctx, e.to_status)},
                          {"reason", e.reason.value_or("")}});
    }
    j["timeline"] = events;
    j["has_timeline"] = !events.empty();
    if (ctx.user) {
        for (auto action : allowed_actions(o.status, ctx.user->role))
            j["can_" + std::string(to_string(action))] = true;
        // After acceptance a cancellation is by agreement and needs its reason written down.
        j["cancel_needs_reason"] = cancel_needs_reason(o.status);
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

Response order_page(Ctx& ctx, db::Database& db, const OrderService& service, std::int64_t id, const std::string& alert,
                    int status, const std::map<std::string, std::string>& errors = {}, const std::string& reason = "") {
    auto lease = db.acquire();
    auto o = find_order(*lease, id, ctx.who());
    if (!o) throw NotFound("order.not_found");
    nlohmann::json translated = nlohmann::json::object();
    for (const auto& [k, v] : errors) translated[k] = ctx.t(v);
    auto view = to_view(*o, ctx);
    // Issue 6: the two delivery reports replace the manual "report" button.
    view.erase("can_report");
    if (service.reports_panel()) view["reports"] = service.reports_panel()(*lease, *o, ctx);
    return ctx.page("order", {{"title", ctx.t("order.title")}, {"order", view}, {"alert", alert},
                              {"errors", translated}, {"reason", reason}},
                    status);
}

// The list's filters for the query; the period is Finnish local days on created_at.
struct ListQuery {
    OrderFilter filter;
    std::map<std::string, std::string> errors;  // field -> i18n key
};

ListQuery list_query(const Ctx& ctx) {
    auto parsed = parse_order_list_filter(ctx.req.query);
    ListQuery q;
    q.errors = std::move(parsed.errors);
    q.filter.status = parsed.filter.status;
    q.filter.service_description_id = parsed.filter.service_description_id;
    if (parsed.filter.from) q.filter.created_from = local_day_start_iso(*parsed.filter.from);
    if (parsed.filter.to) q.filter.created_before = local_day_start_iso(*parsed.filter.to + std::chrono::days{1});
    return q;
}

// The filters as given, for the form and for the CSV link.
std::string filter_query_string(const Ctx& ctx) {
    std::string qs;
    for (const char* name : {"status", "service_description_id", "from", "to"}) {
        auto v = ctx.req.query_param(name);
        if (v.empty()) continue;
        qs += (qs.empty() ? "?" : "&") + std::string(name) + "=" + http::url_encode(v);
    }
    return qs;
}

Response list_page(Ctx& ctx, db::Database& db, const OrderService* service = nullptr) {
    auto q = list_query(ctx);
    auto lease = db.acquire();
    nlohmann::json statuses = nlohmann::json::array();
    for (auto s : kStatuses)
        statuses.push_back({{"code", std::string(to_string(s))},
                            {"name", status_name(ctx, to_string(s))},
                            {"selected", ctx.req.query_param("status") == to_string(s)}});
    nlohmann::json services = nlohmann::json::array();
    const auto chosen_service = ctx.req.query_param("service_description_id");
    for (const auto& sd : catalog::list_service_descriptions(*lease))
        services.push_back({{"id", sd.id}, {"name", sd.name(ctx.lang)}, {"selected", chosen_service == std::to_string(sd.id)}});
    nlohmann::json data = {{"title", ctx.t("orders.title")},
                           {"statuses", statuses},
                           {"services", services},
                           {"from", ctx.req.query_param("from")},
                           {"to", ctx.req.query_param("to")},
                           {"csv_link", "/orders/export.csv" + filter_query_string(ctx)}};
    if (!q.errors.empty()) {
        nlohmann::json errors = nlohmann::json::object();
        for (const auto& [k, v] : q.errors) errors[k] = ctx.t(v);
        data["errors"] = errors;
        data["alert"] = ctx.t("validation.bad_query");
        data["orders"] = nlohmann::json::array();
        data["has_orders"] = false;
        data["total"] = 0;
        return ctx.page("orders", data, 400);
    }
    auto paging = web::parse_paging(ctx, 50, 100);
    q.filter.limit = paging.page_size;
    q.filter.offset = paging.offset();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : list_orders(*lease, ctx.who(), q.filter)) {
        auto v = to_view(o, ctx);
        // Issue 6: an ended order whose delivery report is overdue is flagged in the list.
        if (service && service->reports_panel() && o.status == OrderStatus::ended) {
            const auto panel = service->reports_panel()(*lease, o, ctx);
            if (panel.is_object() && panel.value("any_overdue", false)) v["reports_overdue"] = true;
        }
        items.push_back(std::move(v));
    }
    data["has_orders"] = !items.empty();
    data["orders"] = std::move(items);
    data["total"] = count_orders(*lease, ctx.who(), q.filter);
    return ctx.page("orders", data);
}

Response csv_export(Ctx& ctx, db::Database& db) {
    auto q = list_query(ctx);
    if (!q.errors.empty()) return list_page(ctx, db);
    q.filter.limit = -1;  // every row: the export is the whole filtered list
    std::vector<OrderView> orders;
    {
        auto lease = db.acquire();
        orders = list_orders(*lease, ctx.who(), q.filter);
    }
    std::string body(kCsvBom);
    body.reserve(256 + orders.size() * 256);
    std::vector<std::string> header;
    for (const char* col : {"id", "contract", "status", "ordered_at", "accepted_at", "started_at", "ended_at",
                            "reported_at", "customer", "business_id", "product", "service", "price", "ordered_by",
                            "on_behalf"})
        header.push_back(ctx.t(std::string("orders.csv.") + col));
    body += csv_row(header);
    const auto when = [](const std::optional<std::string>& t) { return t ? local_datetime(*t) : std::string(); };
    const auto yes = ctx.t("orders.csv.yes");
    const auto no = ctx.t("orders.csv.no");
    for (const auto& o : orders)
        body += csv_row({std::to_string(o.id), o.contract_number.value_or(""), status_name(ctx, to_string(o.status)),
                         local_datetime(o.created_at), when(o.accepted_at), when(o.started_at), when(o.ended_at),
                         when(o.reported_at), o.customer_name, o.customer_business_id.value_or(""),
                         o.product_card_title, ctx.lang == "en" ? o.service_name_en : o.service_name_fi,
                         csv_euros(o.price), o.ordered_by_name, o.ordered_by_role == "counsellor" ? yes : no});
    Response r;
    r.body = std::move(body);
    r.set_header("Content-Type", "text/csv; charset=utf-8");
    r.set_header("Content-Disposition",
                 "attachment; filename=\"tilaukset-" + local_date(ctx.clock.now()) + ".csv\"");
    r.set_header("Cache-Control", "no-store");
    return r;
}

// The reason of an API decline or cancel: absent or null is "", anything but text is refused.
std::string json_reason(const Ctx& ctx, bool body_required) {
    if (!body_required && ctx.req.body.empty()) return "";
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    if (!body.contains("reason") || body["reason"].is_null()) return "";
    if (!body["reason"].is_string()) throw Invalid({{"reason", "validation.not_text"}}, "validation.failed");
    return body["reason"].get<std::string>();
}

const std::vector<std::pair<const char*, OrderAction>> kProgress{
    {"start", OrderAction::start}, {"end", OrderAction::end}, {"report", OrderAction::report}};

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, OrderService& service) {
    routes.get("/orders", Action::order_list, [&db, &service](Ctx& ctx) { return list_page(ctx, db, &service); });

    routes.get("/orders/export.csv", Action::order_list, [&db](Ctx& ctx) { return csv_export(ctx, db); });

    routes.get("/orders/{id}", Action::order_read, [&db, &service](Ctx& ctx) {
        return order_page(ctx, db, service, order_id(ctx), "", 200);
    });

    routes.post("/orders", Action::order_create, [&service](Ctx& ctx) {
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
        worded(ctx, [&] { return service.accept_order(ctx.who(), id); });
        return Response::redirect("/orders/" + std::to_string(id));
    });

    routes.post("/orders/{id}/decline", Action::order_decline, [&db, &service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto reason = ctx.req.form().get("reason");
        if (auto err = decline_reason_error_key(reason))
            return order_page(ctx, db, service, id, ctx.t("validation.failed"), 422, {{"reason", std::string(*err)}}, reason);
        worded(ctx, [&] { return service.decline_order(ctx.who(), id, reason); });
        return Response::redirect("/orders/" + std::to_string(id));
    });

    routes.post("/orders/{id}/cancel", Action::order_cancel, [&db, &service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto reason = ctx.req.form().get("reason");
        try {
            worded(ctx, [&] { return service.cancel_order(ctx.who(), id, reason); });
        } catch (const Invalid& e) {
            // The reason's message beside the reason field, the text kept.
            return order_page(ctx, db, service, id, ctx.t("validation.failed"), 422, e.field_errors, reason);
        }
        return Response::redirect("/orders/" + std::to_string(id));
    });

    for (const auto& [name, action] : kProgress) {
        const auto step = action;
        routes.post(std::string("/orders/{id}/") + name, Action::order_progress, [&service, step](Ctx& ctx) {
            auto id = order_id(ctx);
            worded(ctx, [&] { return service.progress_order(ctx.who(), id, step); });
            return Response::redirect("/orders/" + std::to_string(id));
        });
        routes.post(std::string("/api/v1/orders/{id}/") + name, Action::order_progress, [&service, step](Ctx& ctx) {
            auto id = order_id(ctx);
            return Response::json(to_json(worded(ctx, [&] { return service.progress_order(ctx.who(), id, step); })));
        });
    }

    routes.get("/api/v1/orders", Action::order_list, [&db](Ctx& ctx) {
        auto q = list_query(ctx);
        if (!q.errors.empty()) throw UserError(400, "validation.failed", "validation.bad_query", q.errors);
        auto paging = web::parse_paging(ctx);
        q.filter.limit = paging.page_size;
        q.filter.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& o : list_orders(*lease, ctx.who(), q.filter)) items.push_back(to_json(o, false));
        return Response::json(web::list_envelope(items, count_orders(*lease, ctx.who(), q.filter), paging));
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
        auto id = order_id(ctx);
        return Response::json(to_json(worded(ctx, [&] { return service.accept_order(ctx.who(), id); })));
    });

    routes.post("/api/v1/orders/{id}/decline", Action::order_decline, [&service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto reason = json_reason(ctx, true);
        if (auto err = decline_reason_error_key(reason)) throw Invalid({{"reason", std::string(*err)}}, "validation.failed");
        return Response::json(to_json(worded(ctx, [&] { return service.decline_order(ctx.who(), id, reason); })));
    });

    routes.post("/api/v1/orders/{id}/cancel", Action::order_cancel, [&service](Ctx& ctx) {
        auto id = order_id(ctx);
        auto reason = json_reason(ctx, false);
        return Response::json(to_json(worded(ctx, [&] { return service.cancel_order(ctx.who(), id, reason); })));
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
