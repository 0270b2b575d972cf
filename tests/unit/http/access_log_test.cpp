// The access log's view of a request target: no query, no invitation secrets.
#include <gtest/gtest.h>

#include "http/access_log.hpp"

using pt::http::loggable_path;

TEST(LoggablePath, DropsTheQuery) {
    EXPECT_EQ(loggable_path("/catalog?q=siivous&page=2"), "/catalog");
    EXPECT_EQ(loggable_path("/"), "/");
    EXPECT_EQ(loggable_path(""), "");
}

TEST(LoggablePath, MasksTheInvitationToken) {
    const std::string token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    EXPECT_EQ(loggable_path("/invitations/" + token), "/invitations/\u2026");
    EXPECT_EQ(loggable_path("/invitations/" + token + "?lang=en"), "/invitations/\u2026");
    EXPECT_EQ(loggable_path("/invitations/" + token + "/extra"), "/invitations/\u2026/extra");
    EXPECT_EQ(loggable_path("/x/invitations/a/invitations/b"), "/x/invitations/\u2026/invitations/\u2026");
    EXPECT_EQ(loggable_path("/invitations/"), "/invitations/");
    EXPECT_EQ(loggable_path("/invitations"), "/invitations");
    EXPECT_EQ(loggable_path("/invitations/%41bc"), "/invitations/\u2026");
}

TEST(LoggablePath, LeavesOtherPathsAlone) {
    EXPECT_EQ(loggable_path("/provider/organization/invitations/12/revoke"), "/provider/organization/invitations/12/revoke");
    EXPECT_EQ(loggable_path("/api/v1/orders/7"), "/api/v1/orders/7");
}
