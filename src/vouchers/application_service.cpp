#include "vouchers/application_service.hpp"

#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "core/text.hpp"
#include "core/ytunnus.hpp"
#include "notify/outbox.hpp"
#include "vouchers/data/programme_queries.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::vouchers {

namespace {

using std::chrono::sys_days;

nlohmann::json opt(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }


sys_days date_of(const std::string& s) {
    sys_days d{};
    parse_iso_date(s, d);
    return d;
}

[[noreturn]] void invalid(std::map<std::string, std::string> fields) { throw Invalid(std::move(fields), "validation.failed"); }

// A customer fits a programme when its kind is the programme's; a business needs its Y-tunnus.
bool fits(const VoucherProgramme& p, const CustomerRow& c) {
    if (p.customer_type == CustomerType::business) return c.kind == "business" && c.business_id && !c.business_id->empty();
    return c.kind == "person";
}

[[noreturn]] void wrong_customer_type() {
    throw UserError(422, "validation.failed", "grant.wrong_customer_type", {{"customer", "grant.wrong_customer_type"}});
}

// Name and e-mail of a new customer, checked and cleaned; problems go to `errors`.
void check_new_customer(CustomerChoice& ch, std::map<std::string, std::string>& errors) {
    std::string name = ch.name.value_or("");
    if (!text::valid_utf8(name)) errors["customer.name"] = "validation.invalid_utf8";
    else {
        name = text::trim(name);
        if (text::has_control_chars(name) || name.find_first_of("\r\n\t") != std::string::npos)
            errors["customer.name"] = "validation.control_chars";
        else if (name.empty()) errors["customer.name"] = "validation.required";
        else if (text::length(name) < 2) errors["customer.name"] = "validation.too_short";
        else if (text::length(name) > kCustomerNameMax) errors["customer.name"] = "validation.too_long";
        else ch.name = name;
    }
    std::string email = text::valid_utf8(ch.email.value_or("")) ? text::trim(ch.email.value_or("")) : std::string("\x01");
    if (email.empty()) errors["customer.email"] = "validation.required";
    else if (email_error(email)) errors["customer.email"] = "voucher_application.email_invalid";
    else ch.email = email;
}

// The customer the application is for, locked; a new one is created (inside the transaction, so a
// refusal later leaves nothing behind).
CustomerRow resolve_customer(db::Connection& c, const Principal& who, const VoucherProgramme& p, CustomerChoice ch,
                             const std::string& now) {
    if (who.role == Role::customer) {
        if (!who.customer_id) throw Forbidden("voucher_application.no_customer");
        auto row = lock_customer(c, *who.customer_id);
        if (!row) throw Forbidden("voucher_application.no_customer");
        if (!fits(p, *row)) wrong_customer_type();
        return *row;
    }
    if (ch.customer_id) {
        auto row = lock_customer(c, *ch.customer_id);
        if (!row) invalid({{"customer.customer_id", "voucher_application.customer_not_found"}});
        if (!fits(p, *row)) wrong_customer_type();
        return *row;
    }
    if (ch.business_id) {
        auto bid = normalize_business_id(*ch.business_id);
        if (!bid) invalid({{"customer.business_id", "voucher_application.business_id_invalid"}});
        if (p.customer_type != CustomerType::business) wrong_customer_type();
        if (auto row = find_customer_by_business_id(c, *bid)) {
            auto locked = lock_customer(c, row->id);
            if (!fits(p, *locked)) wrong_customer_type();
            return *locked;
        }
        std::map<std::string, std::string> errors;
        check_new_customer(ch, errors);
        if (!errors.empty()) invalid(errors);
        auto id = insert_customer(c, "business", *bid, *ch.name, *ch.email, now);
        return *find_customer(c, id);
    }
    if (ch.name || ch.email) {
        // Without a Y-tunnus only a person can be new.
        if (p.customer_type == CustomerType::business) invalid({{"customer.business_id", "voucher_application.business_id_required"}});
        std::map<std::string, std::string> errors;
        check_new_customer(ch, errors);
        if (!errors.empty()) invalid(errors);
        auto id = insert_customer(c, "person", std::nullopt, *ch.name, *ch.email, now);
        return *find_customer(c, id);
    }
    invalid({{"customer", "voucher_application.customer_required"}});
}

std::optional<Money> remaining_for(GrantRefusal r, const VoucherProgramme& p, const GrantRequest& req) {
    switch (r) {
        case GrantRefusal::over_customer_cap: return remaining_customer_cap(p, req.customer_grants);
        case GrantRefusal::over_budget: return remaining_budget(p, req.allocated);
        case GrantRefusal::de_minimis_ceiling: {
            std::vector<GrantedAid> granted = req.other_programme_aid;
            for (const auto& g : req.customer_grants) granted.push_back({g.granted_on, g.value});
            return de_minimis_headroom({p.de_minimis_ceiling, p.fiscal_year_start_month}, *req.declared_aid, granted, req.today);
        }
        default: return std::nullopt;
    }
}

nlohmann::json decision_audit(const ApplicationView& v) {
    return {{"status", std::string(to_string(v.app.status))},
            {"voucher_id", v.app.voucher_id ? nlohmann::json(*v.app.voucher_id) : nlohmann::json(nullptr)},
            {"granted_cents", v.granted ? nlohmann::json(v.granted->cents()) : nlohmann::json(nullptr)},
            {"reject_reason", opt(v.app.reject_reason)}};
}

}  // namespace

// ---- input rules

std::optional<std::string_view> reject_reason_error(std::string_view reason) {
    if (!text::valid_utf8(reason)) return "voucher_application.reason.invalid_text";
    if (text::has_control_chars(reason)) return "voucher_application.reason.control_chars";
    const std::string trimmed = text::trim(reason);
    if (trimmed.empty()) return "voucher_application.reason.required";
    const auto n = text::length(trimmed);
    if (n < kReasonMin) return "voucher_application.reason.too_short";
    if (n > kReasonMax) return "voucher_application.reason.too_long";
    return std::nullopt;
}

std::optional<std::string_view> email_error(std::string_view s) {
    constexpr std::string_view bad = "voucher_application.email_invalid";
    if (s.size() < 3 || s.size() > 254) return bad;
    const auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return bad;
    const auto local = s.substr(0, at), domain = s.substr(at + 1);
    if (local.size() > 64) return bad;
    for (char c : local)
        if (c <= ' ' || c >= 0x7f || std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos) return bad;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return bad;
    // Labels of letters, digits and hyphens, at least two of them.
    if (domain.empty() || domain.find('.') == std::string_view::npos) return bad;
    std::size_t start = 0;
    while (start <= domain.size()) {
        auto end = domain.find('.', start);
        if (end == std::string_view::npos) end = domain.size();
        auto label = domain.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return bad;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return bad;
        start = end + 1;
    }
    return std::nullopt;
}

ParsedDeclaration parse_declaration(const nlohmann::json& j) {
    ParsedDeclaration out;
    if (!j.is_array()) { out.error = "voucher_application.declaration_not_list"; return out; }
    if (j.size() > 10) { out.error = "voucher_application.declaration_entry"; return out; }
    for (const auto& e : j) {
        // Plain integers in a sane range: a float, a string or 1e30 is not an amount of cents.
        auto int_in = [&](const char* k, std::int64_t lo, std::int64_t hi) {
            if (!e.contains(k) || !e[k].is_number_integer()) return false;
            if (e[k].is_number_unsigned() && e[k].get<std::uint64_t>() > static_cast<std::uint64_t>(hi)) return false;
            auto v = e[k].get<std::int64_t>();
            return v >= lo && v <= hi;
        };
        if (!e.is_object() || e.size() != 2 || !int_in("fiscal_year", 1900, 9999) ||
            !int_in("amount_cents", -100'000'000'000'00LL, 100'000'000'000'00LL)) {
            out.error = "voucher_application.declaration_entry";
            return out;
        }
        out.aid.push_back({e["fiscal_year"].get<int>(), Money::cents(e["amount_cents"].get<std::int64_t>())});
    }
    return out;
}

std::vector<DeclaredAid> declaration_from_form(const std::map<int, std::string>& euros_by_year,
                                               std::map<int, std::string>& errors) {
    std::vector<DeclaredAid> out;
    for (const auto& [year, raw] : euros_by_year) {
        const auto t = text::valid_utf8(raw) ? text::trim(raw) : std::string("?");
        if (t.empty()) { errors[year] = "validation.required"; continue; }
        auto m = Money::parse(t);
        if (!m) { errors[year] = "voucher_application.amount_invalid"; continue; }
        out.push_back({year, *m});
    }
    return out;
}

// ---- JSON

nlohmann::json to_json(const ApplicationView& v) {
    const auto& a = v.app;
    nlohmann::json decl = nullptr;
    if (a.declaration) {
        decl = nlohmann::json::array();
        for (const auto& d : *a.declaration) decl.push_back({{"fiscal_year", d.fiscal_year}, {"amount_cents", d.amount.cents()}});
    }
    return {{"id", a.id},
            {"status", std::string(to_string(a.status))},
            {"programme", {{"id", a.programme_id}, {"name", v.programme_name}, {"customer_type", v.programme_customer_type},
                           {"de_minimis", v.programme_de_minimis}}},
            {"customer", {{"id", a.customer_id}, {"name", v.customer_name}, {"kind", v.customer_kind},
                          {"business_id", opt(v.customer_business_id)}}},
            {"applicant", {{"id", a.applicant_user_id}, {"name", v.applicant_name}, {"role", a.applicant_role}}},
            {"applicant_role", a.applicant_role},
            {"requested_cents", a.requested ? nlohmann::json(a.requested->cents()) : nlohmann::json(nullptr)},
            {"purpose", a.purpose},
            {"de_minimis_declaration", decl},
            {"reject_reason", opt(a.reject_reason)},
            {"voucher_id", a.voucher_id ? nlohmann::json(*a.voucher_id) : nlohmann::json(nullptr)},
            {"granted_cents", v.granted ? nlohmann::json(v.granted->cents()) : nlohmann::json(nullptr)},
            {"decided_by", a.decided_by_user_id
                               ? nlohmann::json({{"id", *a.decided_by_user_id}, {"name", v.decided_by_name.value_or("")}})
                               : nlohmann::json(nullptr)},
            {"decided_at", opt(a.decided_at)},
            {"applied_on", a.applied_on},
            {"created_at", a.created_at},
            {"updated_at", a.updated_at}};
}

nlohmann::json to_json(const DecisionFigures& f) {
    nlohmann::json grantable = nlohmann::json::array();
    for (auto m : f.grantable) grantable.push_back(m.cents());
    nlohmann::json grants = nlohmann::json::array();
    for (const auto& g : f.customer_grants)
        grants.push_back({{"voucher_id", g.voucher_id}, {"value_cents", g.value.cents()}, {"granted_on", to_iso_date(g.granted_on)}});
    nlohmann::json dm = nullptr;
    if (f.de_minimis)
        dm = {{"fiscal_years", f.window}, {"ceiling_cents", f.ceiling.cents()}, {"aid_in_window_cents", f.aid_in_window.cents()},
              {"headroom_cents", f.headroom.cents()}};
    return {{"remaining_budget_cents", f.remaining_budget.cents()},
            {"remaining_customer_cap_cents", f.remaining_customer_cap.cents()},
            {"grantable_denominations_cents", grantable},
            {"customer_grants", grants},
            {"de_minimis", dm}};
}

// ---- reading

std::optional<std::int64_t> customer_scope(const Principal& who) {
    if (who.role == Role::customer) return who.customer_id.value_or(-1);
    return std::nullopt;
}

std::optional<ApplicationView> find_visible_application(db::Connection& c, std::int64_t id, const Principal& who) {
    return find_application(c, id, customer_scope(who));
}

DecisionFigures decision_figures(db::Connection& c, const ApplicationView& v, sys_days today) {
    DecisionFigures f;
    auto pv = find_programme(c, v.app.programme_id);
    if (!pv) return f;
    const auto& p = pv->programme;
    f.customer_grants = customer_grants(c, p.id, v.app.customer_id);
    f.remaining_budget = remaining_budget(p, pv->allocated);
    f.remaining_customer_cap = remaining_customer_cap(p, f.customer_grants);
    f.grantable = grantable_denominations(p, pv->allocated, f.customer_grants);
    f.de_minimis = p.de_minimis;
    if (p.de_minimis) {
        std::vector<GrantedAid> granted = other_de_minimis_aid(c, v.app.customer_id, p.id);
        for (const auto& g : f.customer_grants) granted.push_back({g.granted_on, g.value});
        const auto declared = v.app.declaration.value_or(std::vector<DeclaredAid>{});
        f.window = de_minimis_window(today, p.fiscal_year_start_month);
        f.ceiling = p.de_minimis_ceiling;
        f.aid_in_window = aid_in_window(declared, granted, today, p.fiscal_year_start_month);
        f.headroom = de_minimis_headroom({p.de_minimis_ceiling, p.fiscal_year_start_month}, declared, granted, today);
    }
    return f;
}

// ---- use cases

ApplicationView ApplicationService::apply(const Principal& who, const ApplyInput& in) {
    if (who.role != Role::customer && who.role != Role::counsellor) throw Forbidden("error.forbidden_detail");
    const auto at = clock_.now();
    const auto now = to_iso(at);
    const auto today = local_day(at);
    // Two counsellors adding the same new business at once: the second insert meets the unique
    // Y-tunnus, and its retry finds the customer the first one created.
    for (int attempt = 0;; ++attempt) {
        try {
            return apply_once(who, in, now, today);
        } catch (const db::Error& e) {
            if (e.kind != db::Error::Kind::unique_violation || attempt >= 1) throw;
        }
    }
}

ApplicationView ApplicationService::apply_once(const Principal& who, const ApplyInput& in, const std::string& now,
                                               sys_days today) {
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto pv = find_programme(c, in.programme_id);
        if (!pv) invalid({{"programme_id", "voucher_application.programme_not_found"}});
        const auto& p = pv->programme;
        if (!accepts_applications(p, today))
            throw UserError(409, "voucher_application.refused", "grant.outside_application_period");

        std::map<std::string, std::string> errors;
        if (in.requested && !is_denomination(p, *in.requested))
            errors["requested_cents"] = "voucher_application.requested_not_denomination";
        std::optional<std::vector<DeclaredAid>> declaration;
        if (p.de_minimis) {
            if (!in.declaration) errors["de_minimis_declaration"] = "voucher_application.declaration_required";
            else if (auto e = declaration_error(*in.declaration, today, p.fiscal_year_start_month))
                errors["de_minimis_declaration"] = std::string(*e);
            // Every counting year, or none at all ("no aid"): a missing year must not pass as zero.
            else if (!in.declaration->empty() && in.declaration->size() != de_minimis_window(today, p.fiscal_year_start_month).size())
                errors["de_minimis_declaration"] = "voucher_application.declaration_incomplete";
            else declaration = in.declaration;
        }
        if (!errors.empty()) invalid(errors);

        auto customer = resolve_customer(c, who, p, in.customer, now);
        if (has_open_application(c, p.id, customer.id))
            throw UserError(409, "voucher_application.already_open", "voucher_application.already_open");

        VoucherApplication a;
        a.programme_id = p.id;
        a.customer_id = customer.id;
        a.applicant_user_id = who.user_id;
        a.applicant_role = who.role == Role::counsellor ? "counsellor" : "customer";
        a.requested = in.requested;
        a.purpose = in.purpose;
        a.declaration = declaration;
        a.applied_on = to_iso_date(today);
        const auto id = insert_application(c, a, now);
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "voucher_application.submit", "voucher_application", std::to_string(id),
                                 nullptr, to_json(after)});
        mail_customer(c, customer.id, "voucher_application_received",
                      {{"application_id", id},
                       {"programme", p.name},
                       {"customer", customer.name},
                       {"on_behalf", a.applicant_role == "counsellor"},
                       {"applicant", who.name},
                       {"path", public_url_ + "/voucher-applications/" + std::to_string(id)}});
        return after;
    });
}

ApplicationView ApplicationService::grant(const Principal& who, std::int64_t id, Money denomination) {
    const auto at = clock_.now();
    const auto now = to_iso(at);
    const auto today = local_day(at);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        // Which programme and customer: read without a lock, then lock the customer (it orders the
        // grants of one customer across programmes, so de minimis aid from two programmes cannot
        // pass the ceiling together; apply locks the customer first too), then the programme (it
        // orders every grant of the programme), and only then the application.
        auto peek = find_application(c, id);
        if (!peek) throw NotFound("voucher_application.not_found");
        lock_customer(c, peek->app.customer_id);
        auto pv = lock_programme(c, peek->app.programme_id);
        auto before = lock_application(c, id);
        if (!pv || !before) throw NotFound("voucher_application.not_found");
        if (before->app.status != ApplicationStatus::submitted)
            throw UserError(409, "voucher_application.already_decided", "voucher_application.already_decided");
        const auto& p = pv->programme;
        auto customer = find_customer(c, before->app.customer_id);

        GrantRequest req;
        req.customer_type = customer && customer->kind == "person" ? CustomerType::person : CustomerType::business;
        if (customer && req.customer_type == CustomerType::business && !customer->business_id)
            req.customer_type = CustomerType::person;  // a business without a Y-tunnus cannot get a business grant
        req.denomination = denomination;
        req.applied_on = date_of(before->app.applied_on);
        req.today = today;
        req.allocated = pv->allocated;
        req.customer_grants = customer_grants(c, p.id, before->app.customer_id);
        req.declared_aid = before->app.declaration;
        if (p.de_minimis) req.other_programme_aid = other_de_minimis_aid(c, before->app.customer_id, p.id);
        if (auto refusal = check_grant(p, req)) throw GrantRefused(*refusal, remaining_for(*refusal, p, req));

        const auto dates = grant_dates(p, today);
        const auto voucher_id = insert_voucher(c, before->app.customer_id, denomination, to_iso_date(dates.valid_from),
                                               to_iso_date(dates.valid_until), now, p.id);
        if (!mark_granted(c, id, voucher_id, who.user_id, now))
            throw UserError(409, "voucher_application.already_decided", "voucher_application.already_decided");
        auto after = *find_application(c, id);
        auto after_json = decision_audit(after);
        after_json["valid_from"] = to_iso_date(dates.valid_from);
        after_json["valid_until"] = to_iso_date(dates.valid_until);
        after_json["programme_allocated_cents"] = (pv->allocated + denomination).cents();
        audit::write(c, clock_, {who.user_id, "voucher_application.grant", "voucher_application", std::to_string(id),
                                 decision_audit(*before), after_json});
        mail_customer(c, before->app.customer_id, "voucher_granted",
                      {{"application_id", id},
                       {"voucher_id", voucher_id},
                       {"programme", p.name},
                       {"value_cents", denomination.cents()},
                       {"valid_from", finnish_date(dates.valid_from)},
                       {"valid_until", finnish_date(dates.valid_until)},
                       {"path", public_url_ + "/vouchers/" + std::to_string(voucher_id)}});
        return after;
    });
}

ApplicationView ApplicationService::reject(const Principal& who, std::int64_t id, const std::string& reason) {
    if (auto e = reject_reason_error(reason)) invalid({{"reason", std::string(*e)}});
    const auto clean = text::trim(reason);
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_application(c, id);
        if (!before) throw NotFound("voucher_application.not_found");
        if (before->app.status != ApplicationStatus::submitted || !mark_rejected(c, id, clean, who.user_id, now))
            throw UserError(409, "voucher_application.already_decided", "voucher_application.already_decided");
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "voucher_application.reject", "voucher_application", std::to_string(id),
                                 decision_audit(*before), decision_audit(after)});
        mail_customer(c, before->app.customer_id, "voucher_application_rejected",
                      {{"application_id", id},
                       {"programme", before->programme_name},
                       {"reason", clean},
                       {"path", public_url_ + "/voucher-applications/" + std::to_string(id)}});
        return after;
    });
}

void ApplicationService::mail_customer(db::Connection& c, std::int64_t customer_id, const std::string& kind,
                                       const nlohmann::json& data) {
    const auto to = customer_mail_addresses(c, customer_id);
    // No address: the application page shows the same, and the decision must not wait for mail.
    if (to.empty()) spdlog::warn("{}: customer {} has no e-mail address", kind, customer_id);
    for (const auto& addr : to) {
        try {
            const auto lang = notify::recipient_language(c, addr);
            auto localized = data;
            if (data.contains("value_cents")) localized["value"] = Money::cents(data["value_cents"].get<std::int64_t>()).format(lang);
            notify::enqueue(c, notify::compose(renderer_, kind, lang, addr, localized), clock_);
        } catch (const UserError&) {
            // An unusable stored address is refused before anything is written; the change stands.
            spdlog::warn("{}: customer {} has an unusable e-mail address", kind, customer_id);
        }
    }
}

}  // namespace pt::vouchers
