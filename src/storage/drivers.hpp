#pragma once
// Private to src/storage: what the two drivers share with Database::open, the pool and tests.
#include "storage/db.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>

namespace pt::db {

// A driver connection knows how to make itself fit for lending and for going back to the pool.
class DriverConnection : public Connection {
public:
    // Called before lending; may reconnect. Throws Error if the connection cannot be made usable.
    virtual void ready_for_use() = 0;
    // Called on give_back: a lease dropped mid-transaction must not leak it to the next borrower.
    virtual void reset_after_use() noexcept = 0;
};

// Blocking pool shared by both drivers: acquire() waits on a condition variable until a
// connection is idle, so at most pool_size statements run at once.
class PooledDatabase : public Database {
public:
    PooledDatabase(Dialect d, std::vector<std::unique_ptr<DriverConnection>> conns);
    Dialect dialect() const override { return dialect_; }
    Lease acquire() override;
    void give_back(std::unique_ptr<Connection> c) override;

private:
    Dialect dialect_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::unique_ptr<DriverConnection>> idle_;
};

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size);
std::unique_ptr<Database> open_postgres(const std::string& conninfo, int pool_size);

// `?` -> `$1..$n`, leaving string literals, quoted identifiers, dollar-quoted bodies and
// comments alone. `count` receives the number of placeholders.
std::string rewrite_placeholders(std::string_view sql, int* count = nullptr);

// Shortest text that reads back as the same double ("0.1", "1e+300", "NaN", "Infinity").
std::string format_double(double d);

}  // namespace pt::db
