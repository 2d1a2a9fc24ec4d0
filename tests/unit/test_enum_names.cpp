// The names of every enum (enum_names.hpp): the wire and storage names, each value's round trip through
// to_string and parse, and unknown text rejected.
#include <doctest/doctest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "rollcall/calendar.hpp"
#include "rollcall/cycles.hpp"
#include "rollcall/enum_names.hpp"
#include "rollcall/event.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"
#include "report/render.hpp"
#include "store/store.hpp"
#include "tracker/tracker.hpp"

// Unqualified calls from outside namespace rollcall, before any using-directive: argument-dependent
// lookup must find to_string through the enum's own namespace.
namespace adl_probe {
std::string_view name_of(rollcall::event_kind k) { return to_string(k); }
std::string_view name_of(rollcall::store::link_status s) { return to_string(s); }
std::string_view name_of(rollcall::tracker::ingest_status s) { return to_string(s); }
}  // namespace adl_probe

using namespace rollcall;

namespace {

template <class E>
using parse_fn = std::optional<E> (*)(std::string_view) noexcept;

/// `expected` lists the names in value order, as they are written to JSON, SQLite and the C ABI.
template <class E>
void check_names(std::initializer_list<std::string_view> expected, parse_fn<E> parse = nullptr) {
    REQUIRE(enum_names(E{}).size() == expected.size());
    std::size_t i = 0;
    for (std::string_view name : expected) {
        CAPTURE(name);
        const auto e = static_cast<E>(i++);
        CHECK(to_string(e) == name);
        CHECK(parse_enum<E>(name) == e);
        CHECK(parse_enum<E>(to_string(e)) == e);
        if (parse) CHECK(parse(name) == e);
    }
    const std::string first(*expected.begin()), spaced = first + " ";
    std::string shouted = first;
    shouted[0] = static_cast<char>(shouted[0] - 'a' + 'A');
    for (std::string_view bad : {std::string_view(), std::string_view("?"), std::string_view("unknown"),
                                 std::string_view(shouted), std::string_view(spaced), std::string_view(first).substr(1),
                                 std::string_view(first.data(), first.size() + 1)}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_enum<E>(bad).has_value());
        if (parse) CHECK_FALSE(parse(bad).has_value());
    }
    // A value outside the table (an integer cast in) has no name.
    CHECK(to_string(static_cast<E>(expected.size())) == "?");
}

}  // namespace

TEST_CASE("enum names: every value of every enum round-trips, unknown names give nullopt") {
    check_names<event_kind>({"room_start", "join", "evidence", "heartbeat", "leave", "room_end", "recording_ready", "snapshot"},
                            parse_event_kind);
    check_names<platform>({"livekit", "bbb", "zoom", "link"}, parse_platform);
    check_names<role>({"other", "teacher", "student", "guest"}, parse_role);
    check_names<session_status>({"unscheduled", "scheduled", "ready", "ongoing", "completed", "absent", "cancelled"},
                                parse_session_status);
    check_names<rate_kind>({"none", "per_hour", "per_session"}, parse_rate_kind);
    check_names<anomaly_kind>({"orphan_leave", "stale_close", "join_after_room_end", "leave_before_join", "snapshot_close"});
    check_names<closing_reason>({"leave", "room_end", "timeout", "stale", "open", "snapshot"});
    check_names<attendance_status>({"present", "late", "partial", "absent"});
    check_names<period>({"day", "week", "month"}, parse_period);
    check_names<billable_basis>({"co_presence", "student", "teacher", "scheduled"}, parse_billable_basis);
    check_names<rounding_mode>({"exact", "floor", "ceil", "nearest"}, parse_rounding_mode);
    check_names<session_action>({"cancel", "mark_absent", "complete"}, parse_session_action);
    check_names<store::link_status>({"sent", "active", "ended", "timeout", "expired"}, store::parse_link_status);
    check_names<store::change_type>({"session_status", "participant_status", "link_status", "usage_counted"},
                                    store::parse_change_type);
    check_names<tracker::ingest_status>({"stored", "duplicate", "rejected"});
    check_names<report::output_format>({"table", "json", "csv"}, report::parse_output_format);
}

TEST_CASE("enum names: usable in constant expressions and found by argument-dependent lookup") {
    static_assert(to_string(event_kind::leave) == "leave");
    static_assert(to_string(period::iso_week) == "week");
    static_assert(parse_enum<rounding_mode>("ceil") == rounding_mode::ceil);
    static_assert(!parse_enum<platform>("teams").has_value());
    static_assert(!named_enum<int>);
    CHECK(adl_probe::name_of(event_kind::heartbeat) == "heartbeat");
    CHECK(adl_probe::name_of(store::link_status::ended) == "ended");
    CHECK(adl_probe::name_of(tracker::ingest_status::duplicate) == "duplicate");
}
