// Request bodies: urlencoded, multipart, JSON; content negotiation; response constructors.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "http/detail.hpp"
#include "http/http.hpp"

using namespace pt::http;

namespace {

Request post(std::string content_type, std::string body) {
    Request r;
    r.method = "POST";
    r.path = "/form";
    if (!content_type.empty()) r.headers["content-type"] = std::move(content_type);
    r.body = std::move(body);
    return r;
}

// Returns the UserError a call throws, failing the test when it does not throw one.
template <class F>
pt::UserError user_error(F f) {
    try {
        f();
    } catch (const pt::UserError& e) {
        return e;
    }
    ADD_FAILURE() << "expected pt::UserError";
    return pt::UserError(0, "none");
}

const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
// Binary content with a NUL, a CRLF and something that almost looks like the boundary.
const std::string pdf = std::string("%PDF-1.4\r\n\0\x01", 12) + "binary--" + boundary.substr(0, 10);

std::string multipart_body() {
    return "preamble to ignore\r\n"
           "--" + boundary + "\r\n"
           "Content-Disposition: form-data; name=\"title\"\r\n"
           "\r\n"
           "Siivous kotiin\r\n"
           "--" + boundary + "\r\n"
           "Content-Disposition: form-data; name=\"tag\"\r\n\r\n"
           "a\r\n"
           "--" + boundary + "\r\n"
           "Content-Disposition: form-data; name=\"tag\"\r\n\r\n"
           "b\r\nwith a line break\r\n"
           "--" + boundary + "\r\n"
           "Content-Disposition: form-data; name=\"attachment\"; filename=\"C:\\Users\\me\\hinnasto.pdf\"\r\n"
           "Content-Type: application/pdf\r\n"
           "\r\n"
           + pdf + "\r\n"
           "--" + boundary + "\r\n"
           "Content-Disposition: form-data; name=\"empty_file\"; filename=\"\"\r\n"
           "Content-Type: application/octet-stream\r\n\r\n"
           "\r\n"
           "--" + boundary + "--\r\n"
           "epilogue";
}

}  // namespace

TEST(UrlencodedForm, ParsesFields) {
    auto r = post("application/x-www-form-urlencoded; charset=UTF-8", "name=Matti+Meik%C3%A4l%C3%A4inen&tag=a&tag=b&empty=");
    const Form& f = r.form();
    EXPECT_EQ(f.get("name"), "Matti Meikäläinen");
    EXPECT_EQ(f.all("tag"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(f.has("empty"));
    EXPECT_EQ(f.get("empty"), "");
    EXPECT_FALSE(f.has("missing"));
    EXPECT_EQ(f.get("missing"), "");
    EXPECT_EQ(&r.form(), &f);  // parsed once
}

TEST(UrlencodedForm, MalformedIs400WithMessage) {
    auto r = post("application/x-www-form-urlencoded", "name=%E4%ZZ");
    auto e = user_error([&] { r.form(); });
    EXPECT_EQ(e.status, 400);
    EXPECT_NE(e.detail.find("not valid"), std::string::npos) << e.detail;
}

TEST(MultipartForm, ParsesFieldsAndFiles) {
    auto r = post("multipart/form-data; boundary=" + boundary, multipart_body());
    const Form& f = r.form();
    EXPECT_EQ(f.get("title"), "Siivous kotiin");
    EXPECT_EQ(f.all("tag"), (std::vector<std::string>{"a", "b\r\nwith a line break"}));
    ASSERT_EQ(f.files.size(), 1u);  // the empty file input is dropped
    const auto& file = f.files[0];
    EXPECT_EQ(file.field, "attachment");
    EXPECT_EQ(file.filename, "hinnasto.pdf");
    EXPECT_EQ(file.content_type, "application/pdf");
    EXPECT_EQ(file.data, pdf);
}

TEST(MultipartForm, QuotedBoundaryAndNoPreamble) {
    std::string body = "--xyz\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--xyz--";
    auto r = post("multipart/form-data; boundary=\"xyz\"", body);
    EXPECT_EQ(r.form().get("a"), "1");
}

TEST(MultipartForm, MalformedBodiesAre400) {
    const std::string ct = "multipart/form-data; boundary=xyz";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"no boundary at all", "opening boundary"},
        {"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end", "closing boundary"},
        {"--xyz\r\nContent-Disposition: form-data; name=\"a\"", "not terminated"},
        {"--xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--xyz--", "no name"},
        {"--xyz\r\nContent-Type: text/plain\r\n\r\nx\r\n--xyz--", "Content-Disposition"},
        {"--xyz\r\nbroken header line\r\n\r\nx\r\n--xyz--", "colon"},
        {"--xyzjunk\r\n", "line break"},
        {"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xE4\r\n--xyz--", "UTF-8"},
    };
    for (const auto& [body, needle] : cases) {
        auto r = post(ct, body);
        auto e = user_error([&] { r.form(); });
        EXPECT_EQ(e.status, 400) << body;
        EXPECT_NE(e.detail.find(needle), std::string::npos) << body << " -> " << e.detail;
    }
}

TEST(MultipartForm, MissingBoundaryParameterIs400) {
    auto r = post("multipart/form-data", "--x\r\n");
    auto e = user_error([&] { r.form(); });
    EXPECT_EQ(e.status, 400);
    EXPECT_NE(e.detail.find("boundary"), std::string::npos);
}

TEST(Form, OtherContentTypes) {
    auto r = post("text/plain", "hello");
    EXPECT_EQ(user_error([&] { r.form(); }).status, 415);

    Request get;
    get.method = "GET";
    get.headers["content-type"] = "text/plain";
    EXPECT_TRUE(get.form().fields.empty());

    auto bodiless = post("", "");
    EXPECT_TRUE(bodiless.form().fields.empty());
}

TEST(Json, ParsesAndRejects) {
    auto r = post("application/json", R"({"amount_cents": 250000, "ok": true})");
    auto j = r.json();
    EXPECT_EQ(j["amount_cents"], 250000);

    auto bad = post("application/json", "{\"a\": ");
    auto e = user_error([&] { bad.json(); });
    EXPECT_EQ(e.status, 400);
    EXPECT_EQ(e.title, "Invalid JSON");
    EXPECT_FALSE(e.detail.empty());

    auto empty = post("application/json", "");
    EXPECT_EQ(user_error([&] { empty.json(); }).title, "Invalid JSON");
}

TEST(WantsJson, ByPathOrAccept) {
    Request r;
    r.path = "/api/v1/orders";
    EXPECT_TRUE(r.wants_json());
    r.path = "/orders";
    EXPECT_FALSE(r.wants_json());
    r.headers["accept"] = "application/json, text/html";
    EXPECT_TRUE(r.wants_json());
    r.headers["accept"] = "application/problem+json;q=1";
    EXPECT_TRUE(r.wants_json());
    r.headers["accept"] = "text/html,application/xhtml+xml,application/json;q=0.9";
    EXPECT_FALSE(r.wants_json());
    r.path = "/apiary";
    r.headers.clear();
    EXPECT_FALSE(r.wants_json());
}

TEST(ResponseHelpers, ContentTypesAndHeaders) {
    auto h = Response::html("<p>Hei</p>");
    EXPECT_EQ(h.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(h.status, 200);
    auto j = Response::json({{"a", 1}}, 201);
    EXPECT_EQ(j.header("Content-Type"), "application/json");
    EXPECT_EQ(j.body, R"({"a":1})");
    EXPECT_EQ(j.status, 201);
    auto rd = Response::redirect("/orders/1");
    EXPECT_EQ(rd.status, 303);
    EXPECT_EQ(rd.header("location"), "/orders/1");

    Response r;
    r.set_header("X-A", "1");
    r.set_header("x-a", "2");
    r.add_header("Set-Cookie", "a=1");
    r.add_header("Set-Cookie", "b=2");
    EXPECT_EQ(r.header("X-A"), "2");
    EXPECT_EQ(r.headers.size(), 3u);
    EXPECT_EQ(r.header("missing"), "");
}

TEST(ResponseHelpers, ProblemDetails) {
    auto p = Response::problem(422, "Validation failed", "Check the fields.", {{"errors", {{"email", "required"}}}});
    EXPECT_EQ(p.status, 422);
    EXPECT_EQ(p.header("Content-Type"), "application/problem+json");
    auto body = nlohmann::json::parse(p.body);
    EXPECT_EQ(body["type"], "about:blank");
    EXPECT_EQ(body["title"], "Validation failed");
    EXPECT_EQ(body["status"], 422);
    EXPECT_EQ(body["detail"], "Check the fields.");
    EXPECT_EQ(body["errors"]["email"], "required");
}
