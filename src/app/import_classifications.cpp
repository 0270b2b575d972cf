#include "app/import_classifications.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "catalog/data/classification_queries.hpp"
#include "catalog/domain/classification_files.hpp"

namespace pt::app {

namespace {

namespace fs = std::filesystem;

// The files are small (the largest, ServiceClasses.json, is under 1 MB); 64 MB is a sanity bound.
std::optional<std::string> read_file(const fs::path& p, std::ostream& err) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
        err << "import-classifications: file not found: " << p.string() << "\n";
        return std::nullopt;
    }
    if (fs::file_size(p, ec) > 64u * 1024 * 1024) {
        err << "import-classifications: " << p.string() << " is larger than 64 MB; not a code list\n";
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in && !in.eof()) {
        err << "import-classifications: cannot read " << p.string() << "\n";
        return std::nullopt;
    }
    return s.str();
}

struct Loaded {
    std::string scheme;
    fs::path file;
    catalog::ParsedCodeList list;
};

}  // namespace

int import_classifications(db::Database& db, const ImportClassificationsOptions& o, std::ostream& out,
                           std::ostream& err) {
    if (o.ptv_dir.empty() || o.municipalities_file.empty()) {
        err << "import-classifications: --ptv DIR and --municipalities FILE are both required\n";
        return 2;
    }
    std::error_code ec;
    if (!fs::is_directory(o.ptv_dir, ec)) {
        err << "import-classifications: --ptv " << o.ptv_dir << " is not a directory\n";
        return 2;
    }
    struct Source {
        const char* scheme;
        fs::path file;
        std::optional<catalog::PtvScheme> ptv;
    };
    const Source sources[] = {
        {"service_class", fs::path(o.ptv_dir) / "ServiceClasses.json", catalog::PtvScheme::service_class},
        {"target_group", fs::path(o.ptv_dir) / "TargetGroups.json", catalog::PtvScheme::target_group},
        {"life_event", fs::path(o.ptv_dir) / "LifeEvents.json", catalog::PtvScheme::life_event},
        {"municipality", fs::path(o.municipalities_file), std::nullopt},
    };
    // Everything is read and checked before anything is written: a bad file changes nothing.
    std::vector<Loaded> loaded;
    for (const auto& s : sources) {
        auto bytes = read_file(s.file, err);
        if (!bytes) return 2;
        try {
            loaded.push_back({s.scheme, s.file,
                              s.ptv ? catalog::parse_ptv_code_list(*bytes, *s.ptv) : catalog::parse_municipality_csv(*bytes)});
        } catch (const catalog::ClassificationFileError& e) {
            err << "import-classifications: " << s.file.string() << " is not a valid " << s.scheme
                << " file: " << e.what() << "\n";
            return 2;
        }
    }
    std::vector<std::size_t> written;
    db.transact(db::TxMode::write, [&](db::Connection& c) {
        written.clear();
        for (const auto& l : loaded) {
            std::vector<catalog::Term> terms;
            terms.reserve(l.list.entries.size());
            for (const auto& e : l.list.entries)
                terms.push_back({l.scheme, e.code, e.parent_code, e.label_fi, e.label_sv, e.label_en});
            written.push_back(catalog::upsert_terms(c, terms));
        }
    });
    std::size_t total = 0, total_written = 0;
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        const auto& l = loaded[i];
        out << l.scheme << ": " << l.list.entries.size() << " terms from " << l.list.records << " records in "
            << l.file.filename().string() << ", " << written[i] << " written (new or changed)\n";
        for (const auto& s : l.list.skipped) out << "  skipped " << s << "\n";
        total += l.list.entries.size();
        total_written += written[i];
    }
    out << "total: " << total << " terms, " << total_written << " written\n";
    return 0;
}

}  // namespace pt::app
