// libFuzzer target for the room-snapshot parsers (responses the host fetched, SPEC §3 step 3). Each
// input is parsed as a LiveKit ListParticipants response and as a BigBlueButton getMeetingInfo
// response, with and without a room to check against. Whatever the outcome: an error has a code and
// is never internal; accepted events are the room's snapshot marker and evidence of that room at the
// polling instant, and serialise to valid JSON.
// seeds: livekit bbb
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rollcall/event_json.hpp"
#include "rollcall/json_writer.hpp"
#include "sources/snapshot.hpp"

using namespace rollcall;
using namespace rollcall::sources;

namespace {

const instant polled = from_unix_s(1774368600);

void check(const result<parse_outcome>& r, std::string_view room) {
    if (!r.ok()) {
        if (r.err().code == errc::ok || r.err().code == errc::internal_error) std::abort();
        return;
    }
    json_writer w;
    w.begin_array();
    for (const auto& e : r->events) {
        if (e.at != polled || e.room.empty()) std::abort();
        if (e.kind != event_kind::snapshot && e.kind != event_kind::evidence) std::abort();
        if (!room.empty() && e.room != room && e.room_alt != room) std::abort();
        write_event_json(w, e);
    }
    w.end_array();
    static simdjson::dom::parser p;
    if (p.parse(w.str().data(), w.str().size()).error()) std::abort();  // our own output is JSON
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Copied so that ASan sees reads past its end (the parsers must pad, not over-read).
    const std::string input(reinterpret_cast<const char*>(data), size);
    for (const std::string_view room : {std::string_view{"room-1"}, std::string_view{}}) {
        check(parse_livekit_snapshot({input, polled, room}), room);
        check(parse_bbb_snapshot({input, polled, room}), room);
    }
    return 0;
}
