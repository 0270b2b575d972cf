#include "app/scheduler.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

namespace pt::app {

struct Scheduler::Impl {
    struct Slot {
        ScheduledJob job;
        std::chrono::steady_clock::time_point due;
        std::string last_error;  // the same failure is logged once a minute, not every turn
        std::chrono::steady_clock::time_point last_logged{};
    };
    std::vector<Slot> slots;
    std::mutex mu;
    std::condition_variable cv;
    bool stopping = false;
    std::thread thread;

    // Jobs run on real (steady) time even when the program's Clock is a test clock that
    // stands still: a worker must keep polling while the test's "now" does not move.
    void run(Slot& s) {
        try {
            s.job.run();
            s.last_error.clear();
        } catch (const std::exception& e) {
            report(s, e.what());
        } catch (...) {
            report(s, "unknown exception");
        }
    }
    void report(Slot& s, const std::string& what) {
        const auto now = std::chrono::steady_clock::now();
        if (what != s.last_error || now - s.last_logged > std::chrono::minutes(1)) {
            spdlog::error("job {} failed: {}", s.job.name, what);
            s.last_error = what;
            s.last_logged = now;
        }
    }
    void loop() {
        std::unique_lock lock(mu);
        while (!stopping) {
            auto next = slots.front().due;
            for (const auto& s : slots) next = std::min(next, s.due);
            if (cv.wait_until(lock, next, [this] { return stopping; })) break;
            const auto now = std::chrono::steady_clock::now();
            for (auto& s : slots) {
                if (s.due > now || stopping) continue;
                lock.unlock();
                run(s);
                lock.lock();
                // Period counts from the end of the run, so a slow run never piles up turns.
                s.due = std::chrono::steady_clock::now() + s.job.period;
            }
        }
    }
};

Scheduler::Scheduler(std::vector<ScheduledJob> jobs) : impl_(new Impl) {
    const auto now = std::chrono::steady_clock::now();
    for (auto& j : jobs) {
        if (j.period <= std::chrono::milliseconds(0)) j.period = std::chrono::milliseconds(1);
        impl_->slots.push_back({std::move(j), now, {}, {}});
    }
}

Scheduler::~Scheduler() {
    stop();
    delete impl_;
}

void Scheduler::start() {
    std::lock_guard lock(impl_->mu);
    if (impl_->thread.joinable() || impl_->slots.empty()) return;
    impl_->stopping = false;
    impl_->thread = std::thread([this] { impl_->loop(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->stopping = true;
    }
    impl_->cv.notify_all();
    if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
}

void Scheduler::run_all_once() {
    for (auto& s : impl_->slots) impl_->run(s);
}

}  // namespace pt::app
