#pragma once
// An invoice or credit note as the city receives it, independent of storage and of the XML it is
// exported as (UBL 2.1 / Peppol BIS Billing 3.0 and Finvoice 3.0 read this one struct). No I/O.
// Amounts are pt::Money (cents, EUR); quantities are thousandths (1.5 hours = 1500).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::invoicing {

enum class DocumentKind { invoice, credit_note };
std::string_view to_string(DocumentKind k);

// EN 16931 VAT category codes (UNCL5305): S standard rate, Z zero rated, E exempt (with a reason).
enum class VatCategory { standard, zero, exempt };
std::string_view code_of(VatCategory c);                 // "S", "Z", "E"
std::optional<VatCategory> vat_category_from(std::string_view code);

struct Party {
    std::string name;
    std::string business_id;        // Y-tunnus "1234567-8"
    std::string ovt;                // e-invoice address, "0037" + Y-tunnus digits (+ optional suffix)
    std::string einvoice_operator;  // intermediator id, e.g. "003723327487" or a BIC
    std::string street_address, postal_code, post_office;
    std::string country = "FI";     // ISO 3166-1 alpha-2
    std::string iban;               // seller only: where the city pays
    std::string bic;                // seller only, may be empty
    std::string contact_email;
};

struct InvoiceLine {
    int line_no = 1;
    std::string description;        // e.g. "Tapaaminen 2.11.2026" or the product card title
    std::int64_t quantity_milli = 1000;
    std::string unit_code = "C62";  // UN/ECE rec 20: HUR hour, C62 piece
    Money unit_price;               // net, per unit
    Money net;                      // line net amount = round(quantity × unit price)
    int vat_rate_bp = 0;            // basis points: 2550 = 25.5 %
    VatCategory vat_category = VatCategory::exempt;
    std::string exemption_reason;   // category E only
    std::optional<std::string> bonus_code;  // an outcome bonus line
};

// One VAT group (same category and rate): taxable = sum of its line nets, tax = taxable × rate
// rounded half away from zero to the cent (EN 16931 BR-CO-17).
struct VatSubtotal {
    VatCategory category = VatCategory::exempt;
    int vat_rate_bp = 0;
    Money taxable, tax;
    std::string exemption_reason;
};

struct Invoice {
    DocumentKind kind = DocumentKind::invoice;
    std::string number;                 // "2026-000042" (credit notes have their own numbers in the same series)
    std::string issue_date;             // ISO date
    std::string due_date;               // ISO date (credit notes: empty)
    std::string buyer_reference;        // organizer's reference, e.g. "Dynaaminen pienhankinta / Työnhakuvalmennus"
    std::string order_contract_number;  // "TS-2026-000123" (the order reference on the invoice)
    std::string reference_number;       // Finnish viitenumero with check digit, or RF creditor reference
    std::string currency = "EUR";
    Party seller;                       // the provider
    Party buyer;                        // the organizer (city)
    std::vector<InvoiceLine> lines;
    std::vector<VatSubtotal> vat;       // one per (category, rate), in first-seen line order
    Money net_total, vat_total, gross_total;
    // Credit notes: the invoice they correct.
    std::optional<std::string> credited_invoice_number;
    std::optional<std::string> credited_invoice_issue_date;
    std::string note;                   // free text (BT-22), e.g. the credit reason
};

}  // namespace pt::invoicing
