#include "reports/domain/report_rules.hpp"

#include <variant>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace pt::reports {

std::chrono::sys_days due_date(std::chrono::sys_days end_day) { return end_day + std::chrono::days{kDueDays}; }

bool is_overdue(bool submitted, std::chrono::sys_days due_on, std::chrono::sys_days today) {
    return !submitted && today > due_on;
}

int days_late(std::chrono::sys_days due_on, std::chrono::sys_days submitted_day) {
    auto d = (submitted_day - due_on).count();
    return d > 0 ? static_cast<int>(d) : 0;
}

std::string check_text(const std::string& field, const std::string& value, std::size_t max, bool required,
                       FieldMap& errors) {
    if (!text::valid_utf8(value)) { errors[field] = "validation.invalid_utf8"; return {}; }
    auto v = text::trim(value);
    if (text::has_control_chars(v)) { errors[field] = "validation.control_chars"; return {}; }
    if (text::length(v) > max) { errors[field] = "validation.too_long"; return {}; }
    if (required && v.empty()) errors[field] = "validation.required";
    return v;
}

void check_meetings(const std::vector<Meeting>& ms, const MeetingRules& r, Completeness k, FieldMap& errors) {
    const bool submit = k == Completeness::submit;
    if (ms.size() > kMaxMeetings) { errors["meetings"] = "reports.too_many_meetings"; return; }
    if (submit && ms.empty() && r.at_least_one) errors["meetings"] = "reports.meetings_required";
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const auto& m = ms[i];
        const auto at = "meetings." + std::to_string(i) + ".";
        if (m.date.empty()) {
            if (submit) errors[at + "date"] = "validation.required";
        } else {
            std::chrono::sys_days d{};
            if (!parse_iso_date(m.date, d)) errors[at + "date"] = "reports.date_invalid";
            else if (d > r.today) errors[at + "date"] = "reports.date_future";
            else if (d < r.earliest) errors[at + "date"] = "reports.date_before_start";
        }
        if (!m.minutes) {
            if (submit) errors[at + "minutes"] = "validation.required";
        } else if (*m.minutes < 1 || *m.minutes > kMaxMinutes) {
            errors[at + "minutes"] = "reports.minutes_range";
        }
        if (r.with_actions) check_text(at + "actions", m.actions, kMaxActionText, submit && r.actions_required, errors);
    }
}

long long total_minutes(const std::vector<Meeting>& ms) {
    long long sum = 0;
    for (const auto& m : ms) sum += m.minutes.value_or(0);
    return sum;
}

bool is_hourly(const procurement::PriceModel& m) { return std::holds_alternative<procurement::HourlyRate>(m.base); }

bool over_cap(const procurement::PriceModel& m, long long minutes) {
    const auto* h = std::get_if<procurement::HourlyRate>(&m.base);
    if (!h) return false;
    // Integer cents: rate * minutes / 60 above the cap (compared without rounding).
    return h->rate.cents() * minutes > h->cap.cents() * 60;
}

void check_bonus_claim(const procurement::PriceModel& m, const std::optional<std::string>& code,
                       const std::string& evidence, Completeness k, FieldMap& errors) {
    if (!code) {
        // Evidence without a claim is kept out of the report rather than silently stored.
        if (!text::trim(evidence).empty()) errors["bonus_code"] = "reports.bonus_code_missing";
        return;
    }
    if (!procurement::find_bonus(m, *code)) { errors["bonus_code"] = "reports.bonus_unknown"; return; }
    check_text("bonus_evidence", evidence, kMaxShortText, k == Completeness::submit, errors);
}

void check_billing_delivery(const procurement::PriceModel& m, const std::vector<Meeting>& ms, bool delivery_confirmed,
                            Completeness k, FieldMap& errors) {
    if (k != Completeness::submit) return;
    if (is_hourly(m)) {
        if (ms.empty()) errors["meetings"] = "reports.meetings_required";
    } else if (!delivery_confirmed) {
        errors["delivery_confirmed"] = "reports.delivery_confirmation_required";
    }
}

std::optional<std::string> return_reason_error_key(std::string_view reason) {
    const std::string s(reason);
    if (!text::valid_utf8(s)) return "validation.invalid_utf8";
    auto v = text::trim(s);
    if (text::has_control_chars(v) || v.find('\r') != std::string::npos) return "validation.control_chars";
    const auto n = text::length(v);
    if (n == 0) return "validation.required";
    if (n < 3) return "validation.too_short";
    if (n > kMaxShortText) return "validation.too_long";
    return std::nullopt;
}

std::map<std::int64_t, Timeliness> tally(const std::vector<ReportFact>& facts, std::chrono::sys_days today) {
    std::map<std::int64_t, Timeliness> out;
    std::map<std::int64_t, long long> late_days;
    for (const auto& f : facts) {
        if (!f.submitted_on && !is_overdue(false, f.due_on, today)) continue;  // not due yet
        auto& t = out[f.provider_id];
        ++t.due;
        if (!f.submitted_on) ++t.overdue;
        else if (*f.submitted_on > f.due_on) { ++t.late; late_days[f.provider_id] += days_late(f.due_on, *f.submitted_on); }
        else ++t.on_time;
    }
    for (auto& [id, t] : out)
        if (t.late) t.average_days_late = static_cast<double>(late_days[id]) / static_cast<double>(t.late);
    return out;
}

}  // namespace pt::reports
