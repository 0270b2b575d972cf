// The e-invoice writers (UBL 2.1 / Peppol BIS 3 and Finvoice 3.0) over the domain struct. The
// documents themselves are validated against the XSDs and Schematron in
// tests/integration/einvoice.test.js; these tests pin the details: escaping, number formats,
// the credit note's shape and the refusals.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "invoicing/domain/einvoice_xml.hpp"

namespace pt::invoicing {
namespace {

Invoice sample() {
    Invoice inv;
    inv.number = "2026-000042";
    inv.issue_date = "2026-11-01";
    inv.due_date = "2026-11-22";
    inv.buyer_reference = "Dynaaminen pienhankinta / Työnhakuvalmennus";
    inv.order_contract_number = "TS-2026-000123";
    inv.reference_number = "20260000421";
    inv.seller = {"Valmennus & Co <Oy>", "2077474-0", "003720774740", "003721291126", "Kauppakatu 1", "40100",
                  "Jyväskylä", "FI", "FI2112345600000785", "NDEAFIHH", "laskut@valmennus.example"};
    inv.buyer = {"Jyväskylän kaupunki", "0208201-1", "003702082011", "003723327487", "Vapaudenkatu 32", "40100",
                 "Jyväskylä", "FI", "", "", ""};
    InvoiceLine a;
    a.line_no = 1;
    a.description = "Tapaaminen 2.11.2026 \"alku\"";
    a.quantity_milli = 1500;
    a.unit_code = "HUR";
    a.unit_price = Money::cents(8000);
    a.net = Money::cents(12000);
    a.vat_rate_bp = 2550;
    a.vat_category = VatCategory::standard;
    InvoiceLine b;
    b.line_no = 2;
    b.description = "Työllistymisbonus";
    b.quantity_milli = 1000;
    b.unit_code = "C62";
    b.unit_price = Money::cents(50000);
    b.net = Money::cents(50000);
    b.vat_rate_bp = 0;
    b.vat_category = VatCategory::exempt;
    b.exemption_reason = "AVL 34 §";
    b.bonus_code = "employment";
    inv.lines = {a, b};
    inv.vat = {{VatCategory::standard, 2550, Money::cents(12000), Money::cents(3060), ""},
               {VatCategory::exempt, 0, Money::cents(50000), Money::cents(0), "AVL 34 §"}};
    inv.net_total = Money::cents(62000);
    inv.vat_total = Money::cents(3060);
    inv.gross_total = Money::cents(65060);
    return inv;
}

Invoice credit_sample() {
    auto inv = sample();
    inv.kind = DocumentKind::credit_note;
    inv.number = "2026-000050";
    inv.due_date = "";
    inv.credited_invoice_number = "2026-000042";
    inv.credited_invoice_issue_date = "2026-11-01";
    inv.note = "Hyvitetään: väärä tuntimäärä";
    return inv;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

TEST(EinvoiceUbl, EscapesMarkupInNamesAndTexts) {
    auto x = to_ubl(sample());
    EXPECT_TRUE(contains(x, "<cbc:RegistrationName>Valmennus &amp; Co &lt;Oy&gt;</cbc:RegistrationName>")) << x;
    EXPECT_TRUE(contains(x, "<cbc:Name>Tapaaminen 2.11.2026 &quot;alku&quot;</cbc:Name>"));
    EXPECT_FALSE(contains(x, "Co <Oy>"));
    EXPECT_FALSE(contains(x, "& Co"));
}

TEST(EinvoiceUbl, DropsControlCharactersXmlCannotCarry) {
    auto inv = sample();
    inv.lines[0].description = std::string("Rivi\x01yksi\x1f");
    auto x = to_ubl(inv);
    EXPECT_TRUE(contains(x, "<cbc:Name>Riviyksi</cbc:Name>"));
}

TEST(EinvoiceUbl, AmountsHaveTwoDecimalsAndQuantitiesAreDecimals) {
    auto x = to_ubl(sample());
    EXPECT_TRUE(contains(x, "<cbc:PayableAmount currencyID=\"EUR\">650.60</cbc:PayableAmount>"));
    EXPECT_TRUE(contains(x, "<cbc:TaxAmount currencyID=\"EUR\">30.60</cbc:TaxAmount>"));
    EXPECT_TRUE(contains(x, "<cbc:InvoicedQuantity unitCode=\"HUR\">1.5</cbc:InvoicedQuantity>"));
    EXPECT_TRUE(contains(x, "<cbc:InvoicedQuantity unitCode=\"C62\">1</cbc:InvoicedQuantity>"));
    EXPECT_TRUE(contains(x, "<cbc:PriceAmount currencyID=\"EUR\">80.00</cbc:PriceAmount>"));
    EXPECT_TRUE(contains(x, "<cbc:Percent>25.50</cbc:Percent>"));
    auto inv = sample();
    inv.lines[0].quantity_milli = 1250;
    inv.lines[1].unit_price = Money::cents(5);
    x = to_ubl(inv);
    EXPECT_TRUE(contains(x, ">1.25</cbc:InvoicedQuantity>"));
    EXPECT_TRUE(contains(x, "<cbc:PriceAmount currencyID=\"EUR\">0.05</cbc:PriceAmount>"));
}

TEST(EinvoiceUbl, InvoiceCarriesPeppolIdsPartiesAndPayment) {
    auto x = to_ubl(sample());
    EXPECT_TRUE(contains(x, "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""));
    EXPECT_TRUE(contains(x, "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"));
    EXPECT_TRUE(contains(x, "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>"));
    EXPECT_TRUE(contains(x, "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"));
    EXPECT_TRUE(contains(x, "<cbc:DueDate>2026-11-22</cbc:DueDate>"));
    EXPECT_TRUE(contains(x, "<cbc:EndpointID schemeID=\"0216\">003720774740</cbc:EndpointID>"));
    EXPECT_TRUE(contains(x, "<cbc:CompanyID schemeID=\"0212\">2077474-0</cbc:CompanyID>"));
    EXPECT_TRUE(contains(x, "<cbc:CompanyID>FI20774740</cbc:CompanyID>"));
    EXPECT_TRUE(contains(x, "<cac:OrderReference>\n    <cbc:ID>TS-2026-000123</cbc:ID>"));
    EXPECT_TRUE(contains(x, "<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>"));
    EXPECT_TRUE(contains(x, "<cbc:PaymentID>20260000421</cbc:PaymentID>"));
    EXPECT_TRUE(contains(x, "<cbc:ID>FI2112345600000785</cbc:ID>"));
    EXPECT_TRUE(contains(x, "<cbc:TaxExemptionReason>AVL 34 §</cbc:TaxExemptionReason>"));
    EXPECT_TRUE(contains(x, "<cbc:BuyerReference>Dynaaminen pienhankinta / Työnhakuvalmennus</cbc:BuyerReference>"));
    EXPECT_FALSE(contains(x, "CreditNote"));
}

TEST(EinvoiceUbl, OnlyExemptLinesGiveTheTaxRegistrationIdInsteadOfAVatNumber) {
    auto inv = sample();
    inv.lines.erase(inv.lines.begin());
    inv.vat.erase(inv.vat.begin());
    inv.net_total = inv.gross_total = Money::cents(50000);
    inv.vat_total = Money::cents(0);
    auto x = to_ubl(inv);
    EXPECT_FALSE(contains(x, "<cbc:CompanyID>FI20774740</cbc:CompanyID>"));
    EXPECT_TRUE(contains(x, "<cbc:CompanyID>2077474-0</cbc:CompanyID>\n        <cac:TaxScheme>\n          <cbc:ID>TAX</cbc:ID>"));
}

TEST(EinvoiceUbl, CreditNoteHasItsOwnShape) {
    auto x = to_ubl(credit_sample());
    EXPECT_TRUE(contains(x, "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""));
    EXPECT_TRUE(contains(x, "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
    EXPECT_TRUE(contains(x, "<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n      <cbc:ID>2026-000042</cbc:ID>\n"
                            "      <cbc:IssueDate>2026-11-01</cbc:IssueDate>"));
    EXPECT_TRUE(contains(x, "<cac:CreditNoteLine>"));
    EXPECT_TRUE(contains(x, "<cbc:CreditedQuantity unitCode=\"HUR\">1.5</cbc:CreditedQuantity>"));
    EXPECT_TRUE(contains(x, "<cbc:Note>Hyvitetään: väärä tuntimäärä</cbc:Note>"));
    EXPECT_FALSE(contains(x, "InvoiceLine"));
    EXPECT_FALSE(contains(x, "DueDate"));
    EXPECT_FALSE(contains(x, "InvoiceTypeCode"));
    // Amounts stay positive: the document type says it credits.
    EXPECT_TRUE(contains(x, "<cbc:PayableAmount currencyID=\"EUR\">650.60</cbc:PayableAmount>"));
}

TEST(EinvoiceUbl, ThrowsNamingWhatIsMissing) {
    const auto expect_missing = [](Invoice inv, const std::string& field) {
        try {
            to_ubl(inv);
            ADD_FAILURE() << "no exception for " << field;
        } catch (const std::invalid_argument& e) {
            EXPECT_TRUE(contains(e.what(), field)) << e.what();
        }
    };
    auto inv = sample();
    inv.number = " ";
    expect_missing(inv, "number");
    inv = sample();
    inv.seller.ovt = "";
    expect_missing(inv, "seller.ovt");
    inv = sample();
    inv.buyer.business_id = "";
    expect_missing(inv, "buyer.business_id");
    inv = sample();
    inv.lines.clear();
    expect_missing(inv, "lines");
    inv = sample();
    inv.vat[1].exemption_reason = "";
    expect_missing(inv, "vat.exemption_reason");
    inv = sample();
    inv.due_date = "22.11.2026";
    expect_missing(inv, "due_date");
    inv = sample();
    inv.seller.iban = "";
    expect_missing(inv, "seller.iban");
    inv = sample();
    inv.reference_number = "";
    expect_missing(inv, "reference_number");
    auto cn = credit_sample();
    cn.credited_invoice_number.reset();
    expect_missing(cn, "credited_invoice_number");
}

TEST(EinvoiceFinvoice, UsesCommaDecimalsCompactDatesAndEscapes) {
    auto x = to_finvoice(sample());
    EXPECT_TRUE(contains(x, "<Finvoice Version=\"3.0\""));
    EXPECT_TRUE(contains(x, "<SellerOrganisationName>Valmennus &amp; Co &lt;Oy&gt;</SellerOrganisationName>")) << x;
    EXPECT_TRUE(contains(x, "<InvoiceDate Format=\"CCYYMMDD\">20261101</InvoiceDate>"));
    EXPECT_TRUE(contains(x, "<InvoiceDueDate Format=\"CCYYMMDD\">20261122</InvoiceDueDate>"));
    EXPECT_TRUE(contains(x, "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">650,60</InvoiceTotalVatIncludedAmount>"));
    EXPECT_TRUE(contains(x, "<VatRatePercent>25,50</VatRatePercent>"));
    EXPECT_TRUE(contains(x, "<InvoicedQuantity QuantityUnitCode=\"h\" QuantityUnitCodeUN=\"HUR\">1,5</InvoicedQuantity>"));
    EXPECT_TRUE(contains(x, "<RowVatAmount AmountCurrencyIdentifier=\"EUR\">30,60</RowVatAmount>"));
    EXPECT_TRUE(contains(x, "<InvoiceTypeCode>INV01</InvoiceTypeCode>"));
    EXPECT_TRUE(contains(x, "<FromIdentifier SchemeID=\"0037\">003720774740</FromIdentifier>"));
    EXPECT_TRUE(contains(x, "<ToIntermediator>003723327487</ToIntermediator>"));
    EXPECT_TRUE(contains(x, "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"SPY\">20260000421</EpiRemittanceInfoIdentifier>"));
    EXPECT_TRUE(contains(x, "<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">650,60</EpiInstructedAmount>"));
    EXPECT_TRUE(contains(x, "<EpiDateOptionDate Format=\"CCYYMMDD\">20261122</EpiDateOptionDate>"));
    EXPECT_TRUE(contains(x, "<VatFreeText>AVL 34 §</VatFreeText>"));
    EXPECT_TRUE(contains(x, "<SellerBic IdentificationSchemeName=\"BIC\">NDEAFIHH</SellerBic>"));
}

// 3 × 50 min at 80 €/h, 25.5 %: each row alone rounds to 16.99 (3 × = 50.97), the group to 50.98.
TEST(EinvoiceFinvoice, RowVatAmountsAddUpToTheGroupVat) {
    auto inv = sample();
    inv.lines.clear();
    for (int i = 1; i <= 3; ++i) {
        InvoiceLine l;
        l.line_no = i;
        l.description = "Tapaaminen " + std::to_string(i);
        l.quantity_milli = 833;
        l.unit_code = "HUR";
        l.unit_price = Money::cents(8000);
        l.net = Money::cents(6664);
        l.vat_rate_bp = 2550;
        l.vat_category = VatCategory::standard;
        inv.lines.push_back(l);
    }
    inv.vat = {{VatCategory::standard, 2550, Money::cents(19992), Money::cents(5098), ""}};
    inv.net_total = Money::cents(19992);
    inv.vat_total = Money::cents(5098);
    inv.gross_total = Money::cents(25090);
    auto x = to_finvoice(inv);
    EXPECT_TRUE(contains(x, "<InvoiceTotalVatAmount AmountCurrencyIdentifier=\"EUR\">50,98</InvoiceTotalVatAmount>")) << x;
    std::vector<std::string> rows;
    const std::string open = "<RowVatAmount AmountCurrencyIdentifier=\"EUR\">";
    for (auto at = x.find(open); at != std::string::npos; at = x.find(open, at + 1))
        rows.push_back(x.substr(at + open.size(), x.find('<', at + open.size()) - at - open.size()));
    EXPECT_EQ(rows, (std::vector<std::string>{"16,99", "16,99", "17,00"}));
    EXPECT_TRUE(contains(x, "<RowAmount AmountCurrencyIdentifier=\"EUR\">83,64</RowAmount>")) << x;
    // A credit note spreads the same way, negated.
    inv.kind = DocumentKind::credit_note;
    inv.number = "2026-000050";
    inv.due_date = "";
    inv.credited_invoice_number = "2026-000042";
    inv.credited_invoice_issue_date = "2026-11-01";
    auto cn = to_finvoice(inv);
    EXPECT_TRUE(contains(cn, open + "-17,00</RowVatAmount>")) << cn;
}

TEST(EinvoiceFinvoice, RfReferenceIsIsoAndLongNamesAreClippedByCharacters) {
    auto inv = sample();
    inv.reference_number = "RF34 1234 561";
    inv.seller.name = std::string(69, 'a') + "ää";  // 71 characters, 73 bytes
    auto x = to_finvoice(inv);
    EXPECT_TRUE(contains(x, "<EpiRemittanceInfoIdentifier IdentificationSchemeName=\"ISO\">RF341234561</EpiRemittanceInfoIdentifier>"));
    EXPECT_TRUE(contains(x, "<SellerOrganisationName>" + std::string(69, 'a') + "ä</SellerOrganisationName>"));
}

TEST(EinvoiceFinvoice, CreditNoteIsInv02WithNegativeAmounts) {
    auto x = to_finvoice(credit_sample());
    EXPECT_TRUE(contains(x, "<InvoiceTypeCode>INV02</InvoiceTypeCode>"));
    EXPECT_TRUE(contains(x, "<InvoiceTypeCodeUN>381</InvoiceTypeCodeUN>"));
    EXPECT_TRUE(contains(x, "<OriginalInvoiceNumber>2026-000042</OriginalInvoiceNumber>"));
    EXPECT_TRUE(contains(x, "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">-650,60</InvoiceTotalVatIncludedAmount>"));
    EXPECT_TRUE(contains(x, "<InvoicedQuantity QuantityUnitCode=\"h\" QuantityUnitCodeUN=\"HUR\">-1,5</InvoicedQuantity>"));
    // The unit price stays positive; the row amount is negative.
    EXPECT_TRUE(contains(x, "<UnitPriceAmount AmountCurrencyIdentifier=\"EUR\">80,00</UnitPriceAmount>"));
    EXPECT_TRUE(contains(x, "<RowVatExcludedAmount AmountCurrencyIdentifier=\"EUR\">-120,00</RowVatExcludedAmount>"));
    EXPECT_FALSE(contains(x, "InvoiceDueDate"));
}

TEST(EinvoiceFinvoice, WithoutBicTheAccountBlockIsLeftOutButTheIbanStays) {
    auto inv = sample();
    inv.seller.bic = "";
    auto x = to_finvoice(inv);
    EXPECT_FALSE(contains(x, "SellerInformationDetails"));
    EXPECT_FALSE(contains(x, "EpiBfiIdentifier"));
    EXPECT_TRUE(contains(x, "<EpiAccountID IdentificationSchemeName=\"IBAN\">FI2112345600000785</EpiAccountID>"));
}

TEST(EinvoiceFinvoice, ThrowsWithoutOperatorsOrIban) {
    auto inv = sample();
    inv.buyer.einvoice_operator = "";
    EXPECT_THROW(to_finvoice(inv), std::invalid_argument);
    inv = sample();
    inv.seller.einvoice_operator = "";
    EXPECT_THROW(to_finvoice(inv), std::invalid_argument);
    auto cn = credit_sample();
    cn.seller.iban = "";
    EXPECT_THROW(to_finvoice(cn), std::invalid_argument);
    inv = sample();
    inv.number = "2026-0000000000000042";  // 21 characters: over Finvoice's limit
    EXPECT_THROW(to_finvoice(inv), std::invalid_argument);
}

}  // namespace
}  // namespace pt::invoicing
