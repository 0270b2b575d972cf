#include "hsds/domain/hsds.hpp"

#include <regex>

#include "core/money.hpp"
#include "hsds/domain/ids.hpp"

namespace pt::hsds {

const std::vector<Taxonomy>& taxonomies() {
    // The code lists' URIs on the Interoperability Platform (koodistot.suomi.fi); a term's
    // term_uri is <uri>/code/<notation>, as in the official PTV files.
    static const std::vector<Taxonomy> all = {
        {"service_class", "PTV-palveluluokat",
         "Suomi.fi-palvelutietovarannon palveluluokitus (palveluluokat).",
         "http://uri.suomi.fi/codelist/ptv/ptvserclass2"},
        {"target_group", "PTV-kohderyhmät", "Suomi.fi-palvelutietovarannon kohderyhmät.",
         "http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat"},
        {"life_event", "PTV-elämäntilanteet", "Suomi.fi-palvelutietovarannon elämäntilanteet.",
         "http://uri.suomi.fi/codelist/ptv/ptvelti"},
    };
    return all;
}

const Taxonomy* taxonomy_of(const std::string& scheme) {
    for (const auto& t : taxonomies())
        if (t.scheme == scheme) return &t;
    return nullptr;
}

std::string taxonomy_id(const std::string& scheme) { return uuid_for(Kind::taxonomy, scheme); }
std::string term_id(const std::string& scheme, const std::string& code) {
    return uuid_for(Kind::taxonomy_term, scheme + ":" + code);
}

bool publishable_email(const std::string& s) {
    // The pattern ajv-formats uses for "email" (full mode), so a published address always validates.
    static const std::regex re(
        "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
        "([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
        std::regex::icase);
    return s.size() <= 254 && std::regex_match(s, re);
}

bool publishable_url(const std::string& s) {
    // A conservative subset of absolute URIs: http(s), a host name, optional port and path.
    static const std::regex re("^https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
                               "(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?(\\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$");
    return s.size() <= 2000 && std::regex_match(s, re);
}

namespace {

const char* language_name_fi(const std::string& code) {
    if (code == "fi") return "suomi";
    if (code == "sv") return "ruotsi";
    if (code == "en") return "englanti";
    return nullptr;
}

nlohmann::json amount(std::int64_t cents) {
    if (cents % 100 == 0) return cents / 100;
    return static_cast<double>(cents) / 100.0;
}

}  // namespace

nlohmann::json organization_json(const Organization& o, bool full) {
    const auto id = uuid_for(Kind::organization, o.id);
    nlohmann::json j = {{"id", id}, {"name", o.name}, {"description", o.description}};
    if (publishable_email(o.email)) j["email"] = o.email;
    if (publishable_url(o.website)) j["website"] = o.website;
    if (!full) return j;
    // Y-tunnus: the Finnish Business ID, in org-id.guide's register of the Finnish Patent and
    // Registration Office (PRH).
    j["organization_identifiers"] = nlohmann::json::array(
        {{{"id", uuid_for(Kind::organization_identifier, o.id)},
          {"organization_id", id},
          {"identifier_scheme", "FI-PRO"},
          {"identifier_type", "Y-tunnus (Finnish Business ID)"},
          {"identifier", o.business_id}}});
    return j;
}

nlohmann::json taxonomy_json(const Taxonomy& t) {
    return {{"id", taxonomy_id(t.scheme)}, {"name", t.name}, {"description", t.description}, {"uri", t.uri}};
}

nlohmann::json taxonomy_term_json(const Term& t, bool with_parent) {
    const auto* tax = taxonomy_of(t.scheme);
    nlohmann::json j = {{"id", term_id(t.scheme, t.code)},
                        {"code", t.code},
                        {"name", t.label_fi.empty() ? t.code : t.label_fi},
                        {"description", (tax ? tax->name + ": " : std::string()) + t.code},
                        {"language", "fi"}};
    if (with_parent && !t.parent_code.empty()) j["parent_id"] = term_id(t.scheme, t.parent_code);
    if (tax) {
        j["taxonomy"] = tax->uri;
        j["taxonomy_id"] = taxonomy_id(t.scheme);
        j["term_uri"] = tax->uri + "/code/" + t.code;
    }
    return j;
}

nlohmann::json service_json(const Service& s, const std::string& base_url, bool full) {
    const auto id = uuid_for(Kind::service, s.id);
    nlohmann::json j = {{"id", id},
                        {"organization_id", uuid_for(Kind::organization, s.provider_id)},
                        {"name", s.title},
                        {"description", s.description.empty() ? s.summary : s.description},
                        {"url", base_url + "/catalog/" + std::to_string(s.id)},
                        {"status", "active"},
                        {"fees_description", "Hinta " + Money::cents(s.price_cents).format("fi") +
                                                 ", maksetaan palvelusetelillä."}};
    if (!s.summary.empty() && !s.description.empty()) j["alternate_name"] = s.summary;
    if (publishable_email(s.provider_email)) j["email"] = s.provider_email;
    if (!s.updated_at.empty()) j["last_modified"] = s.updated_at;
    if (!full) return j;

    if (s.organization) j["organization"] = organization_json(*s.organization, true);
    j["cost_options"] = nlohmann::json::array({{{"id", uuid_for(Kind::cost_option, s.id)},
                                                {"service_id", id},
                                                {"option", "Palveluseteli"},
                                                {"currency", "EUR"},
                                                {"amount", amount(s.price_cents)},
                                                {"amount_description", "Palvelusetelillä maksettava hinta"}}});
    auto languages = nlohmann::json::array();
    for (const auto& l : s.languages) {
        nlohmann::json lj = {{"id", uuid_for(Kind::language, std::to_string(s.id) + ":" + l)},
                             {"service_id", id},
                             {"code", l}};
        if (const char* name = language_name_fi(l)) lj["name"] = name;
        languages.push_back(std::move(lj));
    }
    j["languages"] = std::move(languages);
    auto areas = nlohmann::json::array();
    for (const auto& a : s.areas)
        areas.push_back({{"id", uuid_for(Kind::service_area, std::to_string(s.id) + ":" + a.code)},
                         {"service_id", id},
                         {"name", a.label_fi.empty() ? a.code : a.label_fi},
                         {"description", "Kunta, kuntakoodi " + a.code}});
    j["service_areas"] = std::move(areas);
    auto attributes = nlohmann::json::array();
    for (const auto& t : s.terms) {
        auto term = taxonomy_term_json(t, false);
        attributes.push_back({{"id", uuid_for(Kind::attribute, std::to_string(s.id) + ":" + t.scheme + ":" + t.code)},
                              {"link_id", id},
                              {"link_entity", "service"},
                              {"link_type", t.scheme},
                              {"taxonomy_term_id", term["id"]},
                              {"taxonomy_term", std::move(term)}});
    }
    j["attributes"] = std::move(attributes);
    return j;
}

nlohmann::json page_json(nlohmann::json contents, std::int64_t total_items, int page_number, int per_page) {
    const std::int64_t total_pages = total_items == 0 ? 0 : (total_items + per_page - 1) / per_page;
    const auto size = static_cast<std::int64_t>(contents.size());
    return {{"total_items", total_items},
            {"total_pages", total_pages},
            {"page_number", page_number},
            {"size", size},
            {"first_page", page_number == 1},
            {"last_page", page_number >= total_pages},
            {"empty", size == 0},
            {"contents", std::move(contents)}};
}

}  // namespace pt::hsds
