#include "core/access.hpp"

#include "core/enum_names.hpp"

#include <algorithm>
#include <stdexcept>

namespace pt {

namespace {
constexpr EnumNames<Role, 8> role_names{{
    {Role::organizer_admin, "organizer_admin"},
    {Role::procurement_officer, "procurement_officer"},
    {Role::finance_officer, "finance_officer"},
    {Role::coordinator, "coordinator"},
    {Role::provider_user, "provider_user"},
    {Role::customer, "customer"},
    {Role::counsellor, "counsellor"},
    {Role::system, "system"},
}};
}  // namespace

std::string_view to_string(Role r) { return name_of(role_names, r); }
std::optional<Role> role_from(std::string_view s) { return from_name(role_names, s); }

const std::vector<AccessRule>& access_rules() {
    using enum Role;
    static const std::vector<AccessRule> rules = {
        {Action::public_read, "public_read", true, {}},
        {Action::sign_in, "sign_in", true, {}},
        {Action::own_account, "own_account", false, {organizer_admin, provider_user, customer, counsellor}},
        {Action::service_description_create, "service_description_create", false, {organizer_admin}},
        {Action::voucher_list, "voucher_list", false, {organizer_admin, customer, counsellor}},
        {Action::voucher_read, "voucher_read", false, {organizer_admin, customer, counsellor}},
        {Action::order_create, "order_create", false, {customer, counsellor}},
        {Action::order_list, "order_list", false, {organizer_admin, provider_user, customer, counsellor}},
        {Action::order_read, "order_read", false, {organizer_admin, provider_user, customer, counsellor}},
        {Action::order_accept, "order_accept", false, {provider_user}},
        {Action::order_decline, "order_decline", false, {provider_user}},
        {Action::order_cancel, "order_cancel", false, {organizer_admin, customer, counsellor}},
        {Action::contract_list, "contract_list", false, {organizer_admin, provider_user, customer, counsellor}},
        {Action::service_description_edit, "service_description_edit", false, {organizer_admin, procurement_officer}},
        {Action::provider_register, "provider_register", true, {}},
        {Action::invitation_accept, "invitation_accept", true, {}},
        {Action::provider_profile_read, "provider_profile_read", false, {organizer_admin, procurement_officer, provider_user}},
        {Action::provider_profile_edit, "provider_profile_edit", false, {provider_user}},
        {Action::provider_invite, "provider_invite", false, {provider_user}},
        {Action::call_manage, "call_manage", false, {organizer_admin, procurement_officer}},
        {Action::application_list, "application_list", false, {organizer_admin, procurement_officer, provider_user}},
        {Action::application_read, "application_read", false, {organizer_admin, procurement_officer, provider_user}},
        {Action::application_edit, "application_edit", false, {provider_user}},
        {Action::application_decide, "application_decide", false, {organizer_admin, procurement_officer}},
        {Action::attachment_read, "attachment_read", false, {organizer_admin, procurement_officer, provider_user}},
        {Action::admission_list, "admission_list", false, {organizer_admin, procurement_officer, provider_user}},
        {Action::brochure_upload, "brochure_upload", false, {provider_user}},
        {Action::card_manage, "card_manage", false, {provider_user}},
        {Action::outbox_read, "outbox_read", false, {organizer_admin}},
        {Action::programme_read, "programme_read", true, {}},
        {Action::programme_manage, "programme_manage", false, {organizer_admin}},
        {Action::voucher_apply, "voucher_apply", false, {customer, counsellor}},
        {Action::voucher_application_list, "voucher_application_list", false, {organizer_admin, customer, counsellor}},
        {Action::voucher_application_read, "voucher_application_read", false, {organizer_admin, customer, counsellor}},
        {Action::voucher_application_decide, "voucher_application_decide", false, {organizer_admin}},
        {Action::order_progress, "order_progress", false, {provider_user}},
        {Action::report_edit, "report_edit", false, {provider_user}},
        {Action::report_read, "report_read", false, {organizer_admin, provider_user, counsellor}},
        {Action::billing_report_decide, "billing_report_decide", false, {organizer_admin, finance_officer}},
        {Action::report_timeliness, "report_timeliness", false, {organizer_admin}},
        {Action::invoice_run, "invoice_run", false, {organizer_admin, finance_officer}},
        {Action::invoice_read, "invoice_read", false, {organizer_admin, finance_officer, provider_user}},
        {Action::invoice_decide, "invoice_decide", false, {organizer_admin, finance_officer}},
        {Action::invoice_credit, "invoice_credit", false, {organizer_admin, finance_officer}},
        {Action::payment_record, "payment_record", false, {organizer_admin, finance_officer}},
        {Action::provider_summary, "provider_summary", false, {organizer_admin, provider_user}},
    };
    return rules;
}

const AccessRule& rule_for(Action a) {
    for (const auto& r : access_rules())
        if (r.action == a) return r;
    throw std::logic_error("no access rule declared for an action");
}

std::optional<int> access_denied_status(Action a, const std::optional<Principal>& who) {
    const auto& rule = rule_for(a);
    if (rule.anonymous) return std::nullopt;
    if (!who) return 401;
    if (std::find(rule.roles.begin(), rule.roles.end(), who->role) == rule.roles.end()) return 403;
    return std::nullopt;
}

}  // namespace pt
