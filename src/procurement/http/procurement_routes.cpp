#include "procurement/http/procurement_routes.hpp"

#include <regex>

#include "core/errors.hpp"
#include "core/money.hpp"
#include "core/text.hpp"
#include "procurement/domain/file_names.hpp"
#include "procurement/domain/price_model_json.hpp"

namespace pt::procurement {

using http::Response;
using web::Ctx;
using Fields = std::map<std::string, std::string>;

namespace {

constexpr int max_requirements = 20;
constexpr int form_requirement_rows = 8;  // rows on the HTML form (no JavaScript needed)

std::chrono::sys_days today(const Ctx& ctx) { return local_day(ctx.clock.now()); }
std::string today_text(const Ctx& ctx) { return local_date(ctx.clock.now()); }

bool is_organizer(const Ctx& ctx) {
    return ctx.user && (ctx.user->role == Role::organizer_admin || ctx.user->role == Role::procurement_officer);
}

Fields translated(const Ctx& ctx, const Fields& f) {
    Fields out;
    for (const auto& [k, v] : f) out[k] = ctx.t(v);
    return out;
}

std::int64_t path_id(const Ctx& ctx, const char* not_found) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound(not_found);
    return *id;
}

// ---- call input, shared by the HTML form and the API

struct RequirementInput {
    std::string code, text_fi, text_en;
    bool attachment = false;
    std::string field;  // where its errors go: "req_code_3" (form) or "requirements[2]" (API)
};

struct CallInput {
    std::string title, description, period_start, period_end, deadline;
    std::vector<std::string> languages;
    std::vector<std::string> service_ids;
    std::vector<RequirementInput> requirements;
};

const std::regex& code_re() {
    static const std::regex re("^[a-z0-9][a-z0-9_-]{0,39}$");
    return re;
}

CallView validate_call(const Ctx& ctx, const CallInput& in, Fields& errors) {
    web::FieldErrors fe(ctx);
    CallView v;
    v.title = fe.text("title", in.title, 3, 200);
    v.description = fe.text("description", in.description, 0, 5000, true);
    std::chrono::sys_days start{}, end{}, deadline{};
    bool dates_ok = true;
    auto date = [&](const char* field, const std::string& s, std::chrono::sys_days& out) {
        if (text::trim(s).empty()) { fe.add(field, "validation.required"); dates_ok = false; return; }
        if (!parse_iso_date(text::trim(s), out)) { fe.add(field, "calls.invalid_date"); dates_ok = false; }
    };
    date("period_start", in.period_start, start);
    date("period_end", in.period_end, end);
    if (!text::trim(in.deadline).empty()) date("application_deadline", in.deadline, deadline);
    if (dates_ok) {
        v.call.period = {start, end};
        v.call.application_deadline =
            text::trim(in.deadline).empty() ? default_application_deadline(v.call.period) : deadline;
    }
    for (const auto& l : in.languages) {
        if (l != "fi" && l != "sv" && l != "en") fe.add("languages", "call.unknown_language");
        else if (std::ranges::find(v.call.languages, l) == v.call.languages.end()) v.call.languages.push_back(l);
    }
    if (in.languages.empty()) fe.add("languages", "call.no_languages");
    for (const auto& s : in.service_ids) {
        auto id = fe.id("service_description_ids", s);
        if (id > 0) v.call.service_description_ids.push_back(id);
    }
    if (in.service_ids.empty()) fe.add("service_description_ids", "call.no_service_descriptions");
    if (in.requirements.size() > static_cast<std::size_t>(max_requirements)) fe.add("requirements", "calls.too_many_requirements");
    for (const auto& r : in.requirements) {
        EligibilityRequirement e;
        auto code = text::trim(r.code);
        if (!text::valid_utf8(r.code) || !std::regex_match(code, code_re())) {
            fe.add(r.field, "calls.requirement_code_invalid");
            continue;
        }
        e.code = code;
        auto before = fe.map().size();
        e.text_fi = fe.text(r.field, r.text_fi, 3, 1000, true);
        e.text_en = fe.text(r.field, r.text_en, 3, 1000, true);
        if (fe.map().size() != before) continue;
        e.attachment_required = r.attachment;
        v.call.requirements.push_back(e);
    }
    errors = fe.map();
    if (errors.empty()) {
        if (auto e = call_error(v.call)) errors[call_error_field(*e)] = ctx.t(std::string(*e));
    }
    return v;
}

CallInput call_input_from_form(const http::Form& form) {
    CallInput in;
    in.title = form.get("title");
    in.description = form.get("description");
    in.period_start = form.get("period_start");
    in.period_end = form.get("period_end");
    in.deadline = form.get("application_deadline");
    in.languages = form.all("languages");
    in.service_ids = form.all("service_description_ids");
    for (int i = 1; i <= max_requirements; ++i) {
        auto n = std::to_string(i);
        RequirementInput r{form.get("req_code_" + n), form.get("req_text_fi_" + n), form.get("req_text_en_" + n),
                           !form.get("req_attachment_" + n).empty(), "req_code_" + n};
        // A row left empty is no requirement.
        if (text::trim(r.code).empty() && text::trim(r.text_fi).empty() && text::trim(r.text_en).empty()) continue;
        in.requirements.push_back(r);
    }
    return in;
}

CallInput call_input_from_json(const Ctx& ctx, const nlohmann::json& body) {
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    Fields errors;
    CallInput in;
    auto str = [&](const char* k, bool required) -> std::string {
        if (!body.contains(k) || body[k].is_null()) {
            if (required) errors[k] = "validation.required";
            return "";
        }
        if (!body[k].is_string()) { errors[k] = "validation.not_text"; return ""; }
        return body[k].get<std::string>();
    };
    in.title = str("title", true);
    in.description = str("description", false);
    in.period_start = str("period_start", true);
    in.period_end = str("period_end", true);
    in.deadline = str("application_deadline", false);
    if (!body.contains("languages") || !body["languages"].is_array()) errors["languages"] = "calls.expected_list";
    else for (const auto& l : body["languages"]) {
        if (!l.is_string()) errors["languages"] = "call.unknown_language";
        else in.languages.push_back(l.get<std::string>());
    }
    if (!body.contains("service_description_ids") || !body["service_description_ids"].is_array())
        errors["service_description_ids"] = "calls.expected_list";
    else for (const auto& s : body["service_description_ids"]) {
        if (!s.is_number_integer()) errors["service_description_ids"] = "validation.not_an_id";
        else in.service_ids.push_back(std::to_string(s.get<std::int64_t>()));
    }
    if (body.contains("requirements") && !body["requirements"].is_array()) errors["requirements"] = "calls.expected_list";
    else if (body.contains("requirements")) {
        std::size_t i = 0;
        for (const auto& r : body["requirements"]) {
            auto field = "requirements[" + std::to_string(i++) + "]";
            if (!r.is_object() || !r.contains("code") || !r["code"].is_string() || !r.contains("text_fi") ||
                !r["text_fi"].is_string() || !r.contains("text_en") || !r["text_en"].is_string() ||
                (r.contains("attachment_required") && !r["attachment_required"].is_boolean())) {
                errors[field] = "calls.requirement_shape";
                continue;
            }
            in.requirements.push_back({r["code"].get<std::string>(), r["text_fi"].get<std::string>(),
                                       r["text_en"].get<std::string>(), r.value("attachment_required", false), field});
        }
    }
    if (!errors.empty()) throw Invalid(translated(ctx, errors), ctx.t("validation.failed"));
    return in;
}

// ---- views

std::string price_frame(const Ctx& ctx, const std::string& json_text) {
    auto m = parse_price_model(json_text);
    if (!m) return "";
    std::string out;
    if (const auto* f = std::get_if<FixedVoucherValue>(&m->base)) {
        for (std::size_t i = 0; i < f->allowed.size(); ++i)
            out += (i ? (i + 1 == f->allowed.size() ? " " + ctx.t("calls.or") + " " : ", ") : "") + f->allowed[i].format(ctx.lang);
        out = ctx.t("calls.price_fixed") + ": " + out;
    } else if (const auto* h = std::get_if<HourlyRate>(&m->base)) {
        out = ctx.t("calls.price_hourly") + ": " + h->rate.format(ctx.lang) + " / h, " + ctx.t("calls.price_cap") + " " +
              h->cap.format(ctx.lang);
    }
    for (const auto& b : m->bonuses)
        out += "; " + ctx.t("calls.bonus") + " " + b.code + " " + b.amount.format(ctx.lang) +
               (b.evidence.empty() ? "" : " (" + b.evidence + ")");
    return out;
}

nlohmann::json call_view(const Ctx& ctx, const CallView& v) {
    auto j = to_json(v, today(ctx));
    j["status_name"] = ctx.t("calls.status." + std::string(to_string(v.call.status)));
    j["is_draft"] = v.call.status == CallStatus::draft;
    j["is_published"] = v.call.status == CallStatus::published;
    j["languages_text"] = [&] {
        std::string s;
        for (const auto& l : v.call.languages) s += (s.empty() ? "" : ", ") + ctx.t("language." + l);
        return s;
    }();
    for (std::size_t i = 0; i < v.services.size(); ++i) {
        j["services"][i]["name"] = v.services[i].name(ctx.lang);
        j["services"][i]["price_frame"] = price_frame(ctx, v.services[i].price_model);
    }
    for (std::size_t i = 0; i < v.call.requirements.size(); ++i)
        j["requirements"][i]["text"] = ctx.lang == "en" ? v.call.requirements[i].text_en : v.call.requirements[i].text_fi;
    return j;
}

// The form echoes what was typed (valid UTF-8 only), with enough empty requirement rows.
nlohmann::json call_form_data(const Ctx& ctx, db::Database& db, const CallInput& in) {
    auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
    nlohmann::json services = nlohmann::json::array();
    {
        auto lease = db.acquire();
        for (const auto& s : all_services(*lease))
            services.push_back({{"id", s.id}, {"name", s.name(ctx.lang)}, {"code", s.code},
                                {"checked", std::ranges::find(in.service_ids, std::to_string(s.id)) != in.service_ids.end()}});
    }
    nlohmann::json langs = nlohmann::json::array();
    for (const char* l : {"fi", "sv", "en"})
        langs.push_back({{"code", l}, {"name", ctx.t(std::string("language.") + l)},
                         {"checked", std::ranges::find(in.languages, l) != in.languages.end()}});
    // Rows keep their numbers (so an error stays beside its row); empty ones fill the gaps.
    std::map<int, nlohmann::json> by_number;
    int next = 1;
    for (const auto& r : in.requirements) {
        int n = 0;
        if (r.field.rfind("req_code_", 0) == 0) n = std::atoi(r.field.c_str() + 9);
        while (n <= 0 || by_number.count(n)) n = next++;
        by_number[n] = {{"n", n}, {"code", clean(r.code)}, {"text_fi", clean(r.text_fi)}, {"text_en", clean(r.text_en)},
                        {"attachment", r.attachment}};
    }
    int last = std::max(form_requirement_rows, (by_number.empty() ? 0 : by_number.rbegin()->first) + 2);
    last = std::min(last, max_requirements);
    nlohmann::json rows = nlohmann::json::array();
    for (int n = 1; n <= last; ++n) {
        auto it = by_number.find(n);
        nlohmann::json row = it != by_number.end() ? it->second
                                                   : nlohmann::json{{"n", n}, {"code", ""}, {"text_fi", ""}, {"text_en", ""},
                                                                    {"attachment", false}};
        row["field"] = "req_code_" + std::to_string(n);
        rows.push_back(row);
    }
    return {{"title", clean(in.title)},   {"description", clean(in.description)}, {"period_start", clean(in.period_start)},
            {"period_end", clean(in.period_end)}, {"application_deadline", clean(in.deadline)},
            {"services", services},       {"languages", langs},                    {"requirements", rows}};
}

CallInput input_of(const CallView& v) {
    CallInput in;
    in.title = v.title;
    in.description = v.description;
    in.period_start = to_iso_date(v.call.period.start);
    in.period_end = to_iso_date(v.call.period.end);
    in.deadline = to_iso_date(v.call.application_deadline);
    in.languages = v.call.languages;
    for (auto id : v.call.service_description_ids) in.service_ids.push_back(std::to_string(id));
    int n = 0;
    for (const auto& r : v.call.requirements)
        in.requirements.push_back({r.code, r.text_fi, r.text_en, r.attachment_required, "req_code_" + std::to_string(++n)});
    return in;
}

Response call_form_page(Ctx& ctx, db::Database& db, std::optional<std::int64_t> id, const CallInput& in,
                        const Fields& errors, int status) {
    auto form = call_form_data(ctx, db, in);
    // Row errors go beside their row.
    for (auto& row : form["requirements"])
        if (auto it = errors.find(row["field"].get<std::string>()); it != errors.end()) row["error"] = it->second;
    nlohmann::json data = {{"title", ctx.t(id ? "calls.edit" : "calls.new")},
                           {"form", form},
                           {"errors", errors},
                           {"alert", errors.empty() ? "" : ctx.t("validation.failed")},
                           {"action", id ? "/admin/calls/" + std::to_string(*id) : std::string("/admin/calls")}};
    if (id) data["call_id"] = *id;
    return ctx.page("call_form", data, status);
}

Response admin_calls_page(Ctx& ctx, db::Database& db, const std::string& alert, int status) {
    auto lease = db.acquire();
    CallFilter f;
    f.limit = 200;
    nlohmann::json calls = nlohmann::json::array();
    for (const auto& v : list_calls(*lease, f)) calls.push_back(call_view(ctx, v));
    return ctx.page("admin_calls", {{"title", ctx.t("calls.admin_title")}, {"calls", calls},
                                    {"has_calls", !calls.empty()}, {"alert", alert}},
                    status);
}

std::optional<CallView> visible_call(const Ctx& ctx, db::Connection& c, std::int64_t id) {
    auto v = find_call(c, id);
    if (!v || (v->call.status == CallStatus::draft && !is_organizer(ctx))) return std::nullopt;
    return v;
}

std::string status_name(const Ctx& ctx, ApplicationStatus s) {
    return ctx.t("applications.status." + std::string(to_string(s)));
}

nlohmann::json application_row(const Ctx& ctx, const ApplicationView& v) {
    auto j = to_json(v);
    j["status_name"] = status_name(ctx, v.app.status);
    j["service_name"] = ctx.lang == "en" ? v.service_name_en : v.service_name_fi;
    return j;
}

nlohmann::json attachment_view(const Ctx& ctx, const AttachmentMeta& a) {
    auto j = to_json(a);
    j["url"] = "/attachments/" + std::to_string(a.id);
    j["size"] = a.size_bytes >= 1024 * 1024 ? std::to_string(a.size_bytes / (1024 * 1024)) + " " + ctx.t("applications.mib")
                                           : std::to_string((a.size_bytes + 1023) / 1024) + " " + ctx.t("applications.kib");
    return j;
}

nlohmann::json admission_view(const Ctx& ctx, const AdmissionView& a) {
    auto j = to_json(a, today_text(ctx));
    j["service_name"] = ctx.lang == "en" ? a.service_name_en : a.service_name_fi;
    if (a.brochure) j["brochure"] = attachment_view(ctx, *a.brochure);
    return j;
}

Response application_page(Ctx& ctx, db::Database& db, std::int64_t id, const Fields& errors,
                          const std::map<std::string, std::string>& typed, const std::string& alert, int status,
                          const std::string& reason = "") {
    auto lease = db.acquire();
    auto v = find_visible_application(*lease, id, ctx.who());
    if (!v) throw NotFound("application.not_found");
    auto call = *find_call(*lease, v->app.call_id);
    auto j = application_row(ctx, *v);
    for (auto a : allowed_actions(v->app.status, ctx.who().role)) j["can_" + std::string(to_string(a))] = true;
    nlohmann::json reqs = nlohmann::json::array();
    for (const auto& r : call.call.requirements) {
        nlohmann::json row = {{"code", r.code}, {"text", ctx.lang == "en" ? r.text_en : r.text_fi},
                              {"attachment_required", r.attachment_required}, {"answer", ""}};
        for (const auto& a : v->answers)
            if (a.requirement_code == r.code) {
                row["answer"] = a.text;
                if (a.attachment) row["attachment"] = attachment_view(ctx, *a.attachment);
            }
        if (auto it = typed.find(r.code); it != typed.end() && text::valid_utf8(it->second)) row["answer"] = it->second;
        if (auto it = errors.find("answers." + r.code); it != errors.end()) row["error"] = it->second;
        reqs.push_back(row);
    }
    j["call_period"] = to_iso_date(call.call.period.start) + " – " + to_iso_date(call.call.period.end);
    j["call_deadline"] = to_iso_date(call.call.application_deadline);
    j["is_rejected"] = v->app.status == ApplicationStatus::rejected;
    j["is_approved"] = v->app.status == ApplicationStatus::approved;
    nlohmann::json data = {{"title", ctx.t("applications.one_title")}, {"application", j}, {"requirements", reqs},
                           {"errors", errors}, {"alert", alert}, {"reason", text::valid_utf8(reason) ? reason : ""}};
    if (v->admission_id) {
        if (auto ad = find_admission(*lease, *v->admission_id)) data["admission"] = admission_view(ctx, *ad);
    }
    return ctx.page("application", data, status);
}

std::optional<ApplicationStatus> status_filter(const Ctx& ctx) {
    auto s = ctx.req.query_param("status");
    if (s.empty()) return std::nullopt;
    auto st = application_status_from(s);
    if (!st) throw UserError(400, "validation.failed", "applications.unknown_status", {{"status", "applications.unknown_status"}});
    return st;
}

Response applications_page(Ctx& ctx, db::Database& db, const Fields& errors, const std::string& alert, int status) {
    const auto& who = ctx.who();
    ApplicationFilter f;
    f.provider_id = provider_scope(who);
    f.hide_drafts = !f.provider_id;
    f.status = status_filter(ctx);
    auto paging = web::parse_paging(ctx, 50, 100);
    f.limit = paging.page_size;
    f.offset = paging.offset();
    auto lease = db.acquire();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : list_applications(*lease, f)) items.push_back(application_row(ctx, v));
    nlohmann::json statuses = nlohmann::json::array();
    for (auto s : {ApplicationStatus::draft, ApplicationStatus::submitted, ApplicationStatus::approved,
                   ApplicationStatus::rejected}) {
        if (s == ApplicationStatus::draft && f.hide_drafts) continue;
        statuses.push_back({{"code", std::string(to_string(s))}, {"name", status_name(ctx, s)}, {"selected", f.status == s}});
    }
    nlohmann::json data = {{"title", ctx.t("applications.title")}, {"applications", items},
                           {"has_applications", !items.empty()}, {"statuses", statuses},
                           {"total", count_applications(*lease, f)}, {"alert", alert},
                           {"is_provider", f.provider_id.has_value()}};
    if (f.provider_id) {
        AdmissionFilter af;
        af.provider_id = f.provider_id;
        af.limit = 100;
        nlohmann::json adm = nlohmann::json::array();
        for (const auto& a : list_admissions(*lease, af)) {
            auto row = admission_view(ctx, a);
            if (auto it = errors.find("brochure." + std::to_string(a.row.id)); it != errors.end()) row["error"] = it->second;
            adm.push_back(row);
        }
        data["admissions"] = adm;
        data["has_admissions"] = !adm.empty();
    }
    return ctx.page("applications", data, status);
}

Upload upload_of(const http::UploadedFile& f) { return {f.filename, f.content_type, f.data}; }

const http::UploadedFile* file_field(const http::Form& form, const std::string& field) {
    for (const auto& f : form.files)
        if (f.field == field) return &f;
    return nullptr;
}

Response serve_attachment(Ctx& ctx, db::Database& db) {
    auto id = path_id(ctx, "attachment.not_found");
    auto lease = db.acquire();
    auto meta = find_attachment(*lease, id);
    auto scope = provider_scope(ctx.who());
    // Someone else's file does not exist for the caller; nor, for the organizer, a draft's file.
    if (!meta || (scope && *scope != meta->provider_id) || (!scope && !attachment_visible_to_organizer(*lease, id)))
        throw NotFound("attachment.not_found");
    Response r;
    r.body = attachment_content(*lease, id);
    // The type the bytes were checked to be, never the uploader's claim; always a download.
    r.set_header("Content-Type", meta->content_type);
    r.set_header("Content-Disposition", content_disposition(meta->file_name));
    r.set_header("X-Content-Type-Options", "nosniff");
    r.set_header("Cache-Control", "private, no-store");
    r.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
    // RFC 9530: base64 of the raw digest (the stored form is hex).
    if (auto d = repr_digest_sha256(meta->sha256); !d.empty()) r.set_header("Repr-Digest", d);
    return r;
}

std::string reason_from_json(const Ctx& ctx, const nlohmann::json& body) {
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    if (!body.contains("reason") || body["reason"].is_null())
        throw Invalid({{"reason", ctx.t("application.rejection_reason.required")}}, ctx.t("validation.failed"));
    if (!body["reason"].is_string()) throw Invalid({{"reason", ctx.t("validation.not_text")}}, ctx.t("validation.failed"));
    return body["reason"].get<std::string>();
}

}  // namespace

bool is_upload_path(std::string_view method, std::string_view path) {
    if (method != "POST") return false;
    std::vector<std::string_view> seg;
    while (!path.empty()) {
        if (path.front() == '/') { path.remove_prefix(1); continue; }
        auto slash = path.find('/');
        seg.push_back(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    if (seg.size() >= 2 && seg[0] == "api" && seg[1] == "v1") seg.erase(seg.begin(), seg.begin() + 2);
    if (seg.size() != 3) return false;
    return (seg[0] == "applications" && (seg[2] == "answers" || seg[2] == "attachments")) ||
           (seg[0] == "admissions" && seg[2] == "brochure");
}

void register_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ProcurementService> service) {
    // ---- calls, HTML

    routes.get("/calls", Action::public_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        CallFilter f;
        f.statuses = {CallStatus::published};
        f.limit = 100;
        nlohmann::json calls = nlohmann::json::array();
        for (const auto& v : list_calls(*lease, f)) calls.push_back(call_view(ctx, v));
        return ctx.page("calls", {{"title", ctx.t("calls.title")}, {"calls", calls}, {"has_calls", !calls.empty()}});
    });

    routes.get("/calls/{id}", Action::public_read, [&db](Ctx& ctx) {
        auto id = path_id(ctx, "call.not_found");
        auto lease = db.acquire();
        auto v = visible_call(ctx, *lease, id);
        if (!v) throw NotFound("call.not_found");
        auto j = call_view(ctx, *v);
        const bool provider = ctx.user && ctx.user->role == Role::provider_user && ctx.user->provider_id;
        if (provider) {
            // Per service: the provider's application if it has one, else an Apply button.
            for (std::size_t i = 0; i < v->services.size(); ++i) {
                auto apps = applications_for(*lease, *ctx.user->provider_id, v->services[i].id, id);
                if (!apps.empty()) {
                    j["services"][i]["application_id"] = apps[0].id;
                    j["services"][i]["application_status"] = status_name(ctx, apps[0].status);
                } else if (accepts_applications(v->call, today(ctx))) {
                    j["services"][i]["can_apply"] = true;
                }
            }
        }
        return ctx.page("call", {{"title", v->title}, {"call", j}, {"is_provider", provider},
                                 {"is_organizer", is_organizer(ctx)}});
    });

    routes.get("/admin/calls", Action::call_manage, [&db](Ctx& ctx) { return admin_calls_page(ctx, db, "", 200); });

    routes.get("/admin/calls/new", Action::call_manage, [&db](Ctx& ctx) {
        CallInput in;
        in.languages = {"fi"};
        return call_form_page(ctx, db, std::nullopt, in, {}, 200);
    });

    routes.post("/admin/calls", Action::call_manage, [&db, service](Ctx& ctx) {
        auto in = call_input_from_form(ctx.req.form());
        Fields errors;
        auto v = validate_call(ctx, in, errors);
        if (!errors.empty()) return call_form_page(ctx, db, std::nullopt, in, errors, 422);
        try {
            auto created = service->create_call(ctx.who(), v);
            return Response::redirect("/calls/" + std::to_string(created.call.id));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            return call_form_page(ctx, db, std::nullopt, in, translated(ctx, e.field_errors), e.status);
        }
    });

    routes.get("/admin/calls/{id}/edit", Action::call_manage, [&db](Ctx& ctx) {
        auto id = path_id(ctx, "call.not_found");
        std::optional<CallView> v;
        {
            auto lease = db.acquire();
            v = find_call(*lease, id);
        }
        if (!v) throw NotFound("call.not_found");
        if (v->call.status != CallStatus::draft) throw UserError(409, "call.not_draft", "call.not_draft");
        return call_form_page(ctx, db, id, input_of(*v), {}, 200);
    });

    routes.post("/admin/calls/{id}", Action::call_manage, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "call.not_found");
        auto in = call_input_from_form(ctx.req.form());
        Fields errors;
        auto v = validate_call(ctx, in, errors);
        if (!errors.empty()) return call_form_page(ctx, db, id, in, errors, 422);
        try {
            service->update_call(ctx.who(), id, v);
            return Response::redirect("/calls/" + std::to_string(id));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            return call_form_page(ctx, db, id, in, translated(ctx, e.field_errors), e.status);
        }
    });

    auto call_transition = [&db](auto fn) {
        return [&db, fn](Ctx& ctx) {
            auto id = path_id(ctx, "call.not_found");
            try {
                fn(ctx.who(), id);
            } catch (const UserError& e) {
                if (e.status == 404) throw;
                std::string alert = ctx.t(e.detail.empty() ? e.title : e.detail);
                for (const auto& [k, v] : e.field_errors) alert = ctx.t(v);
                return admin_calls_page(ctx, db, alert, e.status);
            }
            return Response::redirect("/admin/calls");
        };
    };
    routes.post("/admin/calls/{id}/publish", Action::call_manage,
                call_transition([service](const Principal& w, std::int64_t id) { service->publish_call(w, id); }));
    routes.post("/admin/calls/{id}/close", Action::call_manage,
                call_transition([service](const Principal& w, std::int64_t id) { service->close_call(w, id); }));

    // ---- calls, API

    routes.get("/api/v1/calls", Action::public_read, [&db](Ctx& ctx) {
        CallFilter f;
        auto s = ctx.req.query_param("status");
        if (!s.empty()) {
            auto st = call_status_from(s);
            if (!st || (*st == CallStatus::draft && !is_organizer(ctx)))
                throw UserError(400, "validation.failed", "calls.unknown_status", {{"status", "calls.unknown_status"}});
            f.statuses = {*st};
        } else if (!is_organizer(ctx)) {
            f.statuses = {CallStatus::published, CallStatus::closed};
        }
        auto paging = web::parse_paging(ctx);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& v : list_calls(*lease, f)) items.push_back(to_json(v, today(ctx)));
        return Response::json(web::list_envelope(items, count_calls(*lease, f), paging));
    });

    routes.get("/api/v1/calls/{id}", Action::public_read, [&db](Ctx& ctx) {
        auto id = path_id(ctx, "call.not_found");
        auto lease = db.acquire();
        auto v = visible_call(ctx, *lease, id);
        if (!v) throw NotFound("call.not_found");
        return Response::json(to_json(*v, today(ctx)));
    });

    routes.post("/api/v1/calls", Action::call_manage, [service](Ctx& ctx) {
        auto in = call_input_from_json(ctx, ctx.req.json());
        Fields errors;
        auto v = validate_call(ctx, in, errors);
        if (!errors.empty()) throw Invalid(errors, ctx.t("validation.failed"));
        return Response::json(to_json(service->create_call(ctx.who(), v), today(ctx)), 201);
    });

    routes.add("PUT", "/api/v1/calls/{id}", Action::call_manage, [service](Ctx& ctx) {
        auto id = path_id(ctx, "call.not_found");
        auto in = call_input_from_json(ctx, ctx.req.json());
        Fields errors;
        auto v = validate_call(ctx, in, errors);
        if (!errors.empty()) throw Invalid(errors, ctx.t("validation.failed"));
        return Response::json(to_json(service->update_call(ctx.who(), id, v), today(ctx)));
    });

    routes.post("/api/v1/calls/{id}/publish", Action::call_manage, [service](Ctx& ctx) {
        return Response::json(to_json(service->publish_call(ctx.who(), path_id(ctx, "call.not_found")), today(ctx)));
    });

    routes.post("/api/v1/calls/{id}/close", Action::call_manage, [service](Ctx& ctx) {
        return Response::json(to_json(service->close_call(ctx.who(), path_id(ctx, "call.not_found")), today(ctx)));
    });

    // ---- applications, HTML

    routes.get("/applications", Action::application_list, [&db](Ctx& ctx) {
        return applications_page(ctx, db, {}, "", 200);
    });

    routes.post("/applications", Action::application_edit, [service](Ctx& ctx) {
        const auto& form = ctx.req.form();
        web::FieldErrors errors(ctx);
        auto call_id = errors.id("call_id", form.get("call_id"));
        auto sd = errors.id("service_description_id", form.get("service_description_id"));
        errors.throw_if_any();
        auto v = service->start_application(ctx.who(), call_id, sd);
        return Response::redirect("/applications/" + std::to_string(v.app.id));
    });

    routes.get("/applications/{id}", Action::application_read, [&db](Ctx& ctx) {
        return application_page(ctx, db, path_id(ctx, "application.not_found"), {}, {}, "", 200);
    });

    routes.post("/applications/{id}/answers", Action::application_edit, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        const auto& form = ctx.req.form();
        std::map<std::string, std::string> texts;
        Fields errors;
        web::FieldErrors fe(ctx);
        for (const auto& [name, value] : form.fields) {
            if (name.rfind("answer_", 0) != 0) continue;
            auto code = name.substr(7);
            texts[code] = value;
            auto before = fe.map().size();
            auto clean = fe.text("answers." + code, value, 0, 5000, true);
            if (fe.map().size() == before) texts[code] = clean;
        }
        errors = fe.map();
        if (!errors.empty()) return application_page(ctx, db, id, errors, texts, ctx.t("validation.failed"), 422);
        try {
            if (!texts.empty()) service->save_answers(ctx.who(), id, texts);
            for (const auto& f : form.files) {
                if (f.field.rfind("file_", 0) != 0) continue;
                auto code = f.field.substr(5);
                try {
                    service->upload_attachment(ctx.who(), id, code, upload_of(f));
                } catch (const UserError& e) {
                    if (e.field_errors.empty() || e.status == 404) throw;
                    Fields fields;
                    for (const auto& [k, v] : e.field_errors) fields["answers." + code] = ctx.t(v);
                    return application_page(ctx, db, id, fields, {}, ctx.t(e.detail), e.status);
                }
            }
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, translated(ctx, e.field_errors), texts, ctx.t(e.detail), e.status);
        }
        return Response::redirect("/applications/" + std::to_string(id));
    });

    routes.post("/applications/{id}/submit", Action::application_edit, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        try {
            service->submit(ctx.who(), id);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, translated(ctx, e.field_errors), {}, ctx.t(e.detail), e.status);
        }
        return Response::redirect("/applications/" + std::to_string(id));
    });

    routes.post("/applications/{id}/approve", Action::application_decide, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        try {
            service->approve(ctx.who(), id);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, {}, {}, ctx.t(e.detail), e.status);
        }
        return Response::redirect("/applications/" + std::to_string(id));
    });

    routes.post("/applications/{id}/reject", Action::application_decide, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        auto reason = ctx.req.form().get("reason");
        try {
            service->reject(ctx.who(), id, reason);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, translated(ctx, e.field_errors), {}, ctx.t(e.detail), e.status, reason);
        }
        return Response::redirect("/applications/" + std::to_string(id));
    });

    // ---- admissions and brochures, HTML

    routes.get("/admin/admissions", Action::admission_list, [&db](Ctx& ctx) {
        AdmissionFilter f;
        f.provider_id = provider_scope(ctx.who());
        const bool all = ctx.req.query_param("show") == "all";
        if (!all) f.overdue_on = today_text(ctx);
        f.limit = 500;
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& a : list_admissions(*lease, f)) items.push_back(admission_view(ctx, a));
        return ctx.page("admin_admissions", {{"title", ctx.t("admissions.title")}, {"admissions", items},
                                             {"has_admissions", !items.empty()}, {"show_all", all},
                                             {"total", count_admissions(*lease, f)}});
    });

    routes.post("/admissions/{id}/brochure", Action::brochure_upload, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "admission.not_found");
        const auto* file = file_field(ctx.req.form(), "brochure");
        try {
            if (!file) throw UserError(422, "validation.failed", "admissions.brochure_missing",
                                       {{"brochure", "admissions.brochure_missing"}});
            service->upload_brochure(ctx.who(), id, upload_of(*file));
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            Fields fields;
            for (const auto& [k, v] : e.field_errors) fields["brochure." + std::to_string(id)] = ctx.t(v);
            return applications_page(ctx, db, fields, ctx.t(e.detail), e.status);
        }
        return Response::redirect("/applications#admissions");
    });

    routes.get("/attachments/{id}", Action::attachment_read, [&db](Ctx& ctx) { return serve_attachment(ctx, db); });

    // ---- applications, admissions and attachments, API

    routes.get("/api/v1/applications", Action::application_list, [&db](Ctx& ctx) {
        ApplicationFilter f;
        f.provider_id = provider_scope(ctx.who());
        f.hide_drafts = !f.provider_id;
        f.status = status_filter(ctx);
        if (auto c = ctx.req.query_param("call_id"); !c.empty()) {
            web::FieldErrors fe(ctx);
            f.call_id = fe.id("call_id", c);
            if (!fe.empty()) throw UserError(400, "validation.failed", "validation.bad_query", fe.map());
        }
        auto paging = web::parse_paging(ctx);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& v : list_applications(*lease, f)) items.push_back(to_json(v));
        return Response::json(web::list_envelope(items, count_applications(*lease, f), paging));
    });

    routes.get("/api/v1/applications/{id}", Action::application_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto v = find_visible_application(*lease, path_id(ctx, "application.not_found"), ctx.who());
        if (!v) throw NotFound("application.not_found");
        return Response::json(to_json(*v));
    });

    routes.post("/api/v1/applications", Action::application_edit, [service](Ctx& ctx) {
        auto body = ctx.req.json();
        web::FieldErrors fe(ctx);
        auto call_id = fe.id("call_id", body);
        auto sd = fe.id("service_description_id", body);
        fe.throw_if_any();
        return Response::json(to_json(service->start_application(ctx.who(), call_id, sd)), 201);
    });

    routes.add("PUT", "/api/v1/applications/{id}/answers", Action::application_edit, [service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        auto body = ctx.req.json();
        if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
        if (!body.contains("answers") || !body["answers"].is_array())
            throw Invalid({{"answers", ctx.t("calls.expected_list")}}, ctx.t("validation.failed"));
        web::FieldErrors fe(ctx);
        std::map<std::string, std::string> texts;
        std::size_t i = 0;
        for (const auto& a : body["answers"]) {
            auto field = "answers[" + std::to_string(i++) + "]";
            if (!a.is_object() || !a.contains("requirement_code") || !a["requirement_code"].is_string() ||
                !a.contains("text") || !a["text"].is_string()) {
                fe.add(field, "applications.answer_shape");
                continue;
            }
            auto code = a["requirement_code"].get<std::string>();
            if (!text::valid_utf8(code) || texts.count(code)) { fe.add(field, "applications.answer_repeated"); continue; }
            texts[code] = fe.text(field, a["text"].get<std::string>(), 0, 5000, true);
        }
        fe.throw_if_any();
        return Response::json(to_json(service->save_answers(ctx.who(), id, texts)));
    });

    routes.post("/api/v1/applications/{id}/attachments", Action::application_edit, [service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        const auto& form = ctx.req.form();
        web::FieldErrors fe(ctx);
        auto code = fe.text("requirement_code", form.get("requirement_code"), 1, 40);
        const auto* file = file_field(form, "file");
        if (!file) fe.add("file", "attachment.empty");
        fe.throw_if_any();
        return Response::json(to_json(service->upload_attachment(ctx.who(), id, code, upload_of(*file))), 201);
    });

    routes.post("/api/v1/applications/{id}/submit", Action::application_edit, [service](Ctx& ctx) {
        return Response::json(to_json(service->submit(ctx.who(), path_id(ctx, "application.not_found"))));
    });

    routes.post("/api/v1/applications/{id}/approve", Action::application_decide, [service](Ctx& ctx) {
        return Response::json(to_json(service->approve(ctx.who(), path_id(ctx, "application.not_found"))));
    });

    routes.post("/api/v1/applications/{id}/reject", Action::application_decide, [service](Ctx& ctx) {
        auto id = path_id(ctx, "application.not_found");
        auto reason = reason_from_json(ctx, ctx.req.json());
        return Response::json(to_json(service->reject(ctx.who(), id, reason)));
    });

    routes.get("/api/v1/attachments/{id}", Action::attachment_read, [&db](Ctx& ctx) { return serve_attachment(ctx, db); });

    routes.get("/api/v1/admissions", Action::admission_list, [&db](Ctx& ctx) {
        AdmissionFilter f;
        f.provider_id = provider_scope(ctx.who());
        auto overdue = ctx.req.query_param("overdue");
        if (overdue == "true") f.overdue_on = today_text(ctx);
        else if (!overdue.empty() && overdue != "false")
            throw UserError(400, "validation.failed", "validation.bad_query", {{"overdue", "admissions.overdue_flag"}});
        auto paging = web::parse_paging(ctx);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& a : list_admissions(*lease, f)) items.push_back(to_json(a, today_text(ctx)));
        return Response::json(web::list_envelope(items, count_admissions(*lease, f), paging));
    });

    routes.post("/api/v1/admissions/{id}/brochure", Action::brochure_upload, [service](Ctx& ctx) {
        auto id = path_id(ctx, "admission.not_found");
        const auto* file = file_field(ctx.req.form(), "brochure");
        if (!file) throw Invalid({{"brochure", ctx.t("admissions.brochure_missing")}}, ctx.t("validation.failed"));
        return Response::json(to_json(service->upload_brochure(ctx.who(), id, upload_of(*file)), local_date(ctx.clock.now())));
    });
}

}  // namespace pt::procurement
