// Placeholder until the generator lands (being written now); refuses clearly.
#include "app/bench_seed.hpp"

#include <stdexcept>

namespace pt::app {

void seed_bench(db::Database&, const Clock&, const BenchSeedOptions&, std::ostream&) {
    throw std::runtime_error("seed-bench is not built yet");
}

}  // namespace pt::app
