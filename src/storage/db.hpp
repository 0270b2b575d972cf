#pragma once
// The storage seam: a small SQL interface with one SQLite and one PostgreSQL driver.
// Repositories write portable SQL with `?` placeholders; the PostgreSQL driver rewrites them
// to $1..$n. Where the dialects really differ (full-text search, row locks) a repository asks
// dialect() and says so in its own file.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace pt::db {

using Null = std::monostate;
// Bytes for a BLOB (SQLite) / BYTEA (PostgreSQL) column: sent as a blob / binary parameter, so
// NUL and invalid UTF-8 survive. Read back with Row::blob (or str: both give the raw bytes).
struct Blob {
    std::string bytes;
};
using Value = std::variant<Null, std::int64_t, double, std::string, Blob>;

enum class Dialect { sqlite, postgres };

class Error : public std::runtime_error {
public:
    enum class Kind { unique_violation, busy, constraint, other };
    Error(Kind k, const std::string& msg) : std::runtime_error(msg), kind(k) {}
    Kind kind;
};

class Row {
public:
    Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
    std::size_t size() const { return cols_.size(); }
    bool is_null(std::size_t i) const { return !cols_.at(i).has_value(); }
    std::string str(std::size_t i) const;             // "" for NULL
    std::int64_t i64(std::size_t i) const;             // 0 for NULL; throws on non-number
    double f64(std::size_t i) const;
    bool boolean(std::size_t i) const;                 // 1/0, t/f, true/false
    std::optional<std::string> opt_str(std::size_t i) const { return cols_.at(i); }
    // The raw bytes of a BLOB/BYTEA column ("" for NULL): the drivers decode bytea, so this is
    // str() under a name that says what the caller expects.
    std::string blob(std::size_t i) const { return str(i); }
    std::optional<std::int64_t> opt_i64(std::size_t i) const;

private:
    std::vector<std::optional<std::string>> cols_;   // every value as text (blobs as raw bytes), as both drivers read it
};

struct Result {
    std::vector<std::string> columns;
    std::vector<Row> rows;
    bool empty() const { return rows.empty(); }
    std::size_t size() const { return rows.size(); }
    const Row& operator[](std::size_t i) const { return rows.at(i); }
    auto begin() const { return rows.begin(); }
    auto end() const { return rows.end(); }
};

enum class TxMode { read, write };

class Connection {
public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    // Returns the number of rows changed.
    virtual std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;
    // Several statements, no parameters (migrations).
    virtual void execute_script(std::string_view sql) = 0;
    // SQLite: write = BEGIN IMMEDIATE (takes the write lock up front, so read-then-write
    // transactions serialize instead of failing). PostgreSQL: BEGIN (READ COMMITTED).
    virtual void begin(TxMode mode) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
};

// Begins on construction, rolls back on destruction unless commit() was called.
class Transaction {
public:
    Transaction(Connection& c, TxMode m) : c_(c) { c_.begin(m); }
    ~Transaction() { if (!done_) { try { c_.rollback(); } catch (...) {} } }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() { c_.commit(); done_ = true; }
    Connection& conn() { return c_; }
private:
    Connection& c_;
    bool done_ = false;
};

class Database;

// A connection borrowed from the pool; given back on destruction.
class Lease {
public:
    Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }
private:
    Database* db_;
    std::unique_ptr<Connection> c_;
};

class Database {
public:
    virtual ~Database() = default;
    // "sqlite:var/palvelutori.db", "sqlite::memory:" or "postgresql://user@host:port/db".
    // Throws std::invalid_argument with a clear message for any other form.
    static std::unique_ptr<Database> open(const std::string& url, int pool_size = 4);
    virtual Dialect dialect() const = 0;
    // Blocks until a connection is free.
    virtual Lease acquire() = 0;
    virtual void give_back(std::unique_ptr<Connection> c) = 0;
    // Runs f in a transaction, retrying a few times on Error::Kind::busy and serialization
    // failures; commits when f returns.
    template <class F>
    auto transact(TxMode mode, F&& f) -> decltype(f(std::declval<Connection&>()));
};

inline Lease::~Lease() { if (c_ && db_) db_->give_back(std::move(c_)); }

template <class F>
auto Database::transact(TxMode mode, F&& f) -> decltype(f(std::declval<Connection&>())) {
    for (int attempt = 0;; ++attempt) {
        auto lease = acquire();
        try {
            Transaction tx(*lease, mode);
            if constexpr (std::is_void_v<decltype(f(*lease))>) {
                f(*lease);
                tx.commit();
                return;
            } else {
                auto r = f(*lease);
                tx.commit();
                return r;
            }
        } catch (const Error& e) {
            if (e.kind != Error::Kind::busy || attempt >= 20) throw;
        }
    }
}

// Applies every migration in migrations/<dialect>/NNNN_name.sql not yet recorded in
// schema_migrations, each in its own transaction. Returns how many were applied.
int migrate(Database& db, const std::string& migrations_dir);

}  // namespace pt::db
