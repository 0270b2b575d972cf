#pragma once
// HTTP/1.1 server on Boost.Beast with one coroutine per connection (see server.cpp for the
// whole life of a request). The server knows nothing of the domain: it hands each parsed
// Request to `app` and writes what comes back, adding security headers, gzip and logging.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "http/http.hpp"

namespace pt::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;         // 0: pick a free port (see Server::port())
    int threads = 2;
    std::size_t body_limit = 1 << 20;   // bytes; larger bodies get 413
    // File uploads: requests for which allows_large_body(head) is true may send up to
    // large_body_limit bytes; every other request keeps body_limit. `head` has the method,
    // target, path, headers and cookies, no body (it is asked before the body is read).
    std::size_t large_body_limit = 0;
    std::function<bool(const Request& head)> allows_large_body;
    std::size_t header_limit = 16 * 1024;
    std::filesystem::path static_dir;   // served under /static/, empty: none
    bool access_log = true;
    // Renders the server's own refusals (413, 431, 400 for requests it could not read) the way
    // the app renders errors, e.g. as an HTML page for a browser. `partial` holds whatever was
    // read: method, target and headers when the request line got through. Empty: problem+json.
    std::function<Response(int status, const Request& partial)> refusal;
};

class Server {
public:
    Server(ServerConfig cfg, std::function<Response(Request&)> app);
    ~Server();
    // Binds and listens; throws std::runtime_error when the address is taken.
    void listen();
    unsigned short port() const;
    // Blocks running the I/O threads until stop() or SIGINT/SIGTERM.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pt::http
