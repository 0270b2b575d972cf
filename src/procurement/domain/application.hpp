#pragma once
#include "core/access.hpp"
#include "core/life_cycle.hpp"
// Participation applications (osallistumishakemus), the admission an approval grants, and
// what admission allows. No I/O.
//
//   draft --edit (provider_user)--> draft
//   draft --submit (provider_user; all answers, before the deadline)--> submitted
//   submitted --approve (organizer_admin, procurement_officer)--> approved  => Admission
//   submitted --reject (organizer_admin, procurement_officer; with a reason)--> rejected
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procurement/domain/call.hpp"
#include "procurement/domain/contract_period.hpp"

namespace pt::procurement {

enum class ApplicationStatus { draft, submitted, approved, rejected };
std::string_view to_string(ApplicationStatus s);
std::optional<ApplicationStatus> application_status_from(std::string_view s);

// The organizer's staff roles of PRODUCT.md plus the others, spelled as in core/access.hpp
// so the HTTP layer can map a Principal's role by name.
using pt::Role;  // one list of roles for every context (core/access.hpp)

enum class ApplicationAction { edit, submit, approve, reject };
std::string_view to_string(ApplicationAction a);
std::optional<ApplicationAction> application_action_from(std::string_view s);

using ApplicationTransition = LifeCycleStep<ApplicationStatus, ApplicationAction>;

const std::vector<ApplicationTransition>& application_transitions();  // the one table
std::optional<ApplicationStatus> next_status(ApplicationStatus from, ApplicationAction action, Role role);
std::vector<ApplicationAction> allowed_actions(ApplicationStatus from, Role role);
bool is_final(ApplicationStatus s);  // approved, rejected

struct Answer {
    std::string requirement_code;
    std::string text;
    std::optional<std::int64_t> attachment_id;  // a stored, already classified attachment
};

struct ParticipationApplication {
    std::int64_t id = 0;
    std::int64_t call_id = 0;
    std::int64_t provider_id = 0;
    std::int64_t service_description_id = 0;
    ApplicationStatus status = ApplicationStatus::draft;
    std::vector<Answer> answers;
    std::optional<std::chrono::sys_days> decided_on;
    std::string rejection_reason;
};

// Codes of the call's requirements without a non-blank answer, or without an attachment
// where the requirement asks for one; in the call's order.
std::vector<std::string> missing_answers(const CallForParticipation& call, const ParticipationApplication& app);

// An answer to a code the call does not have (forms must not smuggle extra rows in).
bool has_unknown_answers(const CallForParticipation& call, const ParticipationApplication& app);

// True when `others` already holds an application (any status) by the same provider for the
// same service description and call, other than `app` itself (same id).
bool is_duplicate(const ParticipationApplication& app, const std::vector<ParticipationApplication>& others);

// Why submitting is refused, checked in this order: "application.not_draft",
// "application.wrong_call", "application.service_not_in_call", "application.call_closed"
// (call not published or past its deadline), "application.duplicate",
// "application.unknown_answer", "application.missing_answers"; nullopt when it may be submitted.
std::optional<std::string_view> submit_refusal(const CallForParticipation& call, const ParticipationApplication& app,
                                               const std::vector<ParticipationApplication>& others,
                                               std::chrono::sys_days today);

// Rejection needs a reason the provider can read: valid UTF-8, no control characters other
// than new lines and tabs, 3..2000 code points after trimming. Keys:
// "application.rejection_reason.invalid_text", ".control_chars", ".required", ".too_short", ".too_long".
std::optional<std::string_view> rejection_reason_error(std::string_view reason);

inline constexpr int brochure_due_days = 7;  // seed 001: brochure within a week of approval

// Admission to one service for the call's period (every approval gives one).
struct Admission {
    std::int64_t provider_id = 0;
    std::int64_t service_description_id = 0;
    ContractPeriod period;
    std::chrono::sys_days decided_on;
    std::chrono::sys_days brochure_due;  // decided_on + 7 days
};

// The admission an approval on `decision_date` grants. Throws std::logic_error when the
// application is not submitted or belongs to another call: the caller checks next_status first.
Admission admit(const CallForParticipation& call, const ParticipationApplication& app,
                std::chrono::sys_days decision_date);

// Due date passed (the due day itself is still in time) and no brochure received.
bool brochure_overdue(const Admission& a, std::chrono::sys_days today, bool brochure_received);

// Only an admitted provider publishes a card, and only within an admission's period.
bool may_publish(const std::vector<Admission>& admissions, std::int64_t provider_id,
                 std::int64_t service_description_id, std::chrono::sys_days today);

// A published card is in the catalog while its provider holds an admission for the service
// covering today; when the period ends, it leaves the catalog (it stays on existing orders).
bool card_visible(bool card_published, const std::vector<Admission>& admissions, std::int64_t provider_id,
                  std::int64_t service_description_id, std::chrono::sys_days today);

}  // namespace pt::procurement
