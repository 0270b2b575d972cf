#pragma once
// Shared fixture: every storage test runs once on a fresh SQLite file and once on PostgreSQL
// (PT_TEST_PG_URL), where each test gets its own schema so tests never see each other's tables.
#include "storage/db.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace pt::db::testing {

inline std::filesystem::path make_temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pt-storage-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

inline std::string pg_url() {
    const char* u = std::getenv("PT_TEST_PG_URL");
    return u ? u : "";
}

class DbTest : public ::testing::TestWithParam<Dialect> {
protected:
    void SetUp() override {
        dir_ = make_temp_dir();
        if (GetParam() == Dialect::sqlite) {
            url_ = "sqlite:" + (dir_ / "test.db").string();
        } else {
            std::string base = pg_url();
            if (base.empty()) GTEST_SKIP() << "PT_TEST_PG_URL not set: skipping the PostgreSQL run";
            static std::atomic<int> seq{0};
            schema_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(seq++);
            auto admin = Database::open(base, 1);
            admin->acquire()->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
            url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
        }
        db_ = open(4);
    }

    void TearDown() override {
        db_.reset();
        if (!schema_.empty()) {
            auto admin = Database::open(pg_url(), 1);
            admin->acquire()->execute_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        }
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::unique_ptr<Database> open(int pool) { return Database::open(url_, pool); }
    bool pg() const { return GetParam() == Dialect::postgres; }
    // Auto-increment key, the one DDL difference these tests need.
    std::string id_col() const { return pg() ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY"; }

    std::filesystem::path dir_;
    std::string url_;
    std::string schema_;
    std::unique_ptr<Database> db_;
};

inline std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
    return info.param == Dialect::sqlite ? "sqlite" : "postgres";
}

}  // namespace pt::db::testing

#define PT_DB_TEST_SUITE(Suite)                                                                        \
    INSTANTIATE_TEST_SUITE_P(Drivers, Suite,                                                           \
                             ::testing::Values(pt::db::Dialect::sqlite, pt::db::Dialect::postgres),   \
                             pt::db::testing::dialect_name)
