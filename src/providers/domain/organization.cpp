#include "providers/domain/organization.hpp"

#include <algorithm>

#include "accounts/domain/secrets.hpp"
#include "core/text.hpp"
#include "core/ytunnus.hpp"
#include "procurement/domain/registration.hpp"

namespace pt::providers {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

// "iban.checksum" (procurement's key) -> "providers.error.iban_checksum" (ours, in our catalog).
std::string our_key(std::string_view procurement_key) {
    std::string k(procurement_key);
    std::replace(k.begin(), k.end(), '.', '_');
    return "providers.error." + k;
}

// Host labels: letters, digits, hyphens (not first or last), 1..63 each; at least two labels;
// the last one alphabetic (a top-level domain).
bool valid_host(std::string_view host) {
    if (host.empty() || host.size() > 253) return false;
    std::size_t labels = 0;
    std::string_view last;
    while (true) {
        auto dot = host.find('.');
        auto label = host.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) return false;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        host.remove_prefix(dot + 1);
    }
    return labels >= 2 && last.size() >= 2 && std::all_of(last.begin(), last.end(), is_alpha);
}

}  // namespace

std::string compact_upper(std::string_view s) {
    std::string out;
    for (char c : text::trim(s)) {
        if (c == ' ') continue;
        out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    }
    return out;
}

std::optional<std::string> text_problem(std::string& value, std::size_t min, std::size_t max, bool multiline) {
    if (!text::valid_utf8(value)) return "validation.invalid_utf8";
    value = text::trim(value);
    bool bad = text::has_control_chars(value) || (!multiline && value.find_first_of("\r\n\t") != std::string::npos);
    if (bad) return "validation.control_chars";
    auto len = text::length(value);
    if (len < min) return len == 0 ? "validation.required" : "validation.too_short";
    if (len > max) return "validation.too_long";
    return std::nullopt;
}

std::optional<std::string> postal_code_problem(std::string_view s) {
    if (s.size() != 5 || !std::all_of(s.begin(), s.end(), is_digit)) return "providers.error.postal_code";
    return std::nullopt;
}

std::optional<std::string> website_problem(std::string_view s) {
    if (s.empty()) return std::nullopt;
    const std::optional<std::string> bad = "providers.error.website";
    if (s.size() > 200) return bad;
    for (char c : s)
        if (c <= ' ' || c >= 0x7f || c == '\\' || c == '"' || c == '<' || c == '>') return bad;
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view rest;
    if (lower.starts_with("https://")) rest = std::string_view(lower).substr(8);
    else if (lower.starts_with("http://")) rest = std::string_view(lower).substr(7);
    else return bad;
    auto end = rest.find_first_of("/?#");
    auto authority = rest.substr(0, end);
    if (authority.find('@') != std::string_view::npos) return bad;  // no user info (phishing look-alikes)
    if (auto colon = authority.find(':'); colon != std::string_view::npos) {
        auto port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit)) return bad;
        authority = authority.substr(0, colon);
    }
    if (!valid_host(authority)) return bad;
    return std::nullopt;
}

std::optional<std::string> email_problem(std::string_view s) {
    const std::optional<std::string> bad = "providers.error.email";
    if (s.size() < 3 || s.size() > 254) return bad;
    auto at = s.find('@');
    if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) return bad;
    auto local = s.substr(0, at);
    if (local.size() > 64) return bad;
    for (char c : local)
        if (c <= ' ' || c >= 0x7f || std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos) return bad;
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return bad;
    std::string domain(s.substr(at + 1));
    if (!valid_host(domain)) return bad;
    return std::nullopt;
}

std::optional<std::string> phone_problem(std::string_view s) {
    const std::optional<std::string> bad = "providers.error.phone";
    std::size_t digits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (is_digit(c)) ++digits;
        else if (c == '+') { if (i != 0) return bad; }
        else if (c != ' ' && c != '-' && c != '(' && c != ')') return bad;
    }
    if (digits < 5 || digits > 15) return bad;
    return std::nullopt;
}

std::optional<std::string> operator_problem(std::string_view s) {
    auto id = compact_upper(s);
    if (id.size() < 4 || id.size() > 35 || !std::all_of(id.begin(), id.end(), is_alnum)) return "providers.error.operator";
    return std::nullopt;
}

std::optional<std::string> password_problem(std::string_view s) {
    if (!accounts::acceptable_password(s)) return "providers.error.password";
    return std::nullopt;
}

const std::vector<KnownOperator>& known_operators() {
    // Operator IDs as the operators publish them (banks use their BIC).
    static const std::vector<KnownOperator> ops = {
        {"003721291126", "Maventa (Visma)"},
        {"003723327487", "Apix Messaging"},
        {"BAWCFI22", "Basware"},
        {"E204503", "OpusCapita"},
        {"NDEAFIHH", "Nordea"},
        {"OKOYFIHH", "OP"},
        {"DABAFIHH", "Danske Bank"},
        {"HANDFIHH", "Handelsbanken"},
        {"HELSFIHH", "Aktia"},
        {"SBANFIHH", "S-Pankki"},
        {"AABAFI22", "Ålandsbanken"},
        {"POPFFI22", "POP Pankki"},
        {"ITELFIHH", "Säästöpankki"},
    };
    return ops;
}

const std::vector<std::string>& organization_fields() {
    static const std::vector<std::string> f = {
        "name", "municipality", "street_address", "postal_code", "post_office", "contact_name", "phone", "email",
        "ovt", "einvoice_operator", "iban", "website", "description"};
    return f;
}

Checked check_organization(const std::function<std::string(const std::string&)>& get,
                           const std::optional<std::string>& business_id) {
    Checked out;
    auto& o = out.org;
    auto& p = out.problems;
    auto field = [&](const std::string& name, std::string& dst, std::size_t min, std::size_t max, bool multiline = false) {
        dst = get(name);
        if (auto e = text_problem(dst, min, max, multiline)) {
            p[name] = *e;
            dst.clear();
            return false;
        }
        return true;
    };

    if (business_id) {
        o.business_id = *business_id;
    } else if (field("business_id", o.business_id, 1, 20)) {
        if (auto id = normalize_business_id(o.business_id)) o.business_id = *id;
        else p["business_id"] = "providers.error.business_id";
    }
    field("name", o.name, 2, 200);
    field("municipality", o.municipality, 2, 100);
    field("street_address", o.street_address, 2, 200);
    if (field("postal_code", o.postal_code, 1, 10))
        if (auto e = postal_code_problem(o.postal_code)) p["postal_code"] = *e;
    field("post_office", o.post_office, 2, 100);
    field("contact_name", o.contact_name, 2, 200);
    if (field("phone", o.phone, 1, 40))
        if (auto e = phone_problem(o.phone)) p["phone"] = *e;
    if (field("email", o.email, 1, 254))
        if (auto e = email_problem(o.email)) p["email"] = *e;
    if (field("ovt", o.ovt, 1, 40)) {
        if (auto e = procurement::ovt_error(o.ovt, o.business_id)) {
            // With a broken Y-tunnus only the OVT's own form can be judged; the mismatch would
            // just repeat the business_id message.
            if (!(p.count("business_id") && *e == "ovt.business_id_mismatch")) p["ovt"] = our_key(*e);
        } else {
            o.ovt = *procurement::normalize_ovt(o.ovt, o.business_id);
        }
    }
    if (field("einvoice_operator", o.einvoice_operator, 1, 40)) {
        if (auto e = operator_problem(o.einvoice_operator)) p["einvoice_operator"] = *e;
        else o.einvoice_operator = compact_upper(o.einvoice_operator);
    }
    if (field("iban", o.iban, 1, 60)) {
        if (auto e = procurement::iban_error(o.iban)) p["iban"] = our_key(*e);
        else o.iban = *procurement::normalize_iban(o.iban);
    }
    if (field("website", o.website, 0, 200))
        if (auto e = website_problem(o.website)) p["website"] = *e;
    field("description", o.description, 0, 5000, true);
    return out;
}

void check_user(NewUser& u, FieldProblems& problems, const std::string& name_field, const std::string& email_field,
                bool check_email) {
    if (auto e = text_problem(u.name, 2, 200)) problems[name_field] = *e;
    if (check_email) {
        if (auto e = text_problem(u.email, 1, 254)) problems[email_field] = *e;
        else if (auto e2 = email_problem(u.email)) problems[email_field] = *e2;
    }
    if (u.password.empty()) problems["password"] = "validation.required";
    else if (auto e = password_problem(u.password)) problems["password"] = *e;
}

}  // namespace pt::providers
