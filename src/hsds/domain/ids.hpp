#pragma once
// HSDS wants UUIDs for every id; ours are integers (cards, providers) or codes (terms). The
// UUIDs are derived, never stored, so they are stable without a mapping table. No I/O.
//
// Scheme (RFC 9562 UUIDv8, "custom"; documented in the /hsds root answer):
//   name  = "palvelutori:hsds:<kind>:<key>"          e.g. "palvelutori:hsds:service:42"
//   h     = SHA-256(name)
//   bytes 0..5   = h[0..5]                            (a check tag: forged or mistyped ids do not resolve)
//   byte  6..7   = 0x8 version nibble + 12-bit kind code
//   bytes 8..15  = variant bits 10 + 62-bit payload:
//                  an integer key itself (services, organizations: reversible, so /{id} needs no lookup table),
//                  or h[6..13] for text keys (taxonomies, terms, nested objects).
// Anyone can recompute an id from the name with any SHA-256.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::hsds {

enum class Kind : std::uint16_t {
    service = 1,
    organization = 2,
    taxonomy = 3,
    taxonomy_term = 4,
    cost_option = 5,
    language = 6,
    service_area = 7,
    attribute = 8,
    organization_identifier = 9,
};

std::string_view kind_name(Kind k);

// For integer keys (0 <= id < 2^62).
std::string uuid_for(Kind kind, std::int64_t id);
// For text keys ("service_class:P10.1", "42:fi").
std::string uuid_for(Kind kind, std::string_view key);
// The integer key of a UUID made by uuid_for(kind, id); nullopt for anything else (malformed
// text, another kind, a text-keyed UUID, a wrong check tag). Hex digits in either case.
std::optional<std::int64_t> id_from_uuid(Kind kind, std::string_view uuid);
// True for the 8-4-4-4-12 hex form (any version); for query parameters that name an id.
bool is_uuid(std::string_view s);

}  // namespace pt::hsds
