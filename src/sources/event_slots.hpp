// Event slots that outlive one call: a caller that parses a stream with one `parse_outcome` gets its
// events' strings back with their capacity, so steady-state parsing allocates nothing per event.
// Internal.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "rollcall/event.hpp"
#include "sources/sources.hpp"

namespace rollcall::sources {

/// Hands out `events[first]`, `events[first + 1]`, ... to be filled: an existing element (left by an
/// earlier call) is reset and reused, a missing one appended. `finish()` drops the ones not handed out.
class event_slots {
public:
    event_slots(std::vector<event>& events, std::size_t first) noexcept : events_(events), used_(first) {}

    /// The next slot, reset to a default event (strings cleared, capacity kept).
    event& next() {
        if (used_++ == events_.size()) return events_.emplace_back();
        event& e = events_[used_ - 1];
        e.kind = event_kind::evidence;
        e.source = platform::link;
        e.room.clear();
        e.room_alt.clear();
        e.identity.clear();
        e.connection.clear();
        e.at = instant{};
        e.joined_at.reset();
        e.dedup_key.clear();
        e.display_name.clear();
        e.email.clear();
        e.who = role::other;
        e.non_person = false;
        e.detail.clear();
        e.keys.clear();
        e.unresolved = false;
        return e;
    }
    /// Keeps exactly the slots handed out.
    void finish() { events_.resize(used_); }
    /// One past the last slot handed out.
    std::size_t end() const noexcept { return used_; }

private:
    std::vector<event>& events_;
    std::size_t used_;
};

/// Clears what a parse fills, keeping `out.events` as slots to reuse.
inline void start_afresh(parse_outcome& out) {
    out.event_name.clear();
    out.ignored.clear();
    out.notes.clear();
    out.response_body.reset();
}

/// What a parse had added to an outcome before it started, so a path that gives up can take it back.
class outcome_mark {
public:
    /// `first_event`: where the parse starts writing events (later ones are stale slots).
    outcome_mark(const parse_outcome& out, std::size_t first_event) noexcept
        : events_(first_event), ignored_(out.ignored.size()), notes_(out.notes.size()),
          had_name_(!out.event_name.empty()), had_response_(out.response_body.has_value()) {}
    /// Removes what was added since; `events` keeps only the ones before `first_event`.
    void rewind(parse_outcome& out) const {
        out.events.resize(events_);
        out.ignored.resize(ignored_);
        out.notes.resize(notes_);
        if (!had_name_) out.event_name.clear();
        if (!had_response_) out.response_body.reset();
    }
    std::size_t events() const noexcept { return events_; }

private:
    std::size_t events_, ignored_, notes_;
    bool had_name_, had_response_;
};

}  // namespace rollcall::sources
