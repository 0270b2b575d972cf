#pragma once
// One source of time for the whole program, so tests can set it.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace pt {

using TimePoint = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

// A clock tests (and the demo's --fake-now) can move.
class FixedClock final : public Clock {
public:
    explicit FixedClock(TimePoint t) : t_(t.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(std::chrono::seconds(t_.load())); }
    void set(TimePoint t) { t_ = t.time_since_epoch().count(); }
    void advance(std::chrono::seconds d) { t_ += d.count(); }
private:
    std::atomic<long long> t_;
};

// Test time from a file (env PALVELUTORI_CLOCK_FILE; production never sets it): "now" is the
// instant the file holds ("2026-12-01T09:00:00Z", a ".123" fraction is ignored), standing still
// until the file is written again. A missing or unreadable file falls back to the system time
// and is logged once. Thread-safe.
class FileClock final : public Clock {
public:
    explicit FileClock(std::string path);
    ~FileClock() override;
    TimePoint now() const override;
private:
    struct State;
    std::string path_;
    std::unique_ptr<State> state_;
};

// A FileClock when PALVELUTORI_CLOCK_FILE is set, else a SystemClock.
std::unique_ptr<Clock> clock_from_env();

// The calendar day in Finland (Europe/Helsinki), which is what deadlines, validity and contract
// periods mean: UTC+2, and UTC+3 from the last Sunday of March 01:00 UTC to the last Sunday of
// October 01:00 UTC (the EU rule). Dates in the database are these local days.
std::chrono::sys_days local_day(TimePoint t);
// local_day as "YYYY-MM-DD".
std::string local_date(TimePoint t);
// "22.5.2027": how a date reads in Finnish text (mails, invoice lines).
std::string finnish_date(std::chrono::sys_days d);
// The same from "YYYY-MM-DD"; the text unchanged when it is not a real ISO date.
std::string finnish_date(std::string_view iso);
// Finnish wall-clock time of a stored instant ("2026-11-22T06:20:13Z" -> "2026-11-22 08:20");
// "" when the text is not such an instant.
std::string local_datetime(std::string_view iso);
// The first instant of a Finnish local day as "YYYY-MM-DDTHH:MM:SSZ", so that a day's rows are
// local_day_start_iso(d) <= created_at < local_day_start_iso(d + 1) in string order.
std::string local_day_start_iso(std::chrono::sys_days day);

// "2026-11-22T06:20:13Z"
std::string to_iso(TimePoint t);
// "2026-11-22"
std::string to_iso_date(TimePoint t);
std::string to_iso_date(std::chrono::sys_days d);
// Parses "YYYY-MM-DD" strictly (real calendar dates only).
bool parse_iso_date(std::string_view s, std::chrono::sys_days& out);
// Parses "YYYY-MM-DDTHH:MM:SSZ".
bool parse_iso(std::string_view s, TimePoint& out);

}  // namespace pt
