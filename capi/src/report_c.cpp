// rollcall_report_*: the application layer's reports.session, reports.teacher and reports.trends, with
// the options struct turned into their parameters.
#include "tracker_c.hpp"

using namespace rollcall::capi;
namespace rc = rollcall;

namespace {

/// The parameters of a report method from the options (NULL: defaults).
rc::result<std::string> report_params(const rollcall_report_options* o, std::string_view selector_key,
                                      const char* selector, bool with_period) {
    rc::json_writer p;
    p.begin_object();
    if (selector != nullptr) p.field(selector_key, selector);
    if (o != nullptr) {
        if (o->version < 1)
            return rc::fail(rc::errc::invalid_argument, "options->version is 0: initialise with ROLLCALL_REPORT_OPTIONS_INIT");
        if (o->format == ROLLCALL_FORMAT_CSV) p.field("format", "csv");
        else if (o->format != ROLLCALL_FORMAT_JSON)
            return rc::fail(rc::errc::invalid_argument, "options->format is not ROLLCALL_FORMAT_JSON or ROLLCALL_FORMAT_CSV");
        if (o->timezone != nullptr) p.field("timezone", o->timezone);
        if (o->from != nullptr) p.field("from", o->from);
        if (o->to != nullptr) p.field("to", o->to);
        if (o->period != nullptr && with_period) p.field("period", o->period);  // the teacher report's buckets
        now_param(p, o->now_ms);
    }
    p.end_object();
    return std::move(p).str();
}

rollcall_status report(rollcall_tracker* tracker, const char* method, std::string_view selector_key,
                       const char* selector, const rollcall_report_options* options, char** out, size_t* out_len) {
    return guard_output(out, out_len, [&]() -> rollcall_status {
        if (tracker == nullptr) return null_argument("tracker");
        if (out == nullptr) return null_argument("out");
        auto params = report_params(options, selector_key, selector, std::string_view(method) == "reports.teacher");
        if (!params) return set_error(params.err());
        return call_into(tracker, method, *params, out, out_len);
    });
}

}  // namespace

extern "C" {

rollcall_status rollcall_report_session(rollcall_tracker* tracker, const char* session_id,
                                        const rollcall_report_options* options, char** out, size_t* out_len) {
    return report(tracker, "reports.session", "session", session_id, options, out, out_len);
}

rollcall_status rollcall_report_teacher(rollcall_tracker* tracker, const char* teacher,
                                        const rollcall_report_options* options, char** out, size_t* out_len) {
    return report(tracker, "reports.teacher", "teacher", teacher, options, out, out_len);
}

rollcall_status rollcall_report_trends(rollcall_tracker* tracker, const char* teacher,
                                       const rollcall_report_options* options, char** out, size_t* out_len) {
    return report(tracker, "reports.trends", "teacher", teacher, options, out, out_len);
}

}  // extern "C"
