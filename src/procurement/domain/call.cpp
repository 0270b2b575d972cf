#include "procurement/domain/call.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace pt::procurement {

namespace {

constexpr EnumNames<CallStatus, 3> status_names{{
    {CallStatus::draft, "draft"},
    {CallStatus::published, "published"},
    {CallStatus::closed, "closed"},
}};

constexpr std::array<std::string_view, 3> known_languages{"fi", "sv", "en"};

bool blank(std::string_view s) { return text::trim(s).empty(); }

}  // namespace

std::string_view to_string(CallStatus s) { return name_of(status_names, s); }
std::optional<CallStatus> call_status_from(std::string_view s) { return from_name(status_names, s); }

CallForParticipation new_call(std::vector<std::int64_t> service_description_ids, ContractPeriod period) {
    CallForParticipation c;
    c.service_description_ids = std::move(service_description_ids);
    c.period = period;
    c.application_deadline = default_application_deadline(period);
    c.languages = {"fi"};
    return c;
}

std::optional<std::string_view> call_error(const CallForParticipation& c) {
    if (auto e = period_error(c.period)) return e;
    if (c.service_description_ids.empty()) return "call.no_service_descriptions";
    std::set<std::int64_t> ids(c.service_description_ids.begin(), c.service_description_ids.end());
    if (ids.size() != c.service_description_ids.size()) return "call.duplicate_service_description";
    if (!contains(c.period, c.application_deadline)) return "call.deadline_outside_period";
    std::set<std::string> codes;
    for (const auto& r : c.requirements) {
        if (blank(r.code)) return "call.requirement_code_missing";
        if (!codes.insert(r.code).second) return "call.requirement_code_duplicate";
        if (blank(r.text_fi) || blank(r.text_en)) return "call.requirement_text_missing";
    }
    if (c.languages.empty()) return "call.no_languages";
    for (const auto& l : c.languages)
        if (std::ranges::find(known_languages, l) == known_languages.end()) return "call.unknown_language";
    return std::nullopt;
}

bool accepts_applications(const CallForParticipation& c, std::chrono::sys_days today) {
    return c.status == CallStatus::published && today <= c.application_deadline;
}

bool covers(const CallForParticipation& c, std::int64_t sd) {
    return std::ranges::find(c.service_description_ids, sd) != c.service_description_ids.end();
}

const EligibilityRequirement* find_requirement(const CallForParticipation& c, std::string_view code) {
    for (const auto& r : c.requirements)
        if (r.code == code) return &r;
    return nullptr;
}

}  // namespace pt::procurement
