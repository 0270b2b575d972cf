#include "vouchers/http/voucher_routes.hpp"

#include "core/errors.hpp"
#include "vouchers/data/ledger_queries.hpp"
#include "vouchers/domain/balance_history.hpp"

namespace pt::vouchers {

using http::Response;
using web::Ctx;

namespace {

std::chrono::sys_days today_of(const Ctx& ctx) { return local_day(ctx.clock.now()); }

nlohmann::json balance_json(const VoucherBalance& b) {
    return {{"granted_cents", b.granted.cents()}, {"reserved_cents", b.reserved.cents()},
            {"spent_cents", b.spent.cents()}, {"expired_cents", b.expired.cents()},
            {"available_cents", b.available().cents()}};
}

nlohmann::json to_view(const VoucherView& v, const Ctx& ctx) {
    auto j = to_json(v, today_of(ctx));
    const auto& b = v.balance;
    j["value"] = v.voucher.value.format(ctx.lang);
    j["granted"] = b.granted.format(ctx.lang);
    j["reserved"] = b.reserved.format(ctx.lang);
    j["spent"] = b.spent.format(ctx.lang);
    j["available"] = b.available().format(ctx.lang);
    j["status_name"] = ctx.t("voucher.status." + j["status"].get<std::string>());
    j["has_reserved"] = !b.reserved.is_zero();
    return j;
}

std::optional<VoucherView> voucher_by_param(Ctx& ctx, db::Database& db) {
    auto id = web::id_param(ctx);
    if (!id) return std::nullopt;
    auto lease = db.acquire();
    return find_voucher(*lease, *id, ctx.who());
}

// The ledger as the customer's balance history: each entry with its effect on the AVAILABLE
// balance and that balance after it (balance_history.hpp explains the signs), the order and its
// contract number where it has one.
nlohmann::json ledger_json(db::Connection& c, std::int64_t voucher_id, const Ctx* ctx) {
    const auto lines = ledger_of(c, voucher_id);
    std::vector<LedgerEntry> entries;
    for (const auto& l : lines) entries.push_back({l.kind, l.amount});
    const auto steps = balance_history(entries);
    const auto contracts = ctx ? voucher_contract_numbers(c, voucher_id) : std::map<std::int64_t, std::string>{};
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        nlohmann::json e = {{"id", l.id}, {"kind", std::string(to_string(l.kind))}, {"amount_cents", l.amount.cents()},
                            {"order_id", l.order_id ? nlohmann::json(*l.order_id) : nlohmann::json(nullptr)},
                            {"created_at", l.created_at},
                            {"available_change_cents", steps[i].change.cents()},
                            {"available_after_cents", steps[i].available_after.cents()}};
        if (ctx) {
            TimePoint at{};
            e["date"] = parse_iso(l.created_at, at) ? local_date(at) : l.created_at.substr(0, 10);
            e["amount"] = l.amount.format(ctx->lang);
            e["kind_name"] = ctx->t("ledger." + std::string(to_string(l.kind)));
            const auto ch = steps[i].change;
            e["change"] = ch.is_zero() ? "0" : (ch.is_negative() ? "\u2212" + (-ch).format(ctx->lang) : "+" + ch.format(ctx->lang));
            e["change_sign"] = ch.is_zero() ? "zero" : (ch.is_negative() ? "minus" : "plus");
            e["available_after"] = steps[i].available_after.format(ctx->lang);
            if (l.order_id)
                if (auto it = contracts.find(*l.order_id); it != contracts.end()) e["contract_number"] = it->second;
        }
        out.push_back(e);
    }
    return out;
}

nlohmann::json programme_ref(db::Connection& c, const Voucher& v) {
    if (!v.programme_id) return nullptr;
    auto name = programme_name(c, *v.programme_id);
    return {{"id", *v.programme_id}, {"name", name.value_or("")}};
}

}  // namespace

VoucherStatus effective_status(const Voucher& v, std::chrono::sys_days today) {
    if (v.status == VoucherStatus::active && today > v.valid_until) return VoucherStatus::expired;
    return v.status;
}

nlohmann::json to_json(const VoucherView& v, std::chrono::sys_days today) {
    return {{"id", v.voucher.id},
            {"customer", {{"id", v.voucher.customer_id}, {"name", v.customer_name},
                          {"business_id", v.customer_business_id}}},
            {"value_cents", v.voucher.value.cents()},
            {"valid_from", to_iso_date(v.voucher.granted_on)},
            {"valid_until", to_iso_date(v.voucher.valid_until)},
            {"status", std::string(to_string(effective_status(v.voucher, today)))},
            {"balance", balance_json(v.balance)},
            {"programme", nullptr}};  // the routes fill in {id, name} from the programme table
}

nlohmann::json order_form_data(db::Database& db, Ctx& ctx, const catalog::ProductCard& card) {
    auto lease = db.acquire();
    nlohmann::json options = nlohmann::json::array();
    for (const auto& v : list_vouchers(*lease, ctx.who(), 200, 0, true)) {
        auto refusal = check_reserve(v.voucher, v.balance, card.price, today_of(ctx));
        options.push_back({{"id", v.voucher.id}, {"customer", v.customer_name},
                           {"available", v.balance.available().format(ctx.lang)},
                           {"usable", !refusal.has_value()},
                           {"note", refusal ? ctx.t(std::string(message_key(*refusal))) : ""}});
    }
    return {{"product_card_id", card.id}, {"vouchers", options}, {"has_vouchers", !options.empty()},
            {"on_behalf", ctx.who().role == Role::counsellor}};
}

void register_routes(web::Routes& routes, db::Database& db) {
    routes.get("/vouchers", Action::voucher_list, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx, 50, 100);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        std::map<std::int64_t, nlohmann::json> programmes;
        for (const auto& v : list_vouchers(*lease, ctx.who(), paging.page_size, paging.offset())) {
            auto j = to_view(v, ctx);
            if (v.voucher.programme_id) {
                auto [it, fresh] = programmes.try_emplace(*v.voucher.programme_id);
                if (fresh) it->second = programme_ref(*lease, v.voucher);
                j["programme"] = it->second;
            }
            items.push_back(j);
        }
        return ctx.page("vouchers", {{"title", ctx.t("vouchers.title")}, {"vouchers", items},
                                     {"has_vouchers", !items.empty()}});
    });

    routes.get("/vouchers/{id}", Action::voucher_read, [&db](Ctx& ctx) {
        auto v = voucher_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("voucher.not_found"));
        auto lease = db.acquire();
        auto view = to_view(*v, ctx);
        view["programme"] = programme_ref(*lease, v->voucher);
        auto ledger = ledger_json(*lease, v->voucher.id, &ctx);
        return ctx.page("voucher", {{"title", ctx.t("voucher.title")}, {"voucher", view},
                                    {"ledger", ledger}, {"has_ledger", !ledger.empty()}});
    });

    routes.get("/api/v1/vouchers", Action::voucher_list, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        std::map<std::int64_t, nlohmann::json> programmes;
        for (const auto& v : list_vouchers(*lease, ctx.who(), paging.page_size, paging.offset())) {
            auto j = to_json(v, today_of(ctx));
            if (v.voucher.programme_id) {
                auto [it, fresh] = programmes.try_emplace(*v.voucher.programme_id);
                if (fresh) it->second = programme_ref(*lease, v.voucher);
                j["programme"] = it->second;
            }
            items.push_back(j);
        }
        return Response::json(web::list_envelope(items, count_vouchers(*lease, ctx.who()), paging));
    });

    routes.get("/api/v1/vouchers/{id}", Action::voucher_read, [&db](Ctx& ctx) {
        auto v = voucher_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("voucher.not_found"));
        auto lease = db.acquire();
        auto j = to_json(*v, today_of(ctx));
        j["programme"] = programme_ref(*lease, v->voucher);
        j["ledger"] = ledger_json(*lease, v->voucher.id, nullptr);
        return Response::json(j);
    });
}

}  // namespace pt::vouchers
