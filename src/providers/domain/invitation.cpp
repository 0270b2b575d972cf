#include "providers/domain/invitation.hpp"

#include <algorithm>

#include "providers/domain/organization.hpp"

namespace pt::providers {

std::string_view to_string(InvitationState s) {
    switch (s) {
        case InvitationState::pending: return "pending";
        case InvitationState::accepted: return "accepted";
        case InvitationState::expired: return "expired";
    }
    return "expired";
}

InvitationState invitation_state(const std::optional<std::string>& accepted_at, const std::string& expires_at,
                                 const std::string& now) {
    if (accepted_at) return InvitationState::accepted;
    return expires_at > now ? InvitationState::pending : InvitationState::expired;
}

bool plausible_token(std::string_view token) {
    return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
           });
}

std::string invitation_link(std::string_view public_url, std::string_view token) {
    return std::string(public_url) + "/invitations/" + std::string(token);
}

std::optional<std::string> normalize_public_url(std::string_view url) {
    std::string u(url);
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (u.empty() || website_problem(u)) return std::nullopt;
    auto scheme_end = u.find("://") + 3;
    if (u.find_first_of("/?#", scheme_end) != std::string::npos) return std::nullopt;
    return u;
}

}  // namespace pt::providers
