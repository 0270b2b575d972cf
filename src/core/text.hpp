#pragma once
// Text helpers shared by validation, search and rendering.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::text {

// Rejects overlong forms, UTF-16 surrogates, code points above U+10FFFF and truncated sequences.
bool valid_utf8(std::string_view s);
// Number of Unicode code points (s must be valid UTF-8).
std::size_t length(std::string_view s);
// Strips ASCII white space and NBSP, narrow NBSP, ideographic space and BOM at both ends.
std::string trim(std::string_view s);
// Lower-cases ASCII and the Latin-1 letters used in Finnish and Swedish (Ä Ö Å É ...), plus
// Latin Extended-A (Š Ž ...), basic Greek and Cyrillic capitals. Broken UTF-8 bytes pass through.
std::string to_lower(std::string_view s);
// True when s holds control characters other than \n, \r, \t (C0, DEL and C1 are controls).
bool has_control_chars(std::string_view s);
// Every field, empty ones included ("a,,b" -> a, "", b); an empty s gives no fields.
std::vector<std::string> split(std::string_view s, char sep);
// First n code points of s.
std::string prefix(std::string_view s, std::size_t n);
// Code points of s, or nullopt when s is not valid UTF-8.
std::optional<std::u32string> decode_utf8(std::string_view s);
// UTF-8 of cps; surrogates and values above U+10FFFF are dropped.
std::string encode_utf8(std::u32string_view cps);

}  // namespace pt::text
