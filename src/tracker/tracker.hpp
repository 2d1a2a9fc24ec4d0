// The tracker: what a host runs. Verified ingest into durable storage, sessions and their lifecycle,
// tracked join links, and the periodic sweep that replaces the per-minute cron jobs (issue 4, SPEC §5,
// §6, §8).
//
// Threading: a tracker object is used by one thread at a time. Several trackers (threads or processes)
// may share one SQLite database; every write is one transaction, so they never duplicate or lose
// anything. Errors come back as `result<T>`; nothing here throws for bad input.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/event.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/results.hpp"
#include "rollcall/session.hpp"
#include "sources/sources.hpp"
#include "store/sqlite_store.hpp"
#include "store/store.hpp"
#include "tracker/config.hpp"

namespace rollcall::tracker {

/// One incoming webhook (or report page) as received.
struct ingest_request {
    platform source = platform::livekit;
    sources::header_list headers;
    std::string body;         ///< exact bytes
    std::string request_url;  ///< BBB: the URL the callback arrived at
    /// When it was received: the verification clock (JWT expiry, signed timestamps). Replaying a capture
    /// with its original receive times therefore verifies as it did then.
    instant received_at{};
};

enum class ingest_status : std::uint8_t {
    stored,     ///< verified and parsed; at least one event was new, or the payload itself was new
    duplicate,  ///< the same payload was ingested before, or every event it carried was already stored
    rejected,   ///< verification or parsing failed: counted, kept for audit, no event stored
};

inline constexpr std::array<std::string_view, 3> ingest_status_names{"stored", "duplicate", "rejected"};
static_assert(names_cover(ingest_status_names, ingest_status::rejected));
constexpr const auto& enum_names(ingest_status) noexcept { return ingest_status_names; }
using rollcall::to_string;  // enum_names.hpp's, beside config.hpp's to_string(bbb_checksum_mode)

/// A room that a request's events went to: the platform's instance key and its other id (Zoom: the
/// meeting uuid and the numeric meeting id; LiveKit: room name and sid; BBB: internal and external id).
struct room_key {
    std::string room;
    std::string room_alt;
    friend bool operator==(const room_key&, const room_key&) = default;
    friend auto operator<=>(const room_key&, const room_key&) = default;
};

/// What ingesting one request did.
struct ingest_result {
    ingest_status status = ingest_status::stored;
    std::size_t events_stored = 0;
    std::size_t events_duplicate = 0;
    std::string event_name;                    ///< the platform's event name, when parsed
    errc code = errc::ok;                      ///< rejected: why (bad_signature, malformed_input, ...)
    std::string message;                       ///< rejected: the parser's message (never a secret)
    std::optional<std::string> response_body;  ///< a body the host must send back (Zoom URL validation)
    std::vector<room_key> rooms;               ///< the rooms its events went to, sorted (none when rejected)
};

/// What a batch did: totals, and one result per request in input order.
struct batch_result {
    std::size_t requests = 0;
    std::size_t stored = 0;      ///< requests with status stored
    std::size_t duplicates = 0;  ///< requests with status duplicate
    std::size_t rejected = 0;
    std::size_t events_stored = 0;
    std::size_t events_duplicate = 0;
    std::vector<ingest_result> items;
};

/// A room snapshot the host fetched from a platform's API (SPEC §3 step 3): the list of the room's
/// connections at `at`, the instant the host polled.
struct snapshot_request {
    platform source = platform::livekit;  ///< livekit: ListParticipants JSON; bbb: getMeetingInfo XML
    std::string body;                     ///< the response bytes as received
    /// LiveKit: the room name asked about (required: the response does not name it). BBB: optional;
    /// when given it must be the response's internalMeetingID or meetingID.
    std::string room;
    instant at{};
};

/// Pages of a Zoom participant report (`GET /past_meetings/{uuid}/participants`, or the
/// `report/meetings` spelling) that the host fetched over OAuth, for one meeting instance.
struct zoom_report_request {
    std::string meeting_uuid;  ///< the instance the pages were fetched for (the room of every row)
    /// The numeric meeting id, so that a meeting no webhook announced still links by it (SPEC §11);
    /// optional when a webhook of the instance carried it. Must agree with the stored one.
    std::string meeting_id;
    std::vector<std::string> pages;  ///< response bodies, exact bytes, in any order
    instant received_at{};           ///< when the host fetched them
};

/// A Zoom meeting instance that ended and has no report stored (the report-due query).
struct report_due {
    std::string meeting_uuid;
    std::string meeting_id;              ///< numeric id, when known
    std::optional<instant> started_at;   ///< its first event
    instant ended_at{};                  ///< its meeting.ended
    std::string request_path;            ///< `/past_meetings/{uuid}/participants`, uuid encoded as Zoom needs
    std::vector<std::string> sessions;   ///< sessions it belongs to (linked, by name or by meeting id)
};

/// A tracked link to create (SPEC §6).
struct link_spec {
    std::string teacher;
    std::string student;  ///< the identity the link's presence is credited to
    std::string meeting_url;
    std::string package;
    rate_kind rate = rate_kind::none;
    std::int64_t rate_minor = 0;
    std::string currency;
    std::optional<std::string> session_id;  ///< when set, the link's presence counts for that session
};

/// A link and what it amounts to at some instant.
struct link_view {
    store::link_record link;
    std::string room;               ///< "link:<token>": the room its events are stored under
    milliseconds duration{0};       ///< clicked → end (ended: the end call; timeout/silent: last heartbeat)
    std::optional<instant> presence_end;  ///< where the duration stops (now while still alive)
};

/// A page of the change feed (SPEC §8).
struct change_page {
    std::vector<store::change_record> changes;  ///< oldest first
    std::int64_t cursor = 0;  ///< pass as `after` next time: the last seq returned, else the `after` given
};

/// A stored payload that this build's parsers no longer turn into events (see tracker::replay).
struct replay_failure {
    platform source = platform::livekit;
    instant received_at{};
    errc code = errc::ok;
    std::string message;
};

/// A session evaluated again from the raw payloads its events were stored from (SPEC §8).
struct replay_result {
    session_result replayed;      ///< the evaluation from the payloads parsed again by this build
    std::size_t payloads = 0;     ///< stored payloads parsed again
    std::size_t host_events = 0;  ///< events stored without a payload (tracked links), taken as stored
    std::vector<replay_failure> failures;  ///< payloads that gave no events this time, in stored order
};

/// What one sweep changed.
struct sweep_result {
    std::size_t sessions_checked = 0;   ///< non-terminal sessions evaluated
    std::size_t sessions_changed = 0;   ///< sessions whose status moved
    std::size_t transitions = 0;        ///< status changes recorded
    std::size_t sessions_counted = 0;   ///< sessions newly counted against their package
    std::size_t links_timed_out = 0;
    std::size_t links_expired = 0;      ///< links never clicked within link_expiry_s
    std::vector<std::string> changed;   ///< ids of the sessions that moved, sorted
};


class tracker {
public:
    /// Takes ownership of a store.
    tracker(std::unique_ptr<store::store> db, tracker_config config);
    tracker(tracker&&) noexcept;
    tracker& operator=(tracker&&) noexcept;
    ~tracker();

    /// Opens (or creates) a SQLite database; errors as sqlite_store::open.
    static result<tracker> open_sqlite(const std::string& path, tracker_config config,
                                       const store::sqlite_options& options = {});
    /// Opens (or creates) the database a location names (store::open_store: a SQLite file path, or a
    /// postgresql:// URL); errors as that store's open.
    static result<tracker> open(const std::string& location, tracker_config config,
                                const store::sqlite_options& options = {});
    /// A tracker over an in-memory store.
    static tracker in_memory(tracker_config config);

    const tracker_config& config() const noexcept;
    store::store& storage() noexcept;
    /// The policy for a session type (the "default" policy when the type has none).
    const policy& policy_for(std::string_view type) const;

    // ---- ingest -------------------------------------------------------------------------------
    /// Verifies, parses and stores one request (one transaction). A rejection is a normal result
    /// (status rejected, code, message); the error path is for storage failures only.
    result<ingest_result> ingest(const ingest_request& request);
    /// The same for many requests, stored in one transaction. Rejected requests never stop the batch.
    result<batch_result> ingest_batch(std::span<const ingest_request> requests);

    /// Parses a snapshot and stores it (one transaction) as a raw payload marked host-fetched (its
    /// headers_json is {"x-rollcall-fetched": "livekit-snapshot"|"bbb-snapshot", "room", "at_ms"}, so a
    /// replay can parse it again) with its events: the room's `snapshot` marker and an `evidence` per
    /// listed connection. The same snapshot again is a duplicate. Errors, with nothing stored:
    /// invalid_argument (a platform without snapshots, a LiveKit snapshot without a room), the parser's
    /// (malformed_input, invalid_value, missing_field), not_found (a room no stored event names).
    result<ingest_result> ingest_snapshot(const snapshot_request& request);
    /// Stores host-fetched Zoom report pages (no signature exists: the host fetched them itself) as
    /// raw payloads whose headers_json is {"x-rollcall-fetched": "zoom-report", "meeting": UUID,
    /// "meeting_id": ID} (replay re-parses them from that, see reparse_fetched), with their events,
    /// and marks the instance's report as stored, in one transaction. One result per page in input
    /// order (a page seen before is a duplicate; overlapping rows are duplicate events). Report rows
    /// and webhooks of the same stay become one interval at evaluation (report_merge.hpp).
    /// Errors, nothing stored: invalid_argument (no uuid, no page), invalid_value (meeting_id not 9 to
    /// 11 digits or not the stored one; a row outside the stored instance's start and end: a page of
    /// another meeting), and the page parser's malformed_input / missing_field (a row without
    /// join_time) / invalid_value, each naming the page.
    result<batch_result> ingest_zoom_report(const zoom_report_request& request);

    /// Zoom instances that ended at least `delay` before `now` and have no report stored, by end time:
    /// what a host's cron fetches next. Errors: invalid_argument (negative delay).
    result<std::vector<report_due>> zoom_reports_due(instant now, milliseconds delay);

    // ---- sessions -----------------------------------------------------------------------------
    /// Creates a session (status scheduled, or unscheduled without a schedule); `spec.rooms` are linked
    /// (entries naming a Zoom meeting, `zoom:ID` or a join URL, as meetings: see link_room).
    /// Errors: invalid_argument (empty id or type, end before start), already_exists, already_exists
    /// for a room linked to another session.
    result<store::session_record> create_session(const session_spec& spec, instant now);
    /// Replaces the session's spec (rooms are added, never removed); status and history stay. A
    /// session that gains a schedule moves unscheduled → scheduled. Errors: not_found, invalid_argument.
    result<store::session_record> update_session(const session_spec& spec, instant now);
    /// The stored record; `spec.rooms` lists every room that belongs to it (explicit and by name).
    result<store::session_record> get_session(std::string_view id);
    result<std::vector<store::session_record>> list_sessions(const store::session_filter& filter);
    /// Links a room to a session, or a Zoom meeting when `room` is `zoom:ID` or a join URL (SPEC §11;
    /// meetings.hpp): then every instance of it inside the session's window belongs to the session.
    /// Errors: not_found, already_exists (a room linked to another session), invalid_value (a link
    /// that names no Zoom meeting).
    result<void> link_room(std::string_view room, std::string_view session_id);
    /// The events of every room of the session, in SPEC §2 order.
    result<std::vector<event>> session_events(std::string_view id);
    /// The same for a record as get_session or list_sessions return it (its rooms complete).
    result<std::vector<event>> session_events(const store::session_record& rec);
    /// The engine's view of the session at `now`: attendance, lifecycle status advanced from the
    /// stored one (not persisted: the sweep does that), billing. Errors: not_found.
    result<session_result> evaluate(std::string_view id, instant now);
    /// The same for a record as get_session or list_sessions return it (its rooms complete): nothing
    /// about the session is read again, only its events.
    result<session_result> evaluate(const store::session_record& rec, instant now);
    /// Deterministic replay (SPEC §8): the session evaluated at `now` from its stored raw payloads,
    /// each parsed again by this build's parsers (webhooks without their signature: it was verified
    /// when they arrived, and the secret may have rotated since; host-fetched pages and snapshots from
    /// their stored context), with the same deduplication and the same aliases, policy and stored
    /// status as `evaluate`. Equal to `evaluate` unless a parser's reading of a payload changed.
    /// Errors: not_found, the store's.
    result<replay_result> replay(const store::session_record& rec, instant now);
    result<replay_result> replay(std::string_view id, instant now);
    /// An explicit host action (cancel, mark_absent, complete) obeying the transition table, persisted
    /// with its reason; a completed/absent session is counted against its package at once.
    /// `chargeable` (cancel only, SPEC §5): a late cancellation, reason `cancelled_chargeable`, counted
    /// against the package at once and billed (per_session: its rate; per_hour: the scheduled length).
    /// The stored status is first advanced to `now` (so "complete" works on a session that is ongoing
    /// by its events even if no sweep ran yet). Errors: not_found, illegal_transition, invalid_argument
    /// (chargeable with another action, or for a per-hour session without a schedule).
    result<store::session_record> act(std::string_view id, session_action action, instant now, bool chargeable = false);
    /// Sessions counted against a package.
    result<store::package_usage> usage(std::string_view package);

    // ---- tracked links (SPEC §6) --------------------------------------------------------------
    /// Creates a link with a fresh token (192 bits from the CSPRNG, base64url). Errors: invalid_argument
    /// (empty student), not_found (session_id).
    result<store::link_record> create_link(const link_spec& spec, instant now);
    /// The student opened the link: starts its `link` connection (a join). Clicking an active link
    /// again is a heartbeat. Errors: not_found, link_closed (ended or timed out).
    result<store::link_record> click(std::string_view token, instant now);
    /// A ping from the tracking page (a heartbeat event; a heartbeat on a link never clicked starts
    /// it). A link silent for longer than session_timeout_s is timed out here rather than revived.
    /// Errors: not_found, link_closed.
    result<store::link_record> heartbeat(std::string_view token, instant now);
    /// Closes the link (a leave at `now`). Errors: not_found, link_closed (already ended/timed out).
    result<store::link_record> end(std::string_view token, instant now);
    /// The link and its duration at `now`. Errors: not_found.
    result<link_view> link_status(std::string_view token, instant now);
    /// The links a filter selects, each at `now`, by sent_at then token.
    result<std::vector<link_view>> list_links(const store::link_filter& filter, instant now);
    /// A link sent without a session as the lesson it is (SPEC §6): id and room `link:<token>`, type
    /// `link` (the configuration's policy of that type applies, else the default), the sender as its
    /// teacher, the recipient as its student, the link's package and rate; scheduled [click, end) once
    /// ended; its status follows the link's (sent: unscheduled; clicked: ongoing; ended or timed out:
    /// completed, or absent below min_presence_s). Billed on the student's time: nothing observes the
    /// teacher. Errors: invalid_argument (a link sent for a session: its presence is that session's).
    result<session_result> link_lesson(const store::link_record& l, instant now);
    /// Links sent without a session and clicked in [clicked_from, clicked_to), by a teacher (all when
    /// empty), by click time then token: the link lessons of a report's range.
    result<std::vector<store::link_record>> lesson_links(const std::optional<std::string>& teacher,
                                                         std::optional<instant> clicked_from,
                                                         std::optional<instant> clicked_to);

    // ---- change feed (SPEC §8) ----------------------------------------------------------------
    /// Up to `limit` (1 to 10,000) changes after sequence number `after`, oldest first. Errors:
    /// invalid_argument for a limit out of range, a negative cursor, or a cursor beyond the newest change
    /// (a cursor from another database or a lost one: reading on would silently skip changes).
    result<change_page> changes(std::int64_t after, std::size_t limit);
    /// The same for a named reader whose cursor rollcall keeps: reads the changes after its cursor and
    /// advances the cursor past them in one transaction, so several processes sharing the name each
    /// get a change exactly once (at most once: a process that dies after claiming loses its page).
    /// Errors: invalid_argument (empty name, limit out of range).
    result<change_page> claim_changes(std::string_view consumer, std::size_t limit);

    // ---- sweep --------------------------------------------------------------------------------
    /// One transaction: times out silent links (their presence ends at the last heartbeat), advances
    /// every non-terminal session to `now` (persisting status and history), and counts completed and
    /// absent sessions against their package exactly once, even when several processes sweep at once.
    result<sweep_result> sweep(instant now);

    result<store::store_stats> stats();

    // ---- identity aliases (SPEC §11 rule 2) ---------------------------------------------------
    /// Maps a platform key to the host's person id, everywhere (`session` empty) or in one session;
    /// the value is normalised as the parsers store it (names: NFC, case-folded, spaces collapsed;
    /// emails: lower-cased). Applies at evaluation, so later reports of past sessions change. Returns
    /// the alias as stored and whether it is new (false: the same mapping was there already).
    /// Errors: invalid_argument (empty person or value), invalid_value (a name that is not UTF-8),
    /// not_found (no such session), already_exists (the key names another person in that scope, or
    /// the key is a person the session names and `person` is another one: two people the host named
    /// differently are never merged). Nothing is stored on error.
    result<std::pair<alias, bool>> add_alias(std::string_view person, key_kind kind, std::string_view value,
                                             std::string_view session);
    /// Removes the alias of a key in one scope. Errors: invalid_argument (empty value), not_found
    /// (no such alias).
    result<alias> remove_alias(key_kind kind, std::string_view value, std::string_view session);
    /// Sorted by session ("" first: global), kind, value.
    result<std::vector<alias>> list_aliases(const store::alias_filter& filter);

private:
    struct impl;
    std::unique_ptr<impl> p_;
};

/// The events of a stored host-fetched payload (its headers_json carries "x-rollcall-fetched": a Zoom
/// report page or a snapshot), parsed again from its bytes as ingest parsed them: replay for what has
/// no signature. Errors: malformed_input (headers_json), invalid_argument (not host-fetched),
/// unsupported_event (an unknown kind), missing_field (no "meeting"; a snapshot without "room" or
/// "at_ms"), and the page or snapshot parser's errors.
result<std::vector<event>> reparse_fetched(const store::raw_payload& payload);

}  // namespace rollcall::tracker
