// Read-modify-write under contention: 8 threads x 50 transactions must not lose an update.
#include "test_db.hpp"

#include <thread>

using namespace pt::db;
using pt::db::testing::DbTest;

class ConcurrencyTest : public DbTest {};
PT_DB_TEST_SUITE(ConcurrencyTest);

TEST_P(ConcurrencyTest, CounterIncrementsAreNotLost) {
    constexpr int threads = 8, per_thread = 50;
    db_->acquire()->execute_script("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
                                   "INSERT INTO counter VALUES (1, 0);");
    // SQLite: BEGIN IMMEDIATE serializes the writers; PostgreSQL: the row lock does.
    const std::string read_sql =
        pg() ? "SELECT n FROM counter WHERE id = ? FOR UPDATE" : "SELECT n FROM counter WHERE id = ?";
    // Fewer connections than threads, so acquire() has to block as well.
    auto db = open(4);
    std::vector<std::thread> pool;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int i = 0; i < per_thread; ++i) {
                try {
                    db->transact(TxMode::write, [&](Connection& c) {
                        std::int64_t n = c.query(read_sql, {std::int64_t{1}})[0].i64(0);
                        c.execute("UPDATE counter SET n = ? WHERE id = ?", {n + 1, std::int64_t{1}});
                    });
                } catch (const std::exception& e) {
                    ++failures;
                    ADD_FAILURE() << e.what();
                }
            }
        });
    }
    for (auto& t : pool) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(db_->acquire()->query("SELECT n FROM counter WHERE id = 1")[0].i64(0), threads * per_thread);
}

TEST_P(ConcurrencyTest, ReadersRunBesideAWriter) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE rw (x INTEGER)");
    c->execute("INSERT INTO rw VALUES (1)");
    // An open write transaction must not block readers on other connections (WAL / MVCC).
    Transaction w(*c, TxMode::write);
    c->execute("INSERT INTO rw VALUES (2)");
    auto other = db_->acquire();
    Transaction r(*other, TxMode::read);
    EXPECT_EQ(other->query("SELECT count(*) FROM rw")[0].i64(0), 1);
    r.commit();
    w.commit();
    EXPECT_EQ(other->query("SELECT count(*) FROM rw")[0].i64(0), 2);
}

TEST_P(ConcurrencyTest, SessionSettingsAndFts5) {
    auto c = db_->acquire();
    if (pg()) {
        EXPECT_EQ(c->query("SHOW statement_timeout")[0].str(0), "30s");
        EXPECT_EQ(c->query("SHOW client_encoding")[0].str(0), "UTF8");
        return;
    }
    EXPECT_EQ(c->query("PRAGMA journal_mode")[0].str(0), "wal");
    EXPECT_EQ(c->query("PRAGMA foreign_keys")[0].i64(0), 1);
    EXPECT_EQ(c->query("PRAGMA busy_timeout")[0].i64(0), 10000);
    EXPECT_EQ(c->query("PRAGMA synchronous")[0].i64(0), 1);  // NORMAL
    c->execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
    c->execute("INSERT INTO docs (title, body) VALUES (?, ?)", {std::string("Siivous"), std::string("kodin siivous ja pyykki")});
    c->execute("INSERT INTO docs (title, body) VALUES (?, ?)", {std::string("Ateria"), std::string("ateriapalvelu kotiin")});
    Result r = c->query("SELECT title FROM docs WHERE docs MATCH ?", {std::string("pyykki")});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].str(0), "Siivous");
}

TEST_P(ConcurrencyTest, LockConflictsMapToBusy) {
    auto holder = db_->acquire();
    holder->execute_script("CREATE TABLE lk (id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO lk VALUES (1, 0);");
    Transaction held(*holder, TxMode::write);
    holder->query(pg() ? "SELECT n FROM lk WHERE id = 1 FOR UPDATE" : "SELECT n FROM lk WHERE id = 1");
    auto other = db_->acquire();
    try {
        if (pg()) {
            Transaction t(*other, TxMode::write);
            other->query("SELECT n FROM lk WHERE id = ? FOR UPDATE NOWAIT", {std::int64_t{1}});  // 55P03
        } else {
            other->execute("PRAGMA busy_timeout = 0");  // fail at once instead of waiting 10 s
            Transaction t(*other, TxMode::write);
        }
        FAIL() << "second writer got the lock";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind, Error::Kind::busy) << e.what();
    }
    if (!pg()) other->execute("PRAGMA busy_timeout = 10000");
    held.commit();
}

TEST_P(ConcurrencyTest, BrokenPostgresConnectionIsReplacedOnAcquire) {
    if (!pg()) GTEST_SKIP() << "PostgreSQL-specific";
    auto db = open(1);
    std::int64_t pid = db->acquire()->query("SELECT pg_backend_pid()")[0].i64(0);
    db_->acquire()->query("SELECT pg_terminate_backend(?)", {pid});
    {
        auto c = db->acquire();  // still looks fine: nobody has talked to the dead backend yet
        try {
            c->query("SELECT 1");
            FAIL() << "query on a terminated backend succeeded";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind, Error::Kind::other) << e.what();
        }
    }
    auto c = db->acquire();  // reconnected
    EXPECT_NE(c->query("SELECT pg_backend_pid()")[0].i64(0), pid);
    // Fresh statement cache: the session holds just the two statements prepared since reconnecting.
    EXPECT_EQ(c->query("SELECT count(*) FROM pg_prepared_statements")[0].i64(0), 2);
}
