#include "invoicing/domain/invoice.hpp"

namespace pt::invoicing {

std::string_view to_string(DocumentKind k) { return k == DocumentKind::credit_note ? "credit_note" : "invoice"; }

std::string_view code_of(VatCategory c) {
    switch (c) {
        case VatCategory::standard: return "S";
        case VatCategory::zero: return "Z";
        case VatCategory::exempt: return "E";
    }
    return "E";
}

std::optional<VatCategory> vat_category_from(std::string_view code) {
    if (code == "S") return VatCategory::standard;
    if (code == "Z") return VatCategory::zero;
    if (code == "E") return VatCategory::exempt;
    return std::nullopt;
}

}  // namespace pt::invoicing
