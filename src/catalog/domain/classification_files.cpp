#include "catalog/domain/classification_files.hpp"

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace pt::catalog {

namespace {

using nlohmann::json;

std::string_view without_bom(std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    return s;
}

const std::regex& code_pattern(PtvScheme scheme) {
    static const std::regex service_class("^P[0-9]{1,2}(\\.[0-9]{1,2})?$");
    static const std::regex target_group("^KR[0-9]{1,2}(\\.[0-9]{1,2})?$");
    static const std::regex life_event("^KE[0-9]{1,2}(\\.[0-9]{1,2})?$");
    switch (scheme) {
        case PtvScheme::service_class: return service_class;
        case PtvScheme::target_group: return target_group;
        case PtvScheme::life_event: return life_event;
    }
    return service_class;
}

const char* scheme_example(PtvScheme scheme) {
    switch (scheme) {
        case PtvScheme::service_class: return "P10.1";
        case PtvScheme::target_group: return "KR2.3";
        case PtvScheme::life_event: return "KE4.1";
    }
    return "";
}

// A label as shown in the UI: one line, no control characters, at most 500 code points.
std::string clean_label(const std::string& value, const std::string& where) {
    if (!text::valid_utf8(value)) throw ClassificationFileError(where + ": label is not valid UTF-8");
    auto v = text::trim(value);
    if (text::has_control_chars(v) || v.find_first_of("\r\n\t") != std::string::npos)
        throw ClassificationFileError(where + ": label contains control characters");
    if (text::length(v) > 500) throw ClassificationFileError(where + ": label is longer than 500 characters");
    return v;
}

std::string label(const json& labels, const char* lang, const std::string& where) {
    if (!labels.contains(lang) || labels[lang].is_null()) return "";
    if (!labels[lang].is_string()) throw ClassificationFileError(where + ": Label." + lang + " is not text");
    return clean_label(labels[lang].get<std::string>(), where);
}

void check_unique_and_parents(const ParsedCodeList& out, const std::string& file_kind) {
    std::set<std::string> codes;
    for (const auto& e : out.entries)
        if (!codes.insert(e.code).second) throw ClassificationFileError(file_kind + ": code " + e.code + " appears twice");
    for (const auto& e : out.entries)
        if (!e.parent_code.empty() && !codes.count(e.parent_code))
            throw ClassificationFileError(file_kind + ": code " + e.code + " has unknown parent " + e.parent_code);
}

}  // namespace

std::string code_of_uri(std::string_view uri) {
    while (!uri.empty() && uri.back() == '/') uri.remove_suffix(1);
    auto slash = uri.rfind('/');
    return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

ParsedCodeList parse_ptv_code_list(std::string_view json_text, PtvScheme scheme) {
    auto doc = json::parse(without_bom(json_text), nullptr, false);
    if (doc.is_discarded()) throw ClassificationFileError("not valid JSON");
    if (!doc.is_array()) throw ClassificationFileError("expected a JSON array of code list records");
    if (doc.empty()) throw ClassificationFileError("the code list is empty");
    ParsedCodeList out;
    const auto& pattern = code_pattern(scheme);
    for (const auto& r : doc) {
        const std::string where = "record " + std::to_string(++out.records);
        if (!r.is_object()) throw ClassificationFileError(where + " is not an object");
        if (!r.contains("Notation") || !r["Notation"].is_string())
            throw ClassificationFileError(where + ": Notation (the code) is missing");
        const auto code = r["Notation"].get<std::string>();
        const std::string at = where + " (" + code + ")";
        if (!std::regex_match(code, pattern))
            throw ClassificationFileError(at + ": code does not look like " + scheme_example(scheme) +
                                          " (is this the right file?)");
        // The placeholder record of ServiceClasses.json: no Id, a code it shares with a real
        // class, and the top classes as its "narrower" terms.
        if (!r.contains("Id") || r["Id"].is_null()) {
            out.skipped.push_back(at + ": no Id (placeholder record)");
            continue;
        }
        if (!r.contains("Label") || !r["Label"].is_object()) throw ClassificationFileError(at + ": Label is missing");
        CodeListEntry e;
        e.code = code;
        e.label_fi = label(r["Label"], "Fi", at);
        e.label_sv = label(r["Label"], "Sv", at);
        e.label_en = label(r["Label"], "En", at);
        if (e.label_fi.empty()) throw ClassificationFileError(at + ": Label.Fi is empty");
        if (r.contains("BroaderUris") && !r["BroaderUris"].is_null()) {
            if (!r["BroaderUris"].is_array()) throw ClassificationFileError(at + ": BroaderUris is not a list");
            for (const auto& u : r["BroaderUris"]) {
                if (u.is_null()) continue;
                if (!u.is_string()) throw ClassificationFileError(at + ": BroaderUris holds a non-text value");
                e.parent_code = code_of_uri(u.get<std::string>());
                if (!std::regex_match(e.parent_code, pattern))
                    throw ClassificationFileError(at + ": broader code " + e.parent_code + " is not of this code list");
                break;  // one parent: the files never name more
            }
        }
        out.entries.push_back(std::move(e));
    }
    check_unique_and_parents(out, "code list");
    return out;
}

namespace {

// One CSV record starting at `pos`; advances pos past its line end.
std::vector<std::string> csv_record(std::string_view s, std::size_t& pos, std::size_t line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, was_quoted = false;
    while (pos < s.size()) {
        char ch = s[pos];
        if (quoted) {
            if (ch == '"') {
                if (pos + 1 < s.size() && s[pos + 1] == '"') { field += '"'; pos += 2; continue; }
                quoted = false;
                ++pos;
                continue;
            }
            field += ch;
            ++pos;
            continue;
        }
        if (ch == '"' && field.empty() && !was_quoted) { quoted = was_quoted = true; ++pos; continue; }
        if (ch == ',') { fields.push_back(std::move(field)); field.clear(); was_quoted = false; ++pos; continue; }
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') ++pos;
            ++pos;
            break;
        }
        if (was_quoted) throw ClassificationFileError("line " + std::to_string(line) + ": text after a closing quote");
        field += ch;
        ++pos;
    }
    if (quoted) throw ClassificationFileError("line " + std::to_string(line) + ": unterminated quote");
    fields.push_back(std::move(field));
    return fields;
}

}  // namespace

ParsedCodeList parse_municipality_csv(std::string_view csv_text) {
    auto s = without_bom(csv_text);
    if (!text::valid_utf8(s)) throw ClassificationFileError("the municipality file is not UTF-8");
    std::size_t pos = 0, line = 1;
    auto header = csv_record(s, pos, line);
    if (header != std::vector<std::string>{"code", "name_fi", "name_sv", "name_en"})
        throw ClassificationFileError("line 1: expected the header code,name_fi,name_sv,name_en");
    static const std::regex code_re("^[0-9]{3}$");
    ParsedCodeList out;
    while (pos < s.size()) {
        ++line;
        auto f = csv_record(s, pos, line);
        if (f.size() == 1 && f[0].empty()) continue;  // blank line (the file's last newline)
        const std::string where = "line " + std::to_string(line);
        if (f.size() != 4) throw ClassificationFileError(where + ": expected 4 fields, found " + std::to_string(f.size()));
        ++out.records;
        CodeListEntry e;
        e.code = text::trim(f[0]);
        if (!std::regex_match(e.code, code_re))
            throw ClassificationFileError(where + ": municipality code '" + text::prefix(e.code, 20) + "' is not three digits");
        e.label_fi = clean_label(f[1], where);
        e.label_sv = clean_label(f[2], where);
        e.label_en = clean_label(f[3], where);
        if (e.label_fi.empty()) throw ClassificationFileError(where + ": name_fi is empty");
        out.entries.push_back(std::move(e));
    }
    if (out.entries.empty()) throw ClassificationFileError("the municipality file has no rows");
    check_unique_and_parents(out, "municipality file");
    return out;
}

}  // namespace pt::catalog
