#pragma once
// The rules of the two delivery reports of an order (seed 001: palveluraportti and
// laskutusraportti): due dates, meeting rows, the billing report's minutes and bonus claim,
// overdue, and the timeliness figures per provider. No I/O.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procurement/domain/price_model.hpp"

namespace pt::reports {

using FieldMap = std::map<std::string, std::string>;  // field -> i18n key

constexpr int kDueDays = 7;              // "viimeistään viikon kuluttua palvelun päättymisestä"
constexpr long long kMaxMinutes = 24 * 60;  // one meeting at most a day long
constexpr std::size_t kMaxMeetings = 200;
constexpr std::size_t kMaxLongText = 4000;   // the report's sections
constexpr std::size_t kMaxShortText = 1000;  // follow-up schedule, bonus evidence, a return reason
constexpr std::size_t kMaxActionText = 2000; // what was done at one meeting

// Both reports are due 7 days after the Finnish local day on which the service ended.
std::chrono::sys_days due_date(std::chrono::sys_days end_day);
// Not submitted by its due day: overdue from the next day on.
bool is_overdue(bool submitted, std::chrono::sys_days due_on, std::chrono::sys_days today);
// How many days after the due day it came in (0 when on time).
int days_late(std::chrono::sys_days due_on, std::chrono::sys_days submitted_day);

// One meeting row. Drafts may leave parts empty (date "", minutes nullopt).
struct Meeting {
    std::string date;                 // "YYYY-MM-DD"
    std::optional<long long> minutes; // 1..1440
    std::string actions;              // service report only
};

enum class Completeness { draft, submit };

struct MeetingRules {
    std::chrono::sys_days earliest;  // the order's start (local day)
    std::chrono::sys_days today;
    bool actions_required = false;   // the service report says what was done at each meeting
    bool with_actions = false;       // the billing report has no actions column
    bool at_least_one = true;        // a fixed-price billing report may list no meetings
};

// Errors under "meetings" (none at submit, too many) and "meetings.<i>.date|minutes|actions":
// malformed or future dates, dates before the start, minutes outside 1..1440, bad text; at
// submit also every missing part. A draft keeps what is there but never a malformed value.
void check_meetings(const std::vector<Meeting>& ms, const MeetingRules& r, Completeness k, FieldMap& errors);

// Text of one report field: valid UTF-8, no control characters but new lines and tabs,
// at most max code points; required only at submit. Returns the trimmed text.
std::string check_text(const std::string& field, const std::string& value, std::size_t max, bool required,
                       FieldMap& errors);

long long total_minutes(const std::vector<Meeting>& ms);

// Hourly services: the realized minutes are billed at the rate up to the cap. Minutes beyond
// what the cap pays for are allowed in the report (the invoice caps the money), with a note.
bool is_hourly(const procurement::PriceModel& m);
bool over_cap(const procurement::PriceModel& m, long long minutes);

// The bonus claim against the service description's bonuses: "reports.bonus_unknown" under
// bonus_code; at submit the evidence is required ("validation.required" under bonus_evidence).
void check_bonus_claim(const procurement::PriceModel& m, const std::optional<std::string>& code,
                       const std::string& evidence, Completeness k, FieldMap& errors);

// The billing report's own submit rule: hourly needs at least one meeting, fixed the confirmation.
void check_billing_delivery(const procurement::PriceModel& m, const std::vector<Meeting>& ms, bool delivery_confirmed,
                            Completeness k, FieldMap& errors);

// A return reason: 3..1000 code points after trimming, no control characters but new lines.
std::optional<std::string> return_reason_error_key(std::string_view reason);

// One report (service or billing) of an order for the timeliness figures.
struct ReportFact {
    std::int64_t provider_id = 0;
    std::chrono::sys_days due_on{};
    std::optional<std::chrono::sys_days> submitted_on;  // the Finnish local day of the first submission
};

struct Timeliness {
    std::int64_t due = 0;       // deadline passed or submitted
    std::int64_t on_time = 0;
    std::int64_t late = 0;
    std::int64_t overdue = 0;   // not submitted, deadline passed
    double average_days_late = 0;  // over the late submissions
};

// Per provider; a report whose deadline has not passed and that is not in yet is not counted.
std::map<std::int64_t, Timeliness> tally(const std::vector<ReportFact>& facts, std::chrono::sys_days today);

}  // namespace pt::reports
