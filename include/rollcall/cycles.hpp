// rollcall/cycles.hpp: the cycle engine (SPEC §3), the hot path of every report.
//
// It works on compact `signal`s whose identities, connections and rooms are dense integer indexes
// (`evaluate_session` interns the strings once), so merging touches no strings and allocates only when
// its reusable buffers grow. Steps, per identity:
//   1. group signals by connection (a stable counting sort: linear on time-ordered input, and only
//      small per-connection sorts on shuffled input);
//   2. pair joins with leaves per connection, bound by the room end, close open connections that a
//      room snapshot does not list, close the rest at their horizon (room end, heartbeat timeout, stale
//      rule, or `now`);
//   3. unite the intervals of all connections (two devices count once), bridge gaps up to the
//      reconnection grace into cycles, clip to the scheduled window.
// The result depends only on the set of signals: duplicates of (kind, connection, at) collapse and
// every sort key is total.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "rollcall/enum_names.hpp"
#include "rollcall/event.hpp"
#include "rollcall/intervals.hpp"
#include "rollcall/policy.hpp"
#include "rollcall/results.hpp"
#include "rollcall/time.hpp"

namespace rollcall {

/// "No instant" in the compact representation.
inline constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::min();

/// One person-level event in compact form. Room-level facts go into `room_facts` instead.
struct signal {
    std::int64_t at = 0;               ///< Unix ms
    std::int64_t joined_at = no_time;  ///< on a leave: the join time it carried
    std::uint32_t identity = 0;        ///< dense index < identity count
    std::uint32_t connection = 0;      ///< dense index < connection count; one identity per connection
    std::uint32_t room = 0;            ///< dense index into the room facts
    event_kind kind = event_kind::evidence;
    bool link = false;                 ///< a tracked-link connection (heartbeat rules apply)
};

/// What the engine needs to know about a room.
struct room_facts {
    std::int64_t end = no_time;         ///< first room_end, if any
    std::int64_t last_event = no_time;  ///< latest event of any kind in the room (stale rule without schedule)
    /// The room's snapshot instants are `snapshots[snapshots_begin, snapshots_end)` of the span passed to
    /// `cycle_engine::run`: ascending and distinct (SPEC §3 step 3).
    std::uint32_t snapshots_begin = 0;
    std::uint32_t snapshots_end = 0;
};

/// The policy and clock, in milliseconds.
struct cycle_params {
    std::int64_t now = 0;
    std::int64_t scheduled_start = no_time;
    std::int64_t scheduled_end = no_time;
    std::int64_t grace = 120'000;
    std::int64_t stale_after = 1'800'000;
    std::int64_t heartbeat_timeout = 90'000;
    bool clip = true;

    static cycle_params from(const policy& p, std::optional<instant> start, std::optional<instant> end, instant now) {
        cycle_params c;
        c.now = to_unix_ms(now);
        if (start && end && *end > *start) {
            c.scheduled_start = to_unix_ms(*start);
            c.scheduled_end = to_unix_ms(*end);
        }
        c.grace = p.reconnect_grace_s * 1000;
        c.stale_after = p.stale_after_s * 1000;
        c.heartbeat_timeout = p.heartbeat_timeout_s * 1000;
        c.clip = p.clip_to_schedule;
        return c;
    }
    bool has_schedule() const noexcept { return scheduled_start != no_time; }
};

enum class anomaly_kind : std::uint8_t {
    orphan_leave,         ///< a leave with no open join and no join time: ignored (SPEC §3.2)
    stale_close,          ///< an open connection closed by the stale rule (SPEC §3.3)
    join_after_room_end,  ///< a join after the room ended: starts nothing (SPEC §3.1)
    leave_before_join,    ///< a leave whose carried join time is after the leave: ignored
    snapshot_close,       ///< an open connection a room snapshot did not list: closed at its last evidence
};

inline constexpr std::array<std::string_view, 5> anomaly_kind_names{
    "orphan_leave", "stale_close", "join_after_room_end", "leave_before_join", "snapshot_close"};
static_assert(names_cover(anomaly_kind_names, anomaly_kind::snapshot_close));
constexpr const auto& enum_names(anomaly_kind) noexcept { return anomaly_kind_names; }

struct anomaly_record {
    anomaly_kind kind;
    std::uint32_t identity;
    std::uint32_t connection;
    std::uint32_t room;
    std::int64_t at;
};

struct compact_cycle {
    std::int64_t start;
    std::int64_t end;
    std::int64_t bridged;  ///< gap time inside this cycle (unclipped)
    closing_reason reason;
};

/// Per identity totals; cycles are `cycles[cycles_begin, cycles_end)` of the output.
struct identity_summary {
    std::uint32_t identity = 0;
    std::uint32_t cycles_begin = 0;
    std::uint32_t cycles_end = 0;
    std::uint32_t connections = 0;
    std::int64_t attended = 0;       ///< after bridge and clip
    std::int64_t raw_connected = 0;  ///< plain sum of connection intervals
    std::int64_t bridged = 0;        ///< bridged gap time inside the clip window
    std::int64_t first_join = no_time;
    std::int64_t last_leave = no_time;  ///< no_time while in progress
    bool in_progress = false;
    bool joined = false;  ///< any join (or a leave carrying its join) at or before now
};

struct cycle_output {
    std::vector<identity_summary> identities;  ///< one per identity index that has signals, ascending
    std::vector<compact_cycle> cycles;
    std::vector<anomaly_record> anomalies;
    void clear() {
        identities.clear();
        cycles.clear();
        anomalies.clear();
    }
};

/// The engine. Reuse one instance to keep its buffers; not thread-safe (use one per thread).
class cycle_engine {
public:
    /// Merges `signals` (any order, duplicates allowed) into per-identity cycles.
    /// Preconditions: identity < identity_count, connection < connection_count, room < rooms.size(),
    /// a connection index is used by one identity only, and each room's snapshot range lies inside
    /// `snapshots` (the instants of the rooms' snapshots, see `room_facts`; empty when there are none).
    void run(std::span<const signal> signals, std::span<const room_facts> rooms, std::uint32_t identity_count,
             std::uint32_t connection_count, const cycle_params& params, cycle_output& out,
             std::span<const std::int64_t> snapshots = {}) {
        out.clear();
        snapshots_ = snapshots;
        group_by_connection(signals, connection_count);
        order_connections_by_identity(identity_count, connection_count);

        for (std::uint32_t ci = 0; ci < connection_count;) {
            const std::uint32_t identity = conn_identity_[conn_order_[ci]];
            if (identity == unused) break;  // connections without signals sort last
            identity_summary summary;
            summary.identity = identity;
            pieces_.clear();
            for (; ci < connection_count && conn_identity_[conn_order_[ci]] == identity; ++ci) {
                const std::uint32_t c = conn_order_[ci];
                ++summary.connections;
                walk_connection(c, rooms, params, summary, out);
            }
            merge_identity(params, summary, out);
            out.identities.push_back(summary);
        }
    }

private:
    static constexpr std::uint32_t unused = std::numeric_limits<std::uint32_t>::max();

    struct piece {
        std::int64_t start;
        std::int64_t end;
        closing_reason reason;
    };

    // Total order inside one connection: time, SPEC §2 rank, kind, then carried join time.
    static bool signal_less(const signal& a, const signal& b) noexcept {
        if (a.at != b.at) return a.at < b.at;
        const int ra = tie_rank(a.kind), rb = tie_rank(b.kind);
        if (ra != rb) return ra < rb;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.joined_at < b.joined_at;
    }

    void group_by_connection(std::span<const signal> signals, std::uint32_t connection_count) {
        conn_start_.assign(connection_count + 1, 0);
        conn_identity_.assign(connection_count, unused);
        for (const auto& s : signals) ++conn_start_[s.connection + 1];
        for (std::uint32_t c = 0; c < connection_count; ++c) conn_start_[c + 1] += conn_start_[c];
        grouped_.resize(signals.size());
        cursor_.assign(conn_start_.begin(), conn_start_.end() - 1);
        for (const auto& s : signals) {
            grouped_[cursor_[s.connection]++] = s;
            conn_identity_[s.connection] = s.identity;
        }
        // Time-ordered input stays ordered (the scatter is stable); only shuffled groups need sorting.
        for (std::uint32_t c = 0; c < connection_count; ++c) {
            auto first = grouped_.begin() + conn_start_[c], last = grouped_.begin() + conn_start_[c + 1];
            if (!std::is_sorted(first, last, signal_less)) std::sort(first, last, signal_less);
        }
    }

    void order_connections_by_identity(std::uint32_t identity_count, std::uint32_t connection_count) {
        // Counting sort of connection indexes by identity; connections with no signal go last.
        id_start_.assign(identity_count + 2, 0);
        auto bucket = [&](std::uint32_t c) { return conn_identity_[c] == unused ? identity_count : conn_identity_[c]; };
        for (std::uint32_t c = 0; c < connection_count; ++c) ++id_start_[bucket(c) + 1];
        for (std::uint32_t i = 0; i <= identity_count; ++i) id_start_[i + 1] += id_start_[i];
        conn_order_.resize(connection_count);
        for (std::uint32_t c = 0; c < connection_count; ++c) conn_order_[id_start_[bucket(c)]++] = c;
    }

    void walk_connection(std::uint32_t c, std::span<const room_facts> rooms, const cycle_params& p,
                         identity_summary& summary, cycle_output& out) {
        const signal* first = grouped_.data() + conn_start_[c];
        const signal* last = grouped_.data() + conn_start_[c + 1];
        const std::uint32_t room = first->room;
        const std::int64_t room_end = rooms[room].end;
        std::int64_t open_start = no_time;
        std::int64_t last_evidence = no_time;
        std::int64_t last_heartbeat = no_time;
        bool link = false;
        bool open_after_end = false;  // a join after the room end is open: its leave is no orphan
        // The snapshot instant that closed the connection: its lost leave may still arrive late.
        std::int64_t snapshot_closed = no_time;
        const signal* prev = nullptr;
        auto note = [&](anomaly_kind k, std::int64_t at) { out.anomalies.push_back({k, summary.identity, c, room, at}); };
        const std::int64_t* snap = snapshots_.data() + rooms[room].snapshots_begin;
        const std::int64_t* const snap_last = snapshots_.data() + rooms[room].snapshots_end;
        // A zero-length piece (a leave at its join's instant) is evidence of presence at that instant: it
        // takes part in the union and in bridging, with no length of its own (SPEC §3.1).
        auto emit = [&](std::int64_t start, std::int64_t end, closing_reason why) {
            assert(end >= start);  // joins after R and carried joins after the leave never get here
            pieces_.push_back({start, end, why});
        };
        // SPEC §3 step 3, snapshots: called with the instant of the next signal, so every signal at or
        // before a snapshot instant T below `before` has been walked and `last_evidence` ≤ T. A
        // connection with any signal at T was there at T (the snapshot listed it, or it showed itself);
        // one joined before T with none is missing from the list and ends at its last evidence before T.
        // A snapshot at or after the room end proves nothing the room end does not: the end bounds it.
        // SPEC §3.3 rule 2, inside a tracked link: two consecutive pieces of its evidence (the click,
        // heartbeats, the end call) further apart than the heartbeat timeout end the interval at the
        // earlier one, reason `timeout`; the later one starts a new interval (bridging then treats the
        // silence as any other gap). A page the browser froze in a background tab is not attendance.
        // The room end still bounds everything: the interval is cut at R if the evidence ran past it,
        // and nothing starts after R (the end call that follows is then no orphan).
        auto split_silent_link = [&](const signal* s) {
            const bool past_end = room_end != no_time && last_evidence > room_end;
            emit(open_start, past_end ? room_end : last_evidence, past_end ? closing_reason::room_end : closing_reason::timeout);
            open_start = no_time;
            if (s->kind == event_kind::join) return;  // a second click opens its own interval below
            if (room_end != no_time && s->at > room_end) {
                open_after_end = true;
                return;
            }
            open_start = s->at;
        };
        auto apply_snapshots = [&](std::int64_t before) {
            for (; snap != snap_last && *snap < before; ++snap) {
                if (open_start == no_time || open_start >= *snap || last_evidence == *snap) continue;
                if (room_end != no_time && *snap >= room_end) continue;
                emit(open_start, last_evidence, closing_reason::snapshot);
                note(anomaly_kind::snapshot_close, last_evidence);
                open_start = no_time;
                snapshot_closed = *snap;
            }
        };

        for (const signal* s = first; s != last; ++s) {
            if (s->at > p.now) break;  // the engine sees the world as of `now`; the group is time-sorted
            if (snap != snap_last) apply_snapshots(s->at);
            if (prev && prev->at == s->at && prev->kind == s->kind) continue;  // same fact twice
            prev = s;
            link = link || s->link;
            if (link && open_start != no_time && s->at - last_evidence > p.heartbeat_timeout) split_silent_link(s);
            switch (s->kind) {
                case event_kind::join:
                    summary.joined = true;
                    // A join at R itself ranks before the room end (SPEC §2): presence at R only, which
                    // the horizon closes at R. Only a join after R starts nothing.
                    if (room_end != no_time && s->at > room_end) {
                        note(anomaly_kind::join_after_room_end, s->at);
                        open_after_end = true;
                        break;
                    }
                    // A second join on an open connection closes the open interval there (SPEC §3.1); at R
                    // it is the room end that closes it.
                    if (open_start != no_time)
                        emit(open_start, s->at, s->at == room_end ? closing_reason::room_end : closing_reason::leave);
                    open_start = s->at;
                    snapshot_closed = no_time;  // a rejoin starts anew: a later leave is its own
                    last_evidence = s->at;
                    break;
                case event_kind::leave: {
                    last_evidence = s->at;
                    std::int64_t start = open_start;
                    if (start == no_time) {
                        if (open_after_end) {
                            open_after_end = false;
                            break;
                        }
                        // The leave a snapshot already stood in for, arriving late: its interval is
                        // closed. A carried join at or after the snapshot is a new stay: paired below.
                        if (snapshot_closed != no_time && (s->joined_at == no_time || s->joined_at < snapshot_closed)) {
                            snapshot_closed = no_time;
                            break;
                        }
                        if (s->joined_at == no_time) {
                            note(anomaly_kind::orphan_leave, s->at);
                            break;
                        }
                        if (s->joined_at > s->at) {
                            note(anomaly_kind::leave_before_join, s->at);
                            break;
                        }
                        summary.joined = true;
                        start = s->joined_at;
                        if (room_end != no_time && start > room_end) {
                            note(anomaly_kind::join_after_room_end, start);
                            break;
                        }
                    }
                    open_start = no_time;
                    if (room_end != no_time && s->at > room_end)
                        emit(start, room_end, closing_reason::room_end);  // a late leave is clamped to R
                    else
                        emit(start, s->at, closing_reason::leave);
                    break;
                }
                case event_kind::heartbeat:
                    link = true;
                    last_heartbeat = s->at;
                    last_evidence = s->at;
                    break;
                default:
                    last_evidence = s->at;
                    break;
            }
        }
        if (snap != snap_last && p.now < std::numeric_limits<std::int64_t>::max()) apply_snapshots(p.now + 1);
        if (open_start != no_time) close_at_horizon(open_start, room_end, rooms[room], link, last_heartbeat,
                                                    last_evidence, p, [&](anomaly_kind k, std::int64_t at) { note(k, at); });
    }

    // SPEC §3.3: the first rule that applies.
    template <class Note>
    void close_at_horizon(std::int64_t join, std::int64_t room_end, const room_facts& room, bool link,
                          std::int64_t last_heartbeat, std::int64_t last_evidence, const cycle_params& p, Note note) {
        auto add = [&](std::int64_t end, closing_reason why) { pieces_.push_back({join, std::max(join, end), why}); };
        if (room_end != no_time) return add(room_end, closing_reason::room_end);
        if (link) {
            const std::int64_t beat = std::max(join, last_heartbeat);
            if (p.now - beat > p.heartbeat_timeout) return add(beat, closing_reason::timeout);
            return add(p.now, closing_reason::open);
        }
        if (p.has_schedule()) {
            if (p.now >= p.scheduled_end + p.stale_after) {
                const std::int64_t end = std::max(p.scheduled_end, last_evidence);
                note(anomaly_kind::stale_close, end);
                return add(end, closing_reason::stale);
            }
            return add(p.now, closing_reason::open);
        }
        const std::int64_t latest = std::max(room.last_event, join);
        if (p.now - latest >= p.stale_after) {
            note(anomaly_kind::stale_close, latest);
            return add(latest, closing_reason::stale);
        }
        add(p.now, closing_reason::open);
    }

    // Union, bridge and clip the pieces of one identity.
    void merge_identity(const cycle_params& p, identity_summary& summary, cycle_output& out) {
        summary.cycles_begin = summary.cycles_end = static_cast<std::uint32_t>(out.cycles.size());
        // Open beats other reasons at the same end: the person is still there.
        auto stronger = [](const piece& a, const piece& b) {
            if (a.end != b.end) return a.end > b.end;
            return a.reason == closing_reason::open && b.reason != closing_reason::open;
        };
        std::sort(pieces_.begin(), pieces_.end(), [](const piece& a, const piece& b) {
            if (a.start != b.start) return a.start < b.start;
            if (a.end != b.end) return a.end < b.end;
            return a.reason < b.reason;
        });
        const span_ms window{p.scheduled_start, p.scheduled_end};
        const bool clip = p.clip && p.has_schedule();
        auto inside = [&](std::int64_t a, std::int64_t b) { return clip ? overlap({a, b}, window) : b - a; };

        compact_cycle current{0, 0, 0, closing_reason::leave};
        bool have = false;
        piece run{0, 0, closing_reason::leave};  // the current union interval
        bool have_run = false;
        auto close_run = [&] {
            // Bridge the union interval into the current cycle, or start a new cycle.
            if (have && run.start - current.end <= p.grace) {
                const std::int64_t gap = run.start - current.end;
                current.bridged += gap;
                summary.bridged += inside(current.end, run.start);
                current.end = run.end;
                current.reason = run.reason;
            } else {
                if (have) out.cycles.push_back(current);
                current = {run.start, run.end, 0, run.reason};
                have = true;
            }
        };
        for (const piece& pc : pieces_) {
            summary.raw_connected += pc.end - pc.start;
            if (pc.reason == closing_reason::open) summary.in_progress = true;
            if (have_run && pc.start <= run.end) {
                if (stronger(pc, run)) {
                    run.end = pc.end;
                    run.reason = pc.reason;
                }
                continue;
            }
            if (have_run) close_run();
            run = pc;
            have_run = true;
        }
        if (have_run) close_run();
        if (have) out.cycles.push_back(current);
        summary.cycles_end = static_cast<std::uint32_t>(out.cycles.size());
        for (std::uint32_t i = summary.cycles_begin; i < summary.cycles_end; ++i)
            summary.attended += inside(out.cycles[i].start, out.cycles[i].end);
        if (summary.cycles_end > summary.cycles_begin) {
            summary.first_join = out.cycles[summary.cycles_begin].start;
            if (!summary.in_progress) summary.last_leave = out.cycles[summary.cycles_end - 1].end;
        }
    }

    std::vector<signal> grouped_;
    std::vector<std::uint32_t> conn_start_;
    std::vector<std::uint32_t> cursor_;
    std::vector<std::uint32_t> conn_identity_;
    std::vector<std::uint32_t> id_start_;
    std::vector<std::uint32_t> conn_order_;
    std::vector<piece> pieces_;
    std::span<const std::int64_t> snapshots_;
};

}  // namespace rollcall
