#pragma once
// `palvelutori export-invoices`: every invoice and credit note (of one month, by issue date) as
// one e-invoice file each, for the city's e-invoice operator and accounting.
#include <iosfwd>
#include <optional>
#include <string>

namespace pt::app {

struct ExportInvoicesOptions {
    std::string database_url;
    std::string format;                // "ubl" | "finvoice"
    std::string out_dir;
    std::optional<std::string> month;  // "YYYY-MM"
};

extern const char* const kExportInvoicesUsage;

// Writes DIR/<number>.ubl.xml or DIR/<number>.finvoice.xml per document (atomically: a temporary
// file renamed into place), reading all of them in one read transaction. Prints one line per file
// and a summary. Returns 0 when every document was written, 1 when some could not be (their
// numbers and reasons on err; the others are still written), 2 for bad arguments (with the usage
// line) or a database that cannot be opened or read, or an output folder that cannot be made.
int run_export_invoices(const ExportInvoicesOptions& o, std::ostream& out, std::ostream& err);

}  // namespace pt::app
