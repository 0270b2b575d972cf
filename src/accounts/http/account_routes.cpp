#include "accounts/http/account_routes.hpp"

#include "core/errors.hpp"

namespace pt::accounts {

using http::Response;
using web::Ctx;

std::string home_for(Role r) {
    switch (r) {
        case Role::organizer_admin:
        case Role::procurement_officer:
        case Role::finance_officer:
        case Role::coordinator: return "/orders";
        case Role::provider_user: return "/orders";
        case Role::system: return "/catalog";
        case Role::customer: return "/vouchers";
        case Role::counsellor: return "/vouchers";
    }
    return "/catalog";
}

namespace {

nlohmann::json principal_json(const Principal& p) {
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    return {{"id", p.user_id}, {"email", p.email}, {"name", p.name}, {"role", std::string(to_string(p.role))},
            {"provider_id", opt(p.provider_id)}, {"customer_id", opt(p.customer_id)}};
}

// Only local paths, so the login form cannot be used to bounce users to another site.
std::string safe_next(const std::string& next) {
    if (next.size() > 1 && next.size() < 500 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
        next.find_first_of("\r\n") == std::string::npos)
        return next;
    return "";
}

Response login_page(Ctx& ctx, const std::string& email, const std::string& next, const std::string& error,
                    const std::map<std::string, std::string>& field_errors, int status) {
    return ctx.page("login", {{"title", ctx.t("login.title")}, {"email", email}, {"next", next},
                              {"error", error}, {"errors", field_errors}},
                    status);
}

std::optional<UserRow> authenticate(Ctx& ctx, Auth& auth, const std::string& email, const std::string& password,
                                    std::string& error, int& status) {
    std::optional<UserRow> user;
    switch (auth.check_password(email, password, ctx.req.remote_addr, user)) {
        case LoginOutcome::ok: return user;
        case LoginOutcome::throttled:
            error = ctx.t("login.throttled");
            status = 429;
            return std::nullopt;
        case LoginOutcome::wrong_credentials:
            error = ctx.t("login.wrong_credentials");
            status = 401;
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

void register_routes(web::Routes& routes, Auth& auth) {
    routes.get("/login", Action::sign_in, [](Ctx& ctx) {
        return login_page(ctx, "", safe_next(ctx.req.query_param("next")), "", {}, 200);
    });

    routes.post("/login", Action::sign_in, [&auth](Ctx& ctx) {
        const auto& form = ctx.req.form();
        web::FieldErrors errors(ctx);
        auto email = errors.text("email", form.get("email"), 3, 254);
        auto password = form.get("password");
        if (password.empty()) errors.add("password", "validation.required");
        if (password.size() > 200) errors.add("password", "validation.too_long");
        auto next = safe_next(form.get("next"));
        if (!errors.empty()) return login_page(ctx, email, next, ctx.t("validation.failed"), errors.map(), 422);

        std::string error;
        int status = 200;
        auto user = authenticate(ctx, auth, email, password, error, status);
        if (!user) return login_page(ctx, email, next, error, {}, status);

        auto session = auth.start_session(user->principal);
        auto res = Response::redirect(next.empty() ? home_for(user->principal.role) : next);
        res.add_header("Set-Cookie", http::make_set_cookie(kSessionCookie, session.cookie_value,
                                                           {.max_age = std::chrono::seconds(Auth::kSessionLifetime).count()}));
        return res;
    });

    routes.post("/logout", Action::own_account, [&auth](Ctx& ctx) {
        if (auto c = ctx.req.cookie(kSessionCookie)) auth.end_session(*c);
        auto res = Response::redirect("/catalog");
        res.add_header("Set-Cookie", http::make_set_cookie(kSessionCookie, "", {.max_age = 0}));
        return res;
    });

    auto tokens_page = [&auth](Ctx& ctx, const std::optional<NewToken>& fresh, const std::map<std::string, std::string>& errs,
                               int status) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& t : auth.tokens(ctx.who()))
            list.push_back({{"id", t.id}, {"name", t.name}, {"created_at", t.created_at},
                            {"revoked", t.revoked_at.has_value()}});
        nlohmann::json data = {{"title", ctx.t("tokens.title")}, {"tokens", list}, {"has_tokens", !list.empty()}};
        if (fresh) data["fresh"] = {{"token", fresh->token}, {"name", fresh->name}};
        data["errors"] = errs;
        return ctx.page("tokens", data, status);
    };

    routes.get("/account/tokens", Action::own_account, [tokens_page](Ctx& ctx) {
        return tokens_page(ctx, std::nullopt, {}, 200);
    });

    routes.post("/account/tokens", Action::own_account, [&auth, tokens_page](Ctx& ctx) {
        web::FieldErrors errors(ctx);
        auto name = errors.text("name", ctx.req.form().get("name"), 1, 100);
        if (!errors.empty()) return tokens_page(ctx, std::nullopt, errors.map(), 422);
        return tokens_page(ctx, auth.create_token(ctx.who(), name), {}, 201);
    });

    routes.post("/account/tokens/{id}/revoke", Action::own_account, [&auth](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id || !auth.revoke_token(ctx.who(), *id)) throw NotFound(ctx.t("tokens.not_found"));
        return Response::redirect("/account/tokens");
    });

    routes.post("/api/v1/auth/token", Action::sign_in, [&auth](Ctx& ctx) {
        auto body = ctx.req.json();
        web::FieldErrors errors(ctx);
        auto email = errors.json_text("email", body, 3, 254);
        if (!body.is_object() || !body.contains("password") || !body["password"].is_string() ||
            body["password"].get<std::string>().empty())
            errors.add("password", "validation.required");
        auto name = errors.json_text("name", body, 0, 100);
        errors.throw_if_any();
        auto password = body["password"].get<std::string>();
        if (password.size() > 200) {
            errors.add("password", "validation.too_long");
            errors.throw_if_any();
        }
        std::string error;
        int status = 200;
        auto user = authenticate(ctx, auth, email, password, error, status);
        if (!user) throw UserError(status, status == 429 ? "Too many attempts" : "Unauthorized", error);
        auto t = auth.create_token(user->principal, name.empty() ? "api" : name);
        return Response::json({{"token", t.token}, {"id", t.id}, {"name", t.name}, {"created_at", t.created_at}}, 201);
    });

    routes.get("/api/v1/me", Action::own_account, [](Ctx& ctx) { return Response::json(principal_json(ctx.who())); });
}

}  // namespace pt::accounts
