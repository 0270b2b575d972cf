#include "catalog/data/classification_queries.hpp"

#include <map>
#include <set>

namespace pt::catalog {

namespace {

constexpr const char* kTermColumns = "scheme, code, parent_code, label_fi, label_sv, label_en";

Term term_from(const db::Row& r) { return {r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)}; }

}  // namespace

const std::string& Term::label(const std::string& lang) const {
    if (lang == "sv" && !label_sv.empty()) return label_sv;
    if (lang == "en" && !label_en.empty()) return label_en;
    return label_fi.empty() ? code : label_fi;
}

bool is_scheme(const std::string& scheme) {
    return scheme == "service_class" || scheme == "target_group" || scheme == "life_event" || scheme == "municipality";
}

std::vector<Term> list_terms(db::Connection& c, const std::string& scheme) {
    std::vector<Term> out;
    for (const auto& r : c.query(std::string("SELECT ") + kTermColumns +
                                     " FROM classification_terms WHERE scheme = ? ORDER BY code",
                                 {scheme}))
        out.push_back(term_from(r));
    return out;
}

std::optional<Term> find_term(db::Connection& c, const std::string& scheme, const std::string& code) {
    auto r = c.query(std::string("SELECT ") + kTermColumns + " FROM classification_terms WHERE scheme = ? AND code = ?",
                     {scheme, code});
    if (r.empty()) return std::nullopt;
    return term_from(r[0]);
}

std::size_t upsert_terms(db::Connection& c, const std::vector<Term>& terms) {
    // Unchanged rows are not written at all, so a repeated import neither counts them nor bumps
    // the catalog version (per row on SQLite, per statement on PostgreSQL: both only on a write).
    std::map<std::string, std::map<std::string, Term>> current;
    std::size_t written = 0;
    for (const auto& t : terms) {
        if (!current.count(t.scheme))
            for (auto& e : list_terms(c, t.scheme)) current[t.scheme][e.code] = std::move(e);
        auto& known = current[t.scheme];
        auto it = known.find(t.code);
        if (it == known.end()) {
            written += static_cast<std::size_t>(c.execute(
                "INSERT INTO classification_terms (scheme, code, parent_code, label_fi, label_sv, label_en) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scheme, code) DO NOTHING",
                {t.scheme, t.code, t.parent_code, t.label_fi, t.label_sv, t.label_en}));
        } else if (it->second.parent_code != t.parent_code || it->second.label_fi != t.label_fi ||
                   it->second.label_sv != t.label_sv || it->second.label_en != t.label_en) {
            written += static_cast<std::size_t>(c.execute(
                "UPDATE classification_terms SET parent_code = ?, label_fi = ?, label_sv = ?, label_en = ? "
                "WHERE scheme = ? AND code = ?",
                {t.parent_code, t.label_fi, t.label_sv, t.label_en, t.scheme, t.code}));
        } else {
            continue;
        }
        known[t.code] = t;  // a code given twice is written once
    }
    return written;
}

std::vector<Term> terms_of_service(db::Connection& c, std::int64_t service_description_id) {
    std::vector<Term> out;
    // LEFT JOIN: a term that left the code list still shows (by its code) instead of vanishing.
    for (const auto& r : c.query(
             "SELECT st.scheme, st.code, COALESCE(ct.parent_code, ''), COALESCE(ct.label_fi, ''), "
             "COALESCE(ct.label_sv, ''), COALESCE(ct.label_en, '') FROM service_description_terms st "
             "LEFT JOIN classification_terms ct ON ct.scheme = st.scheme AND ct.code = st.code "
             "WHERE st.service_description_id = ? ORDER BY st.scheme, st.code",
             {service_description_id}))
        out.push_back(term_from(r));
    return out;
}

void set_service_terms(db::Connection& c, std::int64_t service_description_id, const std::string& scheme,
                       const std::vector<std::string>& codes) {
    c.execute("DELETE FROM service_description_terms WHERE service_description_id = ? AND scheme = ?",
              {service_description_id, scheme});
    std::set<std::string> seen;
    for (const auto& code : codes) {
        if (!seen.insert(code).second) continue;
        c.execute("INSERT INTO service_description_terms (service_description_id, scheme, code) VALUES (?, ?, ?)",
                  {service_description_id, scheme, code});
    }
}

}  // namespace pt::catalog
