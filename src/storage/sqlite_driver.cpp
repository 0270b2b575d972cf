// SQLite driver on SQLiteCpp. One file, many connections (WAL lets readers run beside the
// single writer); each connection keeps its prepared statements because queries are hot.
#include "storage/drivers.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

namespace pt::db {

namespace {

constexpr std::size_t max_cached_statements = 512;

std::string sql_excerpt(std::string_view sql) {
    std::string s(sql.substr(0, 200));
    if (sql.size() > 200) s += "...";
    return s;
}

[[noreturn]] void throw_mapped(const SQLite::Exception& e, std::string_view sql) {
    int ext = e.getExtendedErrorCode();
    int primary = (ext >= 0 ? ext : e.getErrorCode()) & 0xff;
    Error::Kind kind = Error::Kind::other;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        kind = Error::Kind::busy;
    else if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        kind = Error::Kind::unique_violation;
    else if (primary == SQLITE_CONSTRAINT)
        kind = Error::Kind::constraint;
    throw Error(kind, std::string("sqlite: ") + e.what() + " [in: " + sql_excerpt(sql) + "]");
}

class SqliteConnection final : public DriverConnection {
public:
    explicit SqliteConnection(const std::string& path)
        : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
        // busy_timeout first: the other pragmas may need a lock another connection holds.
        db_.exec("PRAGMA busy_timeout = 10000");
        db_.exec("PRAGMA journal_mode = WAL");
        db_.exec("PRAGMA foreign_keys = ON");
        // WAL + NORMAL loses nothing on a process crash (SIGKILL); only an OS crash may lose
        // the last commits, which is the durability we promise.
        db_.exec("PRAGMA synchronous = NORMAL");
    }

    Dialect dialect() const override { return Dialect::sqlite; }

    Result query(std::string_view sql, const std::vector<Value>& params) override {
        Result r;
        run(sql, params, &r);
        return r;
    }

    std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
        return run(sql, params, nullptr);
    }

    void execute_script(std::string_view sql) override {
        try {
            db_.exec(std::string(sql));
        } catch (const SQLite::Exception& e) {
            throw_mapped(e, sql);
        }
    }

    void begin(TxMode mode) override { simple(mode == TxMode::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); }
    void commit() override { simple("COMMIT"); }
    void rollback() override { simple("ROLLBACK"); }

    void ready_for_use() override {}

    void reset_after_use() noexcept override {
        if (sqlite3_get_autocommit(db_.getHandle()) == 0) {
            try {
                db_.exec("ROLLBACK");
            } catch (...) {
            }
        }
    }

private:
    void simple(const char* sql) {
        try {
            db_.exec(sql);
        } catch (const SQLite::Exception& e) {
            throw_mapped(e, sql);
        }
    }

    SQLite::Statement& statement(std::string_view sql, std::optional<SQLite::Statement>& uncached) {
        std::string key(sql);
        if (auto it = cache_.find(key); it != cache_.end()) return it->second;
        // Dynamically built SQL must not grow the cache without bound.
        if (cache_.size() >= max_cached_statements) return uncached.emplace(db_, key);
        SQLite::Statement st(db_, key);
        return cache_.emplace(std::move(key), std::move(st)).first->second;
    }

    // Runs one statement; collects rows into `out` when given. Returns rows changed.
    std::int64_t run(std::string_view sql, const std::vector<Value>& params, Result* out) {
        std::optional<SQLite::Statement> uncached;
        SQLite::Statement* st = nullptr;
        try {
            st = &statement(sql, uncached);
        } catch (const SQLite::Exception& e) {
            throw_mapped(e, sql);
        }
        int expected = st->getBindParameterCount();
        if (expected != static_cast<int>(params.size()))
            throw Error(Error::Kind::other, "sqlite: statement has " + std::to_string(expected) +
                                                " placeholders but " + std::to_string(params.size()) +
                                                " values were given [in: " + sql_excerpt(sql) + "]");
        sqlite3* h = db_.getHandle();
        try {
            for (std::size_t i = 0; i < params.size(); ++i) {
                int idx = static_cast<int>(i) + 1;
                std::visit(
                    [&](const auto& v) {
                        using T = std::decay_t<decltype(v)>;
                        if constexpr (std::is_same_v<T, Null>)
                            st->bind(idx);
                        else if constexpr (std::is_same_v<T, std::string>)
                            st->bindNoCopy(idx, v);  // params outlive the statement's use
                        else if constexpr (std::is_same_v<T, Blob>)
                            st->bindNoCopy(idx, static_cast<const void*>(v.bytes.data()),
                                           static_cast<int>(v.bytes.size()));
                        else
                            st->bind(idx, v);
                    },
                    params[i]);
            }
            sqlite3_int64 before = sqlite3_total_changes64(h);
            int ncols = st->getColumnCount();
            if (out) {
                out->columns.reserve(ncols);
                for (int c = 0; c < ncols; ++c) out->columns.emplace_back(st->getColumnName(c));
            }
            while (st->executeStep()) {
                if (!out) continue;
                std::vector<std::optional<std::string>> cols;
                cols.reserve(ncols);
                for (int c = 0; c < ncols; ++c) {
                    SQLite::Column col = st->getColumn(c);
                    switch (col.getType()) {
                        case SQLITE_NULL: cols.emplace_back(std::nullopt); break;
                        case SQLITE_FLOAT: cols.emplace_back(format_double(col.getDouble())); break;
                        case SQLITE_BLOB: {
                            // Raw bytes, NULs included (zero-length blobs have no pointer).
                            const char* b = static_cast<const char*>(col.getBlob());
                            cols.emplace_back(b ? std::string(b, static_cast<std::size_t>(col.getBytes())) : std::string());
                            break;
                        }
                        default: cols.emplace_back(col.getString());
                    }
                }
                out->rows.emplace_back(std::move(cols));
            }
            // sqlite3_changes() keeps the count of the last DML, so a SELECT would report a stale
            // number; the total-changes counter tells whether this statement changed anything.
            std::int64_t changed = sqlite3_total_changes64(h) != before ? sqlite3_changes64(h) : 0;
            st->tryReset();
            st->clearBindings();
            return changed;
        } catch (const SQLite::Exception& e) {
            st->tryReset();
            try {
                st->clearBindings();
            } catch (...) {
            }
            throw_mapped(e, sql);
        }
    }

    SQLite::Database db_;
    // Declared after db_ so statements are finalized before the connection closes.
    std::unordered_map<std::string, SQLite::Statement> cache_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size) {
    bool memory = path == ":memory:";
    if (!memory) {
        std::filesystem::path parent = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!parent.empty()) std::filesystem::create_directories(parent, ec);
        if (ec)
            throw Error(Error::Kind::other,
                        "cannot create directory '" + parent.string() + "' for SQLite database: " + ec.message());
    }
    // Every ":memory:" connection is its own database, so an in-memory pool has one connection.
    int n = memory ? 1 : pool_size;
    std::vector<std::unique_ptr<DriverConnection>> conns;
    for (int i = 0; i < n; ++i) {
        try {
            conns.push_back(std::make_unique<SqliteConnection>(path));
        } catch (const SQLite::Exception& e) {
            throw Error(Error::Kind::other, "cannot open SQLite database '" + path + "': " + e.what());
        }
    }
    return std::make_unique<PooledDatabase>(Dialect::sqlite, std::move(conns));
}

}  // namespace pt::db
