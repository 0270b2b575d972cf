#include <gtest/gtest.h>

#include "procurement/domain/call.hpp"
#include "procurement/domain/contract_period.hpp"

using namespace pt::procurement;
using namespace std::chrono;

namespace {
constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days{year{y} / month{m} / day{dd}}; }

CallForParticipation valid_call() {
    auto c = new_call({10, 11}, {d(2026, 1, 1), d(2026, 12, 31)});
    c.requirements = {{"reliable_partner", "Luotettava Kumppani -raportti", "Reliable Partner report", true},
                      {"references", "Referenssit", "References", false}};
    c.languages = {"fi", "en"};
    return c;
}
}  // namespace

struct DeadlineCase {
    sys_days end;
    sys_days expected;
};

class DefaultDeadline : public ::testing::TestWithParam<DeadlineCase> {};

TEST_P(DefaultDeadline, TwoMonthsBeforeEndClampedToMonthEnd) {
    const auto& c = GetParam();
    EXPECT_EQ(default_application_deadline({d(2025, 1, 1), c.end}), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    MonthEnds, DefaultDeadline,
    ::testing::Values(DeadlineCase{d(2026, 12, 31), d(2026, 10, 31)}, DeadlineCase{d(2027, 3, 31), d(2027, 1, 31)},
                      DeadlineCase{d(2026, 4, 30), d(2026, 2, 28)},   // Feb 30 clamps to Feb 28
                      DeadlineCase{d(2028, 4, 30), d(2028, 2, 29)},   // leap year
                      DeadlineCase{d(2028, 4, 29), d(2028, 2, 29)}, DeadlineCase{d(2027, 4, 29), d(2027, 2, 28)},
                      DeadlineCase{d(2026, 5, 31), d(2026, 3, 31)}, DeadlineCase{d(2026, 7, 31), d(2026, 5, 31)},
                      DeadlineCase{d(2026, 8, 31), d(2026, 6, 30)},   // Jun 31 clamps
                      DeadlineCase{d(2027, 1, 15), d(2026, 11, 15)},  // crosses the year
                      DeadlineCase{d(2027, 2, 28), d(2026, 12, 28)}, DeadlineCase{d(2026, 6, 15), d(2026, 4, 15)}));

TEST(AddMonths, ForwardAndBackClamp) {
    EXPECT_EQ(add_months_clamped(d(2026, 1, 31), 1), d(2026, 2, 28));
    EXPECT_EQ(add_months_clamped(d(2024, 1, 31), 1), d(2024, 2, 29));
    EXPECT_EQ(add_months_clamped(d(2026, 3, 31), -1), d(2026, 2, 28));
    EXPECT_EQ(add_months_clamped(d(2026, 3, 15), 60), d(2031, 3, 15));
    EXPECT_EQ(add_months_clamped(d(2026, 3, 15), 0), d(2026, 3, 15));
}

TEST(ContractPeriod, Validation) {
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2026, 12, 31)}), std::nullopt);
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2026, 1, 2)}), std::nullopt);
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2026, 1, 1)}), "period.end_before_start");
    EXPECT_EQ(period_error({d(2026, 1, 2), d(2026, 1, 1)}), "period.end_before_start");
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2031, 1, 1)}), std::nullopt);  // exactly five years
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2031, 1, 2)}), "period.too_long");
    EXPECT_EQ(period_error({d(2026, 1, 1), d(2126, 1, 1)}), "period.too_long");
}

TEST(ContractPeriod, ContainsBothEnds) {
    const ContractPeriod p{d(2026, 1, 1), d(2026, 6, 30)};
    EXPECT_FALSE(contains(p, d(2025, 12, 31)));
    EXPECT_TRUE(contains(p, d(2026, 1, 1)));
    EXPECT_TRUE(contains(p, d(2026, 6, 30)));
    EXPECT_FALSE(contains(p, d(2026, 7, 1)));
}

TEST(Call, NewCallTakesDefaultDeadlineAndStartsAsDraft) {
    const auto c = new_call({1}, {d(2026, 1, 1), d(2026, 12, 31)});
    EXPECT_EQ(c.application_deadline, d(2026, 10, 31));
    EXPECT_EQ(c.status, CallStatus::draft);
    EXPECT_EQ(call_error(c), std::nullopt);
}

TEST(Call, ValidationKeys) {
    EXPECT_EQ(call_error(valid_call()), std::nullopt);
    struct Case {
        void (*mutate)(CallForParticipation&);
        std::string_view key;
    };
    const Case cases[] = {
        {[](CallForParticipation& c) { c.period.end = c.period.start; }, "period.end_before_start"},
        {[](CallForParticipation& c) { c.service_description_ids.clear(); }, "call.no_service_descriptions"},
        {[](CallForParticipation& c) { c.service_description_ids = {10, 10}; }, "call.duplicate_service_description"},
        {[](CallForParticipation& c) { c.application_deadline = d(2025, 12, 31); }, "call.deadline_outside_period"},
        {[](CallForParticipation& c) { c.application_deadline = d(2027, 1, 1); }, "call.deadline_outside_period"},
        {[](CallForParticipation& c) { c.requirements[1].code = "  "; }, "call.requirement_code_missing"},
        {[](CallForParticipation& c) { c.requirements[1].code = "reliable_partner"; }, "call.requirement_code_duplicate"},
        {[](CallForParticipation& c) { c.requirements[0].text_en = ""; }, "call.requirement_text_missing"},
        {[](CallForParticipation& c) { c.requirements[0].text_fi = " "; }, "call.requirement_text_missing"},
        {[](CallForParticipation& c) { c.languages.clear(); }, "call.no_languages"},
        {[](CallForParticipation& c) { c.languages = {"fi", "de"}; }, "call.unknown_language"},
    };
    for (const auto& k : cases) {
        auto c = valid_call();
        k.mutate(c);
        EXPECT_EQ(call_error(c), k.key) << k.key;
    }
}

TEST(Call, ShortPeriodDefaultDeadlineFallsOutside) {
    // One month: two months before the end is before the start; the organizer must choose.
    const auto c = new_call({1}, {d(2026, 3, 1), d(2026, 3, 31)});
    EXPECT_EQ(c.application_deadline, d(2026, 1, 31));
    EXPECT_EQ(call_error(c), "call.deadline_outside_period");
}

TEST(Call, AcceptsApplicationsOnlyWhenPublishedUntilDeadline) {
    auto c = valid_call();
    const sys_days deadline = c.application_deadline;
    EXPECT_FALSE(accepts_applications(c, d(2026, 3, 1)));  // draft
    c.status = CallStatus::published;
    EXPECT_TRUE(accepts_applications(c, d(2025, 12, 1)));  // before the period starts
    EXPECT_TRUE(accepts_applications(c, d(2026, 3, 1)));
    EXPECT_TRUE(accepts_applications(c, deadline));
    EXPECT_FALSE(accepts_applications(c, deadline + days{1}));
    c.status = CallStatus::closed;
    EXPECT_FALSE(accepts_applications(c, d(2026, 3, 1)));
}

TEST(Call, CoversAndFindsRequirement) {
    const auto c = valid_call();
    EXPECT_TRUE(covers(c, 10));
    EXPECT_TRUE(covers(c, 11));
    EXPECT_FALSE(covers(c, 12));
    ASSERT_NE(find_requirement(c, "references"), nullptr);
    EXPECT_FALSE(find_requirement(c, "references")->attachment_required);
    EXPECT_EQ(find_requirement(c, "nope"), nullptr);
}

TEST(Call, StatusNamesRoundTrip) {
    for (auto s : {CallStatus::draft, CallStatus::published, CallStatus::closed})
        EXPECT_EQ(call_status_from(to_string(s)), s);
    EXPECT_EQ(call_status_from("open"), std::nullopt);
}
