#pragma once
// Voucher applications and the organizer's decisions (issue 5, "Applications and decisions"):
// a customer applies for its own customer, a counsellor on a customer's behalf; the organizer
// grants (choosing the denomination) or rejects with a reason. Each use case runs in one write
// transaction with its audit record and the customer's e-mail. Refusals are pt::UserError /
// pt::Invalid whose texts are i18n keys; field names are the API's ("customer.business_id").
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "storage/db.hpp"
#include "vouchers/data/application_queries.hpp"
#include "vouchers/domain/grant.hpp"

namespace pt::web { class Renderer; }

namespace pt::vouchers {

inline constexpr std::size_t kPurposeMax = 2000;
inline constexpr std::size_t kReasonMin = 3;
inline constexpr std::size_t kReasonMax = 1000;
inline constexpr std::size_t kCustomerNameMax = 200;

// The customer a counsellor applies for: an existing one by id, a business by Y-tunnus (existing,
// or new with name and e-mail), or for person programmes a new person by name and e-mail.
struct CustomerChoice {
    std::optional<std::int64_t> customer_id;
    std::optional<std::string> business_id;
    std::optional<std::string> name;
    std::optional<std::string> email;
    bool empty() const { return !customer_id && !business_id && !name && !email; }
};

struct ApplyInput {
    std::int64_t programme_id = 0;
    CustomerChoice customer;            // counsellors only; a customer applies for its own
    std::optional<Money> requested;     // a denomination, or no preference
    std::string purpose;                // free text, at most kPurposeMax code points
    // De minimis programmes: the aid received from others in the three counting years
    // (empty = none); nullopt = not declared. Ignored for other programmes.
    std::optional<std::vector<DeclaredAid>> declaration;
};

// The grant refused by the domain (409). `remaining`: what is left of the budget, of the
// customer's cap or of the de minimis headroom, for the message ("{{remaining}}").
struct GrantRefused : UserError {
    GrantRefused(GrantRefusal r, std::optional<Money> left)
        : UserError(409, "voucher_application.grant_refused", std::string(message_key(r))), refusal(r), remaining(left) {}
    GrantRefusal refusal;
    std::optional<Money> remaining;
};

// What the organizer sees before deciding (as of `today`).
struct DecisionFigures {
    Money remaining_budget;
    Money remaining_customer_cap;
    std::vector<Money> grantable;             // denominations passing cap and budget
    std::vector<ExistingGrant> customer_grants;
    bool de_minimis = false;
    std::array<int, 3> window{};              // the counting fiscal years, oldest first
    Money ceiling;
    Money aid_in_window;                      // declared + granted by the city, in the window
    Money headroom;                           // what may still be granted under the ceiling
};

class ApplicationService {
public:
    // public_url prefixes links in mails ("" gives paths).
    ApplicationService(db::Database& db, const Clock& clock, const web::Renderer& renderer, std::string public_url = {})
        : db_(db), clock_(clock), renderer_(renderer), public_url_(std::move(public_url)) {}

    ApplicationView apply(const Principal& who, const ApplyInput& in);
    // Grants a voucher of `denomination` (the programme lock serializes grants of one programme).
    ApplicationView grant(const Principal& who, std::int64_t id, Money denomination);
    ApplicationView reject(const Principal& who, std::int64_t id, const std::string& reason);

private:
    ApplicationView apply_once(const Principal& who, const ApplyInput& in, const std::string& now,
                               std::chrono::sys_days today);
    void mail_customer(db::Connection& c, std::int64_t customer_id, const std::string& kind, const nlohmann::json& data);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    std::string public_url_;
};

// The application as `who` may see it: a customer only its own customer's; others answer nullopt.
std::optional<ApplicationView> find_visible_application(db::Connection& c, std::int64_t id, const Principal& who);
// The customer a principal's lists are confined to (customers), or nullopt (counsellor, organizer).
std::optional<std::int64_t> customer_scope(const Principal& who);

DecisionFigures decision_figures(db::Connection& c, const ApplicationView& v, std::chrono::sys_days today);

// ---- input rules (no I/O)

// The rejection reason: "voucher_application.reason.invalid_text", ".control_chars" (newlines
// are fine), ".required", ".too_short" (< 3), ".too_long" (> 1000 code points, trimmed).
std::optional<std::string_view> reject_reason_error(std::string_view reason);
// A plain e-mail address check: "voucher_application.email_invalid" or nullopt.
std::optional<std::string_view> email_error(std::string_view email);
// The declaration as JSON: an array of {fiscal_year: integer, amount_cents: integer}. The
// entries' domain checks (negative, window, duplicates) are declaration_error's.
// Error keys: "voucher_application.declaration_not_list", "voucher_application.declaration_entry".
struct ParsedDeclaration {
    std::vector<DeclaredAid> aid;
    std::optional<std::string> error;
};
ParsedDeclaration parse_declaration(const nlohmann::json& j);
// The form's amounts in euros by fiscal year ("" = 0 € is NOT assumed: every year is asked).
// Errors by year: "validation.required", "voucher_application.amount_invalid".
std::vector<DeclaredAid> declaration_from_form(const std::map<int, std::string>& euros_by_year,
                                               std::map<int, std::string>& errors);

nlohmann::json to_json(const ApplicationView& v);
nlohmann::json to_json(const DecisionFigures& f);

}  // namespace pt::vouchers
