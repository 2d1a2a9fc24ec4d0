// rollcall/evaluate.hpp: the one entry point hosts call for a report: events + session + policy + now
// → attendance, lifecycle status and billing. A pure function of the *set* of events (SPEC §2).
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "rollcall/attendance.hpp"
#include "rollcall/billing.hpp"
#include "rollcall/cycles.hpp"
#include "rollcall/event.hpp"
#include "rollcall/identity.hpp"
#include "rollcall/intervals.hpp"
#include "rollcall/lifecycle.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/room_naming.hpp"
#include "rollcall/session.hpp"

namespace rollcall {

namespace detail {

/// Dense indexes for strings that outlive the table (the events' own strings).
class interner {
public:
    std::uint32_t id(std::string_view key) {
        auto [it, inserted] = ids_.try_emplace(key, static_cast<std::uint32_t>(names_.size()));
        if (inserted) names_.push_back(key);
        return it->second;
    }
    std::optional<std::uint32_t> find(std::string_view key) const {
        auto it = ids_.find(key);
        if (it == ids_.end()) return std::nullopt;
        return it->second;
    }
    std::string_view name(std::uint32_t id) const { return names_[id]; }
    std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(names_.size()); }

private:
    std::unordered_map<std::string_view, std::uint32_t> ids_;
    std::vector<std::string_view> names_;
};

/// The distinct events of the session as of `now`: linked rooms only, one per dedup key (the least
/// in the total order, so the choice does not depend on arrival order).
inline std::vector<const event*> relevant_events(const session_spec& spec, std::span<const event> events,
                                                 instant now) {
    std::vector<const event*> out;
    out.reserve(events.size());
    for (const auto& e : events) {
        if (e.at > now) continue;
        if (!spec.rooms.empty() && std::find(spec.rooms.begin(), spec.rooms.end(), e.room) == spec.rooms.end())
            continue;
        out.push_back(&e);
    }
    std::sort(out.begin(), out.end(), [](const event* a, const event* b) {
        if (int c = a->dedup_key.compare(b->dedup_key); c != 0) return c < 0;
        return event_less(*a, *b);
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (kept > 0 && !out[i]->dedup_key.empty() && out[i]->dedup_key == out[kept - 1]->dedup_key) continue;
        out[kept++] = out[i];
    }
    out.resize(kept);
    return out;
}

/// Which platform role hint wins when a person's events disagree (SPEC §11: kept as a hint only).
constexpr int hint_rank(role r) noexcept {
    switch (r) {
        case role::teacher: return 3;
        case role::student: return 2;
        case role::guest: return 1;
        case role::other: return 0;
    }
    return 0;
}

struct connection_key {
    std::uint32_t room;
    std::uint32_t identity;
    std::string_view connection;
    friend bool operator==(const connection_key&, const connection_key&) = default;
};
struct connection_key_hash {
    std::size_t operator()(const connection_key& k) const noexcept {
        return std::hash<std::string_view>{}(k.connection) ^ (std::size_t{k.room} << 32 | k.identity) * 0x9e3779b97f4a7c15ULL;
    }
};

/// Advances the lifecycle from `status` to what `now` and presence imply (SPEC §5).
inline void advance_lifecycle(session_result& r, const policy& p, bool teacher_joined) {
    const auto& spec = r.session;
    auto move = [&](session_status to, instant at, std::string reason) {
        r.transitions.push_back({r.status, to, at, reason});
        r.status = to;
        r.status_reason = std::move(reason);
    };
    for (;;) {
        switch (r.status) {
            case session_status::unscheduled:
                if (!spec.has_schedule()) return;
                move(session_status::scheduled, r.now, "schedule_set");
                continue;
            case session_status::scheduled: {
                if (!spec.has_schedule()) return;
                instant ready_at = *spec.scheduled_start - std::chrono::seconds{p.creation_window_s};
                if (r.started_at && *r.started_at < ready_at) ready_at = *r.started_at;
                if (r.now < ready_at) return;
                move(session_status::ready, ready_at, r.started_at && *r.started_at == ready_at ? "early_join" : "creation_window");
                continue;
            }
            case session_status::ready:
            case session_status::ongoing: {
                if (r.status == session_status::ready && r.started_at) {
                    move(session_status::ongoing, *r.started_at, "first_join");
                    continue;
                }
                if (!r.ended_at) return;
                // SPEC §5, the end of a session: the first rule that applies.
                if (spec.teacher && !teacher_joined) {
                    // The one derived change outside the host table: a lesson the teacher never came to is
                    // cancelled even when a student was already waiting in the room (scenario 08).
                    move(session_status::cancelled, *r.ended_at, "teacher_absent");
                    return;
                }
                const bool any_student_came = std::any_of(r.participants.begin(), r.participants.end(), [&](const participant_result& pr) {
                    return pr.who == role::student && pr.status != attendance_status::absent;
                });
                if (any_student_came && r.status == session_status::ongoing) {
                    move(session_status::completed, *r.ended_at, "session_end");
                } else {
                    move(session_status::absent, *r.ended_at, "students_absent");
                }
                return;
            }
            case session_status::completed:
            case session_status::absent:
            case session_status::cancelled: return;
        }
    }
}

inline std::vector<span_ms> cycles_of(const participant_result& p) {
    std::vector<span_ms> out;
    out.reserve(p.cycles.size());
    for (const auto& c : p.cycles) out.push_back({to_unix_ms(c.start), to_unix_ms(c.end)});
    return out;
}

/// Billable time before rounding (SPEC §7), and the basis actually used.
/// SPEC §5, §6: a tracked link observes its student only. A session whose every room is a link room
/// (its linked rooms, or without any, the rooms its events came from) never observes its teacher: it is
/// never `teacher_absent`, and bills its students' time. A linked Zoom meeting is a platform room even
/// before its first event.
inline bool observed_only_through_links(const session_spec& spec, std::span<const event* const> relevant) {
    if (!spec.meetings.empty()) return false;
    if (!spec.rooms.empty())
        return std::all_of(spec.rooms.begin(), spec.rooms.end(), [](const std::string& room) { return is_link_room(room); });
    return !relevant.empty() && std::all_of(relevant.begin(), relevant.end(), [](const event* e) { return is_link_room(e->room); });
}

inline std::pair<milliseconds, billable_basis> billable_time(const session_result& r, const policy& p, bool teacher_observed) {
    const auto& spec = r.session;
    const bool clip = p.clip_to_schedule && spec.has_schedule();
    const span_ms window = spec.has_schedule() ? span_ms{to_unix_ms(*spec.scheduled_start), to_unix_ms(*spec.scheduled_end)}
                                               : span_ms{};
    auto students_union = [&] {
        std::vector<span_ms> all;
        for (const auto& pr : r.participants)
            if (pr.who == role::student)
                for (const auto& s : cycles_of(pr)) all.push_back(s);
        unite(all);
        return all;
    };
    auto length = [&](std::span<const span_ms> s) { return milliseconds{total_length(s, clip ? &window : nullptr)}; };
    const participant_result* teacher = spec.teacher ? r.find(*spec.teacher) : nullptr;
    billable_basis basis = p.basis;
    // Without a named teacher there is no co-presence to measure; bill the students' time instead. The
    // same when nothing could observe the teacher (tracked links only).
    if (basis == billable_basis::co_presence && !spec.teacher) basis = billable_basis::student;
    if ((basis == billable_basis::co_presence || basis == billable_basis::teacher) && !teacher_observed)
        basis = billable_basis::student;
    switch (basis) {
        case billable_basis::co_presence: {
            if (!teacher) return {milliseconds{0}, basis};
            const auto t = cycles_of(*teacher);
            const auto s = students_union();
            return {length(intersect(t, s)), basis};
        }
        case billable_basis::student: {
            const auto s = students_union();
            return {length(s), basis};
        }
        case billable_basis::teacher: return {teacher ? length(cycles_of(*teacher)) : milliseconds{0}, basis};
        case billable_basis::scheduled:
            return {spec.has_schedule() ? *spec.scheduled_end - *spec.scheduled_start : milliseconds{0}, basis};
    }
    return {milliseconds{0}, basis};
}

}  // namespace detail

/// Evaluates one session at `now`.
///
/// `events` are the normalised events of the rooms linked to the session (all of them are taken when
/// `spec.rooms` is empty; otherwise events of other rooms are ignored). Order and duplicates do not
/// matter; events after `now` are not seen. `current` is the status the host has stored (for example
/// after an explicit action) and `current_reason` why it got there; the lifecycle advances from it, and a
/// session with nothing left to advance keeps that reason. Without `current`, the session starts at
/// `scheduled` (or `unscheduled` when it has no schedule). The result records the policy it used.
///
/// `aliases` are the host's alias tables (SPEC §11 rule 2), applied here rather than at ingest so that
/// an alias added later changes later evaluations of past sessions; the tables must outlive the call.
inline session_result evaluate_session(const session_spec& spec, std::span<const event> events, const policy& pol,
                                       instant now, std::optional<session_status> current = std::nullopt,
                                       std::string_view current_reason = {}, const identity_aliases& aliases = {}) {
    session_result r;
    r.session = spec;
    r.used = pol;
    r.now = now;
    r.status = current.value_or(spec.has_schedule() ? session_status::scheduled : session_status::unscheduled);
    if (current) r.status_reason = current_reason;

    const auto relevant = detail::relevant_events(spec, events, now);
    detail::interner rooms, identities;
    std::unordered_map<detail::connection_key, std::uint32_t, detail::connection_key_hash> connections;
    std::vector<std::string_view> connection_names;
    std::vector<room_facts> facts;
    std::vector<signal> signals;
    signals.reserve(relevant.size());
    std::vector<const event*> identity_profile;  // the event whose name/email/role describe the identity
    std::vector<bool> non_person;
    std::vector<std::pair<std::uint32_t, std::int64_t>> snapshot_marks;  // (room, instant)
    std::vector<bool> unresolved;       // every event of the identity was a rule-3 fallback
    std::vector<role> platform_role;    // the strongest role hint the platform gave

    auto room_id = [&](const std::string& room) {
        const auto id = rooms.id(room);
        if (id == facts.size()) facts.push_back({});
        return id;
    };
    for (const event* e : relevant) {
        const auto room = room_id(e->room);
        auto& f = facts[room];
        f.last_event = std::max(f.last_event, to_unix_ms(e->at));
        switch (e->kind) {
            case event_kind::room_start:
                if (!r.started_at || e->at < *r.started_at) r.started_at = e->at;
                continue;
            case event_kind::room_end:
                if (f.end == no_time || to_unix_ms(e->at) < f.end) f.end = to_unix_ms(e->at);
                continue;
            case event_kind::recording_ready: continue;
            case event_kind::snapshot:
                snapshot_marks.emplace_back(room, to_unix_ms(e->at));
                continue;
            default: break;
        }
        if (e->identity.empty()) continue;
        const resolved_identity resolved = resolve_identity(*e, aliases);
        const auto who = identities.id(resolved.identity);
        if (who == identity_profile.size()) {
            identity_profile.push_back(e);
            non_person.push_back(false);
            unresolved.push_back(true);
            platform_role.push_back(role::other);
        }
        if (e->non_person) non_person[who] = true;
        if (!resolved.unresolved) unresolved[who] = false;
        // teacher (host, moderator) > student (viewer) > guest > other: one hint per person.
        if (detail::hint_rank(e->who) > detail::hint_rank(platform_role[who])) platform_role[who] = e->who;
        // The latest event that carries a display name describes the person (ties: the total order).
        const event* prof = identity_profile[who];
        if (!e->display_name.empty() && (prof->display_name.empty() || event_less(*prof, *e))) identity_profile[who] = e;
        const auto [it, inserted] = connections.try_emplace(detail::connection_key{room, who, e->connection},
                                                            static_cast<std::uint32_t>(connections.size()));
        if (inserted) connection_names.push_back(e->connection);
        signal s;
        s.at = to_unix_ms(e->at);
        s.joined_at = e->joined_at ? to_unix_ms(*e->joined_at) : no_time;
        s.identity = who;
        s.connection = it->second;
        s.room = room;
        s.kind = e->kind;
        s.link = e->source == platform::link;
        signals.push_back(s);
        if (!e->non_person && (e->kind == event_kind::join || (e->kind == event_kind::leave && e->joined_at))) {
            const instant start = e->kind == event_kind::join ? e->at : *e->joined_at;
            if (!r.started_at || start < *r.started_at) r.started_at = start;
        }
    }

    // Room end: the first room end of a linked room, or E + cleanup delay once it has passed.
    std::optional<instant> first_room_end;
    for (const auto& f : facts)
        if (f.end != no_time && (!first_room_end || from_unix_ms(f.end) < *first_room_end)) first_room_end = from_unix_ms(f.end);
    r.ended_at = first_room_end;
    if (spec.has_schedule()) {
        const instant cleanup = *spec.scheduled_end + std::chrono::seconds{pol.cleanup_delay_s};
        if (now >= cleanup && (!r.ended_at || cleanup < *r.ended_at)) r.ended_at = cleanup;
    }

    // Each room's snapshot instants, ascending and distinct: the same snapshot ingested twice (or two
    // snapshots at one instant) is one mark, whose listed connections are the union of their evidence.
    std::vector<std::int64_t> snapshot_instants;
    if (!snapshot_marks.empty()) {
        std::sort(snapshot_marks.begin(), snapshot_marks.end());
        snapshot_marks.erase(std::unique(snapshot_marks.begin(), snapshot_marks.end()), snapshot_marks.end());
        snapshot_instants.reserve(snapshot_marks.size());
        for (const auto& [room, at] : snapshot_marks) {
            auto& f = facts[room];
            if (f.snapshots_begin == f.snapshots_end) f.snapshots_begin = f.snapshots_end = static_cast<std::uint32_t>(snapshot_instants.size());
            snapshot_instants.push_back(at);
            ++f.snapshots_end;
        }
    }

    cycle_engine engine;
    cycle_output out;
    engine.run(signals, facts, identities.size(), static_cast<std::uint32_t>(connections.size()),
               cycle_params::from(pol, spec.scheduled_start, spec.scheduled_end, now), out, snapshot_instants);

    auto make_participant = [&](std::string_view identity) {
        participant_result p;
        p.identity = std::string(identity);
        p.who = spec.is_teacher(identity) ? role::teacher : spec.is_student(identity) ? role::student : role::other;
        return p;
    };
    std::vector<participant_result> people, bots;
    bool teacher_joined = false;
    for (const auto& sum : out.identities) {
        const event* prof = identity_profile[sum.identity];
        participant_result p = make_participant(identities.name(sum.identity));
        if (p.who == role::other && (prof->who == role::guest)) p.who = role::guest;
        p.display_name = prof->display_name;
        p.email = prof->email;
        p.non_person = non_person[sum.identity];
        p.unresolved = unresolved[sum.identity];
        p.platform_role = platform_role[sum.identity];
        for (std::uint32_t i = sum.cycles_begin; i < sum.cycles_end; ++i) {
            const auto& c = out.cycles[i];
            p.cycles.push_back({from_unix_ms(c.start), from_unix_ms(c.end), c.reason, milliseconds{c.bridged}});
        }
        p.attended = milliseconds{sum.attended};
        p.raw_connected = milliseconds{sum.raw_connected};
        p.bridged = milliseconds{sum.bridged};
        if (sum.first_join != no_time) p.first_join = from_unix_ms(sum.first_join);
        if (sum.last_leave != no_time) p.last_leave = from_unix_ms(sum.last_leave);
        p.connections = sum.connections;
        p.in_progress = sum.in_progress;
        if (p.who == role::teacher) teacher_joined = sum.joined;
        (p.non_person ? bots : people).push_back(std::move(p));
    }
    // The people the session names are always reported, even when they never showed up; all but a
    // teacher nothing could observe (tracked links only), who would otherwise read as absent.
    const bool teacher_observed = !detail::observed_only_through_links(spec, relevant);
    auto ensure = [&](const std::string& identity) {
        for (const auto& p : people)
            if (p.identity == identity) return;
        people.push_back(make_participant(identity));
    };
    if (spec.teacher && teacher_observed) ensure(*spec.teacher);
    for (const auto& s : spec.students) ensure(s);

    for (auto& p : people) {
        p.late = lateness(p.first_join, spec.scheduled_start);
        p.status = attendance_of(p.attended, p.first_join, spec.scheduled_start, spec.scheduled_end, pol);
        if (spec.has_schedule())
            p.ratio = static_cast<double>(p.attended.count()) /
                      static_cast<double>((*spec.scheduled_end - *spec.scheduled_start).count());
        r.in_progress = r.in_progress || p.in_progress;
    }
    auto by_identity = [](const participant_result& a, const participant_result& b) { return a.identity < b.identity; };
    std::sort(people.begin(), people.end(), by_identity);
    std::sort(bots.begin(), bots.end(), by_identity);
    r.participants = std::move(people);
    r.non_persons = std::move(bots);

    for (const auto& a : out.anomalies) {
        r.anomalies.push_back({std::string(to_string(a.kind)), std::string(identities.name(a.identity)),
                               std::string(connection_names[a.connection]),
                               std::string(rooms.name(a.room)), from_unix_ms(a.at)});
    }
    std::sort(r.anomalies.begin(), r.anomalies.end(), [](const anomaly& a, const anomaly& b) {
        return std::tie(a.at, a.name, a.identity, a.connection, a.room) < std::tie(b.at, b.name, b.identity, b.connection, b.room);
    });

    detail::advance_lifecycle(r, pol, teacher_joined || !teacher_observed);

    auto [unrounded, basis] = detail::billable_time(r, pol, teacher_observed);
    r.billing.basis = basis;
    r.billing.unrounded = unrounded;
    r.billing.counts_toward_subscription = counts_toward_subscription(r.status, r.status_reason);
    if (r.status != session_status::cancelled) {
        r.billing.billable_s = apply_rounding(whole_seconds(unrounded), pol.rounding);
    } else if (r.billing.counts_toward_subscription && spec.has_schedule()) {
        // A late cancellation the host charges for bills the lesson as booked: its scheduled length.
        r.billing.billable_s = whole_seconds(*spec.scheduled_end - *spec.scheduled_start);
    } else {
        r.billing.billable_s = 0;  // any other cancellation is never billed
    }
    r.billing.amount_minor = r.status == session_status::cancelled && !r.billing.counts_toward_subscription
                                 ? 0
                                 : session_amount(spec.rate, spec.rate_minor, r.billing.billable_s,
                                                  r.billing.counts_toward_subscription);
    return r;
}

}  // namespace rollcall
