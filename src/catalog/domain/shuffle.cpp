#include "catalog/domain/shuffle.hpp"

namespace pt::catalog {

namespace {

constexpr std::int64_t P = shuffle_modulus;

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::int64_t qr(std::int64_t x) {  // x in [0, P)
    const std::int64_t r = (x * x) % P;
    return x * 2 <= P ? r : P - r;
}

std::string qr_sql(const std::string& x) {
    const auto p = std::to_string(P);
    return "(CASE WHEN (" + x + ") * 2 <= " + p + " THEN ((" + x + ") * (" + x + ")) % " + p + " ELSE " + p +
           " - ((" + x + ") * (" + x + ")) % " + p + " END)";
}

}  // namespace

std::int64_t day_number(std::chrono::sys_days d) { return d.time_since_epoch().count(); }

ShuffleSeed shuffle_seed(std::int64_t day) {
    const auto k = static_cast<std::uint64_t>(day);
    ShuffleSeed s;
    s.a = 1 + static_cast<std::int64_t>(splitmix64(k * 3 + 1) % static_cast<std::uint64_t>(P - 1));
    s.b = static_cast<std::int64_t>(splitmix64(k * 3 + 2) % static_cast<std::uint64_t>(P));
    s.c = static_cast<std::int64_t>(splitmix64(k * 3 + 3) % static_cast<std::uint64_t>(P));
    return s;
}

std::int64_t shuffle_key(std::int64_t id, const ShuffleSeed& s) {
    const std::int64_t x1 = ((id % P) * s.a + s.b) % P;
    const std::int64_t x2 = qr(x1);
    return qr((x2 + s.c) % P);
}

std::string shuffle_key_sql(std::string_view id_column, const ShuffleSeed& s) {
    const auto p = std::to_string(P);
    const std::string x1 = "((" + std::string(id_column) + " % " + p + ") * " + std::to_string(s.a) + " + " +
                           std::to_string(s.b) + ") % " + p;
    const std::string x2 = qr_sql(x1);
    return qr_sql("(" + x2 + " + " + std::to_string(s.c) + ") % " + p);
}

}  // namespace pt::catalog
