// rollcall/enum_names.hpp: the names of an enum's values, written once, as a table.
//
// An enum whose values run 0, 1, ... N-1 declares, next to itself, its names in value order and a
// function `enum_names(E)` returning them; argument-dependent lookup finds that function, so an enum in
// any namespace takes part:
//
//     enum class color : std::uint8_t { red, green };
//     inline constexpr std::array<std::string_view, 2> color_names{"red", "green"};
//     constexpr const auto& enum_names(color) noexcept { return color_names; }
//     static_assert(rollcall::names_cover(color_names, color::green));
//
// `to_string(e)` and `parse_enum<E>(s)` then work for it. The names are the wire and storage names
// (JSON, SQLite, the C ABI, the command line): they never change once released.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace rollcall {

/// An enum with a name table found by `enum_names(E{})`.
template <class E>
concept named_enum = std::is_enum_v<E> && requires(E e) {
    { enum_names(e)[std::size_t{}] } -> std::convertible_to<std::string_view>;
};

/// True when `names` has exactly one entry per value up to `last`, the enum's last value.
template <class E, std::size_t N>
constexpr bool names_cover(const std::array<std::string_view, N>& names, E last) noexcept {
    return N == static_cast<std::size_t>(last) + 1 && [&] {
        for (std::string_view n : names)
            if (n.empty()) return false;
        return true;
    }();
}

/// The name of `e`; "?" for a value outside the table (a cast from a bad integer).
template <named_enum E>
constexpr std::string_view to_string(E e) noexcept {
    const auto& names = enum_names(e);
    const auto i = static_cast<std::size_t>(e);
    return i < names.size() ? std::string_view(names[i]) : std::string_view("?");
}

/// The value named `s` (exact, case-sensitive); nullopt for any other text.
template <named_enum E>
constexpr std::optional<E> parse_enum(std::string_view s) noexcept {
    const auto& names = enum_names(E{});
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace rollcall
