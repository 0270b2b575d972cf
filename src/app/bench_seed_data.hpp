#pragma once
// Private to bench_seed.cpp: the word lists and generators behind the benchmark market.
// No I/O; everything is drawn from one seeded generator so a seed always gives the same data.
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace pt::app::bench {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : g_(seed) {}
    // Modulo bias is irrelevant here; the point is the same sequence on every platform.
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : g_() % n; }
    bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
    template <class V>
    const auto& pick(const V& v) { return v[below(v.size())]; }
    // Index into `weights`, chosen in proportion to them.
    std::size_t weighted(const std::vector<int>& weights, int total);

private:
    std::mt19937_64 g_;
};

struct Municipality {
    const char* code;
    const char* name_fi;
    const char* name_sv;
    const char* in_fi;  // locative: "Helsingissä", "Tampereella"
    const char* region;  // genitive, for company names: "Uudenmaan"
    int weight;         // how many providers are based there, relatively
    std::vector<const char*> neighbours;
};
const std::vector<Municipality>& municipalities();
const std::vector<int>& municipality_weights();
int municipality_weight_total();

struct Service {
    const char* code;  // bench-1 ..
    const char* name_fi;
    const char* name_en;
    const char* name_sv;
    const char* description_fi;
    const char* description_en;
    const char* service_class;  // PTV code
    int weight;                 // share of providers specialising in it
    std::vector<const char*> titles_fi;
    std::vector<const char*> summaries_fi;
    std::vector<const char*> sentences_fi;
    const char* summary_en;
    std::vector<const char*> sentences_en;
    const char* summary_sv;
};
const std::vector<Service>& services();
const std::vector<int>& service_weights();
int service_weight_total();

// Terms a user would type; the manifest keeps those that find cards.
const std::vector<std::string>& candidate_search_terms();

// A company name; sometimes carries the region of its home municipality.
std::string provider_name(Rng& rng, const Municipality& home);
std::string customer_name(Rng& rng);
std::string person_name(Rng& rng);

struct CardText {
    std::string title, summary, description, duration;
};
// languages: "fi", "fi,sv", "fi,en", "en" or "sv"; mode: on_site | remote | hybrid.
CardText card_text(Rng& rng, const Service& s, std::string_view languages, std::string_view mode,
                   const std::string& provider, const Municipality& m, std::int64_t euros);

// Unique valid business IDs: walks the 7-digit bodies in a seed-dependent order (an affine
// permutation of 0..9999999), skipping bodies without a check digit and IDs already taken.
class BusinessIds {
public:
    BusinessIds(std::uint64_t seed, std::unordered_set<std::string> taken);
    std::string next();  // throws std::runtime_error when the space is used up

private:
    std::uint64_t offset_;
    std::uint64_t k_ = 0;
    std::unordered_set<std::string> taken_;
};

// How many business IDs the 7-digit space can give, minus a margin for IDs already taken.
constexpr std::int64_t max_generated_business_ids = 9000000;

}  // namespace pt::app::bench
