#include <gtest/gtest.h>

#include "http/http.hpp"

using namespace pt::http;

namespace {

Handler tag(std::string name) {
    return [name](Request&) { return Response::text(name); };
}

std::string call(const Router::Match& m) {
    Request req;
    return (*m.handler)(req).body;
}

}  // namespace

TEST(Router, MatchesLiteralAndExtractsParams) {
    Router r;
    r.get("/healthz", tag("health"));
    r.post("/api/v1/orders/{id}/accept", tag("accept"));
    r.get("/providers/{pid}/products/{sku}", tag("product"));

    auto m = r.match("GET", "/healthz");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(call(m), "health");
    EXPECT_EQ(m.pattern, "/healthz");

    m = r.match("POST", "/api/v1/orders/42/accept");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(m.params.at("id"), "42");
    EXPECT_EQ(m.pattern, "/api/v1/orders/{id}/accept");

    m = r.match("GET", "/providers/p-7/products/abc");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params.at("pid"), "p-7");
    EXPECT_EQ(m.params.at("sku"), "abc");
}

TEST(Router, NotFound) {
    Router r;
    r.get("/orders/{id}", tag("order"));
    EXPECT_EQ(r.match("GET", "/orders").kind, Router::MatchKind::not_found);
    EXPECT_EQ(r.match("GET", "/orders/1/x").kind, Router::MatchKind::not_found);
    EXPECT_EQ(r.match("GET", "/nothing").kind, Router::MatchKind::not_found);
    // A parameter never matches an empty segment, and a trailing slash is a different path.
    EXPECT_EQ(r.match("GET", "/orders/").kind, Router::MatchKind::not_found);
    EXPECT_EQ(r.match("GET", "/orders/1/").kind, Router::MatchKind::not_found);
    EXPECT_EQ(r.match("GET", "/orders/1").kind, Router::MatchKind::found);
}

TEST(Router, RootRoute) {
    Router r;
    r.get("/", tag("root"));
    auto m = r.match("GET", "/");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(call(m), "root");
    EXPECT_EQ(r.match("GET", "/x").kind, Router::MatchKind::not_found);
}

TEST(Router, MethodNotAllowedListsAllowedMethods) {
    Router r;
    r.get("/orders/{id}", tag("show"));
    r.add("DELETE", "/orders/{id}", tag("delete"));
    r.post("/orders", tag("create"));

    auto m = r.match("PUT", "/orders/5");
    ASSERT_EQ(m.kind, Router::MatchKind::method_not_allowed);
    EXPECT_EQ(m.allowed, (std::vector<std::string>{"DELETE", "GET", "HEAD"}));
    EXPECT_EQ(m.handler, nullptr);

    m = r.match("GET", "/orders");
    ASSERT_EQ(m.kind, Router::MatchKind::method_not_allowed);
    EXPECT_EQ(m.allowed, (std::vector<std::string>{"POST"}));
}

TEST(Router, ExactSegmentBeatsParamWhateverTheOrder) {
    Router r;
    r.get("/orders/{id}", tag("param"));
    r.get("/orders/new", tag("exact"));
    r.get("/{section}/summary", tag("section"));
    r.get("/orders/{id}/summary", tag("order-summary"));

    EXPECT_EQ(call(r.match("GET", "/orders/new")), "exact");
    EXPECT_EQ(call(r.match("GET", "/orders/17")), "param");
    // The first differing segment decides: literal "orders" beats {section}.
    EXPECT_EQ(call(r.match("GET", "/orders/summary")), "param");
    EXPECT_EQ(call(r.match("GET", "/vouchers/summary")), "section");

    Router r2;
    r2.get("/a/{x}/c", tag("param-middle"));
    r2.get("/a/b/{y}", tag("literal-middle"));
    EXPECT_EQ(call(r2.match("GET", "/a/b/c")), "literal-middle");
}

TEST(Router, MethodDecidesBeforeSpecificity) {
    // POST /orders/new is not a 405 just because GET /orders/new is more specific.
    Router r;
    r.get("/orders/new", tag("form"));
    r.post("/orders/{id}", tag("update"));
    auto m = r.match("POST", "/orders/new");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(call(m), "update");
    EXPECT_EQ(m.params.at("id"), "new");
}

TEST(Router, HeadUsesGetRoutesUnlessHeadIsRegistered) {
    Router r;
    r.get("/page", tag("get"));
    auto m = r.match("HEAD", "/page");
    ASSERT_EQ(m.kind, Router::MatchKind::found);
    EXPECT_EQ(call(m), "get");

    r.add("HEAD", "/page", tag("head"));
    EXPECT_EQ(call(r.match("HEAD", "/page")), "head");
    EXPECT_EQ(call(r.match("GET", "/page")), "get");
    EXPECT_EQ(r.match("POST", "/page").kind, Router::MatchKind::method_not_allowed);
}

TEST(Router, RejectsBadPatterns) {
    Router r;
    EXPECT_THROW(r.get("orders", tag("x")), std::invalid_argument);
    r.get("/orders", tag("x"));
    EXPECT_THROW(r.get("/orders", tag("y")), std::invalid_argument);
    EXPECT_NO_THROW(r.post("/orders", tag("z")));
}
