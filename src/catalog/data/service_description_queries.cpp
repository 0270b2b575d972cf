#include "catalog/data/service_description_queries.hpp"

#include <map>
#include <set>
#include <stdexcept>

#include "core/text.hpp"
#include "procurement/domain/price_model_json.hpp"

namespace pt::catalog {

namespace {

constexpr const char* kDetailColumns =
    "id, code, name_fi, name_en, description_fi, description_en, created_at, name_sv, description_sv, goal, "
    "content_limits, price_model, languages, updated_at, vat_rate_bp, vat_category, vat_exemption_reason";

ServiceDescriptionDetail detail_from(const db::Row& r) {
    ServiceDescriptionDetail d;
    d.sd = {r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)};
    d.frame.name_sv = r.str(7);
    d.frame.description_sv = r.str(8);
    d.frame.goal = r.str(9);
    d.frame.content_limits = r.str(10);
    // Only this file writes the column, always from a checked model: a bad value is a bug.
    auto model = procurement::parse_price_model(r.str(11));
    if (!model) throw std::runtime_error("service description " + std::to_string(d.sd.id) + ": stored price model is not valid");
    d.frame.price_model = std::move(*model);
    d.frame.languages.clear();
    for (auto& l : text::split(r.str(12), ','))
        if (!l.empty()) d.frame.languages.push_back(l);
    d.frame.updated_at = r.str(13);
    d.frame.vat = {static_cast<int>(r.i64(14)), r.str(15), r.str(16)};
    return d;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

}  // namespace

std::vector<ServiceDescriptionDetail> list_service_description_details(db::Connection& c) {
    std::vector<ServiceDescriptionDetail> out;
    std::map<std::int64_t, std::size_t> at;
    for (const auto& r : c.query(std::string("SELECT ") + kDetailColumns + " FROM service_descriptions ORDER BY name_fi, id")) {
        out.push_back(detail_from(r));
        at[out.back().sd.id] = out.size() - 1;
    }
    for (const auto& r : c.query(
             "SELECT st.service_description_id, st.scheme, st.code, COALESCE(ct.parent_code, ''), "
             "COALESCE(ct.label_fi, ''), COALESCE(ct.label_sv, ''), COALESCE(ct.label_en, '') "
             "FROM service_description_terms st "
             "LEFT JOIN classification_terms ct ON ct.scheme = st.scheme AND ct.code = st.code "
             "ORDER BY st.service_description_id, st.scheme, st.code")) {
        auto it = at.find(r.i64(0));
        if (it == at.end()) continue;
        out[it->second].terms.push_back({r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)});
    }
    return out;
}

std::optional<ServiceDescriptionDetail> find_service_description_detail(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kDetailColumns + " FROM service_descriptions WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    auto d = detail_from(r[0]);
    d.terms = terms_of_service(c, id);
    return d;
}

void update_service_description(db::Connection& c, const ServiceDescription& sd, const ServiceFrame& f,
                                const std::string& now) {
    c.execute("UPDATE service_descriptions SET name_fi = ?, name_en = ?, description_fi = ?, description_en = ?, "
              "name_sv = ?, description_sv = ?, goal = ?, content_limits = ?, price_model = ?, languages = ?, "
              "vat_rate_bp = ?, vat_category = ?, vat_exemption_reason = ?, updated_at = ? WHERE id = ?",
              {sd.name_fi, sd.name_en, sd.description_fi, sd.description_en, f.name_sv, f.description_sv, f.goal,
               f.content_limits, procurement::to_json(f.price_model).dump(), join(f.languages),
               static_cast<std::int64_t>(f.vat.rate_bp), f.vat.category, f.vat.exemption_reason, now, sd.id});
}

std::vector<std::string> unknown_terms(db::Connection& c, const std::string& scheme,
                                       const std::vector<std::string>& codes) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& code : codes) {
        if (!seen.insert(code).second) continue;
        if (c.query("SELECT 1 FROM classification_terms WHERE scheme = ? AND code = ?", {scheme, code}).empty())
            out.push_back(code);
    }
    return out;
}

}  // namespace pt::catalog
