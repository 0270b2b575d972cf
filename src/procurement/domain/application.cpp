#include "procurement/domain/application.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace pt::procurement {

namespace {

constexpr EnumNames<ApplicationStatus, 4> status_names{{
    {ApplicationStatus::draft, "draft"},
    {ApplicationStatus::submitted, "submitted"},
    {ApplicationStatus::approved, "approved"},
    {ApplicationStatus::rejected, "rejected"},
}};

constexpr EnumNames<ApplicationAction, 4> action_names{{
    {ApplicationAction::edit, "edit"},
    {ApplicationAction::submit, "submit"},
    {ApplicationAction::approve, "approve"},
    {ApplicationAction::reject, "reject"},
}};

}  // namespace

std::string_view to_string(ApplicationStatus s) { return name_of(status_names, s); }
std::optional<ApplicationStatus> application_status_from(std::string_view s) { return from_name(status_names, s); }
std::string_view to_string(ApplicationAction a) { return name_of(action_names, a); }
std::optional<ApplicationAction> application_action_from(std::string_view s) { return from_name(action_names, s); }

const std::vector<ApplicationTransition>& application_transitions() {
    using S = ApplicationStatus;
    using A = ApplicationAction;
    using R = Role;
    static const std::vector<ApplicationTransition> table{
        {S::draft, A::edit, S::draft, {R::provider_user}},
        {S::draft, A::submit, S::submitted, {R::provider_user}},
        {S::submitted, A::approve, S::approved, {R::organizer_admin, R::procurement_officer}},
        {S::submitted, A::reject, S::rejected, {R::organizer_admin, R::procurement_officer}},
    };
    return table;
}

std::optional<ApplicationStatus> next_status(ApplicationStatus from, ApplicationAction action, Role role) {
    return next_in(application_transitions(), from, action, role);
}

std::vector<ApplicationAction> allowed_actions(ApplicationStatus from, Role role) {
    return actions_in(application_transitions(), from, role);
}

bool is_final(ApplicationStatus s) { return s == ApplicationStatus::approved || s == ApplicationStatus::rejected; }

std::vector<std::string> missing_answers(const CallForParticipation& call, const ParticipationApplication& app) {
    std::vector<std::string> out;
    for (const auto& r : call.requirements) {
        const auto it = std::ranges::find_if(app.answers, [&](const Answer& a) { return a.requirement_code == r.code; });
        const bool answered = it != app.answers.end() && !text::trim(it->text).empty() &&
                              (!r.attachment_required || it->attachment_id.has_value());
        if (!answered) out.push_back(r.code);
    }
    return out;
}

bool has_unknown_answers(const CallForParticipation& call, const ParticipationApplication& app) {
    return std::ranges::any_of(app.answers,
                               [&](const Answer& a) { return find_requirement(call, a.requirement_code) == nullptr; });
}

bool is_duplicate(const ParticipationApplication& app, const std::vector<ParticipationApplication>& others) {
    return std::ranges::any_of(others, [&](const ParticipationApplication& o) {
        return o.id != app.id && o.provider_id == app.provider_id && o.call_id == app.call_id &&
               o.service_description_id == app.service_description_id;
    });
}

std::optional<std::string_view> submit_refusal(const CallForParticipation& call, const ParticipationApplication& app,
                                               const std::vector<ParticipationApplication>& others,
                                               std::chrono::sys_days today) {
    if (app.status != ApplicationStatus::draft) return "application.not_draft";
    if (app.call_id != call.id) return "application.wrong_call";
    if (!covers(call, app.service_description_id)) return "application.service_not_in_call";
    if (!accepts_applications(call, today)) return "application.call_closed";
    if (is_duplicate(app, others)) return "application.duplicate";
    if (has_unknown_answers(call, app)) return "application.unknown_answer";
    if (!missing_answers(call, app).empty()) return "application.missing_answers";
    return std::nullopt;
}

std::optional<std::string_view> rejection_reason_error(std::string_view reason) {
    if (!text::valid_utf8(reason)) return "application.rejection_reason.invalid_text";
    if (text::has_control_chars(reason)) return "application.rejection_reason.control_chars";
    const std::string trimmed = text::trim(reason);
    if (trimmed.empty()) return "application.rejection_reason.required";
    const std::size_t n = text::length(trimmed);
    if (n < 3) return "application.rejection_reason.too_short";
    if (n > 2000) return "application.rejection_reason.too_long";
    return std::nullopt;
}

Admission admit(const CallForParticipation& call, const ParticipationApplication& app, std::chrono::sys_days decision_date) {
    if (app.status != ApplicationStatus::submitted) throw std::logic_error("admit: application is not submitted");
    if (app.call_id != call.id || !covers(call, app.service_description_id))
        throw std::logic_error("admit: application does not belong to this call");
    return Admission{app.provider_id, app.service_description_id, call.period, decision_date,
                     decision_date + std::chrono::days{brochure_due_days}};
}

bool brochure_overdue(const Admission& a, std::chrono::sys_days today, bool brochure_received) {
    return !brochure_received && today > a.brochure_due;
}

bool may_publish(const std::vector<Admission>& admissions, std::int64_t provider_id, std::int64_t sd,
                 std::chrono::sys_days today) {
    return std::ranges::any_of(admissions, [&](const Admission& a) {
        return a.provider_id == provider_id && a.service_description_id == sd && contains(a.period, today);
    });
}

bool card_visible(bool card_published, const std::vector<Admission>& admissions, std::int64_t provider_id,
                  std::int64_t sd, std::chrono::sys_days today) {
    return card_published && may_publish(admissions, provider_id, sd, today);
}

}  // namespace pt::procurement
