// The server over real sockets: a Server on an ephemeral port in a thread, and a small client
// that writes raw bytes and parses answers with Beast.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "core/errors.hpp"
#include "http/detail.hpp"
#include "http/server.hpp"

using namespace pt::http;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

using ClientResponse = bhttp::response<bhttp::string_body>;

// Blocking-style client whose every operation gives up after a few seconds, so a server bug
// fails the test instead of hanging it.
class Client {
public:
    explicit Client(unsigned short port) { socket_.connect({net::ip::make_address("127.0.0.1"), port}); }

    void send(std::string_view raw) {
        beast::error_code ec;
        std::size_t n = 0;
        net::async_write(socket_, net::buffer(raw), [&](beast::error_code e, std::size_t k) { ec = e, n = k; });
        run();
        if (ec) throw std::runtime_error("send failed: " + ec.message());
    }

    ClientResponse read(bool head = false) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.skip(head);
        parser.body_limit(64u << 20);
        beast::error_code ec = net::error::timed_out;
        bhttp::async_read(socket_, buffer_, parser, [&](beast::error_code e, std::size_t) { ec = e; });
        run();
        if (ec) throw std::runtime_error("read failed: " + ec.message());
        return parser.release();
    }

    // True when the server closed the connection (EOF) rather than keeping it open.
    bool closed_by_server() {
        char c;
        beast::error_code ec = net::error::timed_out;
        socket_.async_read_some(net::buffer(&c, 1), [&](beast::error_code e, std::size_t) { ec = e; });
        run();
        return ec == net::error::eof || ec == net::error::connection_reset;
    }

private:
    void run() {
        ioc_.restart();
        ioc_.run_for(5s);
        if (!ioc_.stopped()) {  // timed out: abandon the operation
            socket_.cancel();
            ioc_.run();
        }
    }

    net::io_context ioc_;
    tcp::socket socket_{ioc_};
    beast::flat_buffer buffer_;
};

std::string big_text() {
    std::string s;
    for (int i = 0; s.size() < 20000; ++i) s += "<li>Tuote " + std::to_string(i) + "</li>\n";
    return s;
}

// A tiny app: a router plus a few behaviours the tests poke at.
Handler make_app(std::atomic<int>& calls) {
    auto router = std::make_shared<Router>();
    router->get("/hello", [](Request& r) { return Response::text("hello " + r.query_param("name")); });
    router->get("/echo/{word}", [](Request& r) { return Response::text(r.param("word")); });
    router->post("/upload", [](Request& r) { return Response::text(std::to_string(r.body.size())); });
    router->post("/form", [](Request& r) { return Response::text(r.form().get("a")); });
    router->get("/big", [](Request&) { return Response::html(big_text()); });
    router->get("/cookie", [](Request& r) { return Response::text(r.cookie("sid").value_or("-") + "|" + r.remote_addr); });
    router->get("/fail", [](Request&) -> Response { throw pt::Conflict("Already accepted."); });
    router->get("/crash", [](Request&) -> Response { throw std::logic_error("bug"); });
    return [router, &calls](Request& req) {
        ++calls;
        auto m = router->match(req.method, req.path);
        if (m.kind == Router::MatchKind::not_found) return Response::problem(404, "Not found", req.path);
        if (m.kind == Router::MatchKind::method_not_allowed) return Response::problem(405, "Method not allowed", req.method);
        req.path_params = std::move(m.params);
        return (*m.handler)(req);
    };
}

std::string get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra_headers) + "\r\n";
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        static_dir = std::filesystem::temp_directory_path() / ("pt_http_server_" + std::to_string(::getpid()));
        std::filesystem::create_directories(static_dir);
        std::ofstream(static_dir / "app.css") << std::string(3000, 'a') << "\n";
        std::ofstream(static_dir / "site.js") << "console.log('hei');\n";
    }
    void TearDown() override {
        stop();
        std::filesystem::remove_all(static_dir);
    }

    void start(ServerConfig cfg = {}) {
        cfg.host = "127.0.0.1";
        cfg.port = 0;
        cfg.static_dir = static_dir;
        server = std::make_unique<Server>(cfg, make_app(calls));
        server->listen();
        thread = std::thread([this] { server->run(); });
    }
    void stop() {
        if (!server) return;
        server->stop();
        thread.join();
        server.reset();
    }
    ServerConfig quiet(std::size_t body_limit = 1 << 20) {
        ServerConfig c;
        c.access_log = false;
        c.body_limit = body_limit;
        c.header_limit = 4096;
        return c;
    }

    std::filesystem::path static_dir;
    std::atomic<int> calls{0};
    std::unique_ptr<Server> server;
    std::thread thread;
};

}  // namespace

TEST_F(ServerTest, EphemeralPortAndKeepAlive) {
    start();  // with access log on, to run that path too
    ASSERT_NE(server->port(), 0);
    Client c(server->port());
    c.send(get("/hello?name=Maija%20M"));
    auto r1 = c.read();
    EXPECT_EQ(r1.result_int(), 200);
    EXPECT_EQ(r1.body(), "hello Maija M");
    EXPECT_TRUE(r1.keep_alive());

    c.send(get("/echo/second"));  // same connection
    auto r2 = c.read();
    EXPECT_EQ(r2.result_int(), 200);
    EXPECT_EQ(r2.body(), "second");
    EXPECT_EQ(calls.load(), 2);
}

TEST_F(ServerTest, PipelinedRequestsAnsweredInOrder) {
    start(quiet());
    Client c(server->port());
    c.send(get("/echo/first") + get("/echo/second") + get("/echo/third"));
    EXPECT_EQ(c.read().body(), "first");
    EXPECT_EQ(c.read().body(), "second");
    EXPECT_EQ(c.read().body(), "third");
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    start(quiet());
    Client c(server->port());
    c.send(get("/hello", "Connection: close\r\n"));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_FALSE(r.keep_alive());
    EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
    start(quiet());
    Client c(server->port());
    for (const char* target : {"/hello", "/nope", "/static/app.css"}) {
        c.send(get(target));
        auto r = c.read();
        EXPECT_EQ(r["Content-Security-Policy"],
                  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
            << target;
        EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << target;
        EXPECT_EQ(r["Referrer-Policy"], "same-origin") << target;
        EXPECT_EQ(r["X-Frame-Options"], "DENY") << target;
    }
    c.send(get("/hello"));
    EXPECT_EQ(c.read()[bhttp::field::cache_control], "no-store");
}

TEST_F(ServerTest, BodyOverLimitIs413) {
    start(quiet(1024));
    Client c(server->port());
    c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 5000\r\n\r\n" +
           std::string(5000, 'x'));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 413);
    EXPECT_EQ(r[bhttp::field::content_type], "application/problem+json");
    EXPECT_EQ(nlohmann::json::parse(r.body())["status"], 413);
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_EQ(calls.load(), 0);

    Client chunked(server->port());  // no Content-Length: the limit trips while reading
    chunked.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + std::string(2048, 'y') + "\r\n0\r\n\r\n");
    EXPECT_EQ(chunked.read().result_int(), 413);

    Client ok(server->port());  // at the limit is fine
    ok.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n" + std::string(1024, 'z'));
    auto r2 = ok.read();
    EXPECT_EQ(r2.result_int(), 200);
    EXPECT_EQ(r2.body(), "1024");
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
    start(quiet());
    Client c(server->port());
    c.send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 100);
    c.send("abc");
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "3");
}

TEST_F(ServerTest, HugeHeaderIs431) {
    start(quiet());
    Client c(server->port());
    c.send(get("/hello", "X-Big: " + std::string(8000, 'h') + "\r\n"));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 431);
    EXPECT_TRUE(c.closed_by_server());
}

TEST_F(ServerTest, MalformedHttpIs400AndClose) {
    start(quiet());
    Client c(server->port());
    c.send("THIS IS NOT HTTP\r\n\r\n");
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(r[bhttp::field::content_type], "application/problem+json");
    EXPECT_TRUE(c.closed_by_server());

    Client bad_length(server->port());
    bad_length.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
    EXPECT_EQ(bad_length.read().result_int(), 400);
}

TEST_F(ServerTest, BadPathEscapeIs400ButQueryErrorsReachTheApp) {
    start(quiet());
    Client c(server->port());
    c.send(get("/echo/%zz"));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 400);
    EXPECT_EQ(calls.load(), 0);
    c.send(get("/hello?name=%zz&x=1"));  // same connection still usable
    auto r2 = c.read();
    EXPECT_EQ(r2.result_int(), 200);
    EXPECT_EQ(r2.body(), "hello ");
    c.send(get("/echo/%C3%A4iti"));
    EXPECT_EQ(c.read().body(), "äiti");
}

TEST_F(ServerTest, CookiesFormsAndRemoteAddress) {
    start(quiet());
    Client c(server->port());
    c.send(get("/cookie", "Cookie: theme=dark; sid=s3cr3t\r\n"));
    EXPECT_EQ(c.read().body(), "s3cr3t|127.0.0.1");
    c.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\na=b+c%21d");
    EXPECT_EQ(c.read().body(), "b c!d");
    c.send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\n\r\na=%Z");
    auto bad = c.read();
    EXPECT_EQ(bad.result_int(), 400);  // UserError from form(), via the backstop
    EXPECT_EQ(nlohmann::json::parse(bad.body())["title"], "Bad request");
}

TEST_F(ServerTest, BackstopAndRouting) {
    start(quiet());
    Client c(server->port());
    c.send(get("/fail"));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 409);
    EXPECT_EQ(nlohmann::json::parse(r.body())["detail"], "Already accepted.");
    c.send(get("/crash"));
    auto crash = c.read();
    EXPECT_EQ(crash.result_int(), 500);
    EXPECT_EQ(nlohmann::json::parse(crash.body())["title"], "Internal error");
    c.send("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 405);
    c.send(get("/missing"));
    EXPECT_EQ(c.read().result_int(), 404);
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
    start(quiet());
    Client c(server->port());
    c.send("HEAD /hello?name=x HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.read(true);
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r[bhttp::field::content_length], "7");
    EXPECT_TRUE(r.body().empty());
    c.send(get("/hello?name=x"));  // the connection is still in sync
    EXPECT_EQ(c.read().body(), "hello x");
}

TEST_F(ServerTest, StaticFileEtagThen304) {
    start(quiet());
    Client c(server->port());
    c.send(get("/static/site.js"));
    auto r = c.read();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "console.log('hei');\n");
    EXPECT_EQ(r[bhttp::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_EQ(r[bhttp::field::cache_control], "public, max-age=86400");
    const std::string etag(r[bhttp::field::etag]);
    ASSERT_FALSE(etag.empty());

    c.send(get("/static/site.js", "If-None-Match: " + etag + "\r\n"));
    auto r304 = c.read();
    EXPECT_EQ(r304.result_int(), 304);
    EXPECT_TRUE(r304.body().empty());
    EXPECT_EQ(r304[bhttp::field::etag], etag);

    c.send(get("/static/../CMakeLists.txt"));
    EXPECT_EQ(c.read().result_int(), 404);
    c.send(get("/static/%2e%2e/%2e%2e/etc/passwd"));
    EXPECT_EQ(c.read().result_int(), 404);
    c.send(get("/static/missing.css"));
    EXPECT_EQ(c.read().result_int(), 404);
    c.send("POST /static/site.js HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 405);
    EXPECT_EQ(calls.load(), 0);  // static files never reach the app
}

TEST_F(ServerTest, GzipForLargeBodies) {
    start(quiet());
    Client c(server->port());
    c.send(get("/big", "Accept-Encoding: gzip, deflate\r\n"));
    auto r = c.read();
    EXPECT_EQ(r[bhttp::field::content_encoding], "gzip");
    EXPECT_EQ(r[bhttp::field::vary], "Accept-Encoding");
    EXPECT_LT(r.body().size(), big_text().size() / 3);
    EXPECT_EQ(pt::http::detail::gzip_decompress(r.body()), big_text());

    c.send(get("/big"));
    auto plain = c.read();
    EXPECT_EQ(plain[bhttp::field::content_encoding], "");
    EXPECT_EQ(plain.body(), big_text());

    c.send(get("/static/app.css", "Accept-Encoding: gzip\r\n"));
    auto css = c.read();
    EXPECT_EQ(css[bhttp::field::content_encoding], "gzip");
    EXPECT_EQ(pt::http::detail::gzip_decompress(css.body()), std::string(3000, 'a') + "\n");

    c.send(get("/hello", "Accept-Encoding: gzip\r\n"));  // small: left alone
    EXPECT_EQ(c.read()[bhttp::field::content_encoding], "");
}

TEST_F(ServerTest, ManyClientsOnTwoThreads) {
    auto cfg = quiet();
    cfg.threads = 2;
    start(cfg);
    std::vector<std::future<int>> clients;
    for (int t = 0; t < 4; ++t) {
        clients.push_back(std::async(std::launch::async, [port = server->port(), t] {
            Client c(port);
            int ok = 0;
            for (int i = 0; i < 100; ++i) {
                const std::string word = "w" + std::to_string(t) + "_" + std::to_string(i);
                c.send(get("/echo/" + word));
                ok += c.read().body() == word;
            }
            return ok;
        }));
    }
    for (auto& f : clients) EXPECT_EQ(f.get(), 100);
    EXPECT_EQ(calls.load(), 400);
}

TEST_F(ServerTest, StopsCleanlyAndFreesThePort) {
    start(quiet());
    const auto port = server->port();
    Client idle(port);  // an open keep-alive connection must not block the stop
    idle.send(get("/hello"));
    EXPECT_EQ(idle.read().result_int(), 200);

    const auto t0 = std::chrono::steady_clock::now();
    stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);

    net::io_context ioc;
    tcp::socket s(ioc);
    beast::error_code ec;
    s.connect({net::ip::make_address("127.0.0.1"), port}, ec);
    EXPECT_TRUE(ec) << "still accepting after stop";
}

TEST(ServerListen, AddressInUseIsAnError) {
    ServerConfig cfg;
    cfg.port = 0;
    Server first(cfg, [](Request&) { return Response::text("x"); });
    first.listen();
    cfg.port = first.port();
    Server second(cfg, [](Request&) { return Response::text("y"); });
    EXPECT_THROW(second.listen(), std::runtime_error);
}
