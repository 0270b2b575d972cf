// The classification parsers against the real official files (read in place from
// ../shared/standards next to the repository; skipped where that folder is absent) and
// against small hand-made files for each refusal.
#include "catalog/domain/classification_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace pt::catalog;
namespace fs = std::filesystem;

namespace {

fs::path standards_dir() {
    fs::path repo = std::getenv("PT_SOURCE_DIR") ? fs::path(std::getenv("PT_SOURCE_DIR"))
                                                 : fs::path(__FILE__).parent_path() / ".." / ".." / "..";
    return repo / ".." / "shared" / "standards";
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

#define REQUIRE_STANDARDS()                                                                         \
    if (!fs::exists(standards_dir() / "ptv-classifications" / "ServiceClasses.json"))               \
    GTEST_SKIP() << "no " << standards_dir().string() << ": the official files are not next to the repo"

const CodeListEntry* find(const ParsedCodeList& l, const std::string& code) {
    auto it = std::find_if(l.entries.begin(), l.entries.end(), [&](const auto& e) { return e.code == code; });
    return it == l.entries.end() ? nullptr : &*it;
}

ParsedCodeList ptv(const char* file, PtvScheme s) {
    return parse_ptv_code_list(read(standards_dir() / "ptv-classifications" / file), s);
}

std::string record(const std::string& id, const std::string& code, const std::string& broader,
                   const std::string& fi = "Nimi") {
    return R"({"Id":)" + id + R"(,"Notation":")" + code + R"(","BroaderUris":)" + broader +
           R"(,"Label":{"Fi":")" + fi + R"(","Sv":"Namn","En":"Name"}})";
}

}  // namespace

TEST(PtvServiceClasses, RealFileHas230RecordsAndThePlaceholderIsSkipped) {
    REQUIRE_STANDARDS();
    auto l = ptv("ServiceClasses.json", PtvScheme::service_class);
    EXPECT_EQ(l.records, 230u);
    ASSERT_EQ(l.skipped.size(), 1u);
    EXPECT_NE(l.skipped[0].find("P7.12"), std::string::npos) << l.skipped[0];
    EXPECT_EQ(l.entries.size(), 229u);
    // P7.12 keeps the real class, not the placeholder's "Ulosotto".
    const auto* p712 = find(l, "P7.12");
    ASSERT_NE(p712, nullptr);
    EXPECT_EQ(p712->label_fi, "Immateriaalioikeudet");
    EXPECT_EQ(p712->parent_code, "P7");
    // P7.13 names its parent with the older ptvserclass URI.
    const auto* p713 = find(l, "P7.13");
    ASSERT_NE(p713, nullptr);
    EXPECT_EQ(p713->parent_code, "P7");
    const auto* p10 = find(l, "P10.1");
    ASSERT_NE(p10, nullptr);
    EXPECT_EQ(p10->parent_code, "P10");
    const auto* p11 = find(l, "P11");
    ASSERT_NE(p11, nullptr);
    EXPECT_EQ(p11->parent_code, "");
    EXPECT_FALSE(p11->label_sv.empty());
    EXPECT_FALSE(p11->label_en.empty());
    std::size_t top = std::count_if(l.entries.begin(), l.entries.end(), [](const auto& e) { return e.parent_code.empty(); });
    EXPECT_EQ(top, 28u);  // P1–P28
    for (const auto& e : l.entries) {
        EXPECT_FALSE(e.label_fi.empty()) << e.code;
        EXPECT_FALSE(e.label_sv.empty()) << e.code;
        EXPECT_FALSE(e.label_en.empty()) << e.code;
    }
}

TEST(PtvTargetGroupsAndLifeEvents, RealFiles) {
    REQUIRE_STANDARDS();
    auto tg = ptv("TargetGroups.json", PtvScheme::target_group);
    EXPECT_EQ(tg.records, 17u);
    EXPECT_EQ(tg.entries.size(), 17u);
    EXPECT_TRUE(tg.skipped.empty());
    const auto* kr2 = find(tg, "KR2");
    ASSERT_NE(kr2, nullptr);
    EXPECT_EQ(kr2->label_fi, "Yritykset ja yhteisöt");
    EXPECT_EQ(kr2->label_sv, "Företag och samfund");
    EXPECT_EQ(kr2->label_en, "Businesses and non-government organizations");
    EXPECT_EQ(std::count_if(tg.entries.begin(), tg.entries.end(), [](const auto& e) { return e.parent_code == "KR2"; }), 8);

    auto le = ptv("LifeEvents.json", PtvScheme::life_event);
    EXPECT_EQ(le.records, 19u);
    EXPECT_EQ(le.entries.size(), 19u);
    const auto* ke41 = find(le, "KE4.1");
    ASSERT_NE(ke41, nullptr);
    EXPECT_EQ(ke41->parent_code, "KE4");
    EXPECT_EQ(ke41->label_en, "Moving from childhood home");
}

TEST(Municipalities, RealCsvHas308) {
    REQUIRE_STANDARDS();
    auto l = parse_municipality_csv(read(standards_dir() / "fi-municipalities" / "kunnat_2025_fi_sv_en.csv"));
    EXPECT_EQ(l.records, 308u);
    EXPECT_EQ(l.entries.size(), 308u);
    const auto* hki = find(l, "091");
    ASSERT_NE(hki, nullptr);
    EXPECT_EQ(hki->label_fi, "Helsinki");
    EXPECT_EQ(hki->label_sv, "Helsingfors");
    const auto* jkl = find(l, "179");
    ASSERT_NE(jkl, nullptr);
    EXPECT_EQ(jkl->label_fi, "Jyväskylä");
    EXPECT_EQ(find(l, "588"), nullptr);  // Pertunmaa merged into Mäntyharju in 2025
    for (const auto& e : l.entries) EXPECT_EQ(e.parent_code, "") << e.code;
}

TEST(PtvFiles, WrongFileForTheSchemeIsRefused) {
    REQUIRE_STANDARDS();
    EXPECT_THROW(ptv("TargetGroups.json", PtvScheme::service_class), ClassificationFileError);
    EXPECT_THROW(ptv("ServiceClasses.json", PtvScheme::life_event), ClassificationFileError);
    EXPECT_THROW(parse_ptv_code_list(read(standards_dir() / "fi-municipalities" / "kunnat_2025_fi_sv_en.csv"),
                                     PtvScheme::service_class),
                 ClassificationFileError);
    EXPECT_THROW(parse_municipality_csv(read(standards_dir() / "ptv-classifications" / "LifeEvents.json")),
                 ClassificationFileError);
}

TEST(PtvFiles, BomIsStripped) {
    const std::string body = "[" + record(R"("http://x/code/KE1")", "KE1", "null") + "," +
                             record(R"("http://x/code/KE1.1")", "KE1.1", R"(["http://x/code/KE1"])") + "]";
    for (const std::string& text : {body, "\xEF\xBB\xBF" + body}) {
        auto l = parse_ptv_code_list(text, PtvScheme::life_event);
        ASSERT_EQ(l.entries.size(), 2u);
        EXPECT_EQ(l.entries[1].parent_code, "KE1");
        EXPECT_EQ(l.entries[1].label_sv, "Namn");
    }
}

TEST(PtvFiles, RefusalsNameTheProblem) {
    auto refused = [](const std::string& text, const std::string& expect) {
        try {
            parse_ptv_code_list(text, PtvScheme::target_group);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const ClassificationFileError& e) {
            EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
        }
    };
    const auto ok = record(R"("u/KR1")", "KR1", "null");
    refused("", "not valid JSON");
    refused("{", "not valid JSON");
    refused("{}", "array");
    refused("[]", "empty");
    refused("[1]", "not an object");
    refused(R"([{"Id":"u"}])", "Notation");
    refused("[" + record(R"("u")", "P1", "null") + "]", "KR2.3");
    refused("[" + ok + "," + ok + "]", "appears twice");
    refused("[" + record(R"("u/KR1.1")", "KR1.1", R"(["u/KR9"])") + "]", "unknown parent KR9");
    refused("[" + record(R"("u/KR1.1")", "KR1.1", R"(["u/P1"])") + "]", "broader code P1");
    refused("[" + record(R"("u/KR1")", "KR1", R"("u/KR2")") + "]", "not a list");
    refused("[" + record(R"("u/KR1")", "KR1", "null", "") + "]", "Label.Fi is empty");
    refused("[" + record(R"("u/KR1")", "KR1", "null", "a\\u0007b") + "]", "control characters");
    refused(R"([{"Id":"u","Notation":"KR1","Label":{"Fi":7}}])", "not text");
    refused(R"([{"Id":"u","Notation":"KR1"}])", "Label is missing");
    refused("[{\"Id\":\"u\",\"Notation\":\"KR1\",\"Label\":{\"Fi\":\"a\xff\"}}]", "not valid JSON");
}

TEST(MunicipalityCsv, QuotingLineEndsAndRefusals) {
    auto l = parse_municipality_csv("\xEF\xBB\xBF" "code,name_fi,name_sv,name_en\r\n"
                                    "478,\"Maarianhamina - Mariehamn\",Mariehamn,\"Mariehamn, \"\"Åland\"\"\"\r\n"
                                    "091,Helsinki,Helsingfors,Helsinki\n");
    ASSERT_EQ(l.entries.size(), 2u);
    EXPECT_EQ(l.entries[0].label_fi, "Maarianhamina - Mariehamn");
    EXPECT_EQ(l.entries[0].label_en, "Mariehamn, \"Åland\"");
    EXPECT_EQ(l.entries[1].code, "091");

    const std::string h = "code,name_fi,name_sv,name_en\n";
    for (const auto& [text, expect] : std::map<std::string, std::string>{
             {"", "header"},
             {"code;name_fi;name_sv;name_en\n091;Helsinki;Helsingfors;Helsinki\n", "header"},
             {h, "no rows"},
             {h + "91,Helsinki,Helsingfors,Helsinki\n", "three digits"},
             {h + "abc,Helsinki,Helsingfors,Helsinki\n", "three digits"},
             {h + "091,Helsinki,Helsingfors\n", "expected 4 fields"},
             {h + "091,,Helsingfors,Helsinki\n", "name_fi is empty"},
             {h + "091,Helsinki,Helsingfors,Helsinki\n091,Helsinki,Helsingfors,Helsinki\n", "appears twice"},
             {h + "091,\"Helsinki,Helsingfors,Helsinki\n", "unterminated quote"},
             {h + "091,\"Hel\"x,Helsingfors,Helsinki\n", "after a closing quote"},
             {h + "091,Hel\xff,Helsingfors,Helsinki\n", "not UTF-8"},
             {h + "091,Hel\x01,Helsingfors,Helsinki\n", "control characters"},
         }) {
        try {
            parse_municipality_csv(text);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const ClassificationFileError& e) {
            EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what() << " for " << text;
        }
    }
}

TEST(CodeOfUri, LastSegment) {
    EXPECT_EQ(code_of_uri("http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P10.1"), "P10.1");
    EXPECT_EQ(code_of_uri("http://uri.suomi.fi/codelist/ptv/ptvserclass/code/P7/"), "P7");
    EXPECT_EQ(code_of_uri("KR2"), "KR2");
}
