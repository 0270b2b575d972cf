#include "invoicing/domain/invoicing_settings.hpp"

#include "core/text.hpp"
#include "procurement/domain/registration.hpp"
#include "providers/domain/organization.hpp"

namespace pt::invoicing {

namespace {

// The only placeholder is {service}; any other brace pair is a typo that would be printed as is.
bool placeholders_known(const std::string& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '}') return false;
        if (t[i] != '{') continue;
        if (t.compare(i, 9, "{service}") != 0) return false;
        i += 8;
    }
    return true;
}

}  // namespace

std::map<std::string, std::string> apply_settings(InvoicingSettings& s, const SettingsPatch& p) {
    std::map<std::string, std::string> e;
    auto length = [&](const char* field, const std::optional<std::string>& v, std::size_t min, std::size_t max) {
        if (!v) return false;
        const auto n = text::length(*v);
        if (n < min) e[field] = n == 0 ? "validation.required" : "validation.too_short";
        else if (n > max) e[field] = "validation.too_long";
        return !e.count(field);
    };
    if (length("street_address", p.street_address, 2, 200)) s.street_address = *p.street_address;
    if (length("post_office", p.post_office, 2, 100)) s.post_office = *p.post_office;
    if (length("postal_code", p.postal_code, 1, 5)) {
        if (auto k = providers::postal_code_problem(*p.postal_code)) e["postal_code"] = *k;
        else s.postal_code = *p.postal_code;
    }
    if (length("ovt", p.ovt, 1, 40)) {
        if (auto k = procurement::ovt_error(*p.ovt, s.business_id)) e["ovt"] = std::string(*k);
        else s.ovt = *procurement::normalize_ovt(*p.ovt, s.business_id);
    }
    if (length("einvoice_operator", p.einvoice_operator, 1, 40)) {
        if (auto k = providers::operator_problem(*p.einvoice_operator)) e["einvoice_operator"] = *k;
        else s.einvoice_operator = providers::compact_upper(*p.einvoice_operator);
    }
    if (length("invoice_reference_template", p.invoice_reference_template, 1, kMaxReferenceTemplate)) {
        if (!placeholders_known(*p.invoice_reference_template))
            e["invoice_reference_template"] = "settings.reference_placeholder";
        else
            s.invoice_reference_template = *p.invoice_reference_template;
    }
    if (p.payment_terms_days) {
        if (*p.payment_terms_days < 0 || *p.payment_terms_days > 365) e["payment_terms_days"] = "settings.terms_range";
        else s.payment_terms_days = *p.payment_terms_days;
    }
    return e;
}

std::string buyer_reference(const std::string& reference_template, const std::string& service_name) {
    std::string out = reference_template;
    for (auto at = out.find("{service}"); at != std::string::npos; at = out.find("{service}", at + service_name.size()))
        out.replace(at, 9, service_name);
    return out;
}

}  // namespace pt::invoicing
