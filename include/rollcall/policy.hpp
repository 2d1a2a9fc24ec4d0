// rollcall/policy.hpp: the knobs of SPEC §9, with their defaults. A policy is a plain value; every
// result carries a copy of the policy it was computed with, so a report can always say how.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/enum_names.hpp"

namespace rollcall {

/// Which time is billed (SPEC §7).
enum class billable_basis : std::uint8_t {
    co_presence,  ///< teacher and at least one student present together (default)
    student,      ///< union of the students' attended time
    teacher,      ///< the teacher's attended time
    scheduled,    ///< the scheduled length D
};

enum class rounding_mode : std::uint8_t { exact, floor, ceil, nearest };

/// Applied once, to the session total (SPEC §7).
struct rounding {
    rounding_mode mode = rounding_mode::exact;
    std::int64_t unit_s = 60;
    std::int64_t min_s = 0;  ///< a total below this bills 0
    friend bool operator==(const rounding&, const rounding&) = default;
};

struct policy {
    std::int64_t reconnect_grace_s = 120;
    std::int64_t stale_after_s = 1800;
    std::int64_t heartbeat_timeout_s = 90;
    std::int64_t session_timeout_s = 7200;
    std::int64_t link_expiry_s = 86400;  ///< SPEC §6: a tracked link never clicked this long after sending expires
    bool clip_to_schedule = true;
    std::int64_t late_grace_s = 300;
    std::int64_t min_presence_s = 60;
    double partial_below_ratio = 0.5;
    std::int64_t creation_window_s = 900;
    std::int64_t cleanup_delay_s = 1800;
    billable_basis basis = billable_basis::co_presence;
    struct rounding rounding {};
    friend bool operator==(const policy&, const policy&) = default;
};

/// Policies per session type, falling back to `default_policy`.
struct policy_set {
    policy default_policy{};
    std::map<std::string, policy, std::less<>> by_type;

    const policy& for_type(std::string_view type) const {
        const auto it = by_type.find(type);
        return it == by_type.end() ? default_policy : it->second;
    }
};

inline constexpr std::array<std::string_view, 4> billable_basis_names{
    "co_presence", "student", "teacher", "scheduled"};
inline constexpr std::array<std::string_view, 4> rounding_mode_names{"exact", "floor", "ceil", "nearest"};
static_assert(names_cover(billable_basis_names, billable_basis::scheduled));
static_assert(names_cover(rounding_mode_names, rounding_mode::nearest));
constexpr const auto& enum_names(billable_basis) noexcept { return billable_basis_names; }
constexpr const auto& enum_names(rounding_mode) noexcept { return rounding_mode_names; }

inline std::optional<billable_basis> parse_billable_basis(std::string_view s) noexcept {
    return parse_enum<billable_basis>(s);
}
inline std::optional<rounding_mode> parse_rounding_mode(std::string_view s) noexcept {
    return parse_enum<rounding_mode>(s);
}

}  // namespace rollcall
