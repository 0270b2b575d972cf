#include "core/clock.hpp"

#include <cstdio>

namespace pt {

namespace {

using namespace std::chrono;

std::string date_text(year_month_day d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

// Reads exactly n ASCII digits at s[pos]; false on anything else.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

std::string to_iso(TimePoint t) {
    const auto day = floor<days>(t);
    const hh_mm_ss hms(t - day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return date_text(year_month_day(day)) + buf;
}

std::string to_iso_date(TimePoint t) { return date_text(year_month_day(floor<days>(t))); }

std::string to_iso_date(sys_days d) { return date_text(year_month_day(d)); }

bool parse_iso_date(std::string_view s, sys_days& out) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return false;  // Feb 30, month 13, Feb 29 outside leap years ...
    out = sys_days(ymd);
    return true;
}

bool parse_iso(std::string_view s, TimePoint& out) {
    // "YYYY-MM-DDTHH:MM:SSZ"
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
    sys_days day;
    if (!parse_iso_date(s.substr(0, 10), day)) return false;
    int h = 0, m = 0, sec = 0;
    if (!digits(s, 11, 2, h) || !digits(s, 14, 2, m) || !digits(s, 17, 2, sec)) return false;
    if (h > 23 || m > 59 || sec > 59) return false;  // leap seconds are not represented
    out = day + hours(h) + minutes(m) + seconds(sec);
    return true;
}

}  // namespace pt
