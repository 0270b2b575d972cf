#pragma once
// Money as integer euro cents. No floating point anywhere money is kept or compared.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt {

class Money {
public:
    constexpr Money() = default;
    static constexpr Money cents(std::int64_t c) { return Money(c); }
    static constexpr Money euros(std::int64_t e) { return Money(e * 100); }
    constexpr std::int64_t cents() const { return cents_; }

    constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
    constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
    constexpr Money operator-() const { return Money(-cents_); }
    constexpr Money& operator+=(Money o) { cents_ += o.cents_; return *this; }
    constexpr Money& operator-=(Money o) { cents_ -= o.cents_; return *this; }
    constexpr auto operator<=>(const Money&) const = default;
    constexpr bool is_negative() const { return cents_ < 0; }
    constexpr bool is_zero() const { return cents_ == 0; }

    // "2 500,00 €" (Finnish) or "€2,500.00" (English); thin spaces avoided for copy-paste.
    std::string format(std::string_view lang = "fi") const;
    // "2500.00": machine form used in JSON and XML.
    std::string decimal() const;
    // Accepts "2500", "2500,5", "2 500,50", "2500.50", optional trailing "€". Rejects more than
    // two decimals, signs, and anything over 1e11 euros.
    static std::optional<Money> parse(std::string_view text);

private:
    constexpr explicit Money(std::int64_t c) : cents_(c) {}
    std::int64_t cents_ = 0;
};

}  // namespace pt
