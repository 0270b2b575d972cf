#include "invoicing/domain/einvoice_xml.hpp"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace pt::invoicing {

namespace {

// ---- text -------------------------------------------------------------------------------------

// Escaped for element content and attribute values alike. Characters XML 1.0 cannot carry at all
// (C0 controls other than tab, LF, CR) are dropped: a stray control character in a provider's
// name must not make the whole document unreadable.
std::string xml(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') break;
                out += ch;
        }
    }
    return out;
}

// At most max code points of UTF-8 text (Finvoice limits lengths in characters; a cut inside a
// multi-byte sequence would make the file invalid).
std::string clip(std::string_view s, std::size_t max) {
    std::size_t points = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (points == max) break;
            ++points;
        }
    }
    return std::string(s.substr(0, i));
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

std::string digits_of(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

[[noreturn]] void missing(const std::string& field) {
    throw std::invalid_argument("e-invoice: " + field + " is required");
}

void require(const std::string& value, const std::string& field) {
    if (trim(value).empty()) missing(field);
}

bool iso_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (d[i] < '0' || d[i] > '9') return false;
    const int month = (d[5] - '0') * 10 + (d[6] - '0');
    const int day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void require_date(const std::string& value, const std::string& field) {
    if (!iso_date(value)) throw std::invalid_argument("e-invoice: " + field + " must be a date YYYY-MM-DD, got '" + value + "'");
}

// ---- numbers ----------------------------------------------------------------------------------

// 123456 cents → "1234.56" (sep '.') or "1234,56" (sep ','); the sign kept.
std::string amount(std::int64_t cents, char sep) {
    std::string out = cents < 0 ? "-" : "";
    const std::uint64_t a = cents < 0 ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
    out += std::to_string(a / 100);
    out += sep;
    const auto frac = a % 100;
    out += static_cast<char>('0' + frac / 10);
    out += static_cast<char>('0' + frac % 10);
    return out;
}

// Thousandths without trailing zeros: 1500 → "1.5", 2000 → "2", 1250 → "1.25".
std::string thousandths(std::int64_t milli, char sep) {
    std::string out = milli < 0 ? "-" : "";
    const std::uint64_t a = milli < 0 ? static_cast<std::uint64_t>(-(milli + 1)) + 1 : static_cast<std::uint64_t>(milli);
    out += std::to_string(a / 1000);
    auto frac = a % 1000;
    if (frac) {
        std::string f = std::to_string(frac);
        f.insert(0, 3 - f.size(), '0');
        while (f.back() == '0') f.pop_back();
        out += sep;
        out += f;
    }
    return out;
}

// Basis points as a percentage with two decimals: 2550 → "25.50", 0 → "0.00".
std::string percent(int bp, char sep) { return amount(bp, sep); }

// Half away from zero, in cents: the rule the invoice struct's subtotals use (BR-CO-17).
std::int64_t vat_of(std::int64_t net_cents, int bp) {
    const std::int64_t p = net_cents * bp;
    const std::int64_t q = p / 10000, r = p % 10000;
    if (r * 2 >= 10000) return q + 1;
    if (r * 2 <= -10000) return q - 1;
    return q;
}

std::string_view category_code(VatCategory c) {
    switch (c) {
        case VatCategory::standard: return "S";
        case VatCategory::zero: return "Z";
        case VatCategory::exempt: return "E";
    }
    return "E";
}

// ---- writer -----------------------------------------------------------------------------------

class Out {
public:
    explicit Out(int base_indent = 0) : indent_(base_indent) {}
    void open(std::string_view tag, std::string_view attrs = "") {
        pad();
        s_ += '<';
        s_ += tag;
        if (!attrs.empty()) { s_ += ' '; s_ += attrs; }
        s_ += ">\n";
        ++indent_;
    }
    void close(std::string_view tag) {
        --indent_;
        pad();
        s_ += "</";
        s_ += tag;
        s_ += ">\n";
    }
    // <tag attrs>escaped text</tag>; attrs must be escaped by the caller (attr()).
    void leaf(std::string_view tag, std::string_view text, std::string_view attrs = "") {
        pad();
        s_ += '<';
        s_ += tag;
        if (!attrs.empty()) { s_ += ' '; s_ += attrs; }
        s_ += '>';
        s_ += xml(text);
        s_ += "</";
        s_ += tag;
        s_ += ">\n";
    }
    // Written only when there is something to write (EN 16931 / Peppol forbid empty elements).
    void leaf_if(std::string_view tag, const std::string& text, std::string_view attrs = "") {
        if (!trim(text).empty()) leaf(tag, trim(text), attrs);
    }
    void empty(std::string_view tag, std::string_view attrs = "") {
        pad();
        s_ += '<';
        s_ += tag;
        if (!attrs.empty()) { s_ += ' '; s_ += attrs; }
        s_ += "/>\n";
    }
    void raw(std::string_view text) { s_ += text; }
    std::string str() && { return std::move(s_); }

private:
    void pad() { s_.append(static_cast<std::size_t>(indent_) * 2, ' '); }
    std::string s_;
    int indent_ = 0;
};

std::string attr(std::string_view name, std::string_view value) {
    return std::string(name) + "=\"" + xml(value) + "\"";
}

// ---- checks shared by both formats ------------------------------------------------------------

void check_common(const Invoice& inv) {
    require(inv.number, "number");
    require_date(inv.issue_date, "issue_date");
    if (inv.currency.size() != 3) throw std::invalid_argument("e-invoice: currency must be a 3-letter ISO 4217 code");
    require(inv.seller.name, "seller.name");
    require(inv.seller.business_id, "seller.business_id");
    require(inv.seller.ovt, "seller.ovt");
    require(inv.seller.country, "seller.country");
    require(inv.buyer.name, "buyer.name");
    require(inv.buyer.business_id, "buyer.business_id");
    require(inv.buyer.ovt, "buyer.ovt");
    require(inv.buyer.country, "buyer.country");
    if (inv.lines.empty()) missing("lines");
    for (const auto& l : inv.lines) {
        require(l.description, "lines[" + std::to_string(l.line_no) + "].description");
        require(l.unit_code, "lines[" + std::to_string(l.line_no) + "].unit_code");
        if (l.quantity_milli <= 0)
            throw std::invalid_argument("e-invoice: lines[" + std::to_string(l.line_no) + "].quantity must be positive");
    }
    if (inv.vat.empty()) missing("vat");
    for (const auto& v : inv.vat)
        if (v.category == VatCategory::exempt) require(v.exemption_reason, "vat.exemption_reason");
    if (inv.kind == DocumentKind::invoice) {
        require_date(inv.due_date, "due_date");
        require(inv.reference_number, "reference_number");
        require(inv.seller.iban, "seller.iban");
    } else {
        if (!inv.credited_invoice_number || trim(*inv.credited_invoice_number).empty())
            missing("credited_invoice_number");
    }
}

// "FI" + the Y-tunnus digits: the Finnish VAT number (fi-identifiers/NOTES.md).
std::string vat_number(const Party& p) { return p.country + digits_of(p.business_id); }

// ---- UBL --------------------------------------------------------------------------------------

constexpr const char* kCustomization = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
constexpr const char* kProfile = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

void ubl_party(Out& o, const Party& p, bool seller, bool vat_registered) {
    o.open("cac:Party");
    o.leaf("cbc:EndpointID", without_spaces(p.ovt), attr("schemeID", "0216"));
    o.open("cac:PartyIdentification");
    o.leaf("cbc:ID", without_spaces(p.ovt), attr("schemeID", "0216"));
    o.close("cac:PartyIdentification");
    o.open("cac:PartyName");
    o.leaf("cbc:Name", trim(p.name));
    o.close("cac:PartyName");
    o.open("cac:PostalAddress");
    o.leaf_if("cbc:StreetName", p.street_address);
    o.leaf_if("cbc:CityName", p.post_office);
    o.leaf_if("cbc:PostalZone", p.postal_code);
    o.open("cac:Country");
    o.leaf("cbc:IdentificationCode", trim(p.country));
    o.close("cac:Country");
    o.close("cac:PostalAddress");
    if (vat_registered) {
        o.open("cac:PartyTaxScheme");
        o.leaf("cbc:CompanyID", vat_number(p));
        o.open("cac:TaxScheme");
        o.leaf("cbc:ID", "VAT");
        o.close("cac:TaxScheme");
        o.close("cac:PartyTaxScheme");
    } else if (seller) {
        // Only exempt lines: the seller need not be in the VAT register, so the Y-tunnus is given as
        // the tax registration identifier (BT-32), which BR-E-02 accepts in place of a VAT number.
        o.open("cac:PartyTaxScheme");
        o.leaf("cbc:CompanyID", trim(p.business_id));
        o.open("cac:TaxScheme");
        o.leaf("cbc:ID", "TAX");
        o.close("cac:TaxScheme");
        o.close("cac:PartyTaxScheme");
    }
    o.open("cac:PartyLegalEntity");
    o.leaf("cbc:RegistrationName", trim(p.name));
    o.leaf("cbc:CompanyID", trim(p.business_id), attr("schemeID", "0212"));
    o.close("cac:PartyLegalEntity");
    if (!trim(p.contact_email).empty()) {
        o.open("cac:Contact");
        o.leaf("cbc:ElectronicMail", trim(p.contact_email));
        o.close("cac:Contact");
    }
    o.close("cac:Party");
}

void ubl_tax_category(Out& o, std::string_view tag, VatCategory c, int bp, const std::string& reason) {
    o.open(tag);
    o.leaf("cbc:ID", category_code(c));
    o.leaf("cbc:Percent", percent(bp, '.'));
    if (c == VatCategory::exempt && !reason.empty()) o.leaf("cbc:TaxExemptionReason", trim(reason));
    o.open("cac:TaxScheme");
    o.leaf("cbc:ID", "VAT");
    o.close("cac:TaxScheme");
    o.close(tag);
}

}  // namespace

std::string to_ubl(const Invoice& inv) {
    check_common(inv);
    const bool credit = inv.kind == DocumentKind::credit_note;
    const std::string root = credit ? "CreditNote" : "Invoice";
    const std::string cur = attr("currencyID", inv.currency);
    const auto money = [&](Money m) { return amount(m.cents(), '.'); };

    bool seller_vat_registered = false;  // any standard or zero-rated line (BR-S-02, BR-Z-02)
    for (const auto& v : inv.vat)
        if (v.category != VatCategory::exempt) seller_vat_registered = true;

    Out o;
    o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.open(root, std::string("xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:") + root +
                     "-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""
                     " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\"");
    o.leaf("cbc:CustomizationID", kCustomization);
    o.leaf("cbc:ProfileID", kProfile);
    o.leaf("cbc:ID", trim(inv.number));
    o.leaf("cbc:IssueDate", inv.issue_date);
    if (credit) {
        o.leaf("cbc:CreditNoteTypeCode", "381");
    } else {
        o.leaf("cbc:DueDate", inv.due_date);
        o.leaf("cbc:InvoiceTypeCode", "380");
    }
    o.leaf_if("cbc:Note", inv.note);  // Peppol allows one note (PEPPOL-EN16931-R002)
    o.leaf("cbc:DocumentCurrencyCode", inv.currency);
    o.leaf_if("cbc:BuyerReference", inv.buyer_reference);
    if (!trim(inv.order_contract_number).empty()) {
        o.open("cac:OrderReference");
        o.leaf("cbc:ID", trim(inv.order_contract_number));
        o.close("cac:OrderReference");
    }
    if (credit) {
        o.open("cac:BillingReference");
        o.open("cac:InvoiceDocumentReference");
        o.leaf("cbc:ID", trim(*inv.credited_invoice_number));
        if (inv.credited_invoice_issue_date && iso_date(*inv.credited_invoice_issue_date))
            o.leaf("cbc:IssueDate", *inv.credited_invoice_issue_date);
        o.close("cac:InvoiceDocumentReference");
        o.close("cac:BillingReference");
    }
    o.open("cac:AccountingSupplierParty");
    ubl_party(o, inv.seller, true, seller_vat_registered);
    o.close("cac:AccountingSupplierParty");
    o.open("cac:AccountingCustomerParty");
    // The buyer is a municipality or another public body, registered for VAT.
    ubl_party(o, inv.buyer, false, true);
    o.close("cac:AccountingCustomerParty");
    if (!credit) {
        o.open("cac:PaymentMeans");
        o.leaf("cbc:PaymentMeansCode", "58");  // SEPA credit transfer
        o.leaf("cbc:PaymentID", without_spaces(inv.reference_number));
        o.open("cac:PayeeFinancialAccount");
        o.leaf("cbc:ID", without_spaces(inv.seller.iban));
        o.leaf("cbc:Name", trim(inv.seller.name));
        if (!trim(inv.seller.bic).empty()) {
            o.open("cac:FinancialInstitutionBranch");
            o.leaf("cbc:ID", without_spaces(inv.seller.bic));
            o.close("cac:FinancialInstitutionBranch");
        }
        o.close("cac:PayeeFinancialAccount");
        o.close("cac:PaymentMeans");
    } else {
        // A credit note has no due date; BR-CO-25 then wants the payment terms in words.
        o.open("cac:PaymentTerms");
        o.leaf("cbc:Note", "Hyvitys laskusta " + trim(*inv.credited_invoice_number) + " / Credit for invoice " +
                               trim(*inv.credited_invoice_number));
        o.close("cac:PaymentTerms");
    }
    o.open("cac:TaxTotal");
    o.leaf("cbc:TaxAmount", money(inv.vat_total), cur);
    for (const auto& v : inv.vat) {
        o.open("cac:TaxSubtotal");
        o.leaf("cbc:TaxableAmount", money(v.taxable), cur);
        o.leaf("cbc:TaxAmount", money(v.tax), cur);
        ubl_tax_category(o, "cac:TaxCategory", v.category, v.vat_rate_bp, v.exemption_reason);
        o.close("cac:TaxSubtotal");
    }
    o.close("cac:TaxTotal");
    o.open("cac:LegalMonetaryTotal");
    o.leaf("cbc:LineExtensionAmount", money(inv.net_total), cur);
    o.leaf("cbc:TaxExclusiveAmount", money(inv.net_total), cur);
    o.leaf("cbc:TaxInclusiveAmount", money(inv.gross_total), cur);
    o.leaf("cbc:PayableAmount", money(inv.gross_total), cur);
    o.close("cac:LegalMonetaryTotal");
    const std::string line_tag = credit ? "cac:CreditNoteLine" : "cac:InvoiceLine";
    for (const auto& l : inv.lines) {
        o.open(line_tag);
        o.leaf("cbc:ID", std::to_string(l.line_no));
        o.leaf(credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", thousandths(l.quantity_milli, '.'),
               attr("unitCode", l.unit_code));
        o.leaf("cbc:LineExtensionAmount", money(l.net), cur);
        o.open("cac:Item");
        o.leaf("cbc:Name", trim(l.description));
        if (l.bonus_code && !trim(*l.bonus_code).empty()) {
            o.open("cac:SellersItemIdentification");
            o.leaf("cbc:ID", trim(*l.bonus_code));
            o.close("cac:SellersItemIdentification");
        }
        ubl_tax_category(o, "cac:ClassifiedTaxCategory", l.vat_category, l.vat_rate_bp, "");
        o.close("cac:Item");
        o.open("cac:Price");
        o.leaf("cbc:PriceAmount", money(l.unit_price), cur);
        o.close("cac:Price");
        o.close(line_tag);
    }
    o.close(root);
    return std::move(o).str();
}

// ---- Finvoice ---------------------------------------------------------------------------------

namespace {

// ISO date → Finvoice CCYYMMDD.
std::string fv_date(const std::string& iso) { return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2); }

std::string fv_date_attr() { return "Format=\"CCYYMMDD\""; }

// Finnish unit names beside the UN/ECE code (QuantityUnitCode is free text for the reader).
std::string fv_unit_name(const std::string& un) {
    if (un == "HUR") return "h";
    if (un == "C62" || un == "H87" || un == "EA") return "kpl";
    return un;
}

void fv_address(Out& o, const std::string& prefix, const Party& p) {
    // All three parts or nothing: the XSD requires street, town and postcode together.
    if (trim(p.street_address).size() < 2 || trim(p.post_office).size() < 2 || trim(p.postal_code).size() < 2) return;
    o.open(prefix + "PostalAddressDetails");
    o.leaf(prefix + "StreetName", clip(trim(p.street_address), 35));
    o.leaf(prefix + "TownName", clip(trim(p.post_office), 35));
    o.leaf(prefix + "PostCodeIdentifier", clip(trim(p.postal_code), 35));
    o.leaf("CountryCode", trim(p.country));
    o.close(prefix + "PostalAddressDetails");
}

}  // namespace

std::string to_finvoice(const Invoice& inv) {
    check_common(inv);
    require(inv.seller.iban, "seller.iban");  // EpiAccountID is mandatory in Finvoice
    require(inv.seller.einvoice_operator, "seller.einvoice_operator");
    require(inv.buyer.einvoice_operator, "buyer.einvoice_operator");
    if (trim(inv.number).size() > 20) throw std::invalid_argument("e-invoice: number is longer than Finvoice's 20 characters");
    const bool credit = inv.kind == DocumentKind::credit_note;
    // A Finvoice credit note (INV02) carries negative quantities and amounts; unit prices stay positive.
    const int sign = credit ? -1 : 1;
    const std::string cur = attr("AmountCurrencyIdentifier", inv.currency);
    const auto money = [&](Money m) { return amount(sign * m.cents(), ','); };
    bool seller_vat_registered = false;
    for (const auto& v : inv.vat)
        if (v.category != VatCategory::exempt) seller_vat_registered = true;
    const std::string pay_date = credit ? inv.issue_date : inv.due_date;
    const std::string reference = without_spaces(inv.reference_number);

    Out o;
    o.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.open("Finvoice", "Version=\"3.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                       " xsi:noNamespaceSchemaLocation=\"Finvoice3.0.xsd\"");
    o.open("MessageTransmissionDetails");
    o.open("MessageSenderDetails");
    o.leaf("FromIdentifier", clip(without_spaces(inv.seller.ovt), 35), attr("SchemeID", "0037"));
    o.leaf("FromIntermediator", clip(without_spaces(inv.seller.einvoice_operator), 35));
    o.close("MessageSenderDetails");
    o.open("MessageReceiverDetails");
    o.leaf("ToIdentifier", clip(without_spaces(inv.buyer.ovt), 35), attr("SchemeID", "0037"));
    o.leaf("ToIntermediator", clip(without_spaces(inv.buyer.einvoice_operator), 35));
    o.close("MessageReceiverDetails");
    o.open("MessageDetails");
    o.leaf("MessageIdentifier", trim(inv.number).size() >= 2 ? trim(inv.number) : "FV" + trim(inv.number));
    o.leaf("MessageTimeStamp", inv.issue_date + "T00:00:00");
    o.leaf("SpecificationIdentifier", "EN16931");
    o.close("MessageDetails");
    o.close("MessageTransmissionDetails");

    o.open("SellerPartyDetails");
    o.leaf("SellerPartyIdentifier", clip(trim(inv.seller.business_id), 35), attr("SchemeID", "0212"));
    o.leaf("SellerOrganisationName", clip(trim(inv.seller.name), 70));
    if (seller_vat_registered) o.leaf("SellerOrganisationTaxCode", clip(vat_number(inv.seller), 35));
    fv_address(o, "Seller", inv.seller);
    o.close("SellerPartyDetails");
    if (!trim(inv.seller.contact_email).empty()) {
        o.open("SellerCommunicationDetails");
        o.leaf("SellerEmailaddressIdentifier", clip(trim(inv.seller.contact_email), 70));
        o.close("SellerCommunicationDetails");
    }
    const std::string bic = without_spaces(inv.seller.bic);
    if (bic.size() >= 8 && bic.size() <= 11) {
        o.open("SellerInformationDetails");
        o.open("SellerAccountDetails");
        o.leaf("SellerAccountID", without_spaces(inv.seller.iban), attr("IdentificationSchemeName", "IBAN"));
        o.leaf("SellerBic", bic, attr("IdentificationSchemeName", "BIC"));
        o.close("SellerAccountDetails");
        o.close("SellerInformationDetails");
    }
    o.open("BuyerPartyDetails");
    o.leaf("BuyerPartyIdentifier", clip(trim(inv.buyer.business_id), 35), attr("SchemeID", "0212"));
    o.leaf("BuyerOrganisationName", clip(trim(inv.buyer.name), 70));
    o.leaf("BuyerOrganisationTaxCode", clip(vat_number(inv.buyer), 35));
    fv_address(o, "Buyer", inv.buyer);
    o.close("BuyerPartyDetails");

    o.open("InvoiceDetails");
    o.leaf("InvoiceTypeCode", credit ? "INV02" : "INV01");
    o.leaf("InvoiceTypeCodeUN", credit ? "381" : "380");
    o.leaf("InvoiceTypeText", credit ? "HYVITYSLASKU" : "LASKU");
    o.leaf("OriginCode", "Original");
    o.leaf("InvoiceNumber", trim(inv.number));
    o.leaf("InvoiceDate", fv_date(inv.issue_date), fv_date_attr());
    if (credit) {
        o.leaf("OriginalInvoiceNumber", clip(trim(*inv.credited_invoice_number), 20));
        if (inv.credited_invoice_issue_date && iso_date(*inv.credited_invoice_issue_date))
            o.leaf("OriginalInvoiceDate", fv_date(*inv.credited_invoice_issue_date), fv_date_attr());
    }
    if (!trim(inv.order_contract_number).empty()) o.leaf("OrderIdentifier", clip(trim(inv.order_contract_number), 70));
    if (!trim(inv.buyer_reference).empty()) o.leaf("BuyerReferenceIdentifier", clip(trim(inv.buyer_reference), 70));
    o.leaf("RowsTotalVatExcludedAmount", money(inv.net_total), cur);
    o.leaf("InvoiceTotalVatExcludedAmount", money(inv.net_total), cur);
    o.leaf("InvoiceTotalVatAmount", money(inv.vat_total), cur);
    o.leaf("InvoiceTotalVatIncludedAmount", money(inv.gross_total), cur);
    for (const auto& v : inv.vat) {
        o.open("VatSpecificationDetails");
        o.leaf("VatBaseAmount", money(v.taxable), cur);
        o.leaf("VatRatePercent", percent(v.vat_rate_bp, ','));
        o.leaf("VatCode", category_code(v.category));
        o.leaf("VatRateAmount", money(v.tax), cur);
        if (v.category == VatCategory::exempt) o.leaf("VatFreeText", clip(trim(v.exemption_reason), 70));
        o.close("VatSpecificationDetails");
    }
    if (!trim(inv.note).empty()) o.leaf("InvoiceFreeText", clip(trim(inv.note), 512));
    if (!credit) {
        o.open("PaymentTermsDetails");
        o.leaf("InvoiceDueDate", fv_date(inv.due_date), fv_date_attr());
        o.close("PaymentTermsDetails");
    }
    o.close("InvoiceDetails");

    // Row VAT: the group's VAT (rounded once per group, as InvoiceTotalVatAmount) spread over its
    // rows, each rounded alone and the remainder on the group's last row, so the rows add up.
    std::vector<std::int64_t> row_vats(inv.lines.size());
    for (std::size_t i = 0; i < inv.lines.size(); ++i) row_vats[i] = vat_of(inv.lines[i].net.cents(), inv.lines[i].vat_rate_bp);
    for (const auto& g : inv.vat) {
        std::int64_t others = 0;
        std::optional<std::size_t> last;
        for (std::size_t i = 0; i < inv.lines.size(); ++i) {
            if (inv.lines[i].vat_category != g.category || inv.lines[i].vat_rate_bp != g.vat_rate_bp) continue;
            if (last) others += row_vats[*last];
            last = i;
        }
        if (last) row_vats[*last] = g.tax.cents() - others;
    }
    for (std::size_t li = 0; li < inv.lines.size(); ++li) {
        const auto& l = inv.lines[li];
        const std::string unit = attr("QuantityUnitCode", fv_unit_name(l.unit_code)) + " " +
                                 attr("QuantityUnitCodeUN", l.unit_code);
        const std::int64_t row_vat = row_vats[li];
        o.open("InvoiceRow");
        if (l.bonus_code && !trim(*l.bonus_code).empty()) o.leaf("ArticleIdentifier", clip(trim(*l.bonus_code), 70));
        o.leaf("ArticleName", clip(trim(l.description), 100));
        o.leaf("InvoicedQuantity", thousandths(sign * l.quantity_milli, ','), unit);
        o.leaf("UnitPriceAmount", amount(l.unit_price.cents(), ','), cur);
        o.leaf("RowPositionIdentifier", std::to_string(l.line_no));
        o.leaf("RowVatRatePercent", percent(l.vat_rate_bp, ','));
        o.leaf("RowVatCode", category_code(l.vat_category));
        o.leaf("RowVatAmount", amount(sign * row_vat, ','), cur);
        o.leaf("RowVatExcludedAmount", money(l.net), cur);
        o.leaf("RowAmount", amount(sign * (l.net.cents() + row_vat), ','), cur);
        o.close("InvoiceRow");
    }

    o.open("EpiDetails");
    o.open("EpiIdentificationDetails");
    o.leaf("EpiDate", fv_date(inv.issue_date), fv_date_attr());
    o.empty("EpiReference");
    o.close("EpiIdentificationDetails");
    o.open("EpiPartyDetails");
    o.open("EpiBfiPartyDetails");
    if (bic.size() >= 8 && bic.size() <= 11) o.leaf("EpiBfiIdentifier", bic, attr("IdentificationSchemeName", "BIC"));
    o.close("EpiBfiPartyDetails");
    o.open("EpiBeneficiaryPartyDetails");
    {
        // A token of 2..35 characters: collapsed spaces, clipped.
        std::string name;
        for (char c : trim(inv.seller.name)) {
            if (std::isspace(static_cast<unsigned char>(c))) {
                if (!name.empty() && name.back() != ' ') name += ' ';
            } else {
                name += c;
            }
        }
        name = trim(clip(name, 35));
        if (name.size() >= 2) o.leaf("EpiNameAddressDetails", name);
    }
    o.leaf("EpiAccountID", without_spaces(inv.seller.iban), attr("IdentificationSchemeName", "IBAN"));
    o.close("EpiBeneficiaryPartyDetails");
    o.close("EpiPartyDetails");
    o.open("EpiPaymentInstructionDetails");
    if (!reference.empty()) {
        const bool rf = reference.size() > 2 && (reference[0] == 'R' || reference[0] == 'r');
        o.leaf("EpiRemittanceInfoIdentifier", reference, attr("IdentificationSchemeName", rf ? "ISO" : "SPY"));
    }
    o.leaf("EpiInstructedAmount", money(inv.gross_total), cur);
    o.empty("EpiCharge", attr("ChargeOption", "SLEV"));
    o.leaf("EpiDateOptionDate", fv_date(pay_date), fv_date_attr());
    o.leaf("EpiPaymentMeansCode", "58");
    o.close("EpiPaymentInstructionDetails");
    o.close("EpiDetails");
    o.close("Finvoice");
    return std::move(o).str();
}

}  // namespace pt::invoicing
