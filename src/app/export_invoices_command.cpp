#include "app/export_invoices_command.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <unistd.h>

#include "invoicing/data/invoice_export_queries.hpp"
#include "invoicing/domain/einvoice_xml.hpp"
#include "storage/db.hpp"

namespace pt::app {

const char* const kExportInvoicesUsage =
    "Usage: palvelutori export-invoices --database URL --format ubl|finvoice --out DIR [--month YYYY-MM]\n";

namespace {

bool valid_month(const std::string& m) {
    if (m.size() != 7 || m[4] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (!std::isdigit(static_cast<unsigned char>(m[i]))) return false;
    const int month = (m[5] - '0') * 10 + (m[6] - '0');
    return m[0] != '0' && month >= 1 && month <= 12;
}

// The invoice number as a file name: only [A-Za-z0-9._-], never "." or "..".
std::string safe_name(const std::string& number) {
    std::string s;
    for (char c : number)
        s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (s.empty() || s.find_first_not_of('.') == std::string::npos) s = "_" + s;
    return s;
}

void write_atomically(const std::filesystem::path& target, const std::string& body) {
    auto tmp = target;
    tmp += ".part-" + std::to_string(::getpid());
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw std::runtime_error("cannot create " + tmp.string());
        f << body;
        f.flush();
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error("cannot rename into " + target.string());
    }
}

}  // namespace

int run_export_invoices(const ExportInvoicesOptions& o, std::ostream& out, std::ostream& err) {
    if (o.format != "ubl" && o.format != "finvoice") {
        err << "export-invoices: --format must be ubl or finvoice" << (o.format.empty() ? "" : ", got '" + o.format + "'")
            << "\n" << kExportInvoicesUsage;
        return 2;
    }
    if (o.out_dir.empty()) {
        err << "export-invoices: --out DIR is required\n" << kExportInvoicesUsage;
        return 2;
    }
    if (o.month && !valid_month(*o.month)) {
        err << "export-invoices: --month must be YYYY-MM, got '" << *o.month << "'\n" << kExportInvoicesUsage;
        return 2;
    }
    // SQLite would create a missing file; exporting from an empty new database is a mistake.
    if (o.database_url.rfind("sqlite:", 0) == 0) {
        const std::string path = o.database_url.substr(7);
        if (path != ":memory:" && !path.empty() && !std::filesystem::exists(path)) {
            err << "export-invoices: no database at '" << path << "'\n";
            return 2;
        }
    }
    const std::filesystem::path dir(o.out_dir);
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (!std::filesystem::is_directory(dir)) {
            err << "export-invoices: cannot use '" << o.out_dir << "' as the output folder"
                << (ec ? ": " + ec.message() : std::string()) << "\n";
            return 2;
        }
    }
    std::unique_ptr<db::Database> db;
    try {
        db = db::Database::open(o.database_url, 1);
    } catch (const std::exception& e) {
        err << "export-invoices: cannot open the database: " << e.what() << "\n";
        return 2;
    }
    // One read transaction: the files are one consistent picture even next to a running server.
    std::vector<invoicing::Invoice> docs;
    try {
        docs = db->transact(db::TxMode::read, [&](db::Connection& c) {
            std::vector<invoicing::Invoice> v;
            for (auto id : invoicing::invoice_ids_for_export(c, o.month))
                if (auto inv = invoicing::load_invoice(c, id)) v.push_back(std::move(*inv));
            return v;
        });
    } catch (const std::exception& e) {
        err << "export-invoices: cannot read the invoices (is the database migrated?): " << e.what() << "\n";
        return 2;
    }
    const bool ubl = o.format == "ubl";
    int written = 0, invoices = 0, credit_notes = 0, failed = 0;
    for (const auto& inv : docs) {
        const auto file = dir / (safe_name(inv.number) + (ubl ? ".ubl.xml" : ".finvoice.xml"));
        try {
            write_atomically(file, ubl ? invoicing::to_ubl(inv) : invoicing::to_finvoice(inv));
        } catch (const std::exception& e) {
            err << "export-invoices: " << inv.number << ": " << e.what() << "\n";
            ++failed;
            continue;
        }
        ++written;
        (inv.kind == invoicing::DocumentKind::credit_note ? credit_notes : invoices) += 1;
        out << file.string() << "\n";
    }
    out << "exported " << written << " file(s): " << invoices << " invoice(s), " << credit_notes
        << " credit note(s) as " << (ubl ? "UBL 2.1 (Peppol BIS Billing 3.0)" : "Finvoice 3.0");
    if (o.month) out << " for " << *o.month;
    if (failed) out << "; " << failed << " failed";
    out << "\n";
    return failed ? 1 : 0;
}

}  // namespace pt::app
