#include "procurement/procurement_service.hpp"

#include <functional>

#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "notify/outbox.hpp"
#include "procurement/domain/attachment.hpp"
#include "procurement/domain/file_names.hpp"

namespace pt::procurement {

namespace {

using std::chrono::sys_days;

nlohmann::json opt(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

sys_days today_of(const Clock& clock) { return local_day(clock.now()); }

// Attachments are at most 10 MiB: an upload beyond that answers 413, the rest 422.
[[noreturn]] void refuse_file(std::string_view key, const std::string& field) {
    const int status = key == "attachment.too_large" ? 413 : 422;
    throw UserError(status, "validation.failed", std::string(key), {{field, std::string(key)}});
}

AttachmentType classify_or_refuse(const Upload& file, const std::string& field) {
    auto check = classify_attachment(file.bytes, file.claimed_type);
    if (check.refusal) refuse_file(*check.refusal, field);
    return *check.type;
}

std::int64_t store(db::Connection& c, const Principal& who, std::int64_t provider_id, const Upload& file,
                   AttachmentType type, const std::string& now) {
    NewAttachment a;
    a.provider_id = provider_id;
    a.file_name = clean_file_name(file.file_name, type);
    a.content_type = std::string(content_type(type));
    a.bytes = file.bytes;
    a.sha256 = sha256_hex(file.bytes);
    a.uploaded_by_user_id = who.user_id;
    return insert_attachment(c, a, now);
}

// A replaced file is deleted unless something else still refers to it; the deletion is audited.
void drop_if_unreferenced(db::Connection& c, const Clock& clock, const Principal& who,
                          const std::optional<AttachmentMeta>& old) {
    if (old && delete_attachment_if_unreferenced(c, old->id))
        audit::write(c, clock, {who.user_id, "attachment.delete", "attachment", std::to_string(old->id),
                                to_json(*old), nullptr});
}

const Principal& require_provider(const Principal& who) {
    if (who.role != Role::provider_user || !who.provider_id) throw Forbidden("error.forbidden_detail");
    return who;
}

}  // namespace

std::optional<std::int64_t> provider_scope(const Principal& who) {
    if (who.role == Role::provider_user) return who.provider_id.value_or(0);
    return std::nullopt;
}

std::optional<ApplicationView> find_visible_application(db::Connection& c, std::int64_t id, const Principal& who) {
    auto scope = provider_scope(who);
    auto v = find_application(c, id, scope);
    if (v && !scope && v->app.status == ApplicationStatus::draft) return std::nullopt;
    return v;
}

std::string call_error_field(std::string_view key) {
    if (key.rfind("period.", 0) == 0) return "period_end";
    if (key == "call.no_service_descriptions" || key == "call.duplicate_service_description") return "service_description_ids";
    if (key == "call.deadline_outside_period") return "application_deadline";
    if (key.rfind("call.requirement", 0) == 0) return "requirements";
    if (key == "call.no_languages" || key == "call.unknown_language") return "languages";
    return "call";
}

// ---- JSON

nlohmann::json to_json(const CallView& v, sys_days today) {
    nlohmann::json services = nlohmann::json::array();
    for (const auto& s : v.services) {
        auto pm = nlohmann::json::parse(s.price_model, nullptr, false);
        services.push_back({{"id", s.id}, {"code", s.code}, {"name_fi", s.name_fi}, {"name_en", s.name_en},
                            {"goal", s.goal}, {"content_limits", s.content_limits},
                            {"price_model", pm.is_discarded() ? nlohmann::json(nullptr) : pm}});
    }
    nlohmann::json reqs = nlohmann::json::array();
    for (const auto& r : v.call.requirements)
        reqs.push_back({{"code", r.code}, {"text_fi", r.text_fi}, {"text_en", r.text_en},
                        {"attachment_required", r.attachment_required}});
    return {{"id", v.call.id},
            {"title", v.title},
            {"description", v.description},
            {"status", std::string(to_string(v.call.status))},
            {"period_start", to_iso_date(v.call.period.start)},
            {"period_end", to_iso_date(v.call.period.end)},
            {"application_deadline", to_iso_date(v.call.application_deadline)},
            {"accepts_applications", accepts_applications(v.call, today)},
            {"languages", v.call.languages},
            {"services", services},
            {"requirements", reqs},
            {"created_at", v.created_at},
            {"updated_at", v.updated_at},
            {"published_at", opt(v.published_at)}};
}

nlohmann::json to_json(const AttachmentMeta& a) {
    return {{"id", a.id},
            {"file_name", a.file_name},
            {"content_type", a.content_type},
            {"size_bytes", a.size_bytes},
            {"sha256", a.sha256},
            {"created_at", a.created_at},
            {"url", "/api/v1/attachments/" + std::to_string(a.id)}};
}

nlohmann::json to_json(const ApplicationView& v) {
    nlohmann::json answers = nlohmann::json::array();
    for (const auto& a : v.answers)
        answers.push_back({{"requirement_code", a.requirement_code},
                           {"text", a.text},
                           {"attachment", a.attachment ? to_json(*a.attachment) : nlohmann::json(nullptr)}});
    return {{"id", v.app.id},
            {"status", std::string(to_string(v.app.status))},
            {"call", {{"id", v.app.call_id}, {"title", v.call_title}}},
            {"provider", {{"id", v.app.provider_id}, {"name", v.provider_name}, {"business_id", v.provider_business_id}}},
            {"service_description",
             {{"id", v.app.service_description_id}, {"code", v.service_code}, {"name_fi", v.service_name_fi},
              {"name_en", v.service_name_en}}},
            {"answers", answers},
            {"rejection_reason", v.app.rejection_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.app.rejection_reason)},
            {"submitted_at", opt(v.submitted_at)},
            {"decided_at", opt(v.decided_at)},
            {"admission_id", v.admission_id ? nlohmann::json(*v.admission_id) : nlohmann::json(nullptr)},
            {"created_at", v.created_at},
            {"updated_at", v.updated_at}};
}

nlohmann::json to_json(const AdmissionView& v, const std::string& today) {
    const auto& r = v.row;
    return {{"id", r.id},
            {"provider", {{"id", r.provider_id}, {"name", v.provider_name}}},
            {"service_description",
             {{"id", r.service_description_id}, {"code", v.service_code}, {"name_fi", v.service_name_fi},
              {"name_en", v.service_name_en}}},
            {"call", {{"id", r.call_id}, {"title", v.call_title}}},
            {"application_id", r.application_id},
            {"period_start", r.period_start},
            {"period_end", r.period_end},
            {"decided_on", r.decided_on},
            {"brochure_due", r.brochure_due},
            {"brochure_received_at", opt(r.brochure_received_at)},
            {"brochure", v.brochure ? to_json(*v.brochure) : nlohmann::json(nullptr)},
            // Same rule as the domain's brochure_overdue: the due day itself is still in time.
            {"brochure_overdue", !r.brochure_received_at && r.brochure_due < today}};
}

// ---- calls

CallView ProcurementService::create_call(const Principal& who, CallView v) {
    v.call.status = CallStatus::draft;
    if (auto e = call_error(v.call)) throw Invalid({{call_error_field(*e), std::string(*e)}}, "validation.failed");
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        if (auto bad = unknown_service_descriptions(c, v.call.service_description_ids); !bad.empty())
            throw Invalid({{"service_description_ids", "call.unknown_service_description"}}, "validation.failed");
        auto id = insert_call(c, v, now);
        auto after = *find_call(c, id);
        audit::write(c, clock_, {who.user_id, "call.create", "call", std::to_string(id), nullptr, to_json(after, today_of(clock_))});
        return after;
    });
}

CallView ProcurementService::update_call(const Principal& who, std::int64_t id, CallView v) {
    if (auto e = call_error(v.call)) throw Invalid({{call_error_field(*e), std::string(*e)}}, "validation.failed");
    const auto now = to_iso(clock_.now());
    const auto today = today_of(clock_);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_call(c, id);
        if (!before) throw NotFound("call.not_found");
        // Once providers may apply, the rules they apply under stay fixed.
        if (before->call.status != CallStatus::draft) throw UserError(409, "call.not_draft", "call.not_draft");
        if (auto bad = unknown_service_descriptions(c, v.call.service_description_ids); !bad.empty())
            throw Invalid({{"service_description_ids", "call.unknown_service_description"}}, "validation.failed");
        v.call.id = id;
        procurement::update_call(c, v, now);
        auto after = *find_call(c, id);
        audit::write(c, clock_, {who.user_id, "call.update", "call", std::to_string(id), to_json(*before, today),
                                 to_json(after, today)});
        return after;
    });
}

// Publishing and closing: the call is locked, checked by `check`, moved to `to` and audited as
// `action`, all in one transaction.
CallView ProcurementService::move_call(const Principal& who, std::int64_t id, CallStatus to, const char* action,
                                       const std::function<void(const CallView&, sys_days)>& check) {
    const auto now = to_iso(clock_.now());
    const auto today = today_of(clock_);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_call(c, id);
        if (!before) throw NotFound("call.not_found");
        check(*before, today);
        set_call_status(c, id, to, now);
        auto after = *find_call(c, id);
        audit::write(c, clock_, {who.user_id, action, "call", std::to_string(id), to_json(*before, today),
                                 to_json(after, today)});
        return after;
    });
}

CallView ProcurementService::publish_call(const Principal& who, std::int64_t id) {
    return move_call(who, id, CallStatus::published, "call.publish", [](const CallView& before, sys_days today) {
        if (before.call.status != CallStatus::draft) throw UserError(409, "call.not_draft", "call.not_draft");
        if (auto e = call_error(before.call)) throw Invalid({{call_error_field(*e), std::string(*e)}}, "validation.failed");
        if (before.call.application_deadline < today)
            throw Invalid({{"application_deadline", "call.deadline_passed"}}, "validation.failed");
    });
}

CallView ProcurementService::close_call(const Principal& who, std::int64_t id) {
    return move_call(who, id, CallStatus::closed, "call.close", [](const CallView& before, sys_days) {
        if (before.call.status != CallStatus::published)
            throw UserError(409, "call.not_published", "call.not_published");
    });
}

// ---- applications

ApplicationView ProcurementService::start_application(const Principal& who, std::int64_t call_id,
                                                      std::int64_t service_description_id) {
    require_provider(who);
    const auto now = to_iso(clock_.now());
    const auto today = today_of(clock_);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto call = find_call(c, call_id);
        // A draft call is not public: it names nothing to a provider.
        if (!call || call->call.status == CallStatus::draft)
            throw Invalid({{"call_id", "call.not_found"}}, "validation.failed");
        if (!covers(call->call, service_description_id))
            throw Invalid({{"service_description_id", "application.service_not_in_call"}}, "validation.failed");
        if (!accepts_applications(call->call, today)) throw UserError(409, "application.call_closed", "application.call_closed");
        if (!applications_for(c, *who.provider_id, service_description_id, call_id).empty())
            throw UserError(409, "application.duplicate", "application.duplicate");
        std::int64_t id = 0;
        try {
            id = insert_application(c, call_id, *who.provider_id, service_description_id, now);
        } catch (const db::Error& e) {
            // Two starts at once: the UNIQUE constraint decides.
            if (e.kind == db::Error::Kind::unique_violation)
                throw UserError(409, "application.duplicate", "application.duplicate");
            throw;
        }
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "application.start", "participation_application", std::to_string(id),
                                 nullptr, to_json(after)});
        return after;
    });
}

namespace {
// The caller's own application, locked, while it may still be edited, with its call.
std::pair<ApplicationView, CallView> lock_draft(db::Connection& c, const Principal& who, std::int64_t id) {
    if (!find_application(c, id, provider_scope(who))) throw NotFound("application.not_found");
    auto app = *lock_application(c, id);
    if (!next_status(app.app.status, ApplicationAction::edit, who.role))
        throw UserError(409, "application.not_draft", "application.not_draft");
    auto call = *find_call(c, app.app.call_id);
    return {std::move(app), std::move(call)};
}
}  // namespace

ApplicationView ProcurementService::save_answers(const Principal& who, std::int64_t id,
                                                 const std::map<std::string, std::string>& texts) {
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto [before, call] = lock_draft(c, who, id);
        std::map<std::string, std::string> unknown;
        for (const auto& [code, text] : texts)
            if (!find_requirement(call.call, code)) unknown["answers." + code] = "application.unknown_answer";
        if (!unknown.empty()) throw Invalid(unknown, "validation.failed");
        for (const auto& [code, text] : texts) save_answer_text(c, id, code, text);
        touch_application(c, id, now);
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "application.answers", "participation_application", std::to_string(id),
                                 to_json(before), to_json(after)});
        return after;
    });
}

AttachmentMeta ProcurementService::upload_attachment(const Principal& who, std::int64_t id,
                                                     const std::string& requirement_code, const Upload& file) {
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto [before, call] = lock_draft(c, who, id);
        if (!find_requirement(call.call, requirement_code))
            throw Invalid({{"requirement_code", "application.unknown_answer"}}, "validation.failed");
        auto type = classify_or_refuse(file, "file");
        std::optional<AttachmentMeta> replaced;
        for (const auto& a : before.answers)
            if (a.requirement_code == requirement_code) replaced = a.attachment;
        auto att_id = store(c, who, before.app.provider_id, file, type, now);
        set_answer_attachment(c, id, requirement_code, att_id);
        touch_application(c, id, now);
        auto meta = *find_attachment(c, att_id);
        audit::write(c, clock_, {who.user_id, "application.attachment", "participation_application", std::to_string(id),
                                 replaced ? nlohmann::json{{"requirement_code", requirement_code}, {"attachment", to_json(*replaced)}}
                                          : nlohmann::json(nullptr),
                                 {{"requirement_code", requirement_code}, {"attachment", to_json(meta)}}});
        drop_if_unreferenced(c, clock_, who, replaced);
        return meta;
    });
}

ApplicationView ProcurementService::submit(const Principal& who, std::int64_t id) {
    const auto now = to_iso(clock_.now());
    const auto today = today_of(clock_);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        if (!find_application(c, id, provider_scope(who))) throw NotFound("application.not_found");
        auto before = *lock_application(c, id);
        if (!next_status(before.app.status, ApplicationAction::submit, who.role))
            throw UserError(409, "application.not_draft", "application.not_draft");
        auto call = *find_call(c, before.app.call_id);
        auto others = applications_for(c, before.app.provider_id, before.app.service_description_id, before.app.call_id);
        if (auto refusal = submit_refusal(call.call, before.app, others, today)) {
            if (*refusal == "application.missing_answers") {
                std::map<std::string, std::string> fields;
                for (const auto& code : missing_answers(call.call, before.app)) {
                    const auto* r = find_requirement(call.call, code);
                    fields["answers." + code] = r && r->attachment_required ? "application.answer_and_attachment_missing"
                                                                            : "application.answer_missing";
                }
                throw Invalid(fields, "application.missing_answers");
            }
            if (*refusal == "application.unknown_answer") throw Invalid({{"answers", "application.unknown_answer"}}, "validation.failed");
            throw UserError(409, std::string(*refusal), std::string(*refusal));
        }
        mark_submitted(c, id, now);
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "application.submit", "participation_application", std::to_string(id),
                                 to_json(before), to_json(after)});
        nlohmann::json data = {{"application_id", id},
                               {"call_title", call.title},
                               {"provider_name", after.provider_name},
                               {"service_name", after.service_name_fi},
                               {"path", public_url_ + "/applications/" + std::to_string(id)}};
        for (const auto& to : organizer_admin_emails(c))
            notify::enqueue_for(c, renderer_, "application.submitted", to, data, clock_);
        return after;
    });
}

ApplicationView ProcurementService::approve(const Principal& who, std::int64_t id) {
    const auto now = to_iso(clock_.now());
    const auto today = today_of(clock_);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_application(c, id);
        // A draft does not exist for the organizer.
        if (!before || before->app.status == ApplicationStatus::draft) throw NotFound("application.not_found");
        if (!next_status(before->app.status, ApplicationAction::approve, who.role))
            throw UserError(409, "application.not_submitted", "application.not_submitted");
        auto call = *find_call(c, before->app.call_id);
        auto a = admit(call.call, before->app, today);
        AdmissionRow row;
        row.provider_id = a.provider_id;
        row.service_description_id = a.service_description_id;
        row.call_id = call.call.id;
        row.application_id = id;
        row.period_start = to_iso_date(a.period.start);
        row.period_end = to_iso_date(a.period.end);
        row.decided_on = to_iso_date(a.decided_on);
        row.brochure_due = to_iso_date(a.brochure_due);
        insert_admission(c, row, now);
        mark_decided(c, id, ApplicationStatus::approved, "", who.user_id, now);
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "application.approve", "participation_application", std::to_string(id),
                                 to_json(*before), to_json(after)});
        nlohmann::json data = {{"application_id", id},          {"call_title", call.title},
                               {"service_name", after.service_name_fi}, {"provider_name", after.provider_name},
                               {"period_start", row.period_start}, {"period_end", row.period_end},
                               {"brochure_due", row.brochure_due}, {"path", public_url_ + "/applications/" + std::to_string(id)}};
        for (const auto& to : provider_user_emails(c, after.app.provider_id))
            notify::enqueue_for(c, renderer_, "application.approved", to, data, clock_);
        return after;
    });
}

ApplicationView ProcurementService::reject(const Principal& who, std::int64_t id, const std::string& reason) {
    if (auto e = rejection_reason_error(reason)) throw Invalid({{"reason", std::string(*e)}}, "validation.failed");
    const std::string clean = text::trim(reason);
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_application(c, id);
        if (!before || before->app.status == ApplicationStatus::draft) throw NotFound("application.not_found");
        if (!next_status(before->app.status, ApplicationAction::reject, who.role))
            throw UserError(409, "application.not_submitted", "application.not_submitted");
        mark_decided(c, id, ApplicationStatus::rejected, clean, who.user_id, now);
        auto after = *find_application(c, id);
        audit::write(c, clock_, {who.user_id, "application.reject", "participation_application", std::to_string(id),
                                 to_json(*before), to_json(after)});
        nlohmann::json data = {{"application_id", id},
                               {"call_title", after.call_title},
                               {"service_name", after.service_name_fi},
                               {"provider_name", after.provider_name},
                               {"reason", clean},
                               {"path", public_url_ + "/applications/" + std::to_string(id)}};
        for (const auto& to : provider_user_emails(c, after.app.provider_id))
            notify::enqueue_for(c, renderer_, "application.rejected", to, data, clock_);
        return after;
    });
}

AdmissionView ProcurementService::upload_brochure(const Principal& who, std::int64_t admission_id, const Upload& file) {
    require_provider(who);
    const auto now = to_iso(clock_.now());
    const auto today = local_date(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        // Locked so two uploads at once cannot both replace the same brochure.
        auto before = lock_admission(c, admission_id, provider_scope(who));
        if (!before) throw NotFound("admission.not_found");
        // Dates are "YYYY-MM-DD", so text order is date order; the last day itself is open.
        if (before->row.period_end < today) throw UserError(409, "admission.period_ended", "admission.period_ended");
        auto type = classify_or_refuse(file, "brochure");
        if (type != AttachmentType::pdf) refuse_file("attachment.brochure_pdf_only", "brochure");
        auto att_id = store(c, who, before->row.provider_id, file, type, now);
        set_brochure(c, admission_id, att_id, now);
        auto after = *find_admission(c, admission_id);
        audit::write(c, clock_, {who.user_id, "admission.brochure", "admission", std::to_string(admission_id),
                                 to_json(*before, today), to_json(after, today)});
        drop_if_unreferenced(c, clock_, who, before->brochure);
        return after;
    });
}

}  // namespace pt::procurement
