#include "core/clock.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using pt::TimePoint;

namespace {
TimePoint at(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}
}  // namespace

TEST(Clock, ToIso) {
    EXPECT_EQ(pt::to_iso(at(2026, 11, 22, 6, 20, 13)), "2026-11-22T06:20:13Z");
    EXPECT_EQ(pt::to_iso(TimePoint{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(pt::to_iso(at(1999, 12, 31, 23, 59, 59)), "1999-12-31T23:59:59Z");
    EXPECT_EQ(pt::to_iso(at(1969, 12, 31, 23, 0, 1)), "1969-12-31T23:00:01Z");  // before the epoch
}

TEST(Clock, ToIsoDate) {
    EXPECT_EQ(pt::to_iso_date(at(2026, 11, 22, 23, 59, 59)), "2026-11-22");
    EXPECT_EQ(pt::to_iso_date(sys_days(year(2024) / 2 / 29)), "2024-02-29");
    EXPECT_EQ(pt::to_iso_date(sys_days(year(5) / 1 / 2)), "0005-01-02");
}

struct DateCase {
    const char* text;
    bool ok;
};

class ParseIsoDate : public testing::TestWithParam<DateCase> {};

TEST_P(ParseIsoDate, Strict) {
    const auto& c = GetParam();
    sys_days d{};
    EXPECT_EQ(pt::parse_iso_date(c.text, d), c.ok) << c.text;
    if (c.ok) {
        EXPECT_EQ(pt::to_iso_date(d), c.text) << "round trip";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseIsoDate,
    testing::Values(DateCase{"2026-11-22", true}, DateCase{"2024-02-29", true},  // leap year
                    DateCase{"2000-02-29", true},                                // divisible by 400
                    DateCase{"1900-02-29", false},                               // divisible by 100 only
                    DateCase{"2023-02-29", false}, DateCase{"2026-02-30", false}, DateCase{"2026-04-31", false},
                    DateCase{"2026-12-31", true}, DateCase{"2026-01-01", true}, DateCase{"2026-13-01", false},
                    DateCase{"2026-00-10", false}, DateCase{"2026-01-00", false}, DateCase{"2026-01-32", false},
                    DateCase{"2026-1-01", false}, DateCase{"2026-01-1", false}, DateCase{"26-01-01", false},
                    DateCase{"2026/01/01", false}, DateCase{"2026-01-01 ", false}, DateCase{" 2026-01-01", false},
                    DateCase{"2026-01-01T00:00:00Z", false}, DateCase{"", false}, DateCase{"abcd-ef-gh", false},
                    DateCase{"2026-+1-01", false}, DateCase{"2026--1-01", false}, DateCase{"22.11.2026", false}));

TEST(Clock, ParseIsoDateLeavesOutputOnFailure) {
    sys_days d = sys_days(year(2020) / 5 / 5);
    EXPECT_FALSE(pt::parse_iso_date("2023-02-29", d));
    EXPECT_EQ(d, sys_days(year(2020) / 5 / 5));
}

TEST(Clock, ParseIsoGood) {
    TimePoint t{};
    ASSERT_TRUE(pt::parse_iso("2026-11-22T06:20:13Z", t));
    EXPECT_EQ(t, at(2026, 11, 22, 6, 20, 13));
    ASSERT_TRUE(pt::parse_iso("2024-02-29T23:59:59Z", t));
    EXPECT_EQ(t, at(2024, 2, 29, 23, 59, 59));
    ASSERT_TRUE(pt::parse_iso("1970-01-01T00:00:00Z", t));
    EXPECT_EQ(t, TimePoint{});
}

class ParseIsoBad : public testing::TestWithParam<const char*> {};

TEST_P(ParseIsoBad, Rejects) {
    TimePoint t{};
    EXPECT_FALSE(pt::parse_iso(GetParam(), t)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Table, ParseIsoBad,
                         testing::Values("", "2026-11-22", "2026-11-22T06:20:13", "2026-11-22T06:20:13+00:00",
                                         "2026-11-22 06:20:13Z", "2026-11-22t06:20:13z", "2026-11-22T24:00:00Z",
                                         "2026-11-22T23:60:00Z", "2026-11-22T23:59:60Z", "2023-02-29T00:00:00Z",
                                         "2026-11-22T6:20:13Z", "2026-11-22T06:20:13.5Z", "2026-11-22T06-20-13Z",
                                         "2026-11-22T06:20:13ZZ"));

TEST(Clock, IsoRoundTripOverManyInstants) {
    // Every 7 hours 13 minutes 17 seconds across several years, leap days included.
    for (TimePoint t = at(2023, 1, 1); t < at(2029, 1, 1); t += seconds(7 * 3600 + 13 * 60 + 17)) {
        TimePoint back{};
        const auto s = pt::to_iso(t);
        ASSERT_TRUE(pt::parse_iso(s, back)) << s;
        EXPECT_EQ(back, t) << s;
        sys_days d{};
        ASSERT_TRUE(pt::parse_iso_date(pt::to_iso_date(t), d));
        EXPECT_EQ(d, floor<days>(t));
    }
}

TEST(Clock, FixedClockMoves) {
    pt::FixedClock c(at(2026, 1, 1));
    EXPECT_EQ(c.now(), at(2026, 1, 1));
    c.advance(hours(25));
    EXPECT_EQ(c.now(), at(2026, 1, 2, 1));
    c.set(at(2030, 6, 1));
    EXPECT_EQ(pt::to_iso(c.now()), "2030-06-01T00:00:00Z");
}

// Deadlines and validity are Finnish calendar days: 22:00 UTC in winter and 21:00 UTC in summer
// already belong to the next day in Helsinki.
TEST(LocalDay, HelsinkiWinterAndSummerTime) {
    EXPECT_EQ(pt::local_date(at(2026, 12, 31, 21, 59, 59)), "2026-12-31");
    EXPECT_EQ(pt::local_date(at(2026, 12, 31, 22, 0, 0)), "2027-01-01");
    EXPECT_EQ(pt::local_date(at(2026, 7, 1, 20, 59, 59)), "2026-07-01");
    EXPECT_EQ(pt::local_date(at(2026, 7, 1, 21, 0, 0)), "2026-07-02");
    EXPECT_EQ(pt::local_day(at(2026, 11, 22, 9, 0, 0)), sys_days(year(2026) / 11 / 22));
}

TEST(LocalDay, SwitchesOnTheLastSundaysOfMarchAndOctober) {
    // 2026: summer time from Sun 29 March 01:00 UTC to Sun 25 October 01:00 UTC.
    EXPECT_EQ(pt::local_date(at(2026, 3, 28, 21, 59, 59)), "2026-03-28");  // winter: 23:59:59
    EXPECT_EQ(pt::local_date(at(2026, 3, 28, 22, 0, 0)), "2026-03-29");
    EXPECT_EQ(pt::local_date(at(2026, 10, 24, 20, 59, 59)), "2026-10-24");  // summer: 23:59:59
    EXPECT_EQ(pt::local_date(at(2026, 10, 24, 21, 0, 0)), "2026-10-25");
    // 2027: the switch is on 28 March and 31 October.
    EXPECT_EQ(pt::local_date(at(2027, 3, 27, 21, 30, 0)), "2027-03-27");
    EXPECT_EQ(pt::local_date(at(2027, 3, 28, 21, 30, 0)), "2027-03-29");  // summer already
    EXPECT_EQ(pt::local_date(at(2027, 10, 30, 21, 30, 0)), "2027-10-31");  // still summer
    EXPECT_EQ(pt::local_date(at(2027, 10, 31, 21, 30, 0)), "2027-10-31");  // winter again
}
