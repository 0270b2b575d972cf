#include "invoicing/domain/payment_rules.hpp"

#include <chrono>

#include "core/clock.hpp"

namespace pt::invoicing {

std::optional<PaymentRefusal> payment_refusal(const PaymentTarget& t, Money amount, const std::string& paid_on,
                                              const std::string& today) {
    if (t.kind != "invoice") return PaymentRefusal{409, "invoice", "payments.not_an_invoice"};
    if (t.status == "paid") return PaymentRefusal{409, "invoice", "payments.invoice_paid"};
    if (t.status == "credited") return PaymentRefusal{409, "invoice", "payments.invoice_credited"};
    if (t.status != "approved") return PaymentRefusal{409, "invoice", "payments.invoice_not_approved"};
    if (amount.cents() <= 0) return PaymentRefusal{422, "amount", "payments.amount_positive"};
    if (amount > t.open()) return PaymentRefusal{422, "amount", "payments.amount_over_open"};
    std::chrono::sys_days d;
    if (paid_on.size() != 10 || !parse_iso_date(paid_on, d)) return PaymentRefusal{422, "paid_on", "payments.date_format"};
    // ISO dates compare as text.
    if (paid_on > today) return PaymentRefusal{422, "paid_on", "payments.date_in_future"};
    if (paid_on < t.issue_date) return PaymentRefusal{422, "paid_on", "payments.date_before_issue"};
    return std::nullopt;
}

}  // namespace pt::invoicing
