// sessions.replay: deterministic replay of stored payloads (SPEC §8). Each session is evaluated twice
// at the same `now`, from its stored events and from its raw payloads parsed again by this build, and
// the answer says where the two differ.
#include "app/methods.hpp"
#include "app/shapes.hpp"
#include "rollcall/result_json.hpp"
#include "rollcall/scenario.hpp"

namespace rollcall::app::methods {
namespace {

std::string evaluation_json(const session_result& r) {
    json_writer w;
    write_session_result_json(w, r);
    return std::move(w).str();
}

// Every path where the two evaluations differ: each stored value against the replayed one, then the
// keys only the replay has.
std::vector<expectation_mismatch> differences(const std::string& stored, const std::string& replayed) {
    if (stored == replayed) return {};
    auto out = check_expectations(stored, replayed);
    for (auto& extra : check_expectations(replayed, stored))
        if (extra.actual == "(missing)") out.push_back({extra.path, "(missing)", extra.expected});
    return out;
}

void write_replayed(json_writer& w, const store::session_record& rec, const tracker::replay_result& r,
                    const std::vector<expectation_mismatch>& diffs) {
    w.begin_object().field("id", rec.spec.id).field("agrees", diffs.empty());
    w.field("payloads", static_cast<std::int64_t>(r.payloads)).field("host_events", static_cast<std::int64_t>(r.host_events));
    w.key("failures").begin_array();
    for (const auto& f : r.failures) {
        w.begin_object().field("platform", to_string(f.source)).field("received_at", format_rfc3339(f.received_at));
        w.field("code", f.code == errc::ok ? std::string_view("no_events") : errc_name(f.code)).field("message", f.message);
        w.end_object();
    }
    w.end_array().key("differences").begin_array();
    for (const auto& d : diffs)
        w.begin_object().field("path", d.path).field("stored", d.expected).field("replayed", d.actual).end_object();
    w.end_array().key("evaluation");
    write_session_result_json(w, r.replayed);
    w.end_object();
}

}  // namespace

result<std::string> sessions_replay(tracker::tracker& t, params& p) {
    RC_TRY(id, p.text("id"));
    RC_TRY(teacher, p.text("teacher"));
    RC_TRY(type, p.text("type"));
    RC_TRY(from, p.time("from"));
    RC_TRY(to, p.time("to"));
    RC_TRY(now, p.now());
    if (auto fin = p.finish(); !fin) return failure{fin.err()};
    std::vector<store::session_record> recs;
    if (*id) {
        if (*teacher || *type || *from || *to)
            return fail(errc::invalid_argument, p.where() + ": give either id or the filters (teacher, type, from, to)");
        RC_TRY(rec, t.get_session(**id));
        recs.push_back(std::move(*rec));
    } else {
        store::session_filter f;
        f.teacher = *teacher;
        f.type = *type;
        f.from = *from;
        f.to = *to;
        RC_TRY(list, t.list_sessions(f));
        recs = std::move(*list);
    }
    return written([&](json_writer& w) -> result<void> {
        std::int64_t agree = 0, differ = 0;
        w.begin_object().key("sessions").begin_array();
        for (const auto& rec : recs) {
            auto stored = t.evaluate(rec, *now);
            if (!stored) return failure{stored.err()};
            auto replayed = t.replay(rec, *now);
            if (!replayed) return failure{replayed.err()};
            const auto diffs = differences(evaluation_json(*stored), evaluation_json(replayed->replayed));
            ++(diffs.empty() ? agree : differ);
            write_replayed(w, rec, *replayed, diffs);
        }
        w.end_array().field("agree", agree).field("differ", differ).end_object();
        return {};
    });
}

}  // namespace rollcall::app::methods
