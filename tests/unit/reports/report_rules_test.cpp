// The delivery reports' rules: due dates on Finnish local days, meeting rows, minutes, the
// bonus claim against the price model, overdue and the timeliness figures.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "reports/domain/report_rules.hpp"
#include "reports/reports_service.hpp"

using namespace pt::reports;
using pt::Money;
namespace pr = pt::procurement;
using std::chrono::days;

namespace {

std::chrono::sys_days d(const char* s) {
    std::chrono::sys_days out{};
    EXPECT_TRUE(pt::parse_iso_date(s, out)) << s;
    return out;
}

pr::PriceModel hourly(long long rate, long long cap) {
    return {pr::HourlyRate{Money::cents(rate), Money::cents(cap)},
            {{"employed_6m", Money::cents(50000), "Työsopimus vähintään 6 kk"}}};
}
pr::PriceModel fixed() { return {pr::FixedVoucherValue{{Money::cents(250000)}}, {}}; }

MeetingRules rules(bool actions = true) { return {d("2026-11-02"), d("2026-11-20"), actions, actions}; }

}  // namespace

TEST(ReportDue, SevenDaysAfterTheFinnishDayTheServiceEnded) {
    EXPECT_EQ(due_date(d("2026-11-20")), d("2026-11-27"));
    EXPECT_EQ(due_date(d("2026-12-28")), d("2027-01-04"));
    // Ended at 23:30 UTC on 20 Nov = 01:30 on 21 Nov in Helsinki: due 28 Nov, not 27 Nov.
    EXPECT_EQ(due_on_for(std::string("2026-11-20T23:30:00Z"), "x"), "2026-11-28");
    EXPECT_EQ(due_on_for(std::string("2026-11-20T21:59:59Z"), "x"), "2026-11-27");
    // Summer time (UTC+3): 21:00 UTC on 30 June is already 1 July.
    EXPECT_EQ(due_on_for(std::string("2026-06-30T21:00:00Z"), "x"), "2026-07-08");
    // Without an end event the last update counts.
    EXPECT_EQ(due_on_for(std::nullopt, "2026-11-01T10:00:00Z"), "2026-11-08");
}

TEST(ReportDue, OverdueFromTheDayAfterTheDueDayUnlessSubmitted) {
    EXPECT_FALSE(is_overdue(false, d("2026-11-27"), d("2026-11-27")));
    EXPECT_TRUE(is_overdue(false, d("2026-11-27"), d("2026-11-28")));
    EXPECT_FALSE(is_overdue(true, d("2026-11-27"), d("2026-12-28")));
    EXPECT_EQ(days_late(d("2026-11-27"), d("2026-11-30")), 3);
    EXPECT_EQ(days_late(d("2026-11-27"), d("2026-11-20")), 0);
}

TEST(Meetings, ADraftKeepsPartsEmptyButNeverMalformed) {
    FieldMap e;
    check_meetings({{"", std::nullopt, ""}, {"2026-11-05", 60, ""}}, rules(), Completeness::draft, e);
    EXPECT_TRUE(e.empty());
    check_meetings({{"5.11.2026", 60, ""}}, rules(), Completeness::draft, e);
    EXPECT_EQ(e["meetings.0.date"], "reports.date_invalid");
    e.clear();
    check_meetings({{"2026-02-30", 60, ""}}, rules(), Completeness::draft, e);
    EXPECT_EQ(e["meetings.0.date"], "reports.date_invalid");
}

TEST(Meetings, SubmitNeedsEveryPartAndAtLeastOneMeeting) {
    FieldMap e;
    check_meetings({}, rules(), Completeness::submit, e);
    EXPECT_EQ(e["meetings"], "reports.meetings_required");
    e.clear();
    check_meetings({{"", std::nullopt, ""}}, rules(), Completeness::submit, e);
    EXPECT_EQ(e["meetings.0.date"], "validation.required");
    EXPECT_EQ(e["meetings.0.minutes"], "validation.required");
    EXPECT_EQ(e["meetings.0.actions"], "validation.required");
    e.clear();
    // The billing report has no actions column.
    check_meetings({{"2026-11-05", 45, ""}}, rules(false), Completeness::submit, e);
    EXPECT_TRUE(e.empty());
}

TEST(Meetings, DatesWithinTheServiceAndMinutesWithinADay) {
    FieldMap e;
    check_meetings({{"2026-11-21", 60, "x"}, {"2026-11-01", 60, "x"}, {"2026-11-02", 0, "x"}, {"2026-11-20", -5, "x"},
                    {"2026-11-20", 1441, "x"}, {"2026-11-20", 1440, "x"}, {"2026-11-20", 1, "x"}},
                   rules(), Completeness::submit, e);
    EXPECT_EQ(e["meetings.0.date"], "reports.date_future");
    EXPECT_EQ(e["meetings.1.date"], "reports.date_before_start");
    EXPECT_FALSE(e.count("meetings.2.date"));  // the start day itself is fine
    EXPECT_EQ(e["meetings.2.minutes"], "reports.minutes_range");
    EXPECT_EQ(e["meetings.3.minutes"], "reports.minutes_range");
    EXPECT_EQ(e["meetings.4.minutes"], "reports.minutes_range");
    EXPECT_FALSE(e.count("meetings.5.minutes"));
    EXPECT_FALSE(e.count("meetings.6.minutes"));
}

TEST(Meetings, TextOfAMeeting) {
    FieldMap e;
    check_meetings({{"2026-11-05", 60, std::string(2001, 'a')}, {"2026-11-05", 60, "a\x01"}, {"2026-11-05", 60, "\xff"},
                    {"2026-11-05", 60, "rivi\nrivi\tsarkain"}},
                   rules(), Completeness::draft, e);
    EXPECT_EQ(e["meetings.0.actions"], "validation.too_long");
    EXPECT_EQ(e["meetings.1.actions"], "validation.control_chars");
    EXPECT_EQ(e["meetings.2.actions"], "validation.invalid_utf8");
    EXPECT_FALSE(e.count("meetings.3.actions"));
    e.clear();
    std::vector<Meeting> many(kMaxMeetings + 1, Meeting{"2026-11-05", 60, "x"});
    check_meetings(many, rules(), Completeness::draft, e);
    EXPECT_EQ(e["meetings"], "reports.too_many_meetings");
}

TEST(Minutes, SumAndTheCapNote) {
    EXPECT_EQ(total_minutes({{"a", 90, ""}, {"b", std::nullopt, ""}, {"c", 45, ""}}), 135);
    EXPECT_EQ(total_minutes({}), 0);
    // 90 €/h, cap 450 €: 300 minutes pay exactly the cap; one more minute is over it.
    EXPECT_FALSE(over_cap(hourly(9000, 45000), 300));
    EXPECT_TRUE(over_cap(hourly(9000, 45000), 301));
    EXPECT_FALSE(over_cap(fixed(), 100000));
    EXPECT_TRUE(is_hourly(hourly(1, 1)));
    EXPECT_FALSE(is_hourly(fixed()));
}

TEST(BonusClaim, OneOfTheServiceDescriptionsBonusesWithItsEvidence) {
    FieldMap e;
    check_bonus_claim(hourly(9000, 45000), std::string("employed_6m"), "Työsopimus 1.12. alkaen", Completeness::submit, e);
    EXPECT_TRUE(e.empty());
    check_bonus_claim(hourly(9000, 45000), std::string("employed_12m"), "x", Completeness::draft, e);
    EXPECT_EQ(e["bonus_code"], "reports.bonus_unknown");
    e.clear();
    check_bonus_claim(fixed(), std::string("employed_6m"), "x", Completeness::draft, e);
    EXPECT_EQ(e["bonus_code"], "reports.bonus_unknown");
    e.clear();
    check_bonus_claim(hourly(9000, 45000), std::string("employed_6m"), "  ", Completeness::draft, e);
    EXPECT_TRUE(e.empty()) << "a draft may leave the evidence for later";
    check_bonus_claim(hourly(9000, 45000), std::string("employed_6m"), "  ", Completeness::submit, e);
    EXPECT_EQ(e["bonus_evidence"], "validation.required");
    e.clear();
    check_bonus_claim(hourly(9000, 45000), std::string("employed_6m"), std::string(1001, 'x'), Completeness::draft, e);
    EXPECT_EQ(e["bonus_evidence"], "validation.too_long");
    e.clear();
    check_bonus_claim(hourly(9000, 45000), std::nullopt, "evidence without a claim", Completeness::draft, e);
    EXPECT_EQ(e["bonus_code"], "reports.bonus_code_missing");
    e.clear();
    check_bonus_claim(hourly(9000, 45000), std::nullopt, "", Completeness::submit, e);
    EXPECT_TRUE(e.empty());
}

TEST(BillingDelivery, HourlyNeedsMeetingsFixedNeedsTheConfirmation) {
    FieldMap e;
    check_billing_delivery(hourly(9000, 45000), {}, true, Completeness::submit, e);
    EXPECT_EQ(e["meetings"], "reports.meetings_required");
    e.clear();
    check_billing_delivery(fixed(), {}, false, Completeness::submit, e);
    EXPECT_EQ(e["delivery_confirmed"], "reports.delivery_confirmation_required");
    e.clear();
    check_billing_delivery(fixed(), {}, true, Completeness::submit, e);
    check_billing_delivery(fixed(), {}, false, Completeness::draft, e);
    EXPECT_TRUE(e.empty());
}

TEST(ReturnReason, ThreeToAThousandCharacters) {
    EXPECT_EQ(return_reason_error_key(""), std::optional<std::string>("validation.required"));
    EXPECT_EQ(return_reason_error_key("  ab "), std::optional<std::string>("validation.too_short"));
    EXPECT_EQ(return_reason_error_key(std::string(1001, 'x')), std::optional<std::string>("validation.too_long"));
    EXPECT_EQ(return_reason_error_key("abc\x07"), std::optional<std::string>("validation.control_chars"));
    EXPECT_EQ(return_reason_error_key("Tunnit puuttuvat"), std::nullopt);
    EXPECT_EQ(return_reason_error_key("äöå"), std::nullopt);
}

TEST(Timeliness, PerProviderWithAverageDaysLate) {
    const auto today = d("2026-12-10");
    std::vector<ReportFact> f = {
        {1, d("2026-11-27"), d("2026-11-27")},  // on time (the due day itself)
        {1, d("2026-11-27"), d("2026-11-30")},  // 3 days late
        {1, d("2026-11-27"), d("2026-12-04")},  // 7 days late
        {1, d("2026-12-01"), std::nullopt},     // overdue
        {1, d("2026-12-10"), std::nullopt},     // due today: not counted yet
        {2, d("2026-12-20"), d("2026-12-05")},  // early: on time
    };
    auto t = tally(f, today);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[1].due, 4);
    EXPECT_EQ(t[1].on_time, 1);
    EXPECT_EQ(t[1].late, 2);
    EXPECT_EQ(t[1].overdue, 1);
    EXPECT_DOUBLE_EQ(t[1].average_days_late, 5.0);
    EXPECT_EQ(t[1].due, t[1].on_time + t[1].late + t[1].overdue);
    EXPECT_EQ(t[2].due, 1);
    EXPECT_EQ(t[2].on_time, 1);
    EXPECT_DOUBLE_EQ(t[2].average_days_late, 0.0);
}

TEST(MeetingsJson, RoundTripKeepsEmptyParts) {
    std::vector<Meeting> ms = {{"2026-11-05", 90, "Kartoitus"}, {"", std::nullopt, ""}};
    auto back = meetings_from_json(meetings_to_json(ms, true), true);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].date, "2026-11-05");
    EXPECT_EQ(back[0].minutes, std::optional<long long>(90));
    EXPECT_EQ(back[0].actions, "Kartoitus");
    EXPECT_EQ(back[1].minutes, std::nullopt);
    EXPECT_TRUE(meetings_from_json("not json", true).empty());
    EXPECT_TRUE(meetings_to_json(ms, false).find("actions") == std::string::npos);
}
