#pragma once
// Periodic jobs inside the server process (mail worker, card period expiry, daily catalog
// reshuffle). Each job runs on the scheduler's own thread, never on a request thread; a job
// that throws is logged and runs again at its next turn. Jobs must be safe to run in several
// server processes at once (they claim work in the database).
#include "core/clock.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace pt::app {

struct ScheduledJob {
    std::string name;
    std::chrono::milliseconds period;
    std::function<void()> run;
};

class Scheduler {
public:
    explicit Scheduler(std::vector<ScheduledJob> jobs);
    ~Scheduler();  // stops and joins
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    void start();
    void stop();
    // Runs every job once, now, on the caller's thread (commands and tests).
    void run_all_once();

private:
    struct Impl;
    Impl* impl_;
};

}  // namespace pt::app
