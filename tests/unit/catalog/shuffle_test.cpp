#include "catalog/domain/shuffle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "../storage/test_db.hpp"

using namespace pt::catalog;

namespace {

std::vector<std::int64_t> order_of(std::int64_t n, const ShuffleSeed& s) {
    std::vector<std::int64_t> ids(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) ids[static_cast<std::size_t>(i)] = i + 1;
    std::sort(ids.begin(), ids.end(), [&](auto a, auto b) { return shuffle_key(a, s) < shuffle_key(b, s); });
    return ids;
}

}  // namespace

TEST(Shuffle, KeysAreDistinctAndInRange) {
    const auto s = shuffle_seed(20000);
    std::set<std::int64_t> keys;
    for (std::int64_t id = 1; id <= 200000; ++id) {
        auto k = shuffle_key(id, s);
        ASSERT_GE(k, 0);
        ASSERT_LT(k, shuffle_modulus);
        keys.insert(k);
    }
    EXPECT_EQ(keys.size(), 200000u);  // a bijection: no two cards share a place
}

TEST(Shuffle, LargeIdsDoNotOverflow) {
    const auto s = shuffle_seed(1);
    for (std::int64_t id : {shuffle_modulus - 1, shuffle_modulus, shuffle_modulus + 1, std::int64_t{1} << 40}) {
        auto k = shuffle_key(id, s);
        EXPECT_GE(k, 0);
        EXPECT_LT(k, shuffle_modulus);
    }
}

TEST(Shuffle, SameDaySameOrderOtherDayOtherOrder) {
    EXPECT_EQ(shuffle_seed(20400), shuffle_seed(20400));
    EXPECT_EQ(order_of(100, shuffle_seed(20400)), order_of(100, shuffle_seed(20400)));
    const auto a = order_of(100, shuffle_seed(20400));
    const auto b = order_of(100, shuffle_seed(20401));
    EXPECT_NE(a, b);
    // Not merely rotated: the first ten differ almost entirely between two days.
    std::set<std::int64_t> first_a(a.begin(), a.begin() + 10);
    int shared = 0;
    for (auto it = b.begin(); it != b.begin() + 10; ++it) shared += first_a.count(*it) ? 1 : 0;
    EXPECT_LT(shared, 6);
}

TEST(Shuffle, ConsecutiveIdsOfOneProviderAreSpreadOut) {
    // A provider's cards are often created one after another; they must not stay together.
    const auto order = order_of(1000, shuffle_seed(20123));
    std::vector<std::size_t> pos(1001);
    for (std::size_t i = 0; i < order.size(); ++i) pos[static_cast<std::size_t>(order[i])] = i;
    int adjacent = 0;
    for (std::size_t id = 1; id < 1000; ++id) adjacent += (pos[id] + 1 == pos[id + 1]) ? 1 : 0;
    EXPECT_LT(adjacent, 20);
    // Each block of 20 ids (one provider) lands all over the list, not in one corner.
    for (std::size_t block = 0; block < 50; ++block) {
        std::size_t lo = 1000, hi = 0;
        for (std::size_t id = block * 20 + 1; id <= block * 20 + 20; ++id) {
            lo = std::min(lo, pos[id]);
            hi = std::max(hi, pos[id]);
        }
        EXPECT_GT(hi - lo, 300u) << block;
    }
}

TEST(Shuffle, DayNumberIsDaysSinceEpoch) {
    using namespace std::chrono;
    EXPECT_EQ(day_number(sys_days{year{1970} / January / 1}), 0);
    EXPECT_EQ(day_number(sys_days{year{2026} / March / 10}), 20522);
}

// The daily job computes the keys in SQL; they must be exactly the C++ keys on both databases.
class ShuffleSql : public pt::db::testing::DbTest {};

TEST_P(ShuffleSql, SqlExpressionEqualsCpp) {
    auto lease = db_->acquire();
    auto& c = *lease;
    c.execute_script(std::string(pg() ? "CREATE TABLE t (id BIGINT PRIMARY KEY, k BIGINT)"
                                      : "CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER)"));
    std::vector<std::int64_t> ids = {1, 2, 3, 17, 999, 65535, 65536, 1000003, 46341, 1073741823, 1073741824,
                                     2147483646, 2147483647, 2147483648, 4000000000, std::int64_t{1} << 40};
    for (std::int64_t i = 5000; i < 5200; ++i) ids.push_back(i);
    for (auto id : ids) c.execute("INSERT INTO t (id, k) VALUES (?, 0)", {id});
    for (std::int64_t day : {0, 1, 20522, 20523, 99999}) {
        const auto s = shuffle_seed(day);
        c.execute("UPDATE t SET k = " + shuffle_key_sql("id", s));
        for (const auto& r : c.query("SELECT id, k FROM t"))
            ASSERT_EQ(r.i64(1), shuffle_key(r.i64(0), s)) << "day " << day << " id " << r.i64(0);
    }
}

PT_DB_TEST_SUITE(ShuffleSql);
