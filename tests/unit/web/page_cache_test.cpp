// PageCache on a real SQLite database: answers are reused per version, a version bump or a
// full byte budget starts over, and only 200s are kept.
#include "web/page_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

namespace pt::web {
namespace {

class PageCacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() / ("pt-page-cache-" + std::to_string(getpid()) + ".db");
        std::filesystem::remove(path_);
        db_ = db::Database::open("sqlite:" + path_.string(), 1);
        db_->acquire()->execute_script(
            "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
            "INSERT INTO counters VALUES ('v', 1);");
    }
    void TearDown() override {
        db_.reset();
        for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    }
    void bump() { db_->acquire()->execute("UPDATE counters SET value = value + 1 WHERE name = 'v'"); }

    http::Response answer(int status, std::string body) {
        ++made_;
        auto r = http::Response::text(std::move(body), status);
        return r;
    }

    std::filesystem::path path_;
    std::unique_ptr<db::Database> db_;
    int made_ = 0;
};

TEST_F(PageCacheTest, ReusesTheAnswerUntilTheVersionChanges) {
    PageCache cache(*db_, "v");
    auto make = [&] { return answer(200, "page " + std::to_string(made_)); };
    EXPECT_EQ(cache.get_or_make("/a", make).body, "page 0");
    EXPECT_EQ(cache.get_or_make("/a", make).body, "page 0");
    EXPECT_EQ(made_, 1);
    EXPECT_EQ(cache.get_or_make("/b", make).body, "page 1");
    bump();
    EXPECT_EQ(cache.get_or_make("/a", make).body, "page 2");
    EXPECT_EQ(made_, 3);
}

TEST_F(PageCacheTest, KeepsOnlySuccessfulAnswers) {
    PageCache cache(*db_, "v");
    auto make = [&] { return answer(404, "missing"); };
    cache.get_or_make("/x", make);
    cache.get_or_make("/x", make);
    EXPECT_EQ(made_, 2);
}

TEST_F(PageCacheTest, StartsOverWhenTheByteBudgetIsFull) {
    PageCache cache(*db_, "v", 100);
    auto make = [&] { return answer(200, std::string(40, 'x')); };
    cache.get_or_make("/1", make);
    cache.get_or_make("/2", make);   // 2 × (2 + 40) bytes: fits
    cache.get_or_make("/1", make);
    EXPECT_EQ(made_, 2);
    cache.get_or_make("/3", make);   // over 100: the cache starts over with /3 alone
    cache.get_or_make("/1", make);
    EXPECT_EQ(made_, 4);
}

TEST_F(PageCacheTest, DisabledMakesEveryTime) {
    PageCache cache(*db_, "v");
    cache.set_enabled(false);
    auto make = [&] { return answer(200, "p"); };
    cache.get_or_make("/a", make);
    cache.get_or_make("/a", make);
    EXPECT_EQ(made_, 2);
}

}  // namespace
}  // namespace pt::web
