#include "core/clock.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include <spdlog/spdlog.h>

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

namespace {
// 01:00 UTC on the last Sunday of `m` in year `y`.
TimePoint last_sunday_0100_utc(year y, month m) {
    const sys_days last{y / m / std::chrono::last};
    const sys_days sunday = last - (weekday(last) - std::chrono::Sunday);
    return sunday + std::chrono::hours(1);
}
}  // namespace

namespace {
// Finland's offset from UTC at instant t.
std::chrono::hours helsinki_offset(TimePoint t) {
    const auto y = year_month_day(floor<days>(t)).year();
    const bool summer = t >= last_sunday_0100_utc(y, std::chrono::March) && t < last_sunday_0100_utc(y, std::chrono::October);
    return std::chrono::hours(summer ? 3 : 2);
}
}  // namespace

sys_days local_day(TimePoint t) { return floor<days>(t + helsinki_offset(t)); }

std::string finnish_date(sys_days d) {
    const year_month_day ymd{d};
    return std::to_string(static_cast<unsigned>(ymd.day())) + "." + std::to_string(static_cast<unsigned>(ymd.month())) +
           "." + std::to_string(static_cast<int>(ymd.year()));
}

std::string finnish_date(std::string_view iso) {
    sys_days d{};
    return parse_iso_date(iso, d) ? finnish_date(d) : std::string(iso);
}

std::string local_datetime(std::string_view iso) {
    TimePoint t{};
    if (!parse_iso(iso, t)) return "";
    const auto s = to_iso(t + helsinki_offset(t));  // "YYYY-MM-DDTHH:MM:SSZ"
    return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string local_day_start_iso(sys_days day) {
    // Finland is UTC+3 or UTC+2 at midnight (clocks change at 01:00 UTC, never at midnight).
    const TimePoint summer = std::chrono::time_point_cast<std::chrono::seconds>(day) - std::chrono::hours{3};
    if (local_day(summer) == day) return to_iso(summer);
    return to_iso(std::chrono::time_point_cast<std::chrono::seconds>(day) - std::chrono::hours{2});
}

std::string local_date(TimePoint t) { return to_iso_date(local_day(t)); }

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

struct FileClock::State {
    std::mutex mu;
    bool have = false;          // the file was read and parsed
    struct timespec mtime{};    // of the file when it was read
    off_t size = -1;
    ino_t inode = 0;
    TimePoint value{};
    std::chrono::system_clock::time_point read_at{};
    std::string last_problem;  // logged once per distinct problem
};

FileClock::FileClock(std::string path) : path_(std::move(path)), state_(std::make_unique<State>()) {}
FileClock::~FileClock() = default;

TimePoint FileClock::now() const {
    using namespace std::chrono;
    auto& st = *state_;
    std::lock_guard lock(st.mu);
    const auto system_now = system_clock::now();
    auto fall_back = [&](const std::string& problem) {
        if (problem != st.last_problem) {
            spdlog::warn("clock file {}: {}; using the system time", path_, problem);
            st.last_problem = problem;
        }
        st.have = false;
        return time_point_cast<seconds>(system_now);
    };
    struct stat sb {};
    if (::stat(path_.c_str(), &sb) != 0) return fall_back("cannot be read");
    const auto mtime = system_clock::time_point(seconds(sb.st_mtim.tv_sec) + nanoseconds(sb.st_mtim.tv_nsec));
    // File times tick coarsely (a few ms), so two writes close together can share an mtime.
    // The cached value is trusted only once it was read well after the file's mtime; then any
    // later write must show a new mtime.
    const bool same = st.have && sb.st_mtim.tv_sec == st.mtime.tv_sec && sb.st_mtim.tv_nsec == st.mtime.tv_nsec &&
                      sb.st_size == st.size && sb.st_ino == st.inode && st.read_at - mtime > seconds(1);
    if (same) return st.value;
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in) return fall_back("cannot be read");
    std::string text = ss.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    std::size_t first = text.find_first_not_of(" \t\r\n");
    text = first == std::string::npos ? "" : text.substr(first);
    // "2026-12-01T09:00:00.123Z" (JavaScript's toISOString) -> drop the fraction.
    if (text.size() > 20 && text[19] == '.' && text.back() == 'Z') {
        bool digits_only = text.size() > 21;
        for (std::size_t i = 20; i + 1 < text.size(); ++i) digits_only = digits_only && text[i] >= '0' && text[i] <= '9';
        if (digits_only) text = text.substr(0, 19) + "Z";
    }
    TimePoint t;
    if (!parse_iso(text, t)) return fall_back("does not hold an instant like 2026-12-01T09:00:00Z");
    st.last_problem.clear();
    st.have = true;
    st.mtime = sb.st_mtim;
    st.size = sb.st_size;
    st.inode = sb.st_ino;
    st.value = t;
    st.read_at = system_now;
    return t;
}

std::unique_ptr<Clock> clock_from_env() {
    if (const char* p = std::getenv("PALVELUTORI_CLOCK_FILE"); p && *p) {
        spdlog::info("clock: time comes from {} (PALVELUTORI_CLOCK_FILE)", p);
        return std::make_unique<FileClock>(p);
    }
    return std::make_unique<SystemClock>();
}

}  // namespace pt
