// seed-bench: writes a large generated market straight into the tables, in big transactions
// with explicit ids and multi-row INSERTs, because going through the repositories one card at
// a time would take hours for a million cards. The rows are the same as the repositories write
// (catalog::insert_product_card, vouchers::insert_voucher, accounts::insert_user/insert_api_token).
#include "app/bench_seed.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "accounts/domain/secrets.hpp"
#include "app/bench_seed_data.hpp"
#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"

namespace pt::app {

namespace {

using db::Value;
using SteadyClock = std::chrono::steady_clock;

constexpr std::int64_t kVoucherCents = 500000;
constexpr std::size_t kOrderCardSample = 2000;
constexpr std::int64_t kProvidersPerTx = 10000, kCardsPerTx = 5000, kCustomersPerTx = 5000;

double seconds_since(SteadyClock::time_point t) {
    return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// Session settings for a bulk load, put back when the seed ends (also on failure).
class BulkSession {
public:
    explicit BulkSession(db::Connection& c) : c_(c) {
        if (c_.dialect() == db::Dialect::sqlite)
            c_.execute_script("PRAGMA synchronous = OFF; PRAGMA cache_size = -65536");
        else
            c_.execute_script("SET synchronous_commit = off; SET statement_timeout = 0");
    }
    ~BulkSession() {
        try {
            if (c_.dialect() == db::Dialect::sqlite)
                c_.execute_script("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000");
            else
                // The driver's own statement timeout (pg_driver.cpp connect()), not the server default.
            c_.execute_script("RESET synchronous_commit; SET statement_timeout = '30s'");
        } catch (...) {
        }
    }
    BulkSession(const BulkSession&) = delete;
    BulkSession& operator=(const BulkSession&) = delete;

private:
    db::Connection& c_;
};

// Collects rows of one table and writes them as multi-row INSERTs (at most 1000 rows and
// 30 000 parameters per statement: under SQLite's 32 766 and PostgreSQL's 65 535).
class Inserter {
public:
    // row: "(?, ?, 'grant', ?)" — placeholders and constants of one row.
    Inserter(db::Connection& c, std::string head, std::string row) : c_(c), head_(std::move(head)), row_(std::move(row)) {
        per_row_ = static_cast<std::size_t>(std::count(row_.begin(), row_.end(), '?'));
        rows_per_statement_ = std::max<std::size_t>(1, std::min<std::size_t>(1000, 30000 / std::max<std::size_t>(1, per_row_)));
    }
    template <class... V>
    void add(V&&... v) {
        static_assert(sizeof...(V) > 0);
        (pending_.emplace_back(std::forward<V>(v)), ...);
    }
    void flush() {
        if (pending_.size() % per_row_ != 0) throw std::logic_error("bench seed: row of wrong width for " + head_);
        const std::size_t rows = pending_.size() / per_row_;
        for (std::size_t at = 0; at < rows; at += rows_per_statement_) {
            const std::size_t n = std::min(rows_per_statement_, rows - at);
            std::vector<Value> params(std::make_move_iterator(pending_.begin() + at * per_row_),
                                      std::make_move_iterator(pending_.begin() + (at + n) * per_row_));
            c_.execute(sql(n), params);
        }
        written_ += static_cast<std::int64_t>(rows);
        pending_.clear();
    }
    std::int64_t written() const { return written_; }

private:
    const std::string& sql(std::size_t rows) {
        auto& s = sql_[rows];
        if (s.empty()) {
            s = "INSERT INTO " + head_ + " VALUES ";
            s.reserve(s.size() + rows * (row_.size() + 2));
            for (std::size_t i = 0; i < rows; ++i) s += (i ? ", " : "") + row_;
        }
        return s;
    }

    db::Connection& c_;
    std::string head_, row_;
    std::size_t per_row_ = 1, rows_per_statement_ = 1;
    std::vector<Value> pending_;
    std::map<std::size_t, std::string> sql_;
    std::int64_t written_ = 0;
};

// "cards 250000/1000000 (25%) 41000 rows/s" at most every 2 s, and at every 5 % step.
class Progress {
public:
    Progress(std::ostream& out, std::string what, std::int64_t total)
        : out_(out), what_(std::move(what)), total_(total), start_(SteadyClock::now()), last_(start_) {}
    void tick(std::int64_t done, bool final = false) {
        const auto now = SteadyClock::now();
        const int step = total_ > 0 ? static_cast<int>(done * 20 / total_) : 20;
        if (final ? done == shown_ : step == step_ && now - last_ < std::chrono::seconds(2)) return;
        step_ = step;
        shown_ = done;
        last_ = now;
        const double secs = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
        out_ << what_ << " " << done << "/" << total_ << " (" << (total_ ? done * 100 / total_ : 100) << "%) "
             << static_cast<std::int64_t>(static_cast<double>(done) / secs) << " rows/s" << std::endl;
    }

private:
    std::ostream& out_;
    std::string what_;
    std::int64_t total_;
    SteadyClock::time_point start_, last_;
    int step_ = 0;
    std::int64_t shown_ = -1;
};

std::int64_t next_id(db::Connection& c, const char* table) {
    return c.query(std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table)[0].i64(0);
}

bool bench_data_present(db::Connection& c) {
    return !c.query("SELECT 1 FROM product_cards pc JOIN service_descriptions sd ON sd.id = pc.service_description_id "
                    "WHERE sd.code LIKE 'bench-%' LIMIT 1")
                .empty();
}

class ManifestFile {
public:
    explicit ManifestFile(std::filesystem::path path) : path_(std::move(path)) {
        if (path_.empty()) return;
        tmp_ = path_;
        tmp_ += ".tmp";
        out_.open(tmp_, std::ios::binary | std::ios::trunc);
        if (!out_) throw std::runtime_error("seed-bench: cannot write the manifest file " + path_.string());
    }
    ~ManifestFile() {
        if (tmp_.empty()) return;
        out_.close();
        std::error_code ec;
        std::filesystem::remove(tmp_, ec);
    }
    ManifestFile(const ManifestFile&) = delete;
    ManifestFile& operator=(const ManifestFile&) = delete;
    bool enabled() const { return !path_.empty(); }
    void commit(const std::string& text) {
        out_ << text;
        out_.close();
        if (!out_) throw std::runtime_error("seed-bench: writing the manifest failed: " + tmp_.string());
        std::filesystem::rename(tmp_, path_);  // throws filesystem_error (a runtime_error) with the reason
        tmp_.clear();
    }

private:
    std::filesystem::path path_, tmp_;
    std::ofstream out_;
};

struct GeneratedProvider {
    std::string name;
    std::uint8_t municipality;  // index into bench::municipalities()
    std::uint8_t main_service, second_service;
};

// What the manifest needs to know about the cards, gathered while they are written.
struct CardStats {
    std::int64_t id_min = 0, id_max = 0;
    // Finnish-language cards per (service class, area municipality code).
    std::map<std::pair<std::string, std::string>, std::int64_t> fi_class_area;
    std::vector<std::int64_t> order_card_ids;  // reservoir sample of 2 500 € cards
    std::int64_t cheap_seen = 0;
};

struct Ids {
    std::int64_t provider, card, customer, voucher, ledger, user, token;
};

std::int64_t write_providers(db::Connection& c, bench::Rng& rng, bench::BusinessIds& bids, std::int64_t first_id,
                     std::int64_t count, const std::string& now, std::vector<GeneratedProvider>& out,
                     std::ostream& progress) {
    const auto& munis = bench::municipalities();
    Inserter ins(c, "providers (id, business_id, name, municipality, email, created_at)", "(?, ?, ?, ?, ?, ?)");
    Progress p(progress, "providers", count);
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t done = 0; done < count;) {
        db::Transaction tx(c, db::TxMode::write);
        const std::int64_t end = std::min(count, done + kProvidersPerTx);
        for (; done < end; ++done) {
            GeneratedProvider g;
            g.municipality = static_cast<std::uint8_t>(rng.weighted(bench::municipality_weights(),
                                                                    bench::municipality_weight_total()));
            g.name = bench::provider_name(rng, munis[g.municipality]);
            g.main_service = static_cast<std::uint8_t>(rng.weighted(bench::service_weights(), bench::service_weight_total()));
            g.second_service = static_cast<std::uint8_t>(rng.weighted(bench::service_weights(), bench::service_weight_total()));
            const std::int64_t id = first_id + done;
            ins.add(id, bids.next(), g.name, std::string(munis[g.municipality].name_fi),
                    "provider-" + std::to_string(id) + "@bench.palvelutori.example", now);
            out.push_back(std::move(g));
        }
        ins.flush();
        tx.commit();
        p.tick(done);
    }
    p.tick(count, true);
    return ins.written();
}

std::int64_t write_cards(db::Connection& c, bench::Rng& rng, const Ids& ids, std::int64_t count,
                 const std::vector<GeneratedProvider>& providers, const std::vector<std::int64_t>& service_ids,
                 std::uint64_t seed, const std::string& now, const catalog::ShuffleSeed& order, CardStats& stats,
                 std::ostream& progress) {
    const auto& munis = bench::municipalities();
    const auto& svcs = bench::services();
    bench::Rng sample_rng(seed ^ 0x5eed5eedULL);  // its own stream, so sampling does not shift the data
    Inserter cards(c,
                   "product_cards (id, provider_id, service_description_id, title, summary, description, price_cents, "
                   "languages, delivery_mode, duration, status, sort_key, created_at, updated_at, service_class)",
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published', ?, ?, ?, ?)");
    Inserter langs(c, "product_card_languages (product_card_id, language)", "(?, ?)");
    Inserter areas(c, "product_card_areas (product_card_id, municipality_code)", "(?, ?)");
    static const std::array<const char*, 5> kLanguageSets = {"fi", "fi,sv", "fi,en", "en", "sv"};
    static const std::vector<int> kLanguageWeights = {68, 10, 12, 6, 4};
    static const std::array<const char*, 3> kModes = {"on_site", "remote", "hybrid"};
    static const std::vector<int> kModeWeights = {40, 30, 30};

    stats.id_min = ids.card;
    stats.id_max = ids.card + count - 1;
    const auto provider_count = static_cast<std::int64_t>(providers.size());
    Progress p(progress, "cards", count);
    for (std::int64_t done = 0; done < count;) {
        db::Transaction tx(c, db::TxMode::write);
        const std::int64_t end = std::min(count, done + kCardsPerTx);
        for (; done < end; ++done) {
            const std::int64_t id = ids.card + done;
            // Each provider owns a contiguous block of about 20 cards.
            const auto pi = static_cast<std::size_t>(done * provider_count / count);
            const auto& prov = providers[pi];
            const auto r = rng.below(10);
            const std::size_t si = r < 6   ? prov.main_service
                                   : r < 9 ? prov.second_service
                                           : rng.weighted(bench::service_weights(), bench::service_weight_total());
            const auto& svc = svcs[si];
            const std::string languages = kLanguageSets[rng.weighted(kLanguageWeights, 100)];
            const std::string mode = kModes[rng.weighted(kModeWeights, 100)];
            const std::int64_t euros = rng.chance(50) ? 2500 : 5000;
            const auto& muni = munis[prov.municipality];
            auto text = bench::card_text(rng, svc, languages, mode, prov.name, muni, euros);

            cards.add(id, ids.provider + static_cast<std::int64_t>(pi), service_ids[si], std::move(text.title),
                      std::move(text.summary), std::move(text.description), euros * 100, languages, mode,
                      std::move(text.duration), catalog::shuffle_key(id, order), now, now, std::string(svc.service_class));

            const bool fi = languages.rfind("fi", 0) == 0;
            for (const char* l : {"fi", "sv", "en"})
                if (languages.find(l) != std::string::npos) langs.add(id, std::string(l));
            std::vector<std::string> area = {muni.code};
            static const std::vector<int> kExtraAreaWeights = {40, 25, 20, 15};  // 0..3 neighbours
            const std::size_t extra = std::min(muni.neighbours.size(), rng.weighted(kExtraAreaWeights, 100));
            const std::size_t from = muni.neighbours.empty() ? 0 : rng.below(muni.neighbours.size());
            for (std::size_t k = 0; k < extra; ++k) area.emplace_back(muni.neighbours[(from + k) % muni.neighbours.size()]);
            for (auto& a : area) {
                if (fi) ++stats.fi_class_area[{svc.service_class, a}];
                areas.add(id, std::move(a));
            }

            if (euros == 2500) {  // reservoir sampling: every cheap card equally likely to be kept
                ++stats.cheap_seen;
                if (stats.order_card_ids.size() < kOrderCardSample)
                    stats.order_card_ids.push_back(id);
                else if (auto j = sample_rng.below(static_cast<std::uint64_t>(stats.cheap_seen)); j < kOrderCardSample)
                    stats.order_card_ids[j] = id;
            }
        }
        cards.flush();
        langs.flush();
        areas.flush();
        tx.commit();
        p.tick(done);
    }
    p.tick(count, true);
    std::sort(stats.order_card_ids.begin(), stats.order_card_ids.end());
    return cards.written() + langs.written() + areas.written();
}

std::int64_t write_customers(db::Connection& c, bench::Rng& rng, bench::BusinessIds& bids, const Ids& ids, std::int64_t count,
                     const std::string& password_hash, const std::string& now, const std::string& valid_from,
                     const std::string& valid_until, std::ostream& progress) {
    Inserter customers(c, "customers (id, kind, business_id, name, email, created_at)", "(?, 'business', ?, ?, ?, ?)");
    Inserter vouchers(c, "vouchers (id, customer_id, value_cents, valid_from, valid_until, status, created_at)",
                      "(?, ?, " + std::to_string(kVoucherCents) + ", ?, ?, 'active', ?)");
    Inserter ledger(c, "ledger_entries (id, voucher_id, order_id, kind, amount_cents, created_at)",
                    "(?, ?, NULL, 'grant', " + std::to_string(kVoucherCents) + ", ?)");
    Inserter users(c, "users (id, email, name, role, password_hash, provider_id, customer_id, created_at)",
                   "(?, ?, ?, 'customer', ?, NULL, ?, ?)");
    Inserter tokens(c, "api_tokens (id, user_id, name, token_hash, created_at, revoked_at)", "(?, ?, 'bench', ?, ?, NULL)");
    Progress p(progress, "customers", count);
    for (std::int64_t done = 0; done < count;) {
        db::Transaction tx(c, db::TxMode::write);
        const std::int64_t end = std::min(count, done + kCustomersPerTx);
        for (; done < end; ++done) {
            const std::int64_t customer = ids.customer + done, voucher = ids.voucher + done, user = ids.user + done;
            const std::string vid = std::to_string(voucher);
            customers.add(customer, bids.next(), bench::customer_name(rng),
                          "info-" + std::to_string(customer) + "@bench.palvelutori.example", now);
            vouchers.add(voucher, customer, valid_from, valid_until, now);
            ledger.add(ids.ledger + done, voucher, now);
            users.add(user, "bench-" + vid + "@bench.palvelutori.example", bench::person_name(rng), password_hash,
                      customer, now);
            tokens.add(ids.token + done, user, accounts::secret_hash("pt_bench_" + vid), now);
        }
        customers.flush();
        vouchers.flush();
        ledger.flush();
        users.flush();
        tokens.flush();
        tx.commit();
        p.tick(done);
    }
    p.tick(count, true);
    return customers.written() + vouchers.written() + ledger.written() + users.written() + tokens.written();
}

// The (service class, municipality) pair whose Finnish cards are closest to 1 % of all cards,
// within 0.1 %..5 % when any pair is; else the rarest pair that has cards.
std::pair<std::string, std::string> pick_filter(const CardStats& stats, std::int64_t cards) {
    const double lo = 0.001 * static_cast<double>(cards), hi = std::max(1.0, 0.05 * static_cast<double>(cards));
    const double target = std::max(1.0, 0.01 * static_cast<double>(cards));
    std::pair<std::string, std::string> best, rarest;
    double best_gap = -1;
    std::int64_t rarest_n = -1;
    for (const auto& [key, n] : stats.fi_class_area) {
        if (n <= 0) continue;
        if (rarest_n < 0 || n < rarest_n) rarest_n = n, rarest = key;
        const double x = static_cast<double>(n);
        if (x < lo || x > hi) continue;
        const double gap = std::abs(x - target);
        if (best_gap < 0 || gap < best_gap) best_gap = gap, best = key;
    }
    return best_gap >= 0 ? best : rarest;
}

}  // namespace

void seed_bench(db::Database& db, const Clock& clock, const BenchSeedOptions& options, std::ostream& progress) {
    if (options.cards < 1) throw std::runtime_error("seed-bench: the number of cards must be at least 1");
    const auto started = SteadyClock::now();
    const std::int64_t n_cards = options.cards;
    const std::int64_t n_providers = std::max<std::int64_t>(1, n_cards / 20);
    const std::int64_t n_customers = std::min(n_cards, bench::max_generated_business_ids - n_providers);
    if (n_customers < 1) throw std::runtime_error("seed-bench: too many cards for the 7-digit business ID space");

    auto lease = db.acquire();
    db::Connection& c = *lease;
    if (bench_data_present(c))
        throw std::runtime_error("seed-bench: this database already holds bench data (cards under service descriptions "
                                 "bench-*); use a fresh database");

    // The manifest goes to FILE.tmp, renamed at the end: an unwritable path fails before the long
    // part, and a failed run never leaves a manifest that describes data that is not there.
    ManifestFile manifest(options.manifest);

    // argon2id is slow on purpose: one hash for every bench user.
    const std::string password_hash = accounts::hash_password("Bench-customer-1");
    const auto now_tp = clock.now();
    const std::string now = to_iso(now_tp);
    const auto today = std::chrono::floor<std::chrono::days>(now_tp);
    const std::string valid_from = to_iso_date(today);
    const std::string valid_until =
        to_iso_date(std::chrono::sys_days{std::chrono::year_month_day{today} + std::chrono::months{6}});

    BulkSession bulk(c);
    bench::Rng rng(options.random_seed);

    std::vector<std::int64_t> service_ids;
    Ids ids{};
    std::unordered_set<std::string> taken;
    {
        db::Transaction tx(c, db::TxMode::write);
        if (c.query("SELECT COUNT(*) FROM organizers")[0].i64(0) == 0)
            c.execute("INSERT INTO organizers (name, business_id, ovt, einvoice_operator, created_at) VALUES (?, ?, ?, ?, ?)",
                      {std::string("Vertailukaupunki"), std::string("0201256-6"), std::string("003702012566"),
                       std::string("003721291126"), now});
        for (const auto& s : bench::services()) {
            auto r = c.query("SELECT id FROM service_descriptions WHERE code = ?", {std::string(s.code)});
            service_ids.push_back(r.empty() ? catalog::insert_service_description(
                                                  c, {0, s.code, s.name_fi, s.name_en, s.description_fi, s.description_en, now})
                                            : r[0].i64(0));
        }
        // The filters' code lists (the catalog refuses unknown codes) and the service
        // descriptions' terms, labelled with what the generator knows.
        for (std::size_t i = 0; i < bench::services().size(); ++i) {
            const auto& s = bench::services()[i];
            catalog::upsert_terms(c, {{"service_class", s.service_class, "", s.name_fi, s.name_sv, s.name_en}});
            catalog::set_service_terms(c, service_ids[i], "service_class", {s.service_class});
            std::vector<std::string> codes;
            for (const auto& m : bench::municipalities()) codes.emplace_back(m.code);
            catalog::set_service_terms(c, service_ids[i], "municipality", codes);
        }
        // Neighbours outside the generator's list are areas of cards too: labelled by their code.
        std::map<std::string, catalog::Term> municipality_terms;
        for (const auto& m : bench::municipalities())
            for (const char* n : m.neighbours) municipality_terms[n] = {"municipality", n, "", n, "", ""};
        for (const auto& m : bench::municipalities())
            municipality_terms[m.code] = {"municipality", m.code, "", m.name_fi, m.name_sv, ""};
        std::vector<catalog::Term> mt;
        for (auto& [code, t] : municipality_terms) mt.push_back(t);
        catalog::upsert_terms(c, mt);
        // Cards get today's order as they are written, so no server reshuffles them at start.
        const auto day = catalog::day_number(today);
        if (catalog::claim_shuffle_day(c, day)) catalog::advance_shuffle(c, day, 0, -1);
        ids = {next_id(c, "providers"), next_id(c, "product_cards"), next_id(c, "customers"), next_id(c, "vouchers"),
               next_id(c, "ledger_entries"), next_id(c, "users"), next_id(c, "api_tokens")};
        for (const auto& r : c.query("SELECT business_id FROM providers UNION ALL SELECT business_id FROM organizers "
                                     "UNION ALL SELECT business_id FROM customers WHERE business_id IS NOT NULL"))
            taken.insert(r.str(0));
        tx.commit();
    }
    bench::BusinessIds bids(options.random_seed, std::move(taken));
    progress << "seed-bench: " << n_cards << " cards, " << n_providers << " providers, " << n_customers
             << " customers (seed " << options.random_seed << ")" << std::endl;

    std::vector<GeneratedProvider> providers;
    std::int64_t rows = write_providers(c, rng, bids, ids.provider, n_providers, now, providers, progress);
    CardStats stats;
    rows += write_cards(c, rng, ids, n_cards, providers, service_ids, options.random_seed, now,
                        catalog::shuffle_seed(catalog::day_number(today)), stats, progress);
    providers = {};
    rows += write_customers(c, rng, bids, ids, n_customers, password_hash, now, valid_from, valid_until, progress);

    {
        db::Transaction tx(c, db::TxMode::write);
        if (c.dialect() == db::Dialect::postgres) {
            // Explicit ids do not move the identity sequences; later inserts must not collide.
            for (const char* t : {"providers", "product_cards", "customers", "vouchers", "ledger_entries", "users",
                                  "api_tokens"})
                c.query(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), (SELECT MAX(id) FROM " + t +
                        "))");
        }
        audit::write(c, clock,
                     {std::nullopt, "bench.seed", "database", "bench", nullptr,
                      {{"cards", n_cards}, {"providers", n_providers}, {"customers", n_customers},
                       {"seed", options.random_seed}}});
        tx.commit();
    }
    const auto analyze_start = SteadyClock::now();
    // PostgreSQL: VACUUM too, so the visibility map lets counts run as index-only scans, as
    // autovacuum would arrange on a live database.
    c.execute_script(c.dialect() == db::Dialect::postgres ? "VACUUM ANALYZE" : "ANALYZE");
    if (c.dialect() == db::Dialect::sqlite) c.execute_script("PRAGMA wal_checkpoint(TRUNCATE)");
    progress << "analyze " << static_cast<std::int64_t>(seconds_since(analyze_start) * 1000) << " ms" << std::endl;

    // Terms and filter as the catalog itself answers them, so the load generator never asks for nothing.
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& term : bench::candidate_search_terms()) {
        catalog::CatalogQuery q;
        q.text = term;
        q.limit = 1;
        const auto total = catalog::search_product_cards(c, q).total;
        progress << "search \"" << term << "\": " << total << " cards ("
                 << static_cast<double>(total) * 100.0 / static_cast<double>(n_cards) << "%)" << std::endl;
        if (total > 0) terms.push_back(term);
    }
    const auto [filter_class, filter_area] = pick_filter(stats, n_cards);
    {
        catalog::CatalogQuery q;
        q.service_class = filter_class;
        q.municipality = filter_area;
        q.language = "fi";
        q.limit = 1;
        const auto total = catalog::search_product_cards(c, q).total;
        progress << "filter " << filter_class << " + " << filter_area << " + fi: " << total << " cards" << std::endl;
    }

    const double secs = seconds_since(started);
    progress << "seed-bench done: " << n_cards << " cards, " << n_providers << " providers, " << n_customers
             << " customers, " << rows << " rows in " << secs << " s (" << static_cast<std::int64_t>(static_cast<double>(rows) / secs)
             << " rows/s)" << std::endl;

    if (manifest.enabled()) {
        nlohmann::json m = {
            {"cards", n_cards},
            {"card_id_min", stats.id_min},
            {"card_id_max", stats.id_max},
            {"order_card_ids", stats.order_card_ids},
            {"voucher_id_min", ids.voucher},
            {"voucher_id_max", ids.voucher + n_customers - 1},
            {"token_prefix", "pt_bench_"},
            {"filter", {{"service_class", filter_class}, {"municipality", filter_area}, {"language", "fi"}}},
            {"search_terms", terms},
            {"provider_count", n_providers},
            {"customer_count", n_customers},
            {"seconds", secs},
        };
        manifest.commit(m.dump(2) + "\n");
    }
}

}  // namespace pt::app
