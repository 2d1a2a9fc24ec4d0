// JSON forms of the tracker's values (sessions, links, ingest and sweep results), shared by the
// command line and the C ABI so that both speak the same shapes.
//
// A session spec (input): {"id", "type", "teacher"?, "students": [...], "scheduled_start"?,
// "scheduled_end"? (RFC 3339), "package"?, "rate": "none|per_hour|per_session"?, "rate_minor"?,
// "currency"?, "rooms": [...]?}. Unknown keys are an invalid_value error naming them.
#pragma once

#include <string_view>
#include <vector>

#include <simdjson.h>

#include "rollcall/json_writer.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::tracker {

/// One session spec from a JSON object. Errors: invalid_value / missing_field naming the key.
result<session_spec> parse_session_spec(simdjson::dom::element obj, std::string_view where = "session");
/// One object, or an array of them. Errors as above, plus malformed_input for text that is not JSON.
result<std::vector<session_spec>> parse_session_specs(std::string_view json_text);

/// A link spec from a JSON object: {"student", "teacher"?, "meeting_url"?, "package"?, "rate"?,
/// "rate_minor"?, "currency"?, "session_id"?}.
result<link_spec> parse_link_spec(std::string_view json_text);

void write_session_record(json_writer& w, const store::session_record& rec);
void write_link(json_writer& w, const store::link_record& l);
void write_link_view(json_writer& w, const link_view& v);
void write_batch_result(json_writer& w, const batch_result& b);
void write_ingest_result(json_writer& w, const ingest_result& r);
void write_sweep_result(json_writer& w, const sweep_result& s);
void write_stats(json_writer& w, const store::store_stats& s);

}  // namespace rollcall::tracker
