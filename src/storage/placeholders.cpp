// `?` -> `$n` for PostgreSQL. A small lexer: only a `?` in plain SQL text is a placeholder.
#include "storage/drivers.hpp"

#include <cctype>

namespace pt::db {

namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string rewrite_placeholders(std::string_view sql, int* count) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    std::size_t i = 0;
    const std::size_t len = sql.size();
    auto copy_to = [&](std::size_t end) {  // copies sql[i, end) and advances
        end = std::min(end, len);
        out.append(sql.substr(i, end - i));
        i = end;
    };
    while (i < len) {
        char c = sql[i];
        char next = i + 1 < len ? sql[i + 1] : '\0';
        if (c == '\'') {
            // E'...' strings treat backslash as an escape; plain ones only know ''.
            bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !ident_char(sql[i - 2]));
            std::size_t j = i + 1;
            while (j < len) {
                if (escapes && sql[j] == '\\') { j += 2; continue; }
                if (sql[j] == '\'') {
                    if (j + 1 < len && sql[j + 1] == '\'') { j += 2; continue; }
                    break;
                }
                ++j;
            }
            copy_to(j + 1);
        } else if (c == '"') {
            std::size_t j = i + 1;
            while (j < len) {
                if (sql[j] == '"') {
                    if (j + 1 < len && sql[j + 1] == '"') { j += 2; continue; }
                    break;
                }
                ++j;
            }
            copy_to(j + 1);
        } else if (c == '-' && next == '-') {
            std::size_t j = sql.find('\n', i);
            copy_to(j == std::string_view::npos ? len : j + 1);
        } else if (c == '/' && next == '*') {
            // PostgreSQL block comments nest.
            int depth = 0;
            std::size_t j = i;
            while (j < len) {
                if (sql[j] == '/' && j + 1 < len && sql[j + 1] == '*') { ++depth; j += 2; continue; }
                if (sql[j] == '*' && j + 1 < len && sql[j + 1] == '/') {
                    j += 2;
                    if (--depth == 0) break;
                    continue;
                }
                ++j;
            }
            copy_to(j);
        } else if (c == '$' && (i == 0 || !ident_char(sql[i - 1])) &&
                   (next == '$' || ((std::isalpha(static_cast<unsigned char>(next)) || next == '_')))) {
            // Dollar quoting: $$...$$ or $tag$...$tag$ (a `$1` is not a tag: tags never start with a digit).
            std::size_t k = i + 1;
            while (k < len && sql[k] != '$' && ident_char(sql[k])) ++k;
            if (k < len && sql[k] == '$') {
                std::string_view tag = sql.substr(i, k - i + 1);
                std::size_t close = sql.find(tag, k + 1);
                copy_to(close == std::string_view::npos ? len : close + tag.size());
            } else {
                copy_to(k);
            }
        } else if (c == ':' && next == ':') {
            copy_to(i + 2);  // a cast, never a placeholder
        } else if (c == '?') {
            out += '$';
            out += std::to_string(++n);
            ++i;
        } else if (ident_char(c)) {
            // Whole words at once, so `E'` detection above sees the identifier boundary right.
            std::size_t j = i;
            while (j < len && (ident_char(sql[j]) || sql[j] == '$')) ++j;
            if (j < len && sql[j] == '\'' && j - i == 1 && (c == 'E' || c == 'e')) j = i + 1;
            copy_to(j);
        } else {
            out += c;
            ++i;
        }
    }
    if (count) *count = n;
    return out;
}

}  // namespace pt::db
