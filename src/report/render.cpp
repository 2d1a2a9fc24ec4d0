#include "report/render.hpp"

namespace rollcall::report {

std::string render_attendance(std::span<const session_result> sessions, std::span<const std::vector<event>> events,
                              const zone& tz, output_format fmt) {
    std::vector<std::vector<attendance_row>> per_session;
    per_session.reserve(sessions.size());
    for (std::size_t i = 0; i < sessions.size(); ++i)
        per_session.push_back(attendance_rows(sessions[i], i < events.size() ? std::span<const event>(events[i])
                                                                             : std::span<const event>()));
    if (fmt == output_format::json) {
        json_writer w;
        w.begin_object();
        w.field("report", "session");
        w.field("zone", tz.name());
        w.key("sessions").begin_array();
        for (std::size_t i = 0; i < sessions.size(); ++i) write_session_json(w, sessions[i], per_session[i], tz);
        w.end_array();
        w.end_object();
        return std::move(w).str();
    }
    std::vector<attendance_row> all;
    for (auto& rows : per_session)
        all.insert(all.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    if (fmt == output_format::csv) return write_csv(attendance_table(all, tz));
    return write_text(attendance_text_table(all, tz));
}

std::string render_teacher(const aggregate_report& r, output_format fmt) {
    switch (fmt) {
        case output_format::json: {
            json_writer w;
            write_teacher_json(w, r);
            return std::move(w).str();
        }
        case output_format::csv: return write_csv(teacher_table(r));
        case output_format::table: break;
    }
    return write_text(teacher_table(r));
}

std::string render_trends(const aggregate_report& r, output_format fmt) {
    switch (fmt) {
        case output_format::json: {
            json_writer w;
            write_trend_json(w, r);
            return std::move(w).str();
        }
        case output_format::csv: return write_csv(trend_table(r));
        case output_format::table: break;
    }
    table daily = trend_table(r);
    // The readable form keeps participation columns and moves the histogram below.
    const std::size_t keep = daily.header.size() - histogram_edges_min.size();
    daily.header.resize(keep);
    for (auto& row : daily.rows) row.resize(keep);
    return write_text(daily) + "\nattendance duration per seat (" + std::string(r.tz.name()) + ", " +
           (r.from ? format_local_date(*r.from) : std::string("-")) + " .. " +
           (r.to ? format_local_date(*r.to) : std::string("-")) + ")\n" + write_text(histogram_table(r.overall.total));
}

}  // namespace rollcall::report
