// Pure functions of the storage layer: placeholder rewriting, Row conversions, URL parsing.
#include "storage/drivers.hpp"

#include "test_db.hpp"

#include <gtest/gtest.h>

using namespace pt::db;

namespace {

std::string rw(std::string_view sql, int expected_count) {
    int n = -1;
    std::string out = rewrite_placeholders(sql, &n);
    EXPECT_EQ(n, expected_count) << "for: " << sql;
    return out;
}

Row row(std::vector<std::optional<std::string>> cols) { return Row(std::move(cols)); }

}  // namespace

TEST(Placeholders, NumbersEachQuestionMarkInOrder) {
    EXPECT_EQ(rw("SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?", 3), "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3");
    EXPECT_EQ(rw("INSERT INTO t(a,b) VALUES(?,?)", 2), "INSERT INTO t(a,b) VALUES($1,$2)");
    EXPECT_EQ(rw("SELECT 1", 0), "SELECT 1");
    EXPECT_EQ(rw("", 0), "");
}

TEST(Placeholders, SkipsStringLiterals) {
    EXPECT_EQ(rw("SELECT '?', ?", 1), "SELECT '?', $1");
    EXPECT_EQ(rw("SELECT 'it''s ?' || ?", 1), "SELECT 'it''s ?' || $1");
    EXPECT_EQ(rw("SELECT E'a\\'?' , ?", 1), "SELECT E'a\\'?' , $1");
    // Without the E prefix a backslash is an ordinary character, so the literal ends at the second quote.
    EXPECT_EQ(rw("SELECT 'a\\', ?", 1), "SELECT 'a\\', $1");
    EXPECT_EQ(rw("SELECT name' ?", 0), "SELECT name' ?");  // unterminated literal swallows the rest
}

TEST(Placeholders, SkipsQuotedIdentifiers) {
    EXPECT_EQ(rw("SELECT \"what?\" FROM \"t\"\"?\" WHERE x = ?", 1), "SELECT \"what?\" FROM \"t\"\"?\" WHERE x = $1");
}

TEST(Placeholders, KeepsCasts) {
    EXPECT_EQ(rw("SELECT ?::int, ?::text[], now()::date", 2), "SELECT $1::int, $2::text[], now()::date");
    EXPECT_EQ(rw("SELECT CAST(? AS bigint)", 1), "SELECT CAST($1 AS bigint)");
}

TEST(Placeholders, SkipsComments) {
    EXPECT_EQ(rw("-- why?\nSELECT ? -- and ?\n, ?", 2), "-- why?\nSELECT $1 -- and ?\n, $2");
    EXPECT_EQ(rw("SELECT /* a ? /* nested ? */ still ? */ ?", 1), "SELECT /* a ? /* nested ? */ still ? */ $1");
    EXPECT_EQ(rw("SELECT ? -- trailing ?", 1), "SELECT $1 -- trailing ?");
}

TEST(Placeholders, SkipsDollarQuotedBodies) {
    EXPECT_EQ(rw("SELECT $$ ? $$, $tag$ it's ? $tag$, ?", 1), "SELECT $$ ? $$, $tag$ it's ? $tag$, $1");
    EXPECT_EQ(rw("SELECT $1, ?", 1), "SELECT $1, $1");  // `$1` is not a dollar quote
}

TEST(Placeholders, HandlesNonAsciiText) {
    EXPECT_EQ(rw("SELECT 'ä?€' , ä, ?", 1), "SELECT 'ä?€' , ä, $1");
}

TEST(RowAccessors, ConvertsText) {
    Row r = row({"42", "-9223372036854775808", "3.5", std::nullopt, "t", "false", "1", "0", "TRUE", "400.00", ""});
    EXPECT_EQ(r.size(), 11u);
    EXPECT_EQ(r.i64(0), 42);
    EXPECT_EQ(r.i64(1), INT64_MIN);
    EXPECT_DOUBLE_EQ(r.f64(2), 3.5);
    EXPECT_TRUE(r.is_null(3));
    EXPECT_EQ(r.str(3), "");
    EXPECT_EQ(r.i64(3), 0);
    EXPECT_EQ(r.opt_i64(3), std::nullopt);
    EXPECT_EQ(r.opt_str(3), std::nullopt);
    EXPECT_FALSE(r.boolean(3));
    EXPECT_TRUE(r.boolean(4));
    EXPECT_FALSE(r.boolean(5));
    EXPECT_TRUE(r.boolean(6));
    EXPECT_FALSE(r.boolean(7));
    EXPECT_TRUE(r.boolean(8));
    EXPECT_EQ(r.i64(9), 400);
    EXPECT_FALSE(r.is_null(10));
    EXPECT_EQ(r.opt_str(10), std::optional<std::string>(""));
}

TEST(RowAccessors, RejectsNonNumbersWithClearErrors) {
    Row r = row({"abc", "12x", "", "1.5", "99999999999999999999", "yes"});
    for (std::size_t i : {0u, 1u, 2u, 3u, 4u}) {
        try {
            r.i64(i);
            ADD_FAILURE() << "i64(" << i << ") accepted '" << r.str(i) << "'";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind, Error::Kind::other);
            EXPECT_NE(std::string(e.what()).find("column " + std::to_string(i)), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(r.f64(0), Error);
    EXPECT_THROW(r.boolean(5), Error);
    EXPECT_THROW(r.str(6), Error);  // past the end
}

TEST(FormatDouble, RoundTripsShortest) {
    EXPECT_EQ(format_double(0.1), "0.1");
    EXPECT_EQ(format_double(-2.5), "-2.5");
    EXPECT_EQ(format_double(1e300), "1e+300");
    EXPECT_EQ(std::stod(format_double(1.0 / 3.0)), 1.0 / 3.0);
}

TEST(DatabaseOpen, RejectsUnknownUrls) {
    for (std::string url : {"mysql://x", "", "sqlite3:foo.db", "postgresq://x", "sqlite:"}) {
        try {
            Database::open(url, 1);
            ADD_FAILURE() << "accepted '" << url << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("unsupported database URL '" + url + "'"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(Database::open("sqlite::memory:", 0), std::invalid_argument);
}

TEST(DatabaseOpen, SqliteCreatesParentDirectory) {
    auto dir = pt::db::testing::make_temp_dir();
    auto file = dir / "a" / "b" / "x.db";
    {
        auto db = Database::open("sqlite:" + file.string(), 2);
        EXPECT_EQ(db->dialect(), Dialect::sqlite);
        db->acquire()->execute("CREATE TABLE t (x INTEGER)");
    }
    EXPECT_TRUE(std::filesystem::exists(file));
    std::filesystem::remove_all(dir);
}

TEST(DatabaseOpen, SqliteMemoryIsOneSharedConnection) {
    auto db = Database::open("sqlite::memory:", 8);
    db->acquire()->execute("CREATE TABLE t (x INTEGER)");
    // A second lease sees the table: the pool hands out the same single connection.
    EXPECT_EQ(db->acquire()->execute("INSERT INTO t VALUES (1)"), 1);
}

TEST(DatabaseOpen, PostgresUnreachableGivesClearError) {
    try {
        Database::open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2", 1);
        FAIL() << "connected to port 1?";
    } catch (const Error& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("cannot connect to PostgreSQL"), std::string::npos) << msg;
        EXPECT_EQ(msg.find("secret"), std::string::npos) << "password leaked: " << msg;
    }
}
