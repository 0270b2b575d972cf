#pragma once
// Who may do what: every action a route performs is declared here, once, with the roles
// allowed to perform it. Row-level scope (a customer sees only its own vouchers) is applied
// by the queries, from the Principal's provider_id / customer_id.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt {

// Everyone who acts in the market, in one list for every context. The organizer's staff roles
// beyond organizer_admin, and `system` (scheduled jobs), take part in life-cycle tables before
// they get accounts of their own; users.role stores only the roles that can sign in today.
enum class Role {
    organizer_admin,
    procurement_officer,
    finance_officer,
    coordinator,
    provider_user,
    customer,
    counsellor,
    system,
};

std::string_view to_string(Role r);
std::optional<Role> role_from(std::string_view s);

// The authenticated caller of a request.
struct Principal {
    std::int64_t user_id = 0;
    std::string email;
    std::string name;
    Role role = Role::customer;
    std::optional<std::int64_t> provider_id;  // provider_user
    std::optional<std::int64_t> customer_id;  // customer
};

enum class Action {
    public_read,                 // catalog, product cards, service descriptions, health
    sign_in,                     // login form, token creation with a password
    own_account,                 // /me, sign out, personal API tokens
    service_description_create,
    voucher_list,
    voucher_read,
    order_create,
    order_list,
    order_read,
    order_accept,
    order_decline,
    order_cancel,
    contract_list,
    // dynamic purchasing (issue 4)
    service_description_edit,    // the frame: classes, areas, price model, languages
    provider_register,           // anyone may register an organization (self-service)
    invitation_accept,           // a colleague follows an invitation link
    provider_profile_read,       // an organization's own details (organizer: every one)
    provider_profile_edit,       // editable after approval too (seed 000)
    provider_invite,             // a provider user invites colleagues
    call_manage,                 // create, edit, publish and close calls for participation
    application_list,            // provider: its own; organizer: every submitted one
    application_read,
    application_edit,            // draft, answers, attachments, submit
    application_decide,          // approve, reject with a reason
    attachment_read,             // provider: its own; organizer: any
    admission_list,              // admissions and brochure due dates
    brochure_upload,
    card_manage,                 // a provider's own product cards: create, edit, publish, withdraw
    outbox_read,                 // the organizer sees what e-mail went out and what failed
    // voucher programmes and the order life cycle (issue 5)
    programme_read,              // programmes open for applications are public information
    programme_manage,            // the organizer creates and edits programmes, sees budget use
    voucher_apply,               // a customer applies; a counsellor applies on a customer's behalf
    voucher_application_list,    // customer: its own; counsellor and organizer: every one
    voucher_application_read,
    voucher_application_decide,  // grant (choosing the denomination) or reject with a reason
    order_progress,              // the provider starts, ends and reports the service
    // delivery reports, invoices and payments (issue 6)
    report_edit,                 // the provider drafts and submits the service and billing reports
    report_read,                 // provider: its own; organizer: all; counsellor: service reports
    billing_report_decide,       // approve (with the bonus decision) or return with a reason
    report_timeliness,           // the organizer's view of reports due, on time and late per provider
    invoice_run,                 // the monthly run that drafts invoices from approved billing reports
    invoice_read,                // provider: its own invoices (and exports); organizer: all
    invoice_decide,              // approve (spends the voucher money) or dispute with a reason
    invoice_credit,              // a credit note for an approved invoice
    payment_record,              // record payments by hand or from a CSV of paid invoices
    provider_summary,            // orders, reports due, invoices and payments of a provider in one view
};

struct AccessRule {
    Action action;
    std::string_view name;
    bool anonymous;              // allowed without signing in
    std::vector<Role> roles;     // allowed roles when signed in (empty with anonymous: everyone)
};

const std::vector<AccessRule>& access_rules();
const AccessRule& rule_for(Action a);
// nullopt when allowed; otherwise 401 (not signed in) or 403 (wrong role).
std::optional<int> access_denied_status(Action a, const std::optional<Principal>& who);

}  // namespace pt
