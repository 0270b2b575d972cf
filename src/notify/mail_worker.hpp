#pragma once
// The mail job: sends due outbox rows and records each outcome. Several server processes may
// run it against one database at once; a row is sent by whichever claims it first.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "notify/domain/message.hpp"
#include "notify/smtp_sender.hpp"
#include "storage/db.hpp"

namespace pt::notify {

struct WorkerConfig {
    std::string smtp_url;                      // "" = not configured: mail stays pending
    std::string mail_from = "noreply@palvelutori.example";
    Backoff backoff;
    std::chrono::milliseconds period{500};     // how often the scheduler runs the job
    std::chrono::seconds lease{180};           // a claimed row is retried after this if its sender died
    int batch = 50;                            // rows per run

    // PALVELUTORI_SMTP, PALVELUTORI_MAIL_FROM, PALVELUTORI_MAIL_BACKOFF_MS (first retry delay),
    // PALVELUTORI_MAIL_BACKOFF_MAX_MS, PALVELUTORI_MAIL_MAX_ATTEMPTS, PALVELUTORI_MAIL_POLL_MS.
    // Throws std::invalid_argument naming the variable when one is not a sensible number or
    // the sender is not an address.
    static WorkerConfig from_env();
};

class MailWorker {
public:
    // sender: null = SMTP to config.smtp_url.
    MailWorker(db::Database& db, const Clock& clock, WorkerConfig config, std::unique_ptr<Sender> sender = nullptr);

    struct Outcome {
        int sent = 0;
        int failed = 0;   // tries that failed (the row is retried or, after max attempts, 'failed')
    };
    // Sends what is due now.
    Outcome run_once();
    const WorkerConfig& config() const { return config_; }

private:
    db::Database& db_;
    const Clock& clock_;
    WorkerConfig config_;
    std::unique_ptr<Sender> sender_;
    std::atomic<bool> warned_unconfigured_{false};
};

}  // namespace pt::notify
