#include "invoicing/domain/invoicing_settings.hpp"
#include "invoicing/domain/payment_rules.hpp"

#include <gtest/gtest.h>

using namespace pt::invoicing;
using pt::Money;

namespace {

PaymentTarget approved(std::int64_t gross, std::int64_t paid = 0) {
    return {"invoice", "approved", "2026-11-01", Money::cents(gross), Money::cents(paid)};
}

std::string key(const std::optional<PaymentRefusal>& r) {
    return r ? std::to_string(r->status) + ":" + r->field + ":" + r->key : "ok";
}

}  // namespace

TEST(PaymentRules, AnApprovedInvoiceTakesPaymentsUpToWhatIsOpen) {
    EXPECT_EQ(key(payment_refusal(approved(10000), Money::cents(10000), "2026-11-20", "2026-11-22")), "ok");
    EXPECT_EQ(key(payment_refusal(approved(10000, 4000), Money::cents(6000), "2026-11-22", "2026-11-22")), "ok");
    EXPECT_EQ(key(payment_refusal(approved(10000, 4000), Money::cents(6001), "2026-11-20", "2026-11-22")),
              "422:amount:payments.amount_over_open");
    EXPECT_EQ(key(payment_refusal(approved(10000), Money::cents(0), "2026-11-20", "2026-11-22")),
              "422:amount:payments.amount_positive");
}

TEST(PaymentRules, OnlyApprovedInvoices) {
    for (const char* s : {"sent", "disputed"}) {
        auto t = approved(100);
        t.status = s;
        EXPECT_EQ(key(payment_refusal(t, Money::cents(100), "2026-11-20", "2026-11-22")),
                  "409:invoice:payments.invoice_not_approved") << s;
    }
    auto t = approved(100);
    t.status = "credited";
    EXPECT_EQ(key(payment_refusal(t, Money::cents(100), "2026-11-20", "2026-11-22")), "409:invoice:payments.invoice_credited");
    t.status = "paid";
    EXPECT_EQ(key(payment_refusal(t, Money::cents(100), "2026-11-20", "2026-11-22")), "409:invoice:payments.invoice_paid");
    t = approved(100);
    t.kind = "credit_note";
    EXPECT_EQ(key(payment_refusal(t, Money::cents(100), "2026-11-20", "2026-11-22")), "409:invoice:payments.not_an_invoice");
}

TEST(PaymentRules, PaymentDay) {
    EXPECT_EQ(key(payment_refusal(approved(100), Money::cents(1), "2026-11-23", "2026-11-22")),
              "422:paid_on:payments.date_in_future");
    EXPECT_EQ(key(payment_refusal(approved(100), Money::cents(1), "2026-10-31", "2026-11-22")),
              "422:paid_on:payments.date_before_issue");
    EXPECT_EQ(key(payment_refusal(approved(100), Money::cents(1), "2026-11-01", "2026-11-22")), "ok");
    EXPECT_EQ(key(payment_refusal(approved(100), Money::cents(1), "2026-02-30", "2026-11-22")),
              "422:paid_on:payments.date_format");
}

TEST(InvoicingSettings, AppliesAndNormalizes) {
    InvoicingSettings s;
    s.business_id = "0208201-1";
    SettingsPatch p;
    p.street_address = "Vapaudenkatu 32";
    p.postal_code = "40100";
    p.post_office = "Jyväskylä";
    p.ovt = "0037 0208 2011";
    p.einvoice_operator = "003721291126";
    p.invoice_reference_template = "DPH / {service} / {service}";
    p.payment_terms_days = 14;
    EXPECT_TRUE(apply_settings(s, p).empty());
    EXPECT_EQ(s.ovt, "003702082011");
    EXPECT_EQ(s.payment_terms_days, 14);
    EXPECT_EQ(buyer_reference(s.invoice_reference_template, "Työnhakuvalmennus"),
              "DPH / Työnhakuvalmennus / Työnhakuvalmennus");
    EXPECT_EQ(buyer_reference("Ei paikkaa", "X"), "Ei paikkaa");
}

TEST(InvoicingSettings, RefusesEachBadField) {
    InvoicingSettings s;
    s.business_id = "0208201-1";
    const auto before = s;
    SettingsPatch p;
    p.street_address = "V";
    p.postal_code = "4010";
    p.post_office = "";
    p.ovt = "003712345671";  // another organization's business ID
    p.einvoice_operator = "ab";
    p.invoice_reference_template = "DPH / {servcie}";
    p.payment_terms_days = 366;
    auto e = apply_settings(s, p);
    EXPECT_EQ(e["street_address"], "validation.too_short");
    EXPECT_EQ(e["postal_code"], "providers.error.postal_code");
    EXPECT_EQ(e["post_office"], "validation.required");
    EXPECT_EQ(e["ovt"], "ovt.business_id_mismatch");
    EXPECT_EQ(e["einvoice_operator"], "providers.error.operator");
    EXPECT_EQ(e["invoice_reference_template"], "settings.reference_placeholder");
    EXPECT_EQ(e["payment_terms_days"], "settings.terms_range");
    EXPECT_EQ(e.size(), 7u);
    EXPECT_EQ(s.ovt, before.ovt);
    p = {};
    p.payment_terms_days = -1;
    EXPECT_EQ(apply_settings(s, p)["payment_terms_days"], "settings.terms_range");
    p = {};
    p.invoice_reference_template = std::string(201, 'a');
    EXPECT_EQ(apply_settings(s, p)["invoice_reference_template"], "validation.too_long");
    p.invoice_reference_template = "a}b";
    EXPECT_EQ(apply_settings(s, p)["invoice_reference_template"], "settings.reference_placeholder");
}
