#pragma once
// When a payment may be recorded against an invoice. No I/O.
//   only an approved invoice (not a credit note) takes payments: sent and disputed ones are not yet
//   owed, credited ones are cancelled, paid ones are settled (409);
//   the amount is positive and at most what is still open (422 on "amount");
//   the payment day is a real day, not after today (Finnish) nor before the invoice's issue day (422 on "paid_on").
#include <optional>
#include <string>

#include "core/money.hpp"

namespace pt::invoicing {

struct PaymentTarget {
    std::string kind;        // "invoice" | "credit_note"
    std::string status;      // sent | approved | disputed | paid | credited
    std::string issue_date;  // ISO
    Money gross, paid;       // paid: what earlier payments (and earlier rows of the same import) cover
    Money open() const { return gross - paid; }
};

struct PaymentRefusal {
    int status;         // 409 or 422
    std::string field;  // "invoice" (409), "amount", "paid_on"
    std::string key;    // i18n key
};

std::optional<PaymentRefusal> payment_refusal(const PaymentTarget& t, Money amount, const std::string& paid_on,
                                              const std::string& today);

}  // namespace pt::invoicing
