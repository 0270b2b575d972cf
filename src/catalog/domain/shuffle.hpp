#pragma once
// The provider-neutral order of the catalog: every day the cards get a new permutation of
// their ids as sort keys, seeded by the day, so among equally relevant cards no provider holds
// a place it could buy or keep. No I/O.
//
// The same arithmetic runs in C++ (a card inserted today) and as SQL (the daily job rewrites
// every key in batches), so it uses only what SQLite and PostgreSQL evaluate alike on 64-bit
// integers: +, *, % of non-negative values and CASE (SQLite has no XOR). Every intermediate
// value stays below 2^62.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace pt::catalog {

// A prime ≡ 3 (mod 4): x -> x² mod P is then a permutation of [0, P) once the upper half is
// reflected (P - x² mod P), which is what breaks the linearity of the affine step.
inline constexpr std::int64_t shuffle_modulus = 2147483647;  // 2^31 - 1

struct ShuffleSeed {
    std::int64_t a = 1, b = 0, c = 0;  // a in [1, P), b and c in [0, P)
    bool operator==(const ShuffleSeed&) const = default;
};

// Days since 1970-01-01 (the value kept in counters.catalog_shuffle_day).
std::int64_t day_number(std::chrono::sys_days d);
ShuffleSeed shuffle_seed(std::int64_t day);

// Sort key of card `id` (>= 1) under `s`: a bijection of [0, P) applied to id mod P, so two
// cards never share a key below two billion cards. Result in [0, P).
std::int64_t shuffle_key(std::int64_t id, const ShuffleSeed& s);
// The same as an SQL expression over the integer column `id_column`, constants inlined.
std::string shuffle_key_sql(std::string_view id_column, const ShuffleSeed& s);

}  // namespace pt::catalog
