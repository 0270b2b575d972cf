#pragma once
// `palvelutori import-classifications`: loads the PTV code lists (service classes, target groups,
// life events) and the municipalities from the official files into classification_terms.
#include <iosfwd>
#include <string>

#include "storage/db.hpp"

namespace pt::app {

struct ImportClassificationsOptions {
    std::string ptv_dir;             // holds ServiceClasses.json, TargetGroups.json, LifeEvents.json
    std::string municipalities_file; // code,name_fi,name_sv,name_en (kunnat_2025_fi_sv_en.csv)
};

// Reads and checks every file first, then upserts all terms in one transaction (terms not in
// the files stay: service descriptions may still name them). Prints counts to `out`.
// Returns the exit code: 0, or 2 with a message on `err` for a missing or invalid file.
int import_classifications(db::Database& db, const ImportClassificationsOptions& o, std::ostream& out,
                           std::ostream& err);

}  // namespace pt::app
