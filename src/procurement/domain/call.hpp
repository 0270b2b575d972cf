#pragma once
// A call for participation (osallistumispyyntö) of the dynamic purchasing system: which
// services, for which contract period, until when providers may apply, and what they must
// show. Every provider meeting the requirements is admitted (seed 001). No I/O.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procurement/domain/contract_period.hpp"

namespace pt::procurement {

// One line of the checklist, e.g. Reliable Partner report, liability insurance, references.
struct EligibilityRequirement {
    std::string code;  // stable within the call, used by answers
    std::string text_fi;
    std::string text_en;
    bool attachment_required = false;
};

enum class CallStatus { draft, published, closed };
std::string_view to_string(CallStatus s);
std::optional<CallStatus> call_status_from(std::string_view s);

struct CallForParticipation {
    std::int64_t id = 0;
    std::vector<std::int64_t> service_description_ids;
    ContractPeriod period;
    std::chrono::sys_days application_deadline;  // inclusive; default_application_deadline(period)
    std::vector<EligibilityRequirement> requirements;
    std::vector<std::string> languages;  // "fi", "sv", "en"
    CallStatus status = CallStatus::draft;
};

// A draft call with the default deadline.
CallForParticipation new_call(std::vector<std::int64_t> service_description_ids, ContractPeriod period);

// First problem found, as an i18n key: the period's own keys ("period.*"),
// "call.no_service_descriptions", "call.duplicate_service_description",
// "call.deadline_outside_period", "call.requirement_code_missing",
// "call.requirement_code_duplicate", "call.requirement_text_missing" (both languages needed),
// "call.no_languages", "call.unknown_language"; nullopt when the call may be published.
std::optional<std::string_view> call_error(const CallForParticipation& c);

// Published and today is on or before the deadline. Applying before the period starts is
// allowed: the call is usually published ahead of the period.
bool accepts_applications(const CallForParticipation& c, std::chrono::sys_days today);

bool covers(const CallForParticipation& c, std::int64_t service_description_id);
const EligibilityRequirement* find_requirement(const CallForParticipation& c, std::string_view code);

}  // namespace pt::procurement
