// links.*: tracked join links (SPEC §6). Every answer is the link as it stands at `now`.
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {
namespace {

result<std::string> link(const tracker::link_view& v) {
    return written([&](json_writer& w) -> result<void> {
        write_link(w, v);
        return {};
    });
}

using link_change = result<store::link_record> (tracker::tracker::*)(std::string_view, instant);

/// click, heartbeat, end: the change at `now`, then the link as it stands.
result<std::string> change(tracker::tracker& t, params& p, link_change fn) {
    RC_TRY(token, p.required_text("token"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(changed, (t.*fn)(*token, *now));
    RC_TRY(view, t.link_status(*token, *now));
    return link(*view);
}

}  // namespace

result<std::string> links_create(tracker::tracker& t, params& p) {
    RC_TRY(lp, p.object("link"));
    RC_TRY(spec, read_link_spec(*lp));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(created, t.create_link(*spec, *now));
    RC_TRY(view, t.link_status(created->token, *now));
    return link(*view);
}

result<std::string> links_click(tracker::tracker& t, params& p) { return change(t, p, &tracker::tracker::click); }
result<std::string> links_heartbeat(tracker::tracker& t, params& p) { return change(t, p, &tracker::tracker::heartbeat); }
result<std::string> links_end(tracker::tracker& t, params& p) { return change(t, p, &tracker::tracker::end); }

result<std::string> links_get(tracker::tracker& t, params& p) {
    RC_TRY(token, p.required_text("token"));
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(view, t.link_status(*token, *now));
    return link(*view);
}

result<std::string> links_list(tracker::tracker& t, params& p) {
    store::link_filter f;
    RC_TRY(teacher, p.text("teacher"));
    RC_TRY(student, p.text("student"));
    RC_TRY(status, p.name("status", store::parse_link_status, "sent, active, ended, timeout, expired"));
    RC_TRY(session, p.text("session_id"));
    RC_TRY(from, p.time("from"));
    RC_TRY(to, p.time("to"));
    RC_TRY(now, p.now());
    if (auto fin = p.finish(); !fin) return failure{fin.err()};
    f.teacher = *teacher;
    f.student = *student;
    f.status = *status;
    f.session_id = *session;
    f.from = *from;
    f.to = *to;
    RC_TRY(views, t.list_links(f, *now));
    return written([&](json_writer& w) -> result<void> {
        w.begin_array();
        for (const auto& v : *views) write_link(w, v);
        w.end_array();
        return {};
    });
}

}  // namespace rollcall::app::methods
