// The storage interface (SPEC §8): the one seam between the tracker and a database. Two
// implementations ship (memory_store, sqlite_store); server databases come behind the same interface.
//
// Every mutating call is atomic on its own. `transaction` groups several calls into one atomic unit
// that is also isolated from other processes (SQLite: BEGIN IMMEDIATE), which is what makes the sweep
// and subscription counting race-free. A store object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "rollcall/identity.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"
#include "rollcall/time.hpp"

namespace rollcall::store {

/// One received request as it arrived, accepted or rejected.
struct raw_payload {
    platform source = platform::livekit;
    std::string headers_json;  ///< the request headers as a JSON object text (kept for replay)
    std::string body;          ///< exact bytes
    std::string request_url;   ///< BBB callbacks carry their checksum in it
    instant received_at{};
    errc rejected = errc::ok;  ///< ok: accepted; otherwise why verification or parsing failed
    std::string reject_message;
};

/// A payload and the events it produced (none when rejected).
struct ingest_item {
    raw_payload payload;
    std::vector<event> events;
    bool host_event = false;  ///< from the host's own API (tracked links): events only, no raw payload
};

/// What a set of rooms was built from, for a replay of the stored payloads (SPEC §8): every accepted
/// raw payload that gave at least one event stored in those rooms, in the order they were stored, and
/// the events stored without a payload there (host events: tracked-link clicks and heartbeats).
struct room_sources {
    std::vector<raw_payload> payloads;
    std::vector<event> host_events;  ///< in SPEC §2 order
};

/// What one item did to the store.
struct item_outcome {
    /// A replayed webhook, not kept again: every event it carries was stored before (or, for a payload
    /// that produced no event, the same bytes were).
    bool duplicate_payload = false;
    std::size_t events_stored = 0;
    std::size_t events_duplicate = 0;  ///< skipped: same dedup key, or same (kind, room, connection, at)
};

/// A room as the store knows it.
struct room_record {
    std::string room;
    platform source = platform::livekit;
    std::string room_alt;
    instant first_at{};
    instant last_at{};
    std::optional<std::string> session_id;     ///< explicit link
    std::optional<std::string> named_session;  ///< session id read from the naming convention
    std::string named_type;                    ///< session type read from the naming convention
};

/// A session with its lifecycle state.
struct session_record {
    session_spec spec;  ///< spec.rooms: the explicitly linked rooms (sorted); spec.meetings: linked meetings (sorted)
    session_status status = session_status::unscheduled;
    std::string status_reason;
    std::vector<status_change> history;  ///< oldest first
    instant created_at{};
    instant updated_at{};
};

/// Which sessions `list_sessions` returns; empty fields match everything.
struct session_filter {
    std::optional<std::string> teacher;
    std::optional<std::string> type;
    std::optional<session_status> status;
    std::optional<instant> from;  ///< scheduled_start >= from (unscheduled sessions never match a range)
    std::optional<instant> to;    ///< scheduled_start < to
    bool only_open = false;       ///< only non-terminal statuses
    bool only_unscheduled = false;  ///< only sessions without a schedule (never combined with from/to)
};

/// SPEC §6. `expired`: never clicked within link_expiry_s of sending.
enum class link_status : std::uint8_t { sent, active, ended, timeout, expired };

inline constexpr std::array<std::string_view, 5> link_status_names{"sent", "active", "ended", "timeout", "expired"};
static_assert(names_cover(link_status_names, link_status::expired));
constexpr const auto& enum_names(link_status) noexcept { return link_status_names; }
using rollcall::to_string;  // enum_names.hpp's, for this namespace's enums wherever they are named
inline std::optional<link_status> parse_link_status(std::string_view s) noexcept { return parse_enum<link_status>(s); }

/// A tracked join link (SPEC §6).
struct link_record {
    std::string token;
    std::string teacher;
    std::string student;
    std::string meeting_url;
    std::string package;
    rate_kind rate = rate_kind::none;
    std::int64_t rate_minor = 0;
    std::string currency;
    instant sent_at{};
    std::optional<std::string> session_id;
    link_status status = link_status::sent;
    std::optional<instant> clicked_at;
    std::optional<instant> last_heartbeat;  ///< the latest sign of life (the click counts as the first)
    std::optional<instant> ended_at;        ///< end: the end call; timeout: the last heartbeat; expired: its expiry
};

/// Subscription usage of one package: sessions counted, each exactly once.
struct package_usage {
    std::string package;
    std::vector<std::string> session_ids;  ///< sorted
};

/// Which links `list_links` returns; empty fields match everything.
struct link_filter {
    std::optional<std::string> teacher;
    std::optional<std::string> student;
    std::optional<link_status> status;
    std::optional<std::string> session_id;
    std::optional<instant> from;  ///< sent_at >= from
    std::optional<instant> to;    ///< sent_at < to
};

/// What a change-feed entry reports (SPEC §8).
enum class change_type : std::uint8_t {
    session_status,      ///< a session moved: from, to, reason
    participant_status,  ///< a participant's final status when the session ended: subject, to (from: empty)
    link_status,         ///< a tracked link moved: subject (token), from, to
    usage_counted,       ///< a session was counted against its package: subject (package), to (its status)
};

inline constexpr std::array<std::string_view, 4> change_type_names{
    "session_status", "participant_status", "link_status", "usage_counted"};
static_assert(names_cover(change_type_names, change_type::usage_counted));
constexpr const auto& enum_names(change_type) noexcept { return change_type_names; }
inline std::optional<change_type> parse_change_type(std::string_view s) noexcept { return parse_enum<change_type>(s); }

/// One entry of the change feed, appended in the same transaction as the change it reports.
struct change_record {
    std::int64_t seq = 0;  ///< assigned by the store: strictly increasing, never reused
    instant at{};          ///< when the change happened (the instant the caller gave)
    change_type type = change_type::session_status;
    std::string session_id;  ///< empty for a link sent without a session
    std::string subject;     ///< participant identity, link token or package; empty for session_status
    std::string from;
    std::string to;
    std::string reason;
};

struct store_stats {
    std::int64_t payloads = 0;           ///< accepted raw payloads stored
    std::int64_t rejected = 0;           ///< rejected requests (each attempt counted)
    std::int64_t rejected_payloads = 0;  ///< distinct rejected payloads kept for audit
    std::int64_t events = 0;
    std::int64_t duplicates_skipped = 0;  ///< duplicate events skipped since the store was created
    std::int64_t duplicate_payloads = 0;  ///< replayed payloads skipped
    std::int64_t rooms = 0;
    std::int64_t sessions = 0;
    std::int64_t links = 0;
    std::int64_t counted_sessions = 0;  ///< subscription usage rows
    std::int64_t changes = 0;           ///< the change feed's last sequence number
    int schema_version = 0;
};

/// Which aliases `list_aliases` returns; empty fields match everything.
struct alias_filter {
    std::optional<std::string> person;
    std::optional<std::string> session;  ///< "" selects the global aliases only
};

class store {
public:
    virtual ~store() = default;

    /// Runs `fn` as one atomic, isolated unit: its changes commit when it returns ok and roll back
    /// otherwise (or if it throws). Nested calls join the outer unit.
    virtual result<void> transaction(const std::function<result<void>()>& fn) = 0;

    /// Stores payloads with their events, one outcome per item, in one transaction. Idempotent: a
    /// payload whose (platform, body) is stored already, and every duplicate event, is skipped. A
    /// rejected payload stores no event (its `events` must be empty) and counts as rejected.
    virtual result<std::vector<item_outcome>> ingest(std::span<const ingest_item> items) = 0;

    /// Events of these rooms, in SPEC §2 order.
    virtual result<std::vector<event>> events_for_rooms(std::span<const std::string> rooms) = 0;
    /// The payloads and host events the events of these rooms were stored from (see room_sources).
    virtual result<room_sources> sources_for_rooms(std::span<const std::string> rooms) = 0;

    virtual result<std::optional<room_record>> get_room(std::string_view room) = 0;
    /// Rooms belonging to a session: linked explicitly, or named after it by the naming convention
    /// with the session's type. Sorted.
    virtual result<std::vector<std::string>> rooms_of_session(std::string_view session_id, std::string_view type) = 0;
    /// Links a room to a session (creating the room record if unseen). Errors: not_found (session),
    /// already_exists (the room belongs to another session).
    virtual result<void> link_room(std::string_view room, std::string_view session_id) = 0;

    /// Links a platform meeting (SPEC §11: "zoom:<numeric id>") to a session: the meeting's instances
    /// (rooms whose room_alt is that id) inside the session's window belong to it; the tracker decides
    /// which. Idempotent; one meeting may link to many sessions (a recurring meeting). Errors:
    /// invalid_argument (empty key), not_found (session).
    virtual result<void> link_meeting(std::string_view meeting, std::string_view session_id) = 0;
    /// Ids of the sessions linked to a meeting key, sorted.
    virtual result<std::vector<std::string>> sessions_of_meeting(std::string_view meeting) = 0;
    /// Rooms of `source` whose room_alt is `alt` (a Zoom meeting's instances), with first/last event
    /// times, sorted by room.
    virtual result<std::vector<room_record>> rooms_with_alt(platform source, std::string_view alt) = 0;
    /// Records that the platform's own report for a room was stored (a host-fetched Zoom participants
    /// page); idempotent, the first instant stays.
    virtual result<void> mark_report(std::string_view room, instant at) = 0;
    /// Rooms of `source` that ended (a room_end event) at or before `ended_by` and have no report
    /// marked, by end time then room. `first_at`/`last_at` of each record hold its start and end.
    virtual result<std::vector<room_record>> rooms_report_due(platform source, instant ended_by) = 0;

    /// Errors: already_exists. `rec.spec.rooms` are linked as by link_room, `rec.spec.meetings` as by
    /// link_meeting.
    virtual result<void> insert_session(const session_record& rec) = 0;
    /// Replaces the spec (and linked rooms and meetings: added, never removed) of an existing session;
    /// status and history stay. Errors: not_found.
    virtual result<void> update_session_spec(const session_spec& spec, instant updated_at) = 0;
    virtual result<std::optional<session_record>> get_session(std::string_view id) = 0;
    /// Sorted by scheduled start, then id (unscheduled sessions last).
    virtual result<std::vector<session_record>> list_sessions(const session_filter& filter) = 0;
    /// Records a status change if the stored status is still `change.from` (compare and set), with its
    /// session_status change-feed entry; returns false and changes nothing if another writer moved it
    /// first. Errors: not_found.
    virtual result<bool> record_transition(std::string_view id, const status_change& change) = 0;

    /// Counts a session against its package: true the first time (with a usage_counted change-feed
    /// entry), false ever after.
    virtual result<bool> count_usage(std::string_view session_id, std::string_view package, instant at) = 0;
    virtual result<package_usage> usage(std::string_view package) = 0;

    /// Errors: already_exists.
    virtual result<void> insert_link(const link_record& link) = 0;
    /// Replaces the mutable state (status, clicked/heartbeat/ended times) of a link; a new status is
    /// appended to the change feed. Errors: not_found.
    virtual result<void> update_link(const link_record& link) = 0;
    virtual result<std::optional<link_record>> get_link(std::string_view token) = 0;
    /// Links in status `active` (for the sweep), by sent_at then token.
    virtual result<std::vector<link_record>> active_links() = 0;
    /// Sorted by sent_at, then token.
    virtual result<std::vector<link_record>> list_links(const link_filter& filter) = 0;

    // ---- change feed (SPEC §8) ------------------------------------------------------------------
    /// Appends one entry (its seq is assigned); call it inside the transaction of the change.
    virtual result<void> append_change(const change_record& change) = 0;
    /// Up to `limit` entries with seq > after, oldest first.
    virtual result<std::vector<change_record>> changes(std::int64_t after, std::size_t limit) = 0;
    /// The highest seq assigned so far (0: none).
    virtual result<std::int64_t> last_change_seq() = 0;
    /// A named reader's stored cursor (0 for a reader never seen), and setting it.
    virtual result<std::int64_t> change_cursor(std::string_view consumer) = 0;
    virtual result<void> set_change_cursor(std::string_view consumer, std::int64_t seq) = 0;

    virtual result<store_stats> stats() = 0;

    // ---- identity aliases (SPEC §11 rule 2) -----------------------------------------------------
    /// Stores one alias (its value already normalised). Storing the same mapping again is a no-op
    /// returning false; true when it is new. Errors: already_exists when the key already names another
    /// person in the same scope (nothing stored).
    virtual result<bool> put_alias(const alias& a) = 0;
    /// Removes the alias of a key in one scope ("" global); false when there was none.
    virtual result<bool> remove_alias(key_kind kind, std::string_view value, std::string_view session) = 0;
    /// Sorted by session, kind, value.
    virtual result<std::vector<alias>> list_aliases(const alias_filter& filter) = 0;
    /// A number that changes whenever an alias is stored or removed (by any process sharing the
    /// database), so that a reader may cache the global table.
    virtual result<std::int64_t> alias_stamp() = 0;
};

/// The change-feed entries of a session status change, of a link moving from `before` to `after` (at
/// the instant its new status took effect: a click, the end call, a timeout's last heartbeat), and of
/// a session counted against its package. Every store writes the same entries through these.
change_record session_status_change(std::string_view session_id, const status_change& change);
change_record link_status_change(const link_record& before, const link_record& after);
change_record usage_change(std::string_view session_id, std::string_view package, session_status status, instant at);

/// Stable text of a dedup key for events whose parser gave none: kind|room|connection|at.
std::string fallback_dedup_key(const event& e);

}  // namespace rollcall::store
