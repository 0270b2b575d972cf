// Database::open (URL dispatch) and the connection pool both drivers share.
#include "storage/drivers.hpp"

#include <charconv>
#include <cmath>

namespace pt::db {

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size) {
    if (pool_size < 1)
        throw std::invalid_argument("database pool size must be at least 1, got " + std::to_string(pool_size));
    auto starts = [&](std::string_view p) { return url.compare(0, p.size(), p) == 0; };
    if (starts("sqlite:")) {
        std::string path = url.substr(7);
        if (path.empty()) throw std::invalid_argument("unsupported database URL '" + url + "': sqlite: needs a file path");
        return open_sqlite(path, pool_size);
    }
    if (starts("postgresql://") || starts("postgres://")) return open_postgres(url, pool_size);
    throw std::invalid_argument("unsupported database URL '" + url + "': use sqlite:PATH or postgresql://...");
}

PooledDatabase::PooledDatabase(Dialect d, std::vector<std::unique_ptr<DriverConnection>> conns) : dialect_(d) {
    for (auto& c : conns) idle_.push_back(std::move(c));
}

Lease PooledDatabase::acquire() {
    std::unique_ptr<DriverConnection> c;
    {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return !idle_.empty(); });
        c = std::move(idle_.front());
        idle_.pop_front();
    }
    try {
        c->ready_for_use();
    } catch (...) {
        // The slot must not vanish: put the (still broken) connection back so a later
        // acquire can try reconnecting it again.
        {
            std::lock_guard lk(mu_);
            idle_.push_back(std::move(c));
        }
        cv_.notify_one();
        throw;
    }
    return Lease(this, std::move(c));
}

void PooledDatabase::give_back(std::unique_ptr<Connection> c) {
    if (!c) return;
    auto* d = static_cast<DriverConnection*>(c.release());
    std::unique_ptr<DriverConnection> dc(d);
    dc->reset_after_use();
    {
        std::lock_guard lk(mu_);
        idle_.push_back(std::move(dc));
    }
    cv_.notify_one();
}

std::string format_double(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, p);
}

}  // namespace pt::db
