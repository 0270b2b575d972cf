// Schema migrations: migrations/<dialect>/NNNN_name.sql, each applied once in its own
// transaction together with its schema_migrations row.
#include "storage/drivers.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace pt::db {

namespace {

namespace fs = std::filesystem;

struct MigrationFile {
    std::int64_t version;
    std::string name;
    fs::path path;
};

std::map<std::int64_t, MigrationFile> list_migrations(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw std::runtime_error("migrations folder '" + dir.string() + "' not found");
    static const std::regex pattern(R"(^(\d+)_([A-Za-z0-9_\-]+)\.sql$)");
    std::map<std::int64_t, MigrationFile> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string fname = entry.path().filename().string();
        if (!entry.is_regular_file() || fname.size() < 4 || fname.substr(fname.size() - 4) != ".sql") continue;
        std::smatch m;
        if (!std::regex_match(fname, m, pattern))
            throw std::runtime_error("migration file '" + entry.path().string() + "' is not named NNNN_name.sql");
        std::int64_t version = 0;
        try {
            version = std::stoll(m[1].str());
        } catch (const std::exception&) {
            throw std::runtime_error("migration file '" + entry.path().string() + "' has an unusable version number");
        }
        auto [it, fresh] = files.emplace(version, MigrationFile{version, m[2].str(), entry.path()});
        if (!fresh)
            throw std::runtime_error("migrations '" + it->second.path.filename().string() + "' and '" + fname +
                                     "' share version " + std::to_string(version));
    }
    return files;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read migration file '" + p.string() + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string utc_now() {
    std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// Inside a write transaction: serialize with any other migrating process. SQLite already holds
// the write lock (BEGIN IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock.
void lock_and_prepare(Connection& c) {
    if (c.dialect() == Dialect::postgres) c.query("SELECT pg_advisory_xact_lock(7346001)");
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
}

}  // namespace

int migrate(Database& db, const std::string& migrations_dir) {
    fs::path dir = fs::path(migrations_dir) / (db.dialect() == Dialect::sqlite ? "sqlite" : "postgres");
    auto files = list_migrations(dir);

    int applied = 0;
    auto lease = db.acquire();
    Connection& c = *lease;
    for (const auto& [version, file] : files) {
        std::string label = file.path.filename().string();
        try {
            Transaction tx(c, TxMode::write);
            lock_and_prepare(c);
            // Checked under the lock, so a migration another process just applied is skipped.
            if (!c.query("SELECT 1 FROM schema_migrations WHERE version = ?", {version}).empty()) {
                tx.commit();
                continue;
            }
            c.execute_script(read_file(file.path));
            c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                      {version, file.name, utc_now()});
            tx.commit();
            ++applied;
        } catch (const std::exception& e) {
            throw std::runtime_error("migration " + label + " failed: " + e.what());
        }
    }
    return applied;
}

}  // namespace pt::db
