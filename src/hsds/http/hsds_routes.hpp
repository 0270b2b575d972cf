#pragma once
// The open Open Referral HSDS 3.0 API under /hsds: read-only, public, JSON only.
#include <functional>
#include <string>
#include <string_view>

#include "storage/db.hpp"
#include "web/ctx.hpp"
#include "web/page_cache.hpp"

namespace pt::hsds {

// Free text → the catalog's full-text query for this database ("" when the text holds no
// searchable word). The catalog context owns search terms; the app wires it in.
using TextQuery = std::function<std::string(std::string_view text, db::Dialect dialect)>;

// Answers are cached in `cache` (the catalog's, versioned by catalog_version) per day.
// public_url ("https://palvelutori.example.fi"): the base of the card links; when "" (or not an
// http(s) URL) the links use the Host the request came to.
void register_routes(web::Routes& routes, db::Database& db, web::PageCache& cache, TextQuery text_query,
                     std::string public_url);

}  // namespace pt::hsds
