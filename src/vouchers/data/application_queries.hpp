#pragma once
// SQL of voucher applications (a customer's, or a counsellor's on a customer's behalf) and the
// organizer's decisions, plus the few customer rows an application needs (find by Y-tunnus,
// create a new business or person customer, the addresses its mail goes to).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "storage/db.hpp"
#include "vouchers/domain/de_minimis.hpp"

namespace pt::vouchers {

enum class ApplicationStatus { submitted, granted, rejected };
std::string_view to_string(ApplicationStatus s);
std::optional<ApplicationStatus> application_status_from(std::string_view s);

struct VoucherApplication {
    std::int64_t id = 0;
    std::int64_t programme_id = 0;
    std::int64_t customer_id = 0;
    std::int64_t applicant_user_id = 0;
    std::string applicant_role;                     // "customer" | "counsellor"
    std::optional<Money> requested;                 // a denomination, or no preference
    std::string purpose;
    std::optional<std::vector<DeclaredAid>> declaration;  // de minimis programmes; nullopt = not declared
    ApplicationStatus status = ApplicationStatus::submitted;
    std::optional<std::string> reject_reason;
    std::optional<std::int64_t> voucher_id;
    std::optional<std::int64_t> decided_by_user_id;
    std::optional<std::string> decided_at;
    std::string applied_on;                         // Finnish local date of the application
    std::string created_at, updated_at;
};

struct ApplicationView {
    VoucherApplication app;
    std::string programme_name;
    std::string programme_customer_type;  // "business" | "person"
    bool programme_de_minimis = false;
    std::string customer_name;
    std::string customer_kind;            // "business" | "person"
    std::optional<std::string> customer_business_id;
    std::string applicant_name;
    std::optional<std::string> decided_by_name;
    std::optional<Money> granted;         // the voucher's value once granted
};

struct ApplicationFilter {
    std::optional<std::int64_t> customer_id;  // a customer's own applications only
    std::optional<ApplicationStatus> status;
    std::optional<std::int64_t> programme_id;
    int limit = 50;
    int offset = 0;
};

// JSON text of a declaration as stored ([{"fiscal_year":2025,"amount_cents":0}]) and back.
std::string declaration_json(const std::vector<DeclaredAid>& d);
std::optional<std::vector<DeclaredAid>> declaration_from_json(const std::string& s);

std::vector<ApplicationView> list_applications(db::Connection& c, const ApplicationFilter& f);
std::int64_t count_applications(db::Connection& c, const ApplicationFilter& f);
// customer_scope: only when the application is that customer's (others answer nullopt).
std::optional<ApplicationView> find_application(db::Connection& c, std::int64_t id,
                                                std::optional<std::int64_t> customer_scope = std::nullopt);
// Within a write transaction: reads the application and takes its row lock (PostgreSQL FOR UPDATE).
std::optional<ApplicationView> lock_application(db::Connection& c, std::int64_t id);

// Inserts a submitted application; returns the id.
std::int64_t insert_application(db::Connection& c, const VoucherApplication& a, const std::string& now);
// True when the customer already has a submitted application to the programme.
bool has_open_application(db::Connection& c, std::int64_t programme_id, std::int64_t customer_id);
// Conditional on status 'submitted'; false when the application was already decided.
bool mark_granted(db::Connection& c, std::int64_t id, std::int64_t voucher_id, std::int64_t user_id,
                  const std::string& now);
bool mark_rejected(db::Connection& c, std::int64_t id, const std::string& reason, std::int64_t user_id,
                   const std::string& now);

// ---- customers

struct CustomerRow {
    std::int64_t id = 0;
    std::string kind;  // "business" | "person"
    std::optional<std::string> business_id;
    std::string name;
    std::string email;
};
std::optional<CustomerRow> find_customer(db::Connection& c, std::int64_t id);
// Within a write transaction: the customer with its row lock (PostgreSQL FOR UPDATE), so two
// applications of one customer to one programme serialize and the "already open" check holds.
std::optional<CustomerRow> lock_customer(db::Connection& c, std::int64_t id);
// Customers of a kind by name, for a counsellor's choice.
std::vector<CustomerRow> list_customers(db::Connection& c, const std::string& kind, int limit);
std::optional<CustomerRow> find_customer_by_business_id(db::Connection& c, const std::string& business_id);
std::int64_t insert_customer(db::Connection& c, const std::string& kind, const std::optional<std::string>& business_id,
                             const std::string& name, const std::string& email, const std::string& now);
// Where a customer's mail goes: customers.email, else the e-mails of its users (none: empty).
std::vector<std::string> customer_mail_addresses(db::Connection& c, std::int64_t customer_id);

}  // namespace pt::vouchers
