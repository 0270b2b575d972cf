// Driver behaviour, identical on SQLite and PostgreSQL: values, transactions, error mapping.
#include "test_db.hpp"

#include <climits>
#include <thread>

using namespace pt::db;
using pt::db::testing::DbTest;

class DriverTest : public DbTest {};
PT_DB_TEST_SUITE(DriverTest);

TEST_P(DriverTest, ReportsItsDialect) {
    EXPECT_EQ(db_->dialect(), GetParam());
    EXPECT_EQ(db_->acquire()->dialect(), GetParam());
}

TEST_P(DriverTest, RoundTripsEveryValueType) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE v (id " + id_col() + ", i BIGINT, d DOUBLE PRECISION, t TEXT)");
    const std::string utf8 = "ä ö å € Ä Ö Å 😀 🇫🇮 日本";
    struct Case {
        Value i, d, t;
    };
    std::vector<Case> cases = {
        {std::int64_t{0}, 0.0, std::string("")},
        {std::int64_t{INT64_MAX}, 0.1, utf8},
        {std::int64_t{INT64_MIN}, -2.5e-300, std::string("quote ' and \" and \\ and ?")},
        {Null{}, Null{}, Null{}},
        {std::int64_t{-1}, 1e300, std::string("line\nbreak\ttab")},
    };
    for (const auto& k : cases)
        EXPECT_EQ(c->execute("INSERT INTO v (i, d, t) VALUES (?, ?, ?)", {k.i, k.d, k.t}), 1);

    Result r = c->query("SELECT i, d, t FROM v ORDER BY id");
    ASSERT_EQ(r.size(), cases.size());
    EXPECT_EQ(r.columns, (std::vector<std::string>{"i", "d", "t"}));
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const Row& row = r[n];
        const Case& k = cases[n];
        if (std::holds_alternative<Null>(k.i)) {
            EXPECT_TRUE(row.is_null(0));
            EXPECT_TRUE(row.is_null(1));
            EXPECT_TRUE(row.is_null(2));
            EXPECT_EQ(row.opt_i64(0), std::nullopt);
            continue;
        }
        EXPECT_EQ(row.i64(0), std::get<std::int64_t>(k.i));
        EXPECT_EQ(row.str(0), std::to_string(std::get<std::int64_t>(k.i)));  // integers read as decimal text
        EXPECT_EQ(row.f64(1), std::get<double>(k.d)) << row.str(1);
        EXPECT_FALSE(row.is_null(2));
        EXPECT_EQ(row.str(2), std::get<std::string>(k.t));
    }
    // UTF-8 survives as a parameter in a WHERE clause too, and its length is counted in characters.
    Result found = c->query("SELECT length(t) FROM v WHERE t = ?", {utf8});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].i64(0), 21);  // the flag is two code points
}

TEST_P(DriverTest, ParametersInferTheirTypeFromContext) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE p (id " + id_col() + ", n INTEGER, flag BOOLEAN, amount NUMERIC(12,2))");
    c->execute("INSERT INTO p (n, flag, amount) VALUES (?, ?, ?)", {std::int64_t{7}, std::int64_t{1}, 12.5});
    Result r = c->query("SELECT n, flag, amount FROM p WHERE n = ? AND flag = ?", {std::int64_t{7}, std::int64_t{1}});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].i64(0), 7);
    EXPECT_TRUE(r[0].boolean(1));
    EXPECT_DOUBLE_EQ(r[0].f64(2), 12.5);
    // Optional filters: `? IS NULL` gives the server no type to infer.
    for (Value filter : {Value{Null{}}, Value{std::int64_t{7}}, Value{std::int64_t{8}}}) {
        Result q = c->query("SELECT count(*) FROM p WHERE (? IS NULL OR n = ?)", {filter, filter});
        ASSERT_EQ(q.size(), 1u);
        EXPECT_EQ(q[0].i64(0), std::holds_alternative<std::int64_t>(filter) && std::get<std::int64_t>(filter) == 8 ? 0 : 1);
    }
    // The same inside a transaction, where a failed first prepare must not poison the transaction.
    Transaction tx(*c, TxMode::read);
    Result q = c->query("SELECT ? IS NULL, count(*) FROM p WHERE n >= ?", {Null{}, std::int64_t{0}});
    EXPECT_TRUE(q[0].boolean(0));
    EXPECT_EQ(q[0].i64(1), 1);
    tx.commit();
}

TEST_P(DriverTest, WrongParameterCountIsAClearError) {
    auto c = db_->acquire();
    try {
        c->query("SELECT ? + ?", {std::int64_t{1}});
        FAIL() << "accepted too few parameters";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("2 placeholders but 1 values"), std::string::npos) << e.what();
    }
}

TEST_P(DriverTest, InsertReturningGivesTheNewId) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE r (id " + id_col() + ", name TEXT NOT NULL)");
    Result a = c->query("INSERT INTO r (name) VALUES (?) RETURNING id", {std::string("a")});
    Result b = c->query("INSERT INTO r (name) VALUES (?) RETURNING id, name", {std::string("b")});
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_GT(a[0].i64(0), 0);
    EXPECT_EQ(b[0].i64(0), a[0].i64(0) + 1);
    EXPECT_EQ(b[0].str(1), "b");
    EXPECT_EQ(c->query("SELECT name FROM r WHERE id = ?", {b[0].i64(0)})[0].str(0), "b");
    // execute() with RETURNING still counts the inserted row.
    EXPECT_EQ(c->execute("INSERT INTO r (name) VALUES (?) RETURNING id", {std::string("c")}), 1);
}

TEST_P(DriverTest, ExecuteCountsChangedRowsOnly) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE e (x INTEGER)");
    c->execute("INSERT INTO e VALUES (1), (2), (3)");
    EXPECT_EQ(c->execute("UPDATE e SET x = x + 10 WHERE x >= ?", {std::int64_t{2}}), 2);
    EXPECT_EQ(c->execute("SELECT * FROM e"), 0);
    EXPECT_EQ(c->execute("DELETE FROM e WHERE x = ?", {std::int64_t{99}}), 0);
    EXPECT_EQ(c->execute("DELETE FROM e"), 3);
}

TEST_P(DriverTest, TransactionsCommitAndRollBack) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE tx (x INTEGER)");
    auto count = [&] { return db_->acquire()->query("SELECT count(*) FROM tx")[0].i64(0); };  // another connection
    {
        Transaction t(*c, TxMode::write);
        c->execute("INSERT INTO tx VALUES (1)");
        t.commit();
    }
    EXPECT_EQ(count(), 1);
    c->begin(TxMode::write);
    c->execute("INSERT INTO tx VALUES (2)");
    c->rollback();
    EXPECT_EQ(count(), 1);
    c->begin(TxMode::read);
    EXPECT_EQ(c->query("SELECT count(*) FROM tx")[0].i64(0), 1);
    c->commit();
}

TEST_P(DriverTest, TransactionRollsBackWhenNotCommitted) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE tx (x INTEGER)");
    try {
        Transaction t(*c, TxMode::write);
        c->execute("INSERT INTO tx VALUES (1)");
        throw std::runtime_error("handler failed");
    } catch (const std::runtime_error&) {
    }
    EXPECT_EQ(c->query("SELECT count(*) FROM tx")[0].i64(0), 0);
}

TEST_P(DriverTest, CommitAfterAFailedStatementDoesNotCommit) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE cf (x INTEGER PRIMARY KEY)");
    c->execute("INSERT INTO cf VALUES (1)");
    c->begin(TxMode::write);
    c->execute("INSERT INTO cf VALUES (2)");
    EXPECT_THROW(c->execute("INSERT INTO cf VALUES (1)"), Error);
    // SQLite keeps the transaction (the failed statement alone is undone) and commits row 2;
    // PostgreSQL has aborted it, so commit() must say so instead of reporting success.
    if (pg()) {
        EXPECT_THROW(c->commit(), Error);
        EXPECT_EQ(c->query("SELECT count(*) FROM cf")[0].i64(0), 1);
    } else {
        c->commit();
        EXPECT_EQ(c->query("SELECT count(*) FROM cf")[0].i64(0), 2);
    }
}

TEST_P(DriverTest, UniqueViolationIsMapped) {
    auto c = db_->acquire();
    c->execute("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE)");
    c->execute("INSERT INTO u VALUES (1, 'a@example.fi')");
    for (auto [sql, params] : std::vector<std::pair<std::string, std::vector<Value>>>{
             {"INSERT INTO u VALUES (?, ?)", {std::int64_t{1}, std::string("b@example.fi")}},   // primary key
             {"INSERT INTO u VALUES (?, ?)", {std::int64_t{2}, std::string("a@example.fi")}}}) {  // unique column
        try {
            c->execute(sql, params);
            ADD_FAILURE() << "duplicate accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind, Error::Kind::unique_violation) << e.what();
            EXPECT_NE(std::string(e.what()).find(pg() ? "duplicate key" : "UNIQUE constraint failed"), std::string::npos)
                << "the server's message is kept: " << e.what();
        }
    }
}

TEST_P(DriverTest, OtherConstraintsAreMapped) {
    auto c = db_->acquire();
    c->execute_script(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id),"
        " qty INTEGER CHECK (qty > 0));"
        "INSERT INTO parent VALUES (1);");
    auto expect_constraint = [&](const std::string& sql, std::vector<Value> params) {
        try {
            c->execute(sql, params);
            ADD_FAILURE() << "accepted: " << sql;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind, Error::Kind::constraint) << e.what();
        }
    };
    expect_constraint("INSERT INTO child VALUES (?, ?, ?)", {std::int64_t{1}, std::int64_t{42}, std::int64_t{1}});  // FK
    expect_constraint("INSERT INTO child VALUES (?, ?, ?)", {std::int64_t{1}, Null{}, std::int64_t{1}});           // NOT NULL
    expect_constraint("INSERT INTO child VALUES (?, ?, ?)", {std::int64_t{1}, std::int64_t{1}, std::int64_t{0}});  // CHECK
    EXPECT_EQ(c->execute("INSERT INTO child VALUES (?, ?, ?)", {std::int64_t{1}, std::int64_t{1}, std::int64_t{2}}), 1);
}

TEST_P(DriverTest, SyntaxErrorsCarryTheServerMessage) {
    auto c = db_->acquire();
    try {
        c->query("SELEC 1");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind, Error::Kind::other);
        EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("SELEC 1"), std::string::npos) << e.what();
    }
    EXPECT_EQ(c->query("SELECT 1")[0].i64(0), 1);  // the connection is still usable
}

TEST_P(DriverTest, LeaseDroppedMidTransactionIsRolledBack) {
    auto one = open(1);  // a single connection, so the next lease is the same one
    one->acquire()->execute("CREATE TABLE lt (x INTEGER)");
    {
        auto c = one->acquire();
        c->begin(TxMode::write);
        c->execute("INSERT INTO lt VALUES (1)");
    }  // no commit, no rollback
    auto c = one->acquire();
    EXPECT_EQ(c->query("SELECT count(*) FROM lt")[0].i64(0), 0);
    Transaction t(*c, TxMode::write);  // and no transaction is left open on it
    t.commit();
}

TEST_P(DriverTest, AcquireBlocksUntilAConnectionIsGivenBack) {
    auto db = open(1);
    std::atomic<bool> second_has_it{false};
    std::thread t;
    {
        auto first = db->acquire();
        t = std::thread([&] {
            auto second = db->acquire();
            second_has_it = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        EXPECT_FALSE(second_has_it.load()) << "pool of 1 lent a second connection";
    }
    t.join();
    EXPECT_TRUE(second_has_it.load());
}

TEST_P(DriverTest, TransactHelperCommitsAndReturns) {
    db_->acquire()->execute("CREATE TABLE th (x INTEGER)");
    std::int64_t n = db_->transact(TxMode::write, [](Connection& c) {
        c.execute("INSERT INTO th VALUES (5)");
        return c.query("SELECT count(*) FROM th")[0].i64(0);
    });
    EXPECT_EQ(n, 1);
    EXPECT_THROW(db_->transact(TxMode::write,
                               [](Connection& c) {
                                   c.execute("INSERT INTO th VALUES (6)");
                                   throw std::runtime_error("handler failed");
                               }),
                 std::runtime_error);
    EXPECT_EQ(db_->acquire()->query("SELECT sum(x) FROM th")[0].i64(0), 5);
}
