// migrate(): applies each file once, in numeric order, atomically, and safely from two processes.
#include "test_db.hpp"

#include <fstream>
#include <future>

using namespace pt::db;
using pt::db::testing::DbTest;

class MigrateTest : public DbTest {
protected:
    void SetUp() override {
        DbTest::SetUp();
        if (IsSkipped()) return;
        mig_ = dir_ / "migrations";
        std::filesystem::create_directories(sub());
    }
    std::filesystem::path sub() const { return mig_ / (pg() ? "postgres" : "sqlite"); }
    void write(const std::string& name, const std::string& sql) { std::ofstream(sub() / name) << sql; }
    std::int64_t count(const std::string& sql) { return db_->acquire()->query(sql)[0].i64(0); }

    std::filesystem::path mig_;
};
PT_DB_TEST_SUITE(MigrateTest);

TEST_P(MigrateTest, AppliesInNumericOrderOnceAndIsIdempotent) {
    // 0010 sorts after 0002 only numerically-aware; 0002 depends on 0001.
    write("0001_accounts.sql", "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);\n");
    write("0002_seed.sql", "INSERT INTO accounts VALUES (1, 'Äänekoski €');\nINSERT INTO accounts VALUES (2, 'b');\n");
    write("0010_more.sql", "ALTER TABLE accounts ADD COLUMN email TEXT;\nUPDATE accounts SET email = 'x';\n");
    write("README.txt", "not a migration");

    EXPECT_EQ(migrate(*db_, mig_.string()), 3);
    EXPECT_EQ(count("SELECT count(*) FROM accounts WHERE email = 'x'"), 2);
    auto rows = db_->acquire()->query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].i64(0), 1);
    EXPECT_EQ(rows[0].str(1), "accounts");
    EXPECT_EQ(rows[2].i64(0), 10);
    EXPECT_EQ(rows[2].str(1), "more");
    EXPECT_EQ(rows[0].str(2).size(), 20u) << rows[0].str(2);  // 2025-01-01T00:00:00Z

    EXPECT_EQ(migrate(*db_, mig_.string()), 0);  // idempotent: the INSERTs did not run twice
    EXPECT_EQ(count("SELECT count(*) FROM accounts"), 2);
    EXPECT_EQ(db_->acquire()->query("SELECT name FROM accounts WHERE id = 1")[0].str(0), "Äänekoski €");

    write("0011_late.sql", "CREATE INDEX accounts_email ON accounts (email);");
    EXPECT_EQ(migrate(*db_, mig_.string()), 1);
    EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), 4);
}

TEST_P(MigrateTest, FailingFileIsRolledBackAndNamed) {
    write("0001_ok.sql", "CREATE TABLE ok (x INTEGER);");
    write("0002_broken.sql", "CREATE TABLE half (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n");
    write("0003_after.sql", "CREATE TABLE after_broken (x INTEGER);");
    try {
        migrate(*db_, mig_.string());
        FAIL() << "broken migration applied";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("0002_broken.sql"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), 1);
    auto c = db_->acquire();
    EXPECT_EQ(c->query("SELECT count(*) FROM ok")[0].i64(0), 0);  // 0001 stays
    EXPECT_THROW(c->query("SELECT count(*) FROM half"), Error);    // 0002's first statement undone
    EXPECT_THROW(c->query("SELECT count(*) FROM after_broken"), Error);

    write("0002_broken.sql", "CREATE TABLE half (x INTEGER);");
    EXPECT_EQ(migrate(*db_, mig_.string()), 2);
}

TEST_P(MigrateTest, BadFolderOrNamesAreClearErrors) {
    try {
        migrate(*db_, (dir_ / "nowhere").string());
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
    }
    write("first.sql", "SELECT 1;");
    try {
        migrate(*db_, mig_.string());
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("first.sql"), std::string::npos) << e.what();
    }
    std::filesystem::remove(sub() / "first.sql");
    write("0001_a.sql", "SELECT 1;");
    write("001_b.sql", "SELECT 1;");
    EXPECT_THROW(migrate(*db_, mig_.string()), std::runtime_error);  // same version twice
}

TEST_P(MigrateTest, ConcurrentMigratorsApplyEachFileOnce) {
    // Slow-ish migrations widen the window in which two migrators overlap.
    for (int v = 1; v <= 12; ++v) {
        std::string sql = "CREATE TABLE m" + std::to_string(v) + " (x INTEGER);";
        for (int i = 0; i < 50; ++i) sql += "INSERT INTO m" + std::to_string(v) + " VALUES (" + std::to_string(i) + ");";
        char name[32];
        std::snprintf(name, sizeof name, "%04d_m%d.sql", v, v);
        write(name, sql);
    }
    // Two Database objects = two independent pools, as two server processes would have.
    auto a = open(1);
    auto b = open(1);
    auto fa = std::async(std::launch::async, [&] { return migrate(*a, mig_.string()); });
    auto fb = std::async(std::launch::async, [&] { return migrate(*b, mig_.string()); });
    int na = fa.get();
    int nb = fb.get();
    EXPECT_EQ(na + nb, 12);
    EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"), 12);
    for (int v = 1; v <= 12; ++v) EXPECT_EQ(count("SELECT count(*) FROM m" + std::to_string(v)), 50);
}
