#pragma once
// Parsers of the official classification files, no I/O (the caller reads the bytes):
//  - PTV code lists (Suomi.fi Palvelutietovaranto): ServiceClasses.json, TargetGroups.json,
//    LifeEvents.json, a JSON array of {Id, Notation, BroaderUris, Label{Fi,Sv,En}, ...}, possibly
//    with a UTF-8 BOM;
//  - Statistics Finland's municipalities as the derived CSV "code,name_fi,name_sv,name_en".
// A file that is not what it claims to be throws ClassificationFileError with a message that
// names the record; quirks of the real files are handled and counted, not refused.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pt::catalog {

struct ClassificationFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CodeListEntry {
    std::string code, parent_code;  // parent "" for a top-level entry
    std::string label_fi, label_sv, label_en;
};

struct ParsedCodeList {
    std::vector<CodeListEntry> entries;  // in file order, one per code
    std::size_t records = 0;             // records in the file
    // Records left out, with why: the ServiceClasses.json placeholder with "Id": null that
    // repeats the code P7.12 (its NarrowerUris are the top classes: an artefact, not a class).
    std::vector<std::string> skipped;
};

enum class PtvScheme { service_class, target_group, life_event };

// The code's form per scheme: P10.1, KR2.3, KE4.1. A file of another scheme is refused.
ParsedCodeList parse_ptv_code_list(std::string_view json_text, PtvScheme scheme);
// Header "code,name_fi,name_sv,name_en"; codes of three digits; RFC 4180 quoting; CRLF or LF.
ParsedCodeList parse_municipality_csv(std::string_view csv_text);

// The last path segment of a code URI ("http://uri.suomi.fi/codelist/ptv/ptvserclass/code/P7" -> "P7"):
// works for both the ptvserclass2 and the older ptvserclass scheme URI (P7.13 uses the latter).
std::string code_of_uri(std::string_view uri);

}  // namespace pt::catalog
