// rollcall/billing.hpp: billable time and money (SPEC §7). Integer arithmetic only: money is minor
// units, and the one rounding is applied to the session total, never per row.
#pragma once

#include <cstdint>

#include "rollcall/lifecycle.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

/// Applies the policy's rounding to a session total in whole seconds.
constexpr std::int64_t apply_rounding(std::int64_t seconds, const rounding& r) noexcept {
    if (seconds <= 0 || seconds < r.min_s) return 0;
    if (r.mode == rounding_mode::exact || r.unit_s <= 0) return seconds;
    const std::int64_t u = r.unit_s;
    switch (r.mode) {
        case rounding_mode::floor: return seconds / u * u;
        case rounding_mode::ceil: return (seconds + u - 1) / u * u;
        case rounding_mode::nearest: return (2 * seconds + u) / (2 * u) * u;  // half-up
        case rounding_mode::exact: break;
    }
    return seconds;
}

/// rate x seconds / 3600, rounded half-up to one minor unit, without floating point or overflow.
constexpr std::int64_t per_hour_amount(std::int64_t rate_minor, std::int64_t billable_s) noexcept {
    if (rate_minor <= 0 || billable_s <= 0) return 0;
    const __int128 twice = static_cast<__int128>(rate_minor) * billable_s * 2;
    return static_cast<std::int64_t>((twice + 3600) / 7200);
}

/// The money of a session: per hour of billable time, or flat when it counts against the
/// subscription (SPEC §5, §7: completed, absent, a chargeable cancellation).
constexpr std::int64_t session_amount(rate_kind kind, std::int64_t rate_minor, std::int64_t billable_s,
                                      bool counts) noexcept {
    switch (kind) {
        case rate_kind::per_hour: return per_hour_amount(rate_minor, billable_s);
        case rate_kind::per_session: return counts ? rate_minor : 0;
        case rate_kind::none: return 0;
    }
    return 0;
}

}  // namespace rollcall
