// gzip, the headers every response gets, the exception backstop and the static file cache.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "core/errors.hpp"
#include "http/detail.hpp"

using namespace pt::http;
using namespace pt::http::detail;

namespace {

std::string sample_text(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; s.size() < n; ++i) s += "Palvelutori rivi " + std::to_string(i * 7919 % 1000) + "\n";
    s.resize(n);
    return s;
}

Request get(std::string path, std::string accept_encoding = "") {
    Request r;
    r.method = "GET";
    r.path = r.target = std::move(path);
    if (!accept_encoding.empty()) r.headers["accept-encoding"] = std::move(accept_encoding);
    return r;
}

}  // namespace

TEST(Gzip, RoundTrip) {
    for (std::size_t n : {0, 1, 1023, 100000}) {
        std::string text = sample_text(n);
        std::string gz = gzip_compress(text);
        ASSERT_GE(gz.size(), 18u);
        EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);  // gzip magic
        EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
        EXPECT_EQ(gzip_decompress(gz), text) << n;
        if (n == 100000) {
            EXPECT_LT(gz.size(), n / 3);
        }
    }
    std::string binary;
    for (int i = 0; i < 5000; ++i) binary += static_cast<char>((i * 2654435761u) >> 24);
    EXPECT_EQ(gzip_decompress(gzip_compress(binary)), binary);
}

TEST(Gzip, CorruptInputIsRejected) {
    std::string gz = gzip_compress(sample_text(5000));
    EXPECT_EQ(gzip_decompress(gz.substr(0, gz.size() / 2)), std::nullopt);
    EXPECT_EQ(gzip_decompress("not gzip at all"), std::nullopt);
}

TEST(Gzip, AcceptEncodingNegotiation) {
    EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
    EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
    EXPECT_FALSE(accepts_gzip("deflate, br"));
    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("xgzipx"));
}

TEST(Gzip, CompressibleTypes) {
    EXPECT_TRUE(compressible_type("text/html; charset=utf-8"));
    EXPECT_TRUE(compressible_type("application/json"));
    EXPECT_TRUE(compressible_type("application/problem+json"));
    EXPECT_TRUE(compressible_type("text/javascript; charset=utf-8"));
    EXPECT_TRUE(compressible_type("application/javascript"));
    EXPECT_TRUE(compressible_type("image/svg+xml"));
    EXPECT_FALSE(compressible_type("image/png"));
    EXPECT_FALSE(compressible_type("font/woff2"));
    EXPECT_FALSE(compressible_type("application/octet-stream"));
}

TEST(Finalize, AddsSecurityHeadersAndNoStore) {
    Response res = Response::html("<p>hei</p>");
    finalize(get("/"), res);
    EXPECT_EQ(res.header("Content-Security-Policy"),
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
              "base-uri 'self'; form-action 'self'");
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res.header("Referrer-Policy"), "same-origin");
    EXPECT_EQ(res.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(res.header("Cache-Control"), "no-store");
    EXPECT_EQ(res.header("Content-Encoding"), "");
}

TEST(Finalize, KeepsHeadersTheAppSet) {
    Response res = Response::html("x");
    res.set_header("content-security-policy", "default-src 'none'");
    res.set_header("Cache-Control", "private, max-age=60");
    finalize(get("/"), res);
    EXPECT_EQ(res.header("Content-Security-Policy"), "default-src 'none'");
    EXPECT_EQ(res.header("Cache-Control"), "private, max-age=60");
    int csp = 0;
    for (const auto& [k, v] : res.headers) csp += iequals(k, "content-security-policy");
    EXPECT_EQ(csp, 1);
}

TEST(Finalize, StripsLineBreaksFromHeaderValues) {
    Response res = Response::redirect("/x\r\nSet-Cookie: evil=1");
    finalize(get("/"), res);
    EXPECT_EQ(res.header("Location"), "/x  Set-Cookie: evil=1");
}

TEST(Finalize, GzipsLargeTextWhenAccepted) {
    const std::string big = sample_text(4000);
    Response res = Response::html(big);
    finalize(get("/", "gzip, br"), res);
    EXPECT_EQ(res.header("Content-Encoding"), "gzip");
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(gzip_decompress(res.body), big);

    Response plain = Response::html(big);
    finalize(get("/"), plain);
    EXPECT_EQ(plain.header("Content-Encoding"), "");
    EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");  // still varies for caches
    EXPECT_EQ(plain.body, big);
}

TEST(Finalize, LeavesSmallOrBinaryBodiesAlone) {
    Response small = Response::html(sample_text(1023));
    finalize(get("/", "gzip"), small);
    EXPECT_EQ(small.header("Content-Encoding"), "");

    Response png;
    png.set_header("Content-Type", "image/png");
    png.body = sample_text(5000);
    finalize(get("/", "gzip"), png);
    EXPECT_EQ(png.header("Content-Encoding"), "");
    EXPECT_EQ(png.body.size(), 5000u);
}

TEST(Pipeline, BackstopTurnsExceptionsIntoProblems) {
    Pipeline p{[](Request& r) -> Response {
                   if (r.path == "/user") throw pt::Invalid(std::map<std::string, std::string>{{"email", "Sähköposti puuttuu."}});
                   if (r.path == "/boom") throw std::runtime_error("database exploded");
                   if (r.path == "/int") throw 42;
                   if (r.path == "/weird") return Response::text("?", 42);
                   return Response::text("ok");
               },
               nullptr};
    auto req = get("/user");
    Response res = p.handle(req);
    EXPECT_EQ(res.status, 422);
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
    auto body = nlohmann::json::parse(res.body);
    EXPECT_EQ(body["title"], "Validation failed");
    EXPECT_EQ(body["errors"]["email"], "Sähköposti puuttuu.");
    EXPECT_EQ(res.header("X-Frame-Options"), "DENY");

    for (const char* path : {"/boom", "/int", "/weird"}) {
        auto r2 = get(path);
        Response boom = p.handle(r2);
        EXPECT_EQ(boom.status, 500);
        auto b = nlohmann::json::parse(boom.body);
        EXPECT_EQ(b["title"], "Internal error");
        EXPECT_EQ(boom.body.find("database"), std::string::npos);  // internals stay in the log
    }
    auto ok = get("/fine");
    EXPECT_EQ(p.handle(ok).body, "ok");
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() / ("pt_http_static_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir / "css");
        write("css/app.css", sample_text(3000));
        write("logo.png", "\x89PNG....");
        write(".secret", "hidden");
        std::filesystem::create_directories(dir.parent_path() / "pt_http_outside");
        std::ofstream(dir.parent_path() / "pt_http_outside" / "x.txt") << "outside";
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    void write(const std::string& rel, const std::string& content) {
        std::ofstream out(dir / rel, std::ios::binary | std::ios::trunc);
        out << content;
    }
    std::filesystem::path dir;
};

TEST_F(StaticFilesTest, ServesWithTypeEtagAndCaching) {
    StaticFiles files(dir);
    auto req = get("/static/css/app.css");
    Response res = files.serve(req, "css/app.css");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(res.header("Cache-Control"), "public, max-age=86400");
    ASSERT_TRUE(res.shared_body);
    EXPECT_EQ(*res.shared_body, sample_text(3000));
    const std::string etag = res.header("ETag");
    EXPECT_EQ(etag.front(), '"');

    // The second answer shares the cached bytes.
    Response again = files.serve(req, "css/app.css");
    EXPECT_EQ(again.shared_body.get(), res.shared_body.get());

    req.headers["if-none-match"] = "W/\"other\", " + etag;
    Response not_modified = files.serve(req, "css/app.css");
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_FALSE(not_modified.shared_body);

    auto gz_req = get("/static/css/app.css", "gzip");
    Response gz = files.serve(gz_req, "css/app.css");
    EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
    EXPECT_NE(gz.header("ETag"), etag);
    EXPECT_EQ(gzip_decompress(*gz.shared_body), sample_text(3000));

    Response png = files.serve(gz_req, "logo.png");
    EXPECT_EQ(png.header("Content-Type"), "image/png");
    EXPECT_EQ(png.header("Content-Encoding"), "");
}

TEST_F(StaticFilesTest, RereadsChangedFiles) {
    StaticFiles files(dir);
    auto req = get("/static/css/app.css");
    Response first = files.serve(req, "css/app.css");
    write("css/app.css", "body{color:red}");
    std::filesystem::last_write_time(dir / "css/app.css", std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
    Response second = files.serve(req, "css/app.css");
    EXPECT_EQ(*second.shared_body, "body{color:red}");
    EXPECT_NE(second.header("ETag"), first.header("ETag"));
}

TEST_F(StaticFilesTest, RejectsTraversalAndMissingFiles) {
    StaticFiles files(dir);
    auto req = get("/static/x");
    for (const char* rel : {"../pt_http_outside/x.txt", "css/../../pt_http_outside/x.txt", "/etc/passwd", "",
                            ".secret", "css", "css/", "nope.css", "css//app.css", "css\\app.css"}) {
        EXPECT_EQ(files.serve(req, rel).status, 404) << rel;
    }
}

TEST(ContentTypes, ByExtension) {
    EXPECT_EQ(content_type_for("a/b.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_for("i.svg"), "image/svg+xml");
    EXPECT_EQ(content_type_for("f.woff2"), "font/woff2");
    EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
    EXPECT_EQ(content_type_for("d.json"), "application/json");
    EXPECT_EQ(content_type_for("r.txt"), "text/plain; charset=utf-8");
    EXPECT_EQ(content_type_for("noext"), "application/octet-stream");
}
