#pragma once
// Classification code lists (PTV service classes, target groups, life events) and
// municipalities, with labels in Finnish, Swedish and English, and the terms a service
// description carries. Loaded by `palvelutori import-classifications` from the official files.
#include "storage/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pt::catalog {

// scheme: "service_class" | "target_group" | "life_event" | "municipality"
struct Term {
    std::string scheme, code, parent_code;
    std::string label_fi, label_sv, label_en;
    // The label in `lang`, falling back to Finnish, then to the code.
    const std::string& label(const std::string& lang) const;
};

bool is_scheme(const std::string& scheme);

std::vector<Term> list_terms(db::Connection& c, const std::string& scheme);  // ordered by code
std::optional<Term> find_term(db::Connection& c, const std::string& scheme, const std::string& code);
// Inserts or updates by (scheme, code); returns how many rows were written.
std::size_t upsert_terms(db::Connection& c, const std::vector<Term>& terms);

// The classification and areas of a service description (every scheme), ordered by scheme, code.
std::vector<Term> terms_of_service(db::Connection& c, std::int64_t service_description_id);
// Replaces the terms of one scheme of a service description.
void set_service_terms(db::Connection& c, std::int64_t service_description_id, const std::string& scheme,
                       const std::vector<std::string>& codes);

}  // namespace pt::catalog
