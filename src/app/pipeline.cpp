#include "app/pipeline.hpp"
#include "http/access_log.hpp"

#include <spdlog/spdlog.h>

#include "accounts/domain/secrets.hpp"
#include "accounts/http/account_routes.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "procurement/http/procurement_routes.hpp"

namespace pt::app {

using http::Response;

std::string pick_language(const http::Request& req) {
    if (auto c = req.cookie("pt_lang"); c && (*c == "fi" || *c == "en")) return *c;
    // First language tag wins; q-values are rare enough for two languages.
    auto al = req.header("accept-language");
    for (std::size_t i = 0; i < al.size();) {
        auto end = al.find(',', i);
        auto tag = al.substr(i, end == std::string::npos ? std::string::npos : end - i);
        auto first = tag.find_first_not_of(' ');
        if (first != std::string::npos) {
            auto code = tag.substr(first, 2);
            if (code == "fi" || code == "sv") return "fi";
            if (code == "en") return "en";
        }
        if (end == std::string::npos) break;
        i = end + 1;
    }
    return "fi";
}

namespace {

// Which query parameters could not be decoded (bad percent-escapes or invalid UTF-8), so the
// 400 names them instead of silently dropping them.
std::map<std::string, std::string> undecodable_query(const http::Request& req) {
    std::map<std::string, std::string> bad;
    auto q = req.target.find('?');
    std::string_view qs = q == std::string::npos ? std::string_view{} : std::string_view(req.target).substr(q + 1);
    while (!qs.empty()) {
        auto amp = qs.find('&');
        auto pair = qs.substr(0, amp);
        qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
        auto eq = pair.find('=');
        auto key = http::url_decode(pair.substr(0, eq));
        auto value = eq == std::string_view::npos ? std::optional<std::string>("") : http::url_decode(pair.substr(eq + 1));
        bool key_ok = key && text::valid_utf8(*key);
        if (!key_ok || !value || !text::valid_utf8(*value))
            bad[key_ok ? *key : "query"] = "validation.invalid_encoding";
    }
    if (bad.empty()) bad["query"] = "validation.invalid_encoding";
    return bad;
}

bool is_multipart(const std::string& content_type) {
    auto mt = content_type.substr(0, content_type.find(';'));
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return mt == "multipart/form-data";
}

// The JSON API and the open HSDS API answer errors as problem+json, whatever the client accepts.
bool is_api_path(std::string_view path) {
    return path.rfind("/api/", 0) == 0 || path == "/hsds" || path.rfind("/hsds/", 0) == 0 || path.rfind("/hsds?", 0) == 0;
}

bool is_json_media_type(const std::string& content_type) {
    auto mt = content_type.substr(0, content_type.find(';'));
    while (!mt.empty() && mt.back() == ' ') mt.pop_back();
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return mt == "application/json" || (mt.rfind("application/", 0) == 0 && mt.size() > 5 &&
                                         mt.compare(mt.size() - 5, 5, "+json") == 0);
}

}  // namespace

Response Pipeline::handle(http::Request& req) const {
    web::Ctx ctx{req, renderer_, clock_, std::nullopt, "fi", "", false};
    ctx.api = is_api_path(req.path);
    ctx.lang = pick_language(req);
    std::string new_csrf_cookie;
    auto res = dispatch(ctx, new_csrf_cookie);
    // The login form's token travels in a cookie; only pages need it.
    if (!new_csrf_cookie.empty() && res.header("Content-Type").rfind("text/html", 0) == 0)
        res.add_header("Set-Cookie", http::make_set_cookie(accounts::kCsrfCookie, new_csrf_cookie));
    return res;
}

Response Pipeline::dispatch(web::Ctx& ctx, std::string& new_csrf_cookie) const {
    auto& req = ctx.req;
    try {
        auto match = routes_.router().match(req.method, req.path);
        if (match.kind == http::Router::MatchKind::not_found) throw NotFound("error.page_not_found");
        if (match.kind == http::Router::MatchKind::method_not_allowed) {
            auto res = error(ctx, 405, "error.method_not_allowed", "error.method_not_allowed", {});
            std::string allow;
            for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
            res.set_header("Allow", allow);
            return res;
        }
        req.path_params = std::move(match.params);
        if (req.parse_error) throw UserError(400, "validation.failed", "validation.invalid_encoding", undecodable_query(req));
        // The API reads JSON only; a body of another type is refused rather than guessed at.
        // Upload endpoints take multipart/form-data instead (procurement attachments, brochures).
        if (ctx.api && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") && (!req.body.empty() || !req.header("content-type").empty()) &&
            !is_json_media_type(req.header("content-type")) &&
            !(procurement::is_upload_path(req.method, req.path) && is_multipart(req.header("content-type"))) &&
            req.path != "/api/v1/payments/import")  // a CSV body; the handler checks text/csv
            throw UserError(415, "error.unsupported_media_type", "error.unsupported_media_type_detail");
        const auto& route = routes_.entry(req.method == "HEAD" ? "GET" : req.method, match.pattern);

        // Who is asking. The API takes bearer tokens only, so cookies can never be replayed
        // against it from another site; pages take the session cookie.
        std::string expected_csrf;
        if (ctx.api) {
            auto authz = req.header("authorization");
            if (!authz.empty()) {
                if (authz.rfind("Bearer ", 0) != 0) throw UserError(401, "error.unauthenticated", "error.bad_token");
                ctx.user = auth_.principal_for_token(authz.substr(7));
                if (!ctx.user) throw UserError(401, "error.unauthenticated", "error.bad_token");
            }
        } else if (auto cookie = req.cookie(accounts::kSessionCookie)) {
            if (auto s = auth_.session(*cookie)) {
                ctx.user = s->principal;
                expected_csrf = s->csrf_token;
            }
        }
        if (!ctx.api && !ctx.user) {
            auto c = req.cookie(accounts::kCsrfCookie);
            if (c && c->size() >= 20 && c->size() <= 100) {
                expected_csrf = *c;
            } else {
                new_csrf_cookie = accounts::random_secret();
                expected_csrf = new_csrf_cookie;
            }
        }
        ctx.csrf_token = expected_csrf;

        if (!ctx.api && req.method == "POST") {
            auto given = req.header("x-csrf-token");
            if (given.empty()) given = req.form().get("csrf_token");
            if (!accounts::constant_time_equal(given, expected_csrf))
                throw UserError(403, "error.csrf", "error.csrf_detail");
        }

        if (auto denied = access_denied_status(route.action, ctx.user)) {
            if (*denied == 401 && !ctx.api && req.method == "GET")
                return Response::redirect("/login?next=" + http::url_encode(req.target));
            throw UserError(*denied, *denied == 401 ? "error.unauthenticated" : "error.forbidden",
                            *denied == 401 ? "error.unauthenticated_detail" : "error.forbidden_detail");
        }

        return route.handler(ctx);
    } catch (const UserError& e) {
        return error(ctx, e.status, e.title, e.detail, e.field_errors);
    } catch (const db::Error& e) {
        if (e.kind == db::Error::Kind::busy) {
            spdlog::warn("database busy: {}", e.what());
            auto res = error(ctx, 503, "error.busy", "error.busy_detail", {});
            res.set_header("Retry-After", "1");
            return res;
        }
        spdlog::error("{} {}: database error: {}", req.method, req.path, e.what());
        return error(ctx, 500, "error.internal", "error.internal_detail", {});
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", req.method, http::loggable_path(req.path), e.what());
        return error(ctx, 500, "error.internal", "error.internal_detail", {});
    }
}

bool Pipeline::may_upload(const http::Request& head) const {
    try {
        std::optional<Principal> who;
        if (auto authz = head.header("authorization"); authz.rfind("Bearer ", 0) == 0)
            who = auth_.principal_for_token(authz.substr(7));
        else if (auto cookie = head.cookie(accounts::kSessionCookie))
            if (auto s = auth_.session(*cookie)) who = s->principal;
        return who && who->role == Role::provider_user;
    } catch (const std::exception& e) {
        spdlog::warn("upload check failed: {}", e.what());
        return false;
    }
}

Response Pipeline::refusal(int status, const http::Request& partial) const {
    http::Request req = partial;
    web::Ctx ctx{req, renderer_, clock_, std::nullopt, "fi", "", false};
    ctx.api = is_api_path(req.target);
    ctx.lang = pick_language(req);
    switch (status) {
        case 413:
            // An upload over the attachment limit says what the limit is.
            if (procurement::is_upload_path(req.method, req.path)) return error(ctx, 413, "error.too_large", "attachment.too_large", {});
            return error(ctx, 413, "error.too_large", "error.too_large_detail", {});
        case 431: return error(ctx, 431, "error.headers_too_large", "error.headers_too_large_detail", {});
        default: return error(ctx, 400, "error.bad_request", "error.bad_request_detail", {});
    }
}

Response Pipeline::error(web::Ctx& ctx, int status, const std::string& title, const std::string& detail,
                         const std::map<std::string, std::string>& fields) const {
    // Titles, details and field messages may be i18n keys; text that is not a key passes through.
    const auto t = ctx.t(title);
    const auto d = ctx.t(detail.empty() ? title : detail);
    nlohmann::json errs = nlohmann::json::object();
    for (const auto& [k, v] : fields) errs[k] = ctx.t(v);
    if (ctx.api || ctx.req.wants_json()) {
        nlohmann::json extra = nlohmann::json::object();
        if (!fields.empty()) extra["errors"] = errs;
        return Response::problem(status, t, d, extra);
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [k, v] : errs.items()) list.push_back({{"field", k}, {"message", v}});
    try {
        return ctx.page("error", {{"title", t}, {"status", status}, {"detail", d}, {"fields", list},
                                  {"has_fields", !list.empty()}},
                        status);
    } catch (const std::exception& e) {
        spdlog::error("error page failed: {}", e.what());
        return Response::text(d, status);
    }
}

}  // namespace pt::app
