#include "notify/mail_worker.hpp"

#include <cstdlib>
#include <random>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "notify/data/outbox_queries.hpp"

namespace pt::notify {

namespace {

long long env_number(const char* name, long long fallback, long long min, long long max) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    try {
        std::size_t used = 0;
        long long n = std::stoll(v, &used);
        if (used == std::string(v).size() && n >= min && n <= max) return n;
    } catch (...) {
    }
    throw std::invalid_argument(std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max));
}

std::string random_hex() {
    static thread_local std::mt19937_64 gen{std::random_device{}()};
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(gen()));
    return buf;
}

}  // namespace

WorkerConfig WorkerConfig::from_env() {
    using namespace std::chrono;
    WorkerConfig c;
    if (const char* v = std::getenv("PALVELUTORI_SMTP"); v && *v) c.smtp_url = v;
    if (const char* v = std::getenv("PALVELUTORI_MAIL_FROM"); v && *v) c.mail_from = v;
    if (!valid_address(c.mail_from))
        throw std::invalid_argument("the sender address (--mail-from / PALVELUTORI_MAIL_FROM) is not an e-mail address");
    c.backoff.base = milliseconds(env_number("PALVELUTORI_MAIL_BACKOFF_MS", 5000, 1, 3600000));
    c.backoff.cap = milliseconds(env_number("PALVELUTORI_MAIL_BACKOFF_MAX_MS", std::max<long long>(3600000, c.backoff.base.count()),
                                            c.backoff.base.count(), 7 * 24 * 3600000LL));
    c.backoff.max_attempts = static_cast<int>(env_number("PALVELUTORI_MAIL_MAX_ATTEMPTS", 20, 1, 1000));
    c.period = milliseconds(env_number("PALVELUTORI_MAIL_POLL_MS", 500, 10, 3600000));
    return c;
}

MailWorker::MailWorker(db::Database& db, const Clock& clock, WorkerConfig config, std::unique_ptr<Sender> sender)
    : db_(db), clock_(clock), config_(std::move(config)), sender_(std::move(sender)) {
    if (!sender_ && !config_.smtp_url.empty()) sender_ = std::make_unique<SmtpSender>(config_.smtp_url);
}

MailWorker::Outcome MailWorker::run_once() {
    Outcome out;
    if (!sender_) {
        if (!warned_unconfigured_.exchange(true))
            spdlog::warn("mail: no SMTP server configured (--smtp / PALVELUTORI_SMTP); e-mail stays in the outbox");
        return out;
    }
    const auto now = clock_.now();
    const auto now_iso = to_iso(now);
    std::vector<data::OutboxRow> due;
    {
        auto lease = db_.acquire();
        due = data::due(*lease, now_iso, config_.batch);
    }
    const auto domain = config_.mail_from.substr(config_.mail_from.find('@') + 1);
    for (const auto& row : due) {
        // Claim first, in its own short transaction: the SMTP conversation must not hold a
        // database lock, and a second worker that read the same row loses the claim.
        const bool mine = db_.transact(db::TxMode::write, [&](db::Connection& c) {
            return data::claim(c, row.id, row.next_attempt_at, to_iso(now + config_.lease));
        });
        if (!mine) continue;
        std::string error;
        try {
            Message m{config_.mail_from, row.to_address, row.subject, row.body_text,
                      "<outbox-" + std::to_string(row.id) + "." + random_hex() + "@" + domain + ">", now};
            sender_->send(config_.mail_from, row.to_address, build_message(m));
        } catch (const std::exception& e) {
            error = e.what();
            if (error.empty()) error = "send failed";
        }
        const auto after = clock_.now();
        if (error.empty()) {
            db_.transact(db::TxMode::write, [&](db::Connection& c) { data::mark_sent(c, row.id, to_iso(after)); });
            ++out.sent;
            continue;
        }
        const int attempts = row.attempts + 1;
        const bool give_up = gives_up(config_.backoff, attempts);
        const auto next = to_iso(after + retry_delay(config_.backoff, attempts));
        // Server replies may carry any bytes; the column is shown on a page and must be UTF-8.
        for (auto& ch : error)
            if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = ' ';
        if (error.size() > 500) error.resize(500);
        db_.transact(db::TxMode::write, [&](db::Connection& c) {
            data::mark_attempt_failed(c, row.id, attempts, error, next, give_up);
        });
        ++out.failed;
        if (give_up)
            spdlog::error("mail: giving up on outbox {} after {} attempts: {}", row.id, attempts, error);
        else
            spdlog::warn("mail: outbox {} attempt {} failed, next at {}: {}", row.id, attempts, next, error);
    }
    return out;
}

}  // namespace pt::notify
