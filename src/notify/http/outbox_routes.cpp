#include "notify/http/outbox_routes.hpp"

#include "core/errors.hpp"
#include "notify/data/outbox_queries.hpp"
#include "notify/domain/message.hpp"

namespace pt::notify {

using http::Response;
using web::Ctx;

namespace {

constexpr const char* kStatuses[] = {"pending", "sent", "failed"};

std::string status_filter(const Ctx& ctx) {
    if (ctx.req.query.count("status") > 1)
        throw UserError(400, ctx.t("validation.failed"), ctx.t("outbox.unknown_status"),
                        {{"status", ctx.t("validation.repeated")}});
    auto s = ctx.req.query_param("status");
    if (s.empty()) return s;
    for (auto known : kStatuses)
        if (s == known) return s;
    throw UserError(400, ctx.t("validation.failed"), ctx.t("outbox.unknown_status"),
                    {{"status", ctx.t("outbox.unknown_status")}});
}

// Whoever may read the outbox must not be able to use the links in it (an invitation's secret).
nlohmann::json to_json(const data::OutboxRow& r) {
    return {{"id", r.id},
            {"kind", r.kind},
            {"to", r.to_address},
            {"language", r.language},
            {"subject", r.subject},
            {"body_text", redact_secrets(r.body_text)},
            {"status", r.status},
            {"attempts", r.attempts},
            {"next_attempt_at", r.status == "pending" ? nlohmann::json(r.next_attempt_at) : nlohmann::json(nullptr)},
            {"last_error", r.last_error},
            {"created_at", r.created_at},
            {"sent_at", r.sent_at ? nlohmann::json(*r.sent_at) : nlohmann::json(nullptr)}};
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db) {
    routes.get("/admin/outbox", Action::outbox_read, [&db](Ctx& ctx) {
        auto status = status_filter(ctx);
        auto paging = web::parse_paging(ctx, 50, 100);
        auto lease = db.acquire();
        const auto total = data::count(*lease, status);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : data::page(*lease, paging.offset(), paging.page_size, status)) {
            auto j = to_json(r);
            j["status_name"] = ctx.t("outbox.status." + r.status);
            j["is_" + r.status] = true;
            j.erase("body_text");
            items.push_back(std::move(j));
        }
        nlohmann::json statuses = nlohmann::json::array();
        for (auto s : kStatuses)
            statuses.push_back({{"code", s}, {"name", ctx.t(std::string("outbox.status.") + s)}, {"selected", status == s}});
        // Links keep the filter; "page" is the only thing that changes.
        auto link = [&](int page) {
            std::string q = "/admin/outbox?page=" + std::to_string(page);
            if (paging.page_size != 50) q += "&page_size=" + std::to_string(paging.page_size);
            if (!status.empty()) q += "&status=" + status;
            return q;
        };
        const bool has_next = static_cast<std::int64_t>(paging.offset()) + paging.page_size < total;
        return ctx.page("outbox", {{"title", ctx.t("outbox.title")},
                                   {"mails", items},
                                   {"has_mails", !items.empty()},
                                   {"statuses", statuses},
                                   {"total", total},
                                   {"page", paging.page},
                                   {"prev_url", paging.page > 1 ? link(paging.page - 1) : ""},
                                   {"next_url", has_next ? link(paging.page + 1) : ""}});
    });

    routes.get("/api/v1/outbox", Action::outbox_read, [&db](Ctx& ctx) {
        auto status = status_filter(ctx);
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : data::page(*lease, paging.offset(), paging.page_size, status)) items.push_back(to_json(r));
        return Response::json(web::list_envelope(items, data::count(*lease, status), paging));
    });
}

}  // namespace pt::notify
