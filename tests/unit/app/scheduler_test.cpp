// The scheduler runs each job at its period on its own thread, survives a throwing job, and
// stops promptly.
#include "app/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace pt::app {
namespace {

using namespace std::chrono;

TEST(Scheduler, RunsEachJobRepeatedlyAtItsPeriod) {
    std::atomic<int> fast{0}, slow{0};
    std::atomic<bool> on_other_thread{false};
    const auto me = std::this_thread::get_id();
    Scheduler s({{"fast", milliseconds(20), [&] { ++fast; on_other_thread = std::this_thread::get_id() != me; }},
                 {"slow", milliseconds(1000), [&] { ++slow; }}});
    s.start();
    std::this_thread::sleep_for(milliseconds(500));
    s.stop();
    // Loose bounds: the machine may be busy, but 20 ms turns over 500 ms are neither 1 nor 100.
    EXPECT_GE(fast.load(), 5);
    EXPECT_LE(fast.load(), 26);
    EXPECT_GE(slow.load(), 1);   // once at start; the next turn is 1 s later
    EXPECT_LE(slow.load(), 2);
    EXPECT_TRUE(on_other_thread.load());
    const int after_stop = fast.load();
    std::this_thread::sleep_for(milliseconds(60));
    EXPECT_EQ(fast.load(), after_stop);
}

TEST(Scheduler, AThrowingJobRunsAgainAndDoesNotStopOthers) {
    std::atomic<int> thrower{0}, other{0};
    Scheduler s({{"bad", milliseconds(10), [&] { ++thrower; throw std::runtime_error("boom"); }},
                 {"good", milliseconds(10), [&] { ++other; }}});
    s.start();
    std::this_thread::sleep_for(milliseconds(150));
    s.stop();
    EXPECT_GE(thrower.load(), 3);
    EXPECT_GE(other.load(), 3);
}

TEST(Scheduler, StopsQuicklyEvenWithALongPeriod) {
    std::atomic<int> runs{0};
    auto s = std::make_unique<Scheduler>(std::vector<ScheduledJob>{{"hourly", hours(1), [&] { ++runs; }}});
    s->start();
    for (int i = 0; i < 200 && runs.load() == 0; ++i) std::this_thread::sleep_for(milliseconds(10));
    const auto t0 = steady_clock::now();
    s.reset();  // destructor stops and joins
    EXPECT_LT(steady_clock::now() - t0, milliseconds(500));
    EXPECT_EQ(runs.load(), 1);
}

TEST(Scheduler, RunAllOnceRunsEveryJobOnTheCallersThread) {
    std::thread::id seen_a, seen_b;
    Scheduler s({{"a", hours(1), [&] { seen_a = std::this_thread::get_id(); }},
                 {"b", hours(1), [&] { seen_b = std::this_thread::get_id(); throw std::runtime_error("x"); }}});
    EXPECT_NO_THROW(s.run_all_once());
    EXPECT_EQ(seen_a, std::this_thread::get_id());
    EXPECT_EQ(seen_b, std::this_thread::get_id());
}

}  // namespace
}  // namespace pt::app
