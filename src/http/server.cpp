// The whole life of a request: accept -> session coroutine -> read header (+100 Continue) ->
// read body -> build Request -> Pipeline::handle (static/app, headers, gzip) -> write -> log.
// Modelled on Boost.Beast example/http/server/awaitable. One strand per connection keeps a
// connection's socket and its timeout timer on one thread at a time.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "http/access_log.hpp"
#include "http/detail.hpp"
#include "http/server.hpp"

namespace pt::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto io_timeout = std::chrono::seconds(30);
constexpr auto drain_timeout = std::chrono::seconds(2);
const auto as_tuple_awaitable = net::as_tuple(net::use_awaitable);

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::span_body<const char>>;

// Fills `out` from the Beast message; false when the path is not a valid origin-form path.
bool to_request(BeastRequest&& in, const std::string& remote, Request& out) {
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    // Headers first: a refused path is still answered in the client's language and format.
    for (const auto& f : in) {
        auto [it, fresh] = out.headers.try_emplace(detail::to_lower_ascii(f.name_string()), f.value());
        if (!fresh) it->second.append(it->first == "cookie" ? "; " : ", ").append(f.value());
    }
    if (auto c = out.headers.find("cookie"); c != out.headers.end()) out.cookies = detail::parse_cookies(c->second);
    const std::string_view target = out.target;
    const auto qmark = target.find('?');
    const auto raw_path = target.substr(0, qmark);
    if (raw_path.empty() || raw_path.front() != '/') return false;
    auto path = url_decode(raw_path, false);
    if (!path || path->find('\0') != std::string::npos || !detail::valid_utf8(*path)) return false;
    out.path = std::move(*path);
    if (qmark != std::string_view::npos && !detail::parse_query(target.substr(qmark + 1), out.query))
        out.parse_error = true;

    out.remote_addr = remote;
    out.body = std::move(in.body());
    return true;
}

// HEAD keeps the headers (and Content-Length) of the GET answer but sends no body.
BeastResponse to_beast(const Response& res, unsigned version, bool keep_alive, bool head) {
    BeastResponse out{static_cast<bhttp::status>(res.status), version};
    for (const auto& [name, value] : res.headers) {
        // The server owns framing headers.
        if (detail::iequals(name, "content-length") || detail::iequals(name, "transfer-encoding") ||
            detail::iequals(name, "connection"))
            continue;
        out.insert(name, value);
    }
    const auto payload = res.payload();
    if (res.status != 304 && res.status != 204 && res.status >= 200) out.content_length(payload.size());
    if (!head) out.body() = {payload.data(), payload.size()};
    out.keep_alive(keep_alive);
    return out;
}

// What a read error means for the client: a status to answer with, or 0 to just hang up.
int status_for_read_error(const beast::error_code& ec) {
    if (ec == bhttp::error::body_limit) return 413;
    if (ec == bhttp::error::header_limit) return 431;
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message)
        return 400;
    return 0;  // timeout, reset, clean close
}

Response read_error_response(int status) {
    if (status == 413) return Response::problem(413, "Payload too large", "The request body is larger than the server accepts.");
    if (status == 431) return Response::problem(431, "Request header fields too large", "The request headers are too large.");
    return Response::problem(400, "Bad request", "The request is not valid HTTP.");
}

// What could be read of a request that is refused: enough for the app to pick HTML or JSON.
Request partial_request(const BeastRequest& in) {
    Request out;
    out.method = std::string(in.method_string());
    out.target = std::string(in.target());
    out.path = out.target.substr(0, out.target.find('?'));
    for (const auto& f : in) out.headers.try_emplace(detail::to_lower_ascii(f.name_string()), f.value());
    if (auto c = out.headers.find("cookie"); c != out.headers.end()) out.cookies = detail::parse_cookies(c->second);
    return out;
}

}  // namespace

struct Server::Impl {
    ServerConfig cfg;
    detail::Pipeline pipeline;
    net::io_context ioc;  // after pipeline: destroying it destroys the sessions that use pipeline
    tcp::acceptor acceptor{ioc};
    unsigned short port = 0;

    Impl(ServerConfig c, Handler app)
        : cfg(std::move(c)), pipeline{std::move(app), nullptr}, ioc(std::max(1, cfg.threads)) {
        if (!cfg.static_dir.empty()) pipeline.statics = std::make_unique<detail::StaticFiles>(cfg.static_dir);
    }

    net::awaitable<void> accept_loop();
    net::awaitable<void> session(tcp::socket socket);
    net::awaitable<void> reject(beast::tcp_stream& stream, beast::flat_buffer& buffer, int status, const std::string& remote,
                                const Request& partial);
    Response refusal(int status, const Request& partial) const {
        return cfg.refusal ? cfg.refusal(status, partial) : read_error_response(status);
    }
};

net::awaitable<void> Server::Impl::accept_loop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), as_tuple_awaitable);
        if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) {  // e.g. out of file descriptors: back off instead of spinning
            spdlog::warn("http accept failed: {}", ec.message());
            net::steady_timer t(ioc, std::chrono::milliseconds(50));
            co_await t.async_wait(as_tuple_awaitable);
            continue;
        }
        auto ex = socket.get_executor();
        net::co_spawn(ex, session(std::move(socket)), [](std::exception_ptr e) {
            if (!e) return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& x) {
                spdlog::error("http session failed: {}", x.what());
            }
        });
    }
}

net::awaitable<void> Server::Impl::session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;  // outlives each request: pipelined bytes stay in it
    beast::error_code ec;
    std::string remote = stream.socket().remote_endpoint(ec).address().to_string();

    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(cfg.header_limit));
        const bool per_request = cfg.allows_large_body && cfg.large_body_limit > cfg.body_limit;
        // Beast checks Content-Length against the limit while reading the headers, so start
        // with the larger one and narrow it once the target is known.
        parser.body_limit(per_request ? cfg.large_body_limit : cfg.body_limit);

        stream.expires_after(io_timeout);
        std::tie(ec, std::ignore) = co_await bhttp::async_read_header(stream, buffer, parser, as_tuple_awaitable);
        if (!ec && per_request) {
            const std::size_t limit = cfg.allows_large_body(partial_request(parser.get())) ? cfg.large_body_limit : cfg.body_limit;
            if (parser.content_length() && *parser.content_length() > limit)
                ec = bhttp::error::body_limit;
            else
                parser.body_limit(limit);  // chunked bodies are counted as they arrive
        }
        if (!ec && detail::iequals(parser.get()[bhttp::field::expect], "100-continue") && parser.get().version() >= 11) {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
            std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, cont, as_tuple_awaitable);
        }
        if (!ec && !parser.is_done()) std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, as_tuple_awaitable);
        if (ec) {
            if (int status = status_for_read_error(ec)) co_await reject(stream, buffer, status, remote, partial_request(parser.get()));
            break;
        }

        const auto started = std::chrono::steady_clock::now();
        const unsigned version = parser.get().version();
        bool keep_alive = parser.get().keep_alive();
        Request req;
        Response res;
        if (to_request(parser.release(), remote, req)) {
            res = pipeline.handle(req);
        } else {
            res = refusal(400, req);
            detail::finalize(req, res);
        }
        if (detail::iequals(res.header("Connection"), "close")) keep_alive = false;

        auto out = to_beast(res, version, keep_alive, req.method == "HEAD");
        stream.expires_after(io_timeout);
        std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, as_tuple_awaitable);

        if (cfg.access_log) {
            auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
            const auto log_path = loggable_path(req.target);
            spdlog::info("http method={} path={} status={} bytes={} us={} remote={}", req.method, log_path, res.status,
                         out.body().size(), us.count(), remote);
        }
        if (ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// Answers a request that could not be read, then closes. The unread rest of the request is
// drained for a moment so the close does not become a reset that eats the answer.
net::awaitable<void> Server::Impl::reject(beast::tcp_stream& stream, beast::flat_buffer& buffer, int status,
                                          const std::string& remote, const Request& partial) {
    Request none;
    Response res = refusal(status, partial);
    detail::finalize(none, res);
    auto out = to_beast(res, 11, false, false);
    beast::error_code ec;
    stream.expires_after(io_timeout);
    std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, as_tuple_awaitable);
    if (cfg.access_log) spdlog::info("http method=- path=- status={} bytes={} us=0 remote={}", status, out.body().size(), remote);
    if (ec) co_return;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(drain_timeout);
    char scratch[16384];
    for (std::size_t total = 0; !ec && total < (64u << 20);) {
        std::size_t n;
        std::tie(ec, n) = co_await stream.async_read_some(net::buffer(scratch), as_tuple_awaitable);
        total += n;
    }
    buffer.clear();
}

Server::Server(ServerConfig cfg, std::function<Response(Request&)> app)
    : impl_(std::make_unique<Impl>(std::move(cfg), std::move(app))) {}

Server::~Server() { stop(); }

void Server::listen() {
    auto& a = impl_->acceptor;
    if (a.is_open()) return;
    beast::error_code ec;
    std::string host = impl_->cfg.host;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);  // "[::1]"
    auto address = net::ip::make_address(host, ec);
    if (ec) {  // a host name such as "localhost"
        tcp::resolver resolver(impl_->ioc);
        auto results = resolver.resolve(host, "", ec);
        if (ec || results.empty()) throw std::runtime_error("cannot resolve listen host '" + impl_->cfg.host + "'");
        address = results.begin()->endpoint().address();
    }
    const tcp::endpoint endpoint(address, impl_->cfg.port);
    const auto where = impl_->cfg.host + ":" + std::to_string(impl_->cfg.port);
    if (a.open(endpoint.protocol(), ec); ec) throw std::runtime_error("cannot open socket for " + where + ": " + ec.message());
    a.set_option(net::socket_base::reuse_address(true), ec);
    if (a.bind(endpoint, ec); ec) {
        a.close();
        throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
    }
    if (a.listen(net::socket_base::max_listen_connections, ec); ec) {
        a.close();
        throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
    }
    impl_->port = a.local_endpoint().port();
}

unsigned short Server::port() const { return impl_->port; }

void Server::run() {
    listen();
    auto& ioc = impl_->ioc;
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([this](const beast::error_code& ec, int sig) {
        if (ec) return;
        spdlog::info("http server stopping on signal {}", sig);
        stop();
    });
    net::co_spawn(ioc, impl_->accept_loop(), net::detached);
    spdlog::info("http server listening on {}:{} with {} threads", impl_->cfg.host, impl_->port, std::max(1, impl_->cfg.threads));

    std::vector<std::thread> extra;
    for (int i = 1; i < impl_->cfg.threads; ++i) extra.emplace_back([&ioc] { ioc.run(); });
    ioc.run();  // returns at once if stop() came first: io_context::stop is sticky
    for (auto& t : extra) t.join();

    beast::error_code ec;
    signals.cancel(ec);
    impl_->acceptor.close(ec);  // free the port now; open sessions end when the Server is destroyed
}

void Server::stop() {
    impl_->ioc.stop();
}

}  // namespace pt::http
