// sessions.* and packages.usage: the host's appointments.
#include "app/methods.hpp"
#include "app/shapes.hpp"
#include "rollcall/result_json.hpp"

namespace rollcall::app::methods {
namespace {

/// "sessions": one session object or an array of them.
result<std::vector<session_spec>> read_specs(params& p) {
    std::vector<params> items;
    if (auto v = p.get("sessions"); v && v->is_object()) {
        RC_TRY(one, p.object("sessions"));
        items.push_back(std::move(*one));
    } else {
        RC_TRY(many, p.objects("sessions"));
        items = std::move(*many);
    }
    std::vector<session_spec> out;
    for (auto& item : items) {
        RC_TRY(spec, read_session_spec(item));
        out.push_back(std::move(*spec));
    }
    return out;
}

result<std::string> records(const std::vector<store::session_record>& recs) {
    return written([&](json_writer& w) -> result<void> {
        w.begin_array();
        for (const auto& r : recs) write_session_record(w, r);
        w.end_array();
        return {};
    });
}

result<std::string> record(const store::session_record& rec) {
    return written([&](json_writer& w) -> result<void> {
        write_session_record(w, rec);
        return {};
    });
}

result<std::string> create_or_update(tracker::tracker& t, params& p, bool create) {
    RC_TRY(specs, read_specs(p));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    std::vector<store::session_record> out;
    auto r = t.storage().transaction([&]() -> result<void> {
        out.clear();
        for (const auto& s : *specs) {
            auto rec = create ? t.create_session(s, *now) : t.update_session(s, *now);
            if (!rec) return failure{rec.err()};
            out.push_back(std::move(*rec));
        }
        return {};
    });
    if (!r) return failure{r.err()};
    return records(out);
}

}  // namespace

result<std::string> sessions_create(tracker::tracker& t, params& p) { return create_or_update(t, p, true); }
result<std::string> sessions_update(tracker::tracker& t, params& p) { return create_or_update(t, p, false); }

result<std::string> sessions_list(tracker::tracker& t, params& p) {
    RC_TRY(report_due, p.flag("report_due"));
    if (*report_due) return sessions_report_due(t, p);
    store::session_filter f;
    RC_TRY(teacher, p.text("teacher"));
    RC_TRY(type, p.text("type"));
    RC_TRY(status, p.name("status", parse_session_status, "unscheduled, scheduled, ready, ongoing, completed, absent, cancelled"));
    RC_TRY(from, p.time("from"));
    RC_TRY(to, p.time("to"));
    RC_TRY(open, p.flag("open"));
    if (auto fin = p.finish(); !fin) return failure{fin.err()};
    f.teacher = *teacher;
    f.type = *type;
    f.status = *status;
    f.from = *from;
    f.to = *to;
    f.only_open = *open;
    RC_TRY(list, t.list_sessions(f));
    return records(*list);
}

result<std::string> sessions_get(tracker::tracker& t, params& p) {
    RC_TRY(id, p.required_text("id"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(rec, t.get_session(*id));
    RC_TRY(eval, t.evaluate(*rec, *now));
    return written([&](json_writer& w) -> result<void> {
        w.begin_object().key("session");
        write_session_record(w, *rec);
        w.key("evaluation");
        write_session_result_json(w, *eval);
        w.end_object();
        return {};
    });
}

result<std::string> sessions_act(tracker::tracker& t, params& p) {
    RC_TRY(id, p.required_text("id"));
    RC_TRY(action, p.name("action", parse_session_action, "cancel, mark_absent, complete"));
    RC_TRY(chargeable, p.flag("chargeable"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    if (!*action) return fail(errc::missing_field, p.where() + ".action: required (cancel, mark_absent, complete)");
    RC_TRY(rec, t.act(*id, **action, *now, *chargeable));
    return record(*rec);
}

result<std::string> sessions_link(tracker::tracker& t, params& p) {
    RC_TRY(id, p.required_text("id"));
    RC_TRY(rooms, p.texts("rooms"));
    if (auto f = p.finish(); !f) return failure{f.err()};
    if (!*rooms || (*rooms)->empty()) return fail(errc::missing_field, p.where() + ".rooms: required (at least one room)");
    auto r = t.storage().transaction([&]() -> result<void> {
        for (const auto& room : **rooms)
            if (auto l = t.link_room(room, *id); !l) return l;
        return {};
    });
    if (!r) return failure{r.err()};
    RC_TRY(rec, t.get_session(*id));
    return record(*rec);
}

result<std::string> packages_usage(tracker::tracker& t, params& p) {
    RC_TRY(package, p.required_text("package"));
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(u, t.usage(*package));
    return written([&](json_writer& w) -> result<void> {
        write_usage(w, *u);
        return {};
    });
}

}  // namespace rollcall::app::methods
