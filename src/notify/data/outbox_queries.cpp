#include "notify/data/outbox_queries.hpp"

namespace pt::notify::data {

namespace {

constexpr const char* kColumns =
    "id, kind, to_address, language, subject, body_text, status, attempts, next_attempt_at, last_error, "
    "created_at, sent_at";

OutboxRow to_row(const db::Row& r) {
    OutboxRow o;
    o.id = r.i64(0);
    o.kind = r.str(1);
    o.to_address = r.str(2);
    o.language = r.str(3);
    o.subject = r.str(4);
    o.body_text = r.str(5);
    o.status = r.str(6);
    o.attempts = static_cast<int>(r.i64(7));
    o.next_attempt_at = r.str(8);
    o.last_error = r.str(9);
    o.created_at = r.str(10);
    o.sent_at = r.opt_str(11);
    return o;
}

std::vector<OutboxRow> rows(const db::Result& res) {
    std::vector<OutboxRow> out;
    out.reserve(res.size());
    for (const auto& r : res) out.push_back(to_row(r));
    return out;
}

}  // namespace

std::vector<OutboxRow> due(db::Connection& c, const std::string& now, int limit) {
    return rows(c.query(std::string("SELECT ") + kColumns +
                            " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
                            "ORDER BY next_attempt_at, id LIMIT ?",
                        {now, std::int64_t{limit}}));
}

bool claim(db::Connection& c, std::int64_t id, const std::string& seen_next_attempt_at, const std::string& lease_until) {
    return c.execute("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?",
                     {lease_until, id, seen_next_attempt_at}) == 1;
}

void mark_sent(db::Connection& c, std::int64_t id, const std::string& now) {
    c.execute("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ?", {now, id});
}

void mark_attempt_failed(db::Connection& c, std::int64_t id, int attempts, const std::string& error,
                         const std::string& next_attempt_at, bool give_up) {
    c.execute("UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, status = ? WHERE id = ?",
              {std::int64_t{attempts}, error, next_attempt_at, std::string(give_up ? "failed" : "pending"), id});
}

std::vector<OutboxRow> page(db::Connection& c, std::int64_t offset, int limit, const std::string& status_filter) {
    if (status_filter.empty())
        return rows(c.query(std::string("SELECT ") + kColumns + " FROM outbox ORDER BY id DESC LIMIT ? OFFSET ?",
                            {std::int64_t{limit}, offset}));
    return rows(c.query(std::string("SELECT ") + kColumns +
                            " FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                        {status_filter, std::int64_t{limit}, offset}));
}

std::int64_t count(db::Connection& c, const std::string& status_filter) {
    if (status_filter.empty()) return c.query("SELECT COUNT(*) FROM outbox")[0].i64(0);
    return c.query("SELECT COUNT(*) FROM outbox WHERE status = ?", {status_filter})[0].i64(0);
}

std::optional<OutboxRow> find(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kColumns + " FROM outbox WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    return to_row(r[0]);
}

}  // namespace pt::notify::data
