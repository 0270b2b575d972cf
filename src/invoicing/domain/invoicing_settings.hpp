#pragma once
// The organizer as the buyer on every invoice: address, e-invoice address (OVT) and operator,
// the reference the invoices carry and the payment terms. No I/O.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace pt::invoicing {

struct InvoicingSettings {
    std::int64_t organizer_id = 0;
    std::string name, business_id;                  // not edited here
    std::string street_address, postal_code, post_office;
    std::string ovt, einvoice_operator;
    std::string invoice_reference_template = "Dynaaminen pienhankinta / {service}";
    int payment_terms_days = 21;
};

inline constexpr std::size_t kMaxReferenceTemplate = 200;

// What a request asks to change; absent parts keep their value.
struct SettingsPatch {
    std::optional<std::string> street_address, postal_code, post_office, ovt, einvoice_operator,
        invoice_reference_template;
    std::optional<int> payment_terms_days;
};

// Applies the patch to `s` and checks the parts given (texts already trimmed and free of control
// characters by the caller). Returns field → i18n key; `s` holds the normalized values (OVT and
// operator compacted and upper-cased) when the map is empty.
std::map<std::string, std::string> apply_settings(InvoicingSettings& s, const SettingsPatch& p);

// The template with "{service}" replaced by the service's name (seed 001: "Dynaaminen
// pienhankinta / Työnhakuvalmennus").
std::string buyer_reference(const std::string& reference_template, const std::string& service_name);

}  // namespace pt::invoicing
