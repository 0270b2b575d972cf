#include "web/page_cache.hpp"

namespace pt::web {

std::int64_t PageCache::current_version() {
    auto lease = db_.acquire();
    auto r = lease->query("SELECT value FROM counters WHERE name = ?", {counter_});
    return r.empty() ? 0 : r[0].i64(0);
}

http::Response PageCache::get_or_make(const std::string& key, const std::function<http::Response()>& make) {
    if (!enabled_) return make();
    const auto version = current_version();
    {
        std::lock_guard lock(mu_);
        if (version != version_) {
            entries_.clear();
            bytes_ = 0;
            version_ = version;
        }
        if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    }
    auto res = make();
    if (res.status == 200) {
        std::lock_guard lock(mu_);
        // A full cache starts over: simpler than LRU, and versions change often enough.
        if (version == version_) {
            const auto size = key.size() + res.body.size();
            if (bytes_ + size > max_bytes_) {
                entries_.clear();
                bytes_ = 0;
            }
            if (entries_.emplace(key, res).second) bytes_ += size;
        }
    }
    return res;
}

}  // namespace pt::web
