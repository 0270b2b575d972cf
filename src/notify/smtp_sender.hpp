#pragma once
// Hands one finished message to an SMTP server (libcurl). Separate from the worker so tests
// can put a fake in its place.
#include <string>

namespace pt::notify {

class Sender {
public:
    virtual ~Sender() = default;
    // Throws std::runtime_error with a short reason when the server did not take the message.
    virtual void send(const std::string& from, const std::string& to, const std::string& message) = 0;
};

class SmtpSender final : public Sender {
public:
    // "smtp://host:port", "smtps://user:password@host:465", ... STARTTLS is used when the server
    // offers it.
    explicit SmtpSender(std::string url);
    void send(const std::string& from, const std::string& to, const std::string& message) override;

private:
    std::string url_;
};

}  // namespace pt::notify
