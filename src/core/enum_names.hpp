#pragma once
// Enums that are stored and sent as text keep one table of names; these read it both ways.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace pt {

template <class E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumNames<E, N>& names, E e) {
    for (const auto& [k, n] : names)
        if (k == e) return n;
    return "?";
}

template <class E, std::size_t N>
constexpr std::optional<E> from_name(const EnumNames<E, N>& names, std::string_view s) {
    for (const auto& [k, n] : names)
        if (n == s) return k;
    return std::nullopt;
}

}  // namespace pt
