#pragma once
// Public pages that are the same for every anonymous visitor (the catalog, a product card,
// the JSON catalog) are kept per data version: a request reads the version (one indexed row)
// and reuses the body rendered for that version. Any change bumps the version in the same
// transaction (database triggers), so no server process ever serves a stale page.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/http.hpp"
#include "storage/db.hpp"

namespace pt::web {

class PageCache {
public:
    // counter: the counters row whose value is the data version ("catalog_version").
    // Bounded by bytes, so many distinct searches cannot grow the server past its memory budget.
    PageCache(db::Database& db, std::string counter, std::size_t max_bytes = 32u << 20)
        : db_(db), counter_(std::move(counter)), max_bytes_(max_bytes) {}

    // The cached response for key at the current version, or what make() returns (cached
    // only when it is a 200, so errors are always fresh).
    http::Response get_or_make(const std::string& key, const std::function<http::Response()>& make);

    // Off for measuring the uncached path (bench) and in tests that want to.
    void set_enabled(bool on) { enabled_ = on; }

private:
    std::int64_t current_version();

    db::Database& db_;
    std::string counter_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    bool enabled_ = true;
    std::mutex mu_;
    std::int64_t version_ = -1;
    std::unordered_map<std::string, http::Response> entries_;
};

}  // namespace pt::web
