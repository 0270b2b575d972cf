// Binary values (attachments): bytes go in as db::Blob and come back unchanged on both drivers,
// NULs, invalid UTF-8 and large sizes included.
#include "test_db.hpp"

#include <random>

using namespace pt::db;
using pt::db::testing::DbTest;

class BlobTest : public DbTest {
protected:
    std::string blob_col() const { return pg() ? "BYTEA" : "BLOB"; }
    void create(Connection& c) {
        c.execute("CREATE TABLE b (id " + id_col() + ", name TEXT NOT NULL, content " + blob_col() + ")");
    }
};
PT_DB_TEST_SUITE(BlobTest);

namespace {

std::string every_byte() {
    std::string s;
    for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    return s;
}

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string s(n, '\0');
    for (auto& ch : s) ch = static_cast<char>(gen() & 0xff);
    return s;
}

}  // namespace

TEST_P(BlobTest, RoundTripsEveryByteValue) {
    auto c = db_->acquire();
    create(*c);
    const std::vector<std::string> cases = {
        every_byte(),
        std::string("%PDF-1.4\n\0\0\xff\xfe binary", 22),
        std::string("\0", 1),
        std::string("\\x41 looks like hex escape"),  // must not be taken for an escaped bytea
        std::string("\xc3\x28 invalid utf-8"),
    };
    for (std::size_t i = 0; i < cases.size(); ++i)
        EXPECT_EQ(c->execute("INSERT INTO b (name, content) VALUES (?, ?)", {std::to_string(i), Blob{cases[i]}}), 1);
    Result r = c->query("SELECT name, content, length(content) FROM b ORDER BY id");
    ASSERT_EQ(r.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(r[i].str(0), std::to_string(i));
        EXPECT_EQ(r[i].blob(1), cases[i]) << "case " << i;
        EXPECT_EQ(r[i].blob(1).size(), cases[i].size());
        EXPECT_EQ(r[i].i64(2), static_cast<std::int64_t>(cases[i].size())) << "stored as bytes, not text";
    }
}

TEST_P(BlobTest, EmptyBlobIsNotNull) {
    auto c = db_->acquire();
    create(*c);
    c->execute("INSERT INTO b (name, content) VALUES (?, ?)", {std::string("empty"), Blob{}});
    c->execute("INSERT INTO b (name, content) VALUES (?, ?)", {std::string("null"), Null{}});
    Result r = c->query("SELECT content IS NULL, content FROM b ORDER BY id");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_FALSE(r[0].boolean(0));
    EXPECT_FALSE(r[0].is_null(1));
    EXPECT_EQ(r[0].blob(1), "");
    EXPECT_TRUE(r[1].boolean(0));
    EXPECT_TRUE(r[1].is_null(1));
}

TEST_P(BlobTest, LargeBlobSurvivesAndCanBeComparedAsParameter) {
    auto c = db_->acquire();
    create(*c);
    const std::string big = random_bytes(10 * 1024 * 1024, 42);
    const std::string other = random_bytes(1000, 7);
    c->execute("INSERT INTO b (name, content) VALUES (?, ?)", {std::string("big"), Blob{big}});
    c->execute("INSERT INTO b (name, content) VALUES (?, ?)", {std::string("other"), Blob{other}});
    Result r = c->query("SELECT content FROM b WHERE name = ?", {std::string("big")});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].blob(0) == big);
    // A blob parameter in a WHERE clause matches by bytes.
    Result m = c->query("SELECT name FROM b WHERE content = ?", {Blob{other}});
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].str(0), "other");
}

TEST_P(BlobTest, BlobsInsideATransactionAndPreparedTwice) {
    // The statement is prepared once and reused: the second run must bind fresh lengths.
    {
        auto c = db_->acquire();
        create(*c);
    }
    db_->transact(TxMode::write, [&](Connection& c) {
        for (int i = 0; i < 3; ++i)
            c.execute("INSERT INTO b (name, content) VALUES (?, ?)",
                      {std::to_string(i), Blob{random_bytes(static_cast<std::size_t>(100 * (i + 1)), i)}});
    });
    auto c = db_->acquire();
    Result r = c->query("SELECT name, content FROM b ORDER BY id");
    ASSERT_EQ(r.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(r[i].blob(1), random_bytes(static_cast<std::size_t>(100 * (i + 1)), i));
}

TEST_P(BlobTest, TextParameterIntoBlobColumnStaysTextOnRead) {
    // Text columns are untouched by the bytea decoding: a string that looks like bytea hex
    // in a TEXT column reads back as typed.
    auto c = db_->acquire();
    c->execute("CREATE TABLE t (id " + id_col() + ", s TEXT)");
    c->execute("INSERT INTO t (s) VALUES (?)", {std::string("\\x4142")});
    EXPECT_EQ(c->query("SELECT s FROM t")[0].str(0), "\\x4142");
}
