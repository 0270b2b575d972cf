#pragma once
// A provider organization's details and the rules its forms and API share: what each field
// must look like and how it is stored. No I/O. Messages are i18n keys.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::providers {

// Field name -> i18n key of the first problem found in it.
using FieldProblems = std::map<std::string, std::string>;

// What a provider may edit (business_id only at registration: it is the organization's identity).
struct Organization {
    std::string business_id;        // "NNNNNNN-T"
    std::string name;
    std::string municipality;
    std::string street_address;
    std::string postal_code;        // five digits
    std::string post_office;
    std::string contact_name;
    std::string phone;
    std::string email;              // the organization's contact e-mail
    std::string ovt;                // "0037" + Y-tunnus digits (+ suffix), upper-case, no spaces
    std::string einvoice_operator;  // operator ID, upper-case, no spaces
    std::string iban;               // compact "FI2112345600000785"
    std::string website;            // "" or http(s)://host...
    std::string description;
};

// The organization fields a form or body carries, in the order pages show them.
const std::vector<std::string>& organization_fields();  // without business_id
// Reads every organization field through `get` (a missing field reads as ""), checks it and
// returns the stored form. With `business_id` set, that Y-tunnus is the organization's own
// (profile edit) and the "business_id" field is not read.
struct Checked {
    Organization org;
    FieldProblems problems;
};
Checked check_organization(const std::function<std::string(const std::string&)>& get,
                           const std::optional<std::string>& business_id = std::nullopt);

// The first user of a new organization, or a colleague accepting an invitation.
struct NewUser {
    std::string name;
    std::string email;
    std::string password;
};
// Field names in `problems` are prefixed (registration uses "user_name", "user_email").
void check_user(NewUser& u, FieldProblems& problems, const std::string& name_field, const std::string& email_field,
                bool check_email = true);

// ---- single-field rules (each nullopt when fine) ----

// Trimmed text, valid UTF-8, no control characters (newlines only when multiline), length in
// code points within [min, max]. Keys: validation.invalid_utf8, validation.control_chars,
// validation.required, validation.too_short, validation.too_long.
std::optional<std::string> text_problem(std::string& value, std::size_t min, std::size_t max, bool multiline = false);
// Finnish postal code: exactly five digits. "providers.error.postal_code".
std::optional<std::string> postal_code_problem(std::string_view s);
// Optional web site: empty, or http:// or https:// followed by a host name with a dot (letters,
// digits, hyphens; optional port), then an optional path of printable ASCII; at most 200
// characters. No user info. "providers.error.website".
std::optional<std::string> website_problem(std::string_view s);
// An e-mail address: one "@", a local part of printable ASCII without spaces or quotes, a
// domain with a dot and labels of letters, digits and hyphens; at most 254 characters.
// "providers.error.email".
std::optional<std::string> email_problem(std::string_view s);
// A phone number: digits, spaces, "+", "-", "(", ")" only, "+" only first, 5..15 digits.
// "providers.error.phone".
std::optional<std::string> phone_problem(std::string_view s);
// An e-invoice operator ID ("003721291126", "NDEAFIHH", "E204503"): 4..35 letters or digits
// after dropping spaces. "providers.error.operator".
std::optional<std::string> operator_problem(std::string_view s);
// Upper-case, spaces dropped.
std::string compact_upper(std::string_view s);

// The e-invoice operators a form offers as suggestions (any valid ID is accepted).
struct KnownOperator {
    std::string_view id;
    std::string_view name;
};
const std::vector<KnownOperator>& known_operators();

// Passwords: the accounts rule (10..200 bytes). "providers.error.password".
std::optional<std::string> password_problem(std::string_view s);

}  // namespace pt::providers
