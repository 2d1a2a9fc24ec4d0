// The JSON shapes of the application layer: each value a host sees (session, link, ingest result,
// sweep result, stats, package usage, change) is written here and nowhere else, and each value a host
// sends (a session, a link) is read here and nowhere else. docs/json.md describes them and
// docs/schemas/ holds their JSON Schemas.
#pragma once

#include "app/params.hpp"
#include "rollcall/json_writer.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::app {

/// {"id", "type", "teacher"?, "students"?, "scheduled_start"?, "scheduled_end"? (RFC 3339 or Unix ms),
///  "rooms"?, "package"?, "rate"?, "rate_minor"?, "currency"?}. Errors: missing_field, invalid_value
/// (naming the key), invalid_argument (an unknown key).
result<session_spec> read_session_spec(params& p);
/// {"student", "teacher"?, "meeting_url"?, "package"?, "rate"?, "rate_minor"?, "currency"?, "session_id"?}.
result<tracker::link_spec> read_link_spec(params& p);

/// One event in the shape write_event_json gives it (what Verifier.parse returns): "kind", "platform",
/// "room", "at" or "at_ms" required; "room_alt", "identity", "connection", "joined_at"/"joined_at_ms",
/// "dedup_key", "display_name", "email", "role", "non_person", "detail" (an object) optional.
result<event> read_event(params& p);

/// How a request's integer "received_at" counts: the API's Unix milliseconds, or the Unix seconds of
/// a capture file (the `rollcall ingest --jsonl` format, docs/tracker.md).
enum class integer_time { unix_ms, unix_seconds };

/// One request to ingest: {"platform", "headers": {name: value}, "body", "request_url"?,
/// "received_at"? (RFC 3339 or an integer as `unit` says; default `now`)}. The caller decides whether
/// other keys are an error (p.finish()) or, in a capture, notes to ignore.
result<tracker::ingest_request> read_ingest_request(params& p, instant now, integer_time unit);

void write_session_record(json_writer& w, const store::session_record& rec);
void write_link(json_writer& w, const tracker::link_view& v);
void write_ingest_result(json_writer& w, const tracker::ingest_result& r);
void write_batch_result(json_writer& w, const tracker::batch_result& b);
void write_sweep_result(json_writer& w, const tracker::sweep_result& s);
void write_stats(json_writer& w, const store::store_stats& s);
void write_usage(json_writer& w, const store::package_usage& u);
void write_change_page(json_writer& w, const tracker::change_page& p);
/// The report-due list (sessions.list with report_due): an array of
/// {"meeting", "meeting_id", "started_at", "ended_at", "request_path", "sessions"}.
void write_reports_due(json_writer& w, const std::vector<tracker::report_due>& due);
/// An identity alias: {"person","kind","value","session_id" (null when global)}.
void write_alias(json_writer& w, const alias& a);

}  // namespace rollcall::app
