// rollcall_report_*: the session, teacher and trend reports of src/report over a tracker's sessions.
#include "report/aggregate.hpp"
#include "report/render.hpp"
#include "report/report_loader.hpp"
#include "request_c.hpp"
#include "rollcall/calendar.hpp"
#include "tracker_c.hpp"

using namespace rollcall::capi;
namespace rc = rollcall;

namespace {

struct report_args {
    rc::report::output_format format = rc::report::output_format::json;
    std::string zone_name;
    std::optional<rc::local_date> from, to;
    rc::period by = rc::period::month;
    rc::instant now{};
};

/// Reads the options (NULL: defaults; the zone falls back to the tracker's configuration).
rc::result<report_args> read_options(const rollcall_report_options* o, const rollcall_tracker* t) {
    report_args a;
    a.zone_name = t->impl.config().timezone;
    a.now = clock_or(ROLLCALL_NOW);
    if (o == nullptr) return a;
    if (o->version < 1)
        return rc::fail(rc::errc::invalid_argument, "options->version is 0: initialise with ROLLCALL_REPORT_OPTIONS_INIT");
    if (o->format == ROLLCALL_FORMAT_CSV) a.format = rc::report::output_format::csv;
    else if (o->format != ROLLCALL_FORMAT_JSON)
        return rc::fail(rc::errc::invalid_argument, "options->format is not ROLLCALL_FORMAT_JSON or ROLLCALL_FORMAT_CSV");
    if (o->timezone != nullptr) a.zone_name = o->timezone;
    if (o->from != nullptr) {
        auto d = rc::parse_local_date(o->from);
        if (!d) return rc::fail(rc::errc::invalid_value, "options->from: " + d.err().message);
        a.from = *d;
    }
    if (o->to != nullptr) {
        auto d = rc::parse_local_date(o->to);
        if (!d) return rc::fail(rc::errc::invalid_value, "options->to: " + d.err().message);
        a.to = *d;
    }
    if (o->period != nullptr) {
        auto p = rc::parse_period(o->period);
        if (!p) return rc::fail(rc::errc::invalid_argument, "options->period: '" + std::string(o->period).substr(0, 16) + "' is not day, week or month");
        a.by = *p;
    }
    a.now = clock_or(o->now_ms);
    return a;
}

/// What every report starts from: its options read, its zone found, the selected sessions evaluated.
struct report_input {
    report_args args;
    rc::zone tz;
    rc::report::loaded_sessions loaded;
};

rc::result<report_input> load(rollcall_tracker* tracker, const rollcall_report_options* options,
                              rc::report::selection sel, bool with_events) {
    auto args = read_options(options, tracker);
    if (!args) return rc::failure{args.err()};
    auto tz = rc::zone::find(args->zone_name);
    if (!tz) return rc::failure{tz.err()};
    if (!sel.session) {  // one session by id: the date range does not apply
        sel.from = args->from;
        sel.to = args->to;
    }
    std::unique_lock lock(tracker->mutex);
    auto loaded = rc::report::load_sessions(tracker->impl, sel, *tz, args->now, with_events);
    lock.unlock();
    if (!loaded) return rc::failure{loaded.err()};
    return report_input{std::move(*args), *tz, std::move(*loaded)};
}

/// Teacher and trend reports: every session (of one teacher) evaluated at `now`, then aggregated.
rollcall_status aggregate_report(rollcall_tracker* tracker, const char* teacher, const rollcall_report_options* options,
                                 bool trends, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        rc::report::selection sel;
        if (teacher != nullptr) sel.teacher = teacher;
        auto in = load(tracker, options, sel, false);
        if (!in) return set_error(in.err());
        const report_args& args = in->args;
        rc::report::aggregate_options opt;
        opt.tz = in->tz;
        opt.from = args.from;
        opt.to = args.to;
        opt.by = trends ? rc::period::day : args.by;
        if (teacher != nullptr) opt.teacher = teacher;
        auto agg = rc::report::build_aggregate(in->loaded.results, opt);
        if (!agg) return set_error(agg.err());
        return give(trends ? rc::report::render_trends(*agg, args.format) : rc::report::render_teacher(*agg, args.format),
                    out, out_len);
    });
}

}  // namespace

extern "C" {

rollcall_status rollcall_report_session(rollcall_tracker* tracker, const char* session_id,
                                        const rollcall_report_options* options, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (session_id == nullptr) return null_argument("session_id");
        if (out == nullptr) return null_argument("out");
        rc::report::selection sel;
        sel.session = session_id;
        auto in = load(tracker, options, sel, true);
        if (!in) return set_error(in.err());
        return give(rc::report::render_attendance(in->loaded.results, in->loaded.events, in->tz, in->args.format), out,
                    out_len);
    });
}

rollcall_status rollcall_report_teacher(rollcall_tracker* tracker, const char* teacher,
                                        const rollcall_report_options* options, char** out, size_t* out_len) {
    return aggregate_report(tracker, teacher, options, false, out, out_len);
}

rollcall_status rollcall_report_trends(rollcall_tracker* tracker, const char* teacher,
                                       const rollcall_report_options* options, char** out, size_t* out_len) {
    return aggregate_report(tracker, teacher, options, true, out, out_len);
}

}  // extern "C"
