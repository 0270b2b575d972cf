#pragma once
// All SQL of the outbox (portable; `?` placeholders). Times are ISO-8601 UTC text
// ("2026-12-01T09:00:00Z"), which sorts like the instants it names.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.hpp"

namespace pt::notify::data {

struct OutboxRow {
    std::int64_t id = 0;
    std::string kind, to_address, language, subject, body_text, status;
    int attempts = 0;
    std::string next_attempt_at, last_error, created_at;
    std::optional<std::string> sent_at;
};

// Pending rows due at `now`, oldest due first.
std::vector<OutboxRow> due(db::Connection& c, const std::string& now, int limit);
// Takes a due row for this worker: moves next_attempt_at to lease_until only if it still is
// `seen_next_attempt_at` and pending. True for exactly one of several workers racing for it.
bool claim(db::Connection& c, std::int64_t id, const std::string& seen_next_attempt_at, const std::string& lease_until);
void mark_sent(db::Connection& c, std::int64_t id, const std::string& now);
// Records a failed try: attempts + 1, the error, and either the next try or status 'failed'.
void mark_attempt_failed(db::Connection& c, std::int64_t id, int attempts, const std::string& error,
                         const std::string& next_attempt_at, bool give_up);

// Newest first, for the organizer's outbox page.
std::vector<OutboxRow> page(db::Connection& c, std::int64_t offset, int limit, const std::string& status_filter);
std::int64_t count(db::Connection& c, const std::string& status_filter);
std::optional<OutboxRow> find(db::Connection& c, std::int64_t id);

}  // namespace pt::notify::data
