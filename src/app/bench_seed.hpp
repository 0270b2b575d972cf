#pragma once
// Benchmark data: a believable market of N product cards (N/20 providers, ~N customers with
// vouchers) for bench/run. Writes a manifest (JSON) that tells the load generator which ids
// and API tokens it may use.
#include <cstdint>
#include <filesystem>
#include <ostream>

#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::app {

struct BenchSeedOptions {
    std::int64_t cards = 10000;
    std::filesystem::path manifest;   // empty: do not write one
    std::uint64_t random_seed = 2026;
};

// Fills a migrated database; throws std::runtime_error when it already holds bench data.
// Progress lines go to `progress`.
void seed_bench(db::Database& db, const Clock& clock, const BenchSeedOptions& options, std::ostream& progress);

}  // namespace pt::app
