#pragma once
// Free text typed into a search box, turned into safe full-text query terms. No I/O.
#include <string>
#include <string_view>
#include <vector>

namespace pt::catalog {

// Turns free text typed by a user into search terms: lower-cased words of letters/digits only (so no FTS syntax can be
// injected), at most 8 terms, each cut to a stem prefix so Finnish inflection still matches:
// words of ≤ 5 code points kept whole; longer ones cut to max(5, ceil(len*2/3)) code points
// ("markkinointi" → "markkino", which prefixes "markkinoinnin"; "kehittäminen" → "kehittäm").
// Details: a multibyte code point counts as a letter unless it is punctuation, a space or a symbol
// (Latin-1 signs U+0080..U+00BF, × ÷, U+2000..U+2BFF, CJK punctuation, emoji ...), so "–", "€" and
// NBSP split words; decomposed ä ö å (a + U+0308 ...) are composed first; words of digits only are
// kept whole (a number is not inflected); no term is longer than 32 code points; a term equal to
// or a prefix of another is dropped (the terms are ANDed prefixes, so it would match nothing more:
// "palvelu palvelut" -> "palvel"). Invalid UTF-8 gives no terms.
std::vector<std::string> search_terms(std::string_view user_text);
// FTS5 MATCH expression: "markkino"* AND "kehittäm"*  (each term double-quoted, prefix star). "" when no terms.
std::string fts5_query(const std::vector<std::string>& terms);
// PostgreSQL to_tsquery('simple', ...) text: markkino:* & kehittäm:*   (terms are already letters/digits only;
// a term holding any other ASCII character, or invalid UTF-8, is skipped rather than trusted).
std::string pg_tsquery(const std::vector<std::string>& terms);

}  // namespace pt::catalog
