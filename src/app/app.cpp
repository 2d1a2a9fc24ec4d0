#include "app/app.hpp"

#include <array>

#include "app/methods.hpp"

namespace rollcall::app {
namespace {

struct tracker_entry {
    method_info info;
    methods::tracker_handler run;
};
struct stateless_entry {
    method_info info;
    methods::stateless_handler run;
};

// clang-format off
const std::array tracker_table{
    tracker_entry{{"sessions.create", true, "create sessions (one object or an array, all or nothing)"}, methods::sessions_create},
    tracker_entry{{"sessions.update", true, "replace sessions' details (status and history stay; rooms are added)"}, methods::sessions_update},
    tracker_entry{{"sessions.list", false, "sessions by teacher, type, status and scheduled start; or (report_due) Zoom meetings awaiting their report"}, methods::sessions_list},
    tracker_entry{{"sessions.get", false, "one session with its attendance, status and billing evaluated at now"}, methods::sessions_get},
    tracker_entry{{"sessions.act", true, "a host action: cancel, mark_absent, complete"}, methods::sessions_act},
    tracker_entry{{"sessions.link", true, "link rooms to a session"}, methods::sessions_link},
    tracker_entry{{"sessions.replay", false, "sessions evaluated again from their stored raw payloads, beside the stored evaluation"}, methods::sessions_replay},
    tracker_entry{{"packages.usage", false, "the sessions counted against a package"}, methods::packages_usage},
    tracker_entry{{"links.create", true, "create a tracked join link with a fresh token"}, methods::links_create},
    tracker_entry{{"links.click", true, "the student opened the link"}, methods::links_click},
    tracker_entry{{"links.heartbeat", true, "a heartbeat from the tracking page"}, methods::links_heartbeat},
    tracker_entry{{"links.end", true, "the tracking page was closed"}, methods::links_end},
    tracker_entry{{"links.get", false, "one link with its duration at now"}, methods::links_get},
    tracker_entry{{"links.list", false, "links by teacher, student, status, session and sent date"}, methods::links_list},
    tracker_entry{{"ingest.batch", true, "verify, parse and store several requests in one transaction"}, methods::ingest_batch},
    tracker_entry{{"ingest.zoom_report", true, "store Zoom participant-report pages the host fetched (no signature), all or nothing"}, methods::ingest_zoom_report},
    tracker_entry{{"ingest.snapshot", true, "store a room snapshot the host fetched (LiveKit ListParticipants, BBB getMeetingInfo)"}, methods::ingest_snapshot},
    tracker_entry{{"sweep", true, "advance statuses, count usage once, time out silent links"}, methods::sweep},
    tracker_entry{{"stats", false, "counts of what the database holds"}, methods::stats},
    tracker_entry{{"changes", false, "the change feed after a cursor"}, methods::changes},
    tracker_entry{{"changes.claim", true, "the change feed after a named reader's stored cursor, advancing it"}, methods::changes_claim},
    tracker_entry{{"reports.session", false, "attendance rows of one or many sessions (json, csv, table)"}, methods::reports_session},
    tracker_entry{{"reports.teacher", false, "per teacher and period: sessions by status, minutes, amount"}, methods::reports_teacher},
    tracker_entry{{"reports.trends", false, "the daily participation series and duration distribution"}, methods::reports_trends},
    tracker_entry{{"reports.links", false, "tracked links with the lessons they form: duration, status, rate and amount (JSON, CSV, table)"}, methods::reports_links},
    tracker_entry{{"identities.add", true, "map a platform key (email, name, Zoom/BBB id) to a person, globally or in one session"}, methods::identities_add},
    tracker_entry{{"identities.list", false, "the alias table, by person and session"}, methods::identities_list},
    tracker_entry{{"identities.remove", true, "remove an alias"}, methods::identities_remove},
};
const std::array stateless_table{
    stateless_entry{{"evaluate", false, "evaluate one session from events the host keeps (Verifier.parse's shape)"}, methods::evaluate},
    stateless_entry{{"replay", false, "evaluate a scenario file (SPEC §10)"}, methods::replay},
};
// clang-format on

const std::array<method_info, tracker_table.size()> tracker_infos = [] {
    std::array<method_info, tracker_table.size()> out{};
    for (std::size_t i = 0; i < tracker_table.size(); ++i) out[i] = tracker_table[i].info;
    return out;
}();
const std::array<method_info, stateless_table.size()> stateless_infos = [] {
    std::array<method_info, stateless_table.size()> out{};
    for (std::size_t i = 0; i < stateless_table.size(); ++i) out[i] = stateless_table[i].info;
    return out;
}();

failure unknown(std::string_view method) {
    std::string names;
    for (const auto& m : tracker_infos) names.append(names.empty() ? "" : ", ").append(m.name);
    for (const auto& m : stateless_infos) names.append(", ").append(m.name);
    return fail(errc::not_found, "unknown method '" + std::string(method.substr(0, 64)) + "' (" + names + ")");
}

const stateless_entry* find_stateless(std::string_view method) {
    for (const auto& e : stateless_table)
        if (e.info.name == method) return &e;
    return nullptr;
}

result<std::string> run_stateless(const stateless_entry& e, std::string_view params_json) {
    auto p = params::parse(params_json, e.info.name);
    if (!p) return failure{p.err()};
    return e.run(*p);
}

}  // namespace

std::span<const method_info> tracker_methods() { return tracker_infos; }
std::span<const method_info> stateless_methods() { return stateless_infos; }

const method_info* find_method(std::string_view name) {
    for (const auto& m : tracker_infos)
        if (m.name == name) return &m;
    for (const auto& m : stateless_infos)
        if (m.name == name) return &m;
    return nullptr;
}

result<std::string> call(tracker::tracker& t, std::string_view method, std::string_view params_json) {
    for (const auto& e : tracker_table) {
        if (e.info.name != method) continue;
        auto p = params::parse(params_json, e.info.name);
        if (!p) return failure{p.err()};
        return e.run(t, *p);
    }
    if (const auto* s = find_stateless(method)) return run_stateless(*s, params_json);
    return unknown(method);
}

result<std::string> call_stateless(std::string_view method, std::string_view params_json) {
    if (const auto* s = find_stateless(method)) return run_stateless(*s, params_json);
    if (find_method(method)) return fail(errc::invalid_argument, "method '" + std::string(method) + "' needs a database (a tracker)");
    return unknown(method);
}

}  // namespace rollcall::app
