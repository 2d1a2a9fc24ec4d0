// Internals shared by tracker.cpp, links.cpp and sweep.cpp.
#pragma once

#include "tracker/meetings.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::tracker {

struct tracker::impl {
    std::unique_ptr<store::store> db;
    tracker_config cfg;
    /// The global alias table as of `global_aliases_stamp` (store::alias_stamp): a monthly report
    /// evaluates thousands of sessions and must not reload thousands of aliases for each.
    alias_table global_aliases;
    std::optional<std::int64_t> global_aliases_stamp;

    /// The aliases that apply to a session (SPEC §11 rule 2): `session` is filled from the store, the
    /// global table is refreshed when another writer changed it. Both must outlive the evaluation.
    result<identity_aliases> aliases_for(std::string_view session_id, alias_table& session);

    /// The spec with every room that belongs to it (explicit links and the naming convention).
    result<session_spec> full_spec(const store::session_record& rec);
    /// Every session linked to `meeting` as the instance assignment sees it; `self`, when given, is
    /// used as it is instead of being read back.
    result<std::vector<meeting_candidate>> candidates_of(std::string_view meeting, const store::session_record* self);
    /// The instances (rooms) of the record's linked meetings that belong to it by window (meetings.hpp).
    result<std::vector<std::string>> meeting_instances(const store::session_record& rec);
    /// The spec's rooms and meetings that none of `events` came from, sorted.
    static std::vector<std::string> unlinked_rooms(const session_spec& spec, std::span<const event> events);
    /// The events of the spec's rooms; none when it has no room (evaluate_session would otherwise take
    /// every event it is given).
    result<std::vector<event>> events_of(const session_spec& spec);
    /// Evaluates a stored session at `now` from its stored status.
    result<session_result> evaluate(const store::session_record& rec, instant now);
    /// The same with `spec`, the record's spec holding all its rooms (as full_spec makes it).
    result<session_result> evaluate(const session_spec& spec, const store::session_record& rec, instant now);
    /// The same from the given events of the spec's rooms (SPEC §2 order, report rows merged).
    result<session_result> evaluate(const session_spec& spec, const store::session_record& rec, instant now,
                                    std::span<const event> events);
    /// Persists the transitions of an evaluation and counts usage; returns (recorded, newly counted).
    result<std::pair<std::size_t, bool>> persist(const store::session_record& rec, const session_result& r, instant now);
    /// Stores one tracked-link event (no raw payload: it comes from the host's own API call).
    result<void> store_link_event(const store::link_record& l, event_kind kind, instant at);
    /// A first click, or a heartbeat before any click: the link becomes active, its connection starts.
    result<void> activate_link(store::link_record& l, instant now);
    /// Times out a silent link: status timeout, presence ends (a leave) at its last heartbeat.
    result<void> time_out(store::link_record& l);
    /// Expires a link never clicked in time: status expired, ended_at its expiry; no presence.
    result<void> expire(store::link_record& l);
    const policy& link_policy(const store::link_record& l);
    /// The link and what it amounts to at `now`.
    link_view view_of(store::link_record l, instant now);
    /// Appends each participant's final status to the change feed (the session just ended).
    result<void> append_final_statuses(const session_result& r, instant at);
};

/// The header naming a host-fetched payload's kind (a Zoom report page, a snapshot) in its stored
/// headers_json, with the context its parser needs again: what a replay reads (replay.cpp).
inline constexpr std::string_view fetched_header = "x-rollcall-fetched";
inline constexpr std::string_view zoom_report_kind = "zoom-report";

/// Sets a verified request's status and counts from what the store did with it.
void finish_ingest(ingest_result& res, const store::item_outcome& o);

/// Is this link silent for longer than the session timeout at `now`?
bool link_is_silent(const store::link_record& l, const policy& p, instant now);
/// Is this link still unclicked link_expiry_s after it was sent (SPEC §6)?
bool link_has_expired(const store::link_record& l, const policy& p, instant now);

}  // namespace rollcall::tracker
