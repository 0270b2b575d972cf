#include "providers/http/provider_routes.hpp"

#include <memory>

#include "accounts/http/account_routes.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/ytunnus.hpp"
#include "procurement/domain/registration.hpp"
#include "providers/domain/invitation.hpp"

namespace pt::providers {

using http::Response;
using web::Ctx;

namespace {

// One input of a form; templates loop over these so every field gets the same markup, label
// and data-field-error message.
struct FieldSpec {
    std::string name;
    std::string type;          // text | email | tel | url | password
    int maxlength;
    bool required;
    bool multiline;
    std::string autocomplete;
    std::string list;          // a datalist id
    bool help;                 // "providers.help.<name>" exists
};

const std::vector<FieldSpec>& organization_specs() {
    static const std::vector<FieldSpec> specs = {
        {"business_id", "text", 20, true, false, "off", "", true},
        {"name", "text", 200, true, false, "organization", "", false},
        {"municipality", "text", 100, true, false, "address-level2", "", false},
        {"street_address", "text", 200, true, false, "street-address", "", false},
        {"postal_code", "text", 10, true, false, "postal-code", "", true},
        {"post_office", "text", 100, true, false, "address-level2", "", false},
        {"contact_name", "text", 200, true, false, "name", "", false},
        {"phone", "tel", 40, true, false, "tel", "", false},
        {"email", "email", 254, true, false, "email", "", false},
        {"ovt", "text", 40, true, false, "off", "", true},
        {"einvoice_operator", "text", 40, true, false, "off", "einvoice-operators", true},
        {"iban", "text", 60, true, false, "off", "", true},
        {"website", "url", 200, false, false, "url", "", true},
        {"description", "text", 5000, false, true, "off", "", false},
    };
    return specs;
}

const std::vector<FieldSpec>& user_specs() {
    static const std::vector<FieldSpec> specs = {
        {"user_name", "text", 200, true, false, "name", "", false},
        {"user_email", "email", 254, true, false, "username", "", false},
        {"password", "password", 200, true, false, "new-password", "", true},
    };
    return specs;
}

// Every key set in every field: a missing one would be looked up in the page's data instead.
nlohmann::json fields_view(const Ctx& ctx, const std::vector<FieldSpec>& specs, const nlohmann::json& values,
                           const std::map<std::string, std::string>& errors, bool skip_business_id = false) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : specs) {
        if (skip_business_id && s.name == "business_id") continue;
        auto err = errors.find(s.name);
        std::string described;  // help and error texts, for screen readers
        if (s.help) described = s.name + "-help";
        if (err != errors.end()) described += (described.empty() ? "" : " ") + s.name + "-error";
        std::string value;
        if (s.type != "password" && values.contains(s.name) && values[s.name].is_string())
            value = values[s.name].get<std::string>();
        out.push_back({{"name", s.name},
                       {"label", ctx.t("providers.label." + s.name)},
                       {"type", s.type},
                       {"value", value},
                       {"maxlength", s.maxlength},
                       {"required", s.required},
                       {"multiline", s.multiline},
                       {"autocomplete", s.autocomplete},
                       {"list", s.list},
                       {"help", s.help ? ctx.t("providers.help." + s.name) : ""},
                       {"error", err == errors.end() ? "" : err->second},
                       {"describedby", described}});
    }
    return out;
}

std::map<std::string, std::string> translate(const Ctx& ctx, const std::map<std::string, std::string>& keys) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : keys) out[k] = ctx.t(v);
    return out;
}

// What the visitor typed, for the re-rendered form (text that is not UTF-8 is dropped, never echoed).
nlohmann::json echo(const http::Form& form) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& specs : {organization_specs(), user_specs()})
        for (const auto& s : specs) {
            if (s.type == "password") continue;
            auto v = form.get(s.name);
            out[s.name] = text::valid_utf8(v) ? v : "";
        }
    return out;
}

nlohmann::json operators_view() {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& op : known_operators()) out.push_back({{"id", std::string(op.id)}, {"name", std::string(op.name)}});
    return out;
}

// Shown after a redirect: ?done=saved etc. Only these words; anything else shows nothing.
std::string done_message(const Ctx& ctx) {
    auto d = ctx.req.query_param("done");
    for (const char* known : {"registered", "saved", "invited", "revoked", "joined"})
        if (d == known) return ctx.t(std::string("providers.done.") + known);
    return "";
}

Response with_session(accounts::Auth& auth, const Principal& p, const std::string& location) {
    auto session = auth.start_session(p);
    auto res = Response::redirect(location);
    res.add_header("Set-Cookie",
                   http::make_set_cookie(accounts::kSessionCookie, session.cookie_value,
                                         {.max_age = std::chrono::seconds(accounts::Auth::kSessionLifetime).count()}));
    return res;
}

Response register_page(Ctx& ctx, const nlohmann::json& values, const std::map<std::string, std::string>& errors,
                       const std::string& alert, int status) {
    return ctx.page("register", {{"title", ctx.t("providers.register.title")},
                                 {"org_fields", fields_view(ctx, organization_specs(), values, errors)},
                                 {"user_fields", fields_view(ctx, user_specs(), values, errors)},
                                 {"operators", operators_view()},
                                 {"alert", alert}},
                    status);
}

nlohmann::json org_values(const Organization& o) {
    auto v = to_json(o);
    v["iban"] = procurement::format_iban(o.iban);  // groups of four are easier to check by eye
    return v;
}

nlohmann::json users_view(db::Connection& c, std::int64_t provider_id) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : list_provider_users(c, provider_id)) out.push_back(to_json(u));
    return out;
}

nlohmann::json invitations_view(db::Connection& c, std::int64_t provider_id, const std::string& now) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& i : list_pending_invitations(c, provider_id, now)) out.push_back(to_json(i, now));
    return out;
}

struct OrgForm {
    const nlohmann::json* values = nullptr;        // nullptr: the stored details
    std::map<std::string, std::string> errors;      // translated
    std::string invite_email;
    std::map<std::string, std::string> invite_errors;
    std::string alert;
};

Response organization_page(Ctx& ctx, db::Database& db, const OrgForm& f, int status) {
    const auto& who = ctx.who();
    auto lease = db.acquire();
    auto row = who.provider_id ? find_provider(*lease, *who.provider_id) : std::nullopt;
    if (!row) throw NotFound("providers.not_found");
    const auto now = to_iso(ctx.clock.now());
    auto users = users_view(*lease, row->id);
    auto invitations = invitations_view(*lease, row->id, now);
    return ctx.page("organization",
                    {{"title", ctx.t("providers.organization.title")},
                     {"provider", to_json(*row)},
                     {"iban_display", procurement::format_iban(row->org.iban)},
                     {"fields", fields_view(ctx, organization_specs(), f.values ? *f.values : org_values(row->org),
                                            f.errors, true)},
                     {"operators", operators_view()},
                     {"users", users},
                     {"invitations", invitations},
                     {"has_invitations", !invitations.empty()},
                     {"invite_email", f.invite_email},
                     {"invite_errors", f.invite_errors},
                     {"alert", f.alert},
                     {"done", done_message(ctx)}},
                    status);
}

// The API reads JSON only (the pipeline checks POST; PUT is checked here).
void require_json(const Ctx& ctx) {
    auto mt = ctx.req.header("content-type");
    mt = mt.substr(0, mt.find(';'));
    while (!mt.empty() && mt.back() == ' ') mt.pop_back();
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (mt != "application/json")
        throw UserError(415, "error.unsupported_media_type", "error.unsupported_media_type_detail");
}

nlohmann::json json_object_body(const Ctx& ctx) {
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    return body;
}

std::string invited_email(FieldProblems& problems, std::string email) {
    if (auto e = text_problem(email, 1, 254)) problems["email"] = *e;
    else if (auto e2 = email_problem(email)) problems["email"] = *e2;
    return email;
}

nlohmann::json detail_json(db::Connection& c, const ProviderRow& row, const std::string& now) {
    auto j = to_json(row);
    j["users"] = users_view(c, row.id);
    j["invitations"] = invitations_view(c, row.id, now);
    return j;
}

// A provider user sees only its own organization; others' look like they do not exist.
std::optional<std::int64_t> scope(const Principal& who) {
    if (who.role == Role::provider_user) return who.provider_id.value_or(-1);
    return std::nullopt;
}

std::optional<ProviderRow> visible_provider(const Ctx& ctx, db::Connection& c) {
    auto id = web::id_param(ctx);
    if (!id) return std::nullopt;
    auto only = scope(ctx.who());
    if (only && *only != *id) return std::nullopt;
    return find_provider(c, *id);
}

nlohmann::json list_json(const ProviderListRow& p) {
    return {{"id", p.id}, {"business_id", p.business_id}, {"name", p.name}, {"municipality", p.municipality},
            {"user_count", p.user_count}, {"admission_count", p.admission_count}, {"created_at", p.created_at}};
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, accounts::Auth& auth, const web::Renderer& renderer,
                     const Clock& clock, const std::string& public_url) {
    // Shared by the handlers below, which keep it alive as long as the routes.
    auto svc = std::make_shared<ProviderService>(db, clock, renderer, public_url);
    // ---- registration ----
    routes.get("/register", Action::provider_register, [](Ctx& ctx) {
        return register_page(ctx, nlohmann::json::object(), {}, "", 200);
    });

    routes.post("/register", Action::provider_register, [&auth, svc](Ctx& ctx) {
        auto& service = *svc;
        const auto& form = ctx.req.form();
        auto checked = check_organization([&](const std::string& k) { return form.get(k); });
        NewUser user{form.get("user_name"), form.get("user_email"), form.get("password")};
        check_user(user, checked.problems, "user_name", "user_email");
        if (!checked.problems.empty())
            return register_page(ctx, echo(form), translate(ctx, checked.problems), ctx.t("validation.failed"), 422);
        std::optional<Principal> p;
        try {
            p = service.register_provider(checked.org, user, ctx.lang);
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            return register_page(ctx, echo(form), translate(ctx, e.field_errors), ctx.t(e.detail), e.status);
        }
        return with_session(auth, *p, "/provider/organization?done=registered");
    });

    // ---- the organization profile and colleagues ----
    routes.get("/provider/organization", Action::provider_profile_read, [&db](Ctx& ctx) {
        if (!ctx.who().provider_id) return Response::redirect("/admin/providers", 302);  // the organizer has none
        return organization_page(ctx, db, {}, 200);
    });

    routes.post("/provider/organization", Action::provider_profile_edit, [&db, svc](Ctx& ctx) {
        auto& service = *svc;
        const auto& form = ctx.req.form();
        std::string business_id;
        {
            auto lease = db.acquire();
            auto row = ctx.who().provider_id ? find_provider(*lease, *ctx.who().provider_id) : std::nullopt;
            if (!row) throw NotFound("providers.not_found");
            business_id = row->org.business_id;
        }
        auto checked = check_organization([&](const std::string& k) { return form.get(k); }, business_id);
        if (!checked.problems.empty()) {
            auto values = echo(form);
            OrgForm f{&values, translate(ctx, checked.problems), "", {}, ctx.t("validation.failed")};
            return organization_page(ctx, db, f, 422);
        }
        service.update_profile(ctx.who(), checked.org);
        return Response::redirect("/provider/organization?done=saved");
    });

    routes.post("/provider/organization/invitations", Action::provider_invite, [&db, svc](Ctx& ctx) {
        auto& service = *svc;
        FieldProblems problems;
        auto raw = ctx.req.form().get("email");
        auto email = invited_email(problems, raw);
        OrgForm f;
        f.invite_email = text::valid_utf8(raw) ? raw : "";
        if (problems.empty()) {
            try {
                service.invite(ctx.who(), email, ctx.lang);
                return Response::redirect("/provider/organization?done=invited#colleagues");
            } catch (const UserError& e) {
                if (e.field_errors.empty()) throw;
                f.invite_errors = translate(ctx, e.field_errors);
                f.alert = ctx.t(e.detail);
                return organization_page(ctx, db, f, e.status);
            }
        }
        f.invite_errors = translate(ctx, problems);
        f.alert = ctx.t("validation.failed");
        return organization_page(ctx, db, f, 422);
    });

    routes.post("/provider/organization/invitations/{id}/revoke", Action::provider_invite, [svc](Ctx& ctx) {
        auto& service = *svc;
        auto id = web::id_param(ctx);
        if (!id) throw NotFound("providers.invitation.not_found");
        service.revoke(ctx.who(), *id);
        return Response::redirect("/provider/organization?done=revoked#colleagues");
    });

    // ---- a colleague follows the link ----
    auto accept_page = [](Ctx& ctx, const InvitationRow& inv, const nlohmann::json& values,
                          const std::map<std::string, std::string>& errors, const std::string& alert, int status) {
        std::vector<FieldSpec> specs = {user_specs()[0], user_specs()[2]};
        return ctx.page("invite_accept", {{"title", ctx.t("providers.invitation.title")},
                                          {"organization", inv.provider_name},
                                          {"email", inv.email},
                                          {"token", ctx.req.param("token")},
                                          {"fields", fields_view(ctx, specs, values, errors)},
                                          {"alert", alert}},
                        status);
    };

    routes.get("/invitations/{token}", Action::invitation_accept, [svc, accept_page](Ctx& ctx) {
        auto& service = *svc;
        auto inv = service.invitation_for_token(ctx.req.param("token"));
        return accept_page(ctx, inv, nlohmann::json::object(), {}, "", 200);
    });

    routes.post("/invitations/{token}", Action::invitation_accept, [&auth, svc, accept_page](Ctx& ctx) {
        auto& service = *svc;
        const auto token = ctx.req.param("token");
        auto inv = service.invitation_for_token(token);
        const auto& form = ctx.req.form();
        NewUser user{form.get("user_name"), inv.email, form.get("password")};
        FieldProblems problems;
        check_user(user, problems, "user_name", "user_email", false);
        auto raw_name = form.get("user_name");
        nlohmann::json values = {{"user_name", text::valid_utf8(raw_name) ? raw_name : ""}};
        if (!problems.empty())
            return accept_page(ctx, inv, values, translate(ctx, problems), ctx.t("validation.failed"), 422);
        auto p = service.accept_invitation(token, user.name, user.password);
        return with_session(auth, p, "/provider/organization?done=joined");
    });

    // ---- the organizer's view ----
    routes.get("/admin/providers", Action::provider_profile_read, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx, 50, 100);
        auto only = scope(ctx.who());
        auto lease = db.acquire();
        auto total = count_providers(*lease, only);
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : list_providers(*lease, only, paging.page_size, paging.offset())) list.push_back(list_json(p));
        nlohmann::json data = {{"title", ctx.t("providers.admin.title")}, {"providers", list}, {"total", total},
                               {"page", paging.page}};
        if (paging.page > 1) data["prev_url"] = "/admin/providers?page=" + std::to_string(paging.page - 1);
        if (paging.offset() + paging.page_size < total)
            data["next_url"] = "/admin/providers?page=" + std::to_string(paging.page + 1);
        return ctx.page("admin_providers", data);
    });

    routes.get("/admin/providers/{id}", Action::provider_profile_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto row = visible_provider(ctx, *lease);
        if (!row) throw NotFound("providers.not_found");
        auto users = users_view(*lease, row->id);
        return ctx.page("admin_provider", {{"title", row->org.name},
                                           {"provider", to_json(*row)},
                                           {"iban_display", procurement::format_iban(row->org.iban)},
                                           {"users", users}});
    });

    // ---- JSON API ----
    routes.get("/api/v1/provider", Action::provider_profile_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto row = ctx.who().provider_id ? find_provider(*lease, *ctx.who().provider_id) : std::nullopt;
        if (!row) throw NotFound("providers.not_found");
        return Response::json(detail_json(*lease, *row, to_iso(ctx.clock.now())));
    });

    routes.add("PUT", "/api/v1/provider", Action::provider_profile_edit, [&db, svc](Ctx& ctx) {
        auto& service = *svc;
        require_json(ctx);
        auto body = json_object_body(ctx);
        std::string business_id;
        {
            auto lease = db.acquire();
            auto row = ctx.who().provider_id ? find_provider(*lease, *ctx.who().provider_id) : std::nullopt;
            if (!row) throw NotFound("providers.not_found");
            business_id = row->org.business_id;
        }
        auto checked = check_organization(
            [&](const std::string& k) { return body.contains(k) && body[k].is_string() ? body[k].get<std::string>() : ""; },
            business_id);
        // A full replacement: every field is sent (website and description may be ""), so a
        // misspelt key is an error rather than a silently emptied field.
        for (const auto& f : organization_fields()) {
            if (!body.contains(f)) checked.problems[f] = "validation.required";
            else if (!body[f].is_string()) checked.problems[f] = "validation.not_text";
        }
        if (body.contains("business_id") &&
            (!body["business_id"].is_string() ||
             normalize_business_id(body["business_id"].get<std::string>()).value_or("") != business_id))
            checked.problems["business_id"] = "providers.error.business_id_fixed";
        if (!checked.problems.empty()) throw Invalid(checked.problems, "validation.failed");
        auto saved = service.update_profile(ctx.who(), checked.org);
        auto lease = db.acquire();
        return Response::json(detail_json(*lease, saved, to_iso(ctx.clock.now())));
    });

    routes.post("/api/v1/provider/invitations", Action::provider_invite, [svc](Ctx& ctx) {
        auto& service = *svc;
        auto body = json_object_body(ctx);
        FieldProblems problems;
        std::string email;
        if (!body.contains("email") || body["email"].is_null()) problems["email"] = "validation.required";
        else if (!body["email"].is_string()) problems["email"] = "validation.not_text";
        else email = invited_email(problems, body["email"].get<std::string>());
        if (!problems.empty()) throw Invalid(problems, "validation.failed");
        auto row = service.invite(ctx.who(), email, ctx.lang);
        return Response::json(to_json(row, to_iso(ctx.clock.now())), 201);
    });

    routes.post("/api/v1/provider/invitations/{id}/revoke", Action::provider_invite, [svc](Ctx& ctx) {
        auto& service = *svc;
        auto id = web::id_param(ctx);
        if (!id) throw NotFound("providers.invitation.not_found");
        auto row = service.revoke(ctx.who(), *id);
        return Response::json(to_json(row, to_iso(ctx.clock.now())));
    });

    routes.get("/api/v1/providers", Action::provider_profile_read, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto only = scope(ctx.who());
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& p : list_providers(*lease, only, paging.page_size, paging.offset())) items.push_back(list_json(p));
        return Response::json(web::list_envelope(items, count_providers(*lease, only), paging));
    });

    routes.get("/api/v1/providers/{id}", Action::provider_profile_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto row = visible_provider(ctx, *lease);
        if (!row) throw NotFound("providers.not_found");
        return Response::json(detail_json(*lease, *row, to_iso(ctx.clock.now())));
    });
}

}  // namespace pt::providers
