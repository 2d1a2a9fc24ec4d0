// `rollcall ingest`: verify, parse and store webhooks, one request per file or a JSON-lines capture.
#include <algorithm>
#include <fstream>

#include "cli/cmd_ingest_snapshot.hpp"
#include "cli/storage_cli.hpp"
#include "app/shapes.hpp"

namespace rollcall::cli {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

platform platform_option(const std::string& name) {
    const auto p = parse_platform(name);
    if (!p || *p == platform::link)
        throw usage_error{"--platform takes livekit, bbb or zoom (or zoom-report, for report pages), not '" + name + "'"};
    return *p;
}

constexpr std::size_t max_listed_rejections = 100;

struct rejection {
    std::size_t line;
    errc code;
    std::string message;
};

struct totals {
    tracker::batch_result sum;
    std::size_t lines = 0;
    std::vector<rejection> rejections;  // the first max_listed_rejections batches' worth, sorted at the end

    void reject(std::size_t line, errc code, const std::string& message) {
        ++sum.rejected;
        ++sum.requests;
        if (rejections.size() < 2 * max_listed_rejections) rejections.push_back({line, code, message});
    }
    void write_rejections(json_writer& w) {
        std::sort(rejections.begin(), rejections.end(), [](const rejection& a, const rejection& b) { return a.line < b.line; });
        w.key("rejections").begin_array();
        for (std::size_t i = 0; i < rejections.size() && i < max_listed_rejections; ++i)
            w.begin_object()
                .field("line", rejections[i].line)
                .field("code", errc_name(rejections[i].code))
                .field("message", rejections[i].message)
                .end_object();
        w.end_array();
    }
    void add(const tracker::batch_result& b, const std::vector<std::size_t>& line_of) {
        sum.requests += b.requests;
        sum.stored += b.stored;
        sum.duplicates += b.duplicates;
        sum.events_stored += b.events_stored;
        sum.events_duplicate += b.events_duplicate;
        for (std::size_t i = 0; i < b.items.size(); ++i)
            if (b.items[i].status == tracker::ingest_status::rejected) {
                --sum.requests;  // reject() counts it
                reject(line_of[i], b.items[i].code, b.items[i].message);
            }
    }
};

// One capture line: {"platform","headers","body"} plus optional "received_at" (RFC 3339 or Unix
// seconds) and "request_url". Other keys (notes of the capture's author) are ignored: captures are
// data, not configuration.
result<tracker::ingest_request> read_line(std::string_view line, std::size_t number, instant now) {
    auto p = app::params::parse(line, "line " + std::to_string(number));
    if (!p) return failure{p.err()};
    return app::read_ingest_request(*p, now, app::integer_time::unix_seconds);
}

int run_jsonl(tracker::tracker& t, const std::string& path, instant now, std::size_t batch_size, bool quiet) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) throw exception(errc::io_error, "cannot open capture '" + path + "'");
        in = &file;
    }
    totals tot;
    std::vector<tracker::ingest_request> batch;
    std::vector<std::size_t> line_of;
    auto flush = [&] {
        if (batch.empty()) return;
        tot.add(t.ingest_batch(batch).take(), line_of);
        batch.clear();
        line_of.clear();
    };
    std::string line;
    std::size_t next_progress = 10000;
    while (std::getline(*in, line)) {
        ++tot.lines;
        if (trim(line).empty()) continue;
        auto rq = read_line(line, tot.lines, now);
        if (!rq) {
            tot.reject(tot.lines, rq.err().code, rq.err().message);
        } else {
            batch.push_back(std::move(*rq));
            line_of.push_back(tot.lines);
            if (batch.size() >= batch_size) flush();
        }
        if (!quiet && tot.lines >= next_progress) {
            flush();
            std::cerr << "rollcall ingest: " << tot.lines << " lines, " << tot.sum.events_stored << " events stored, "
                      << tot.sum.duplicates << " duplicate requests, " << tot.sum.rejected << " rejected\n";
            next_progress += 10000;
        }
    }
    if (in->bad()) throw exception(errc::io_error, "cannot read capture '" + path + "'");
    flush();
    json_writer w;
    w.begin_object().field("lines", tot.lines);
    w.field("requests", tot.sum.requests).field("stored", tot.sum.stored).field("duplicates", tot.sum.duplicates);
    w.field("rejected", tot.sum.rejected).field("events_stored", tot.sum.events_stored);
    w.field("events_duplicate", tot.sum.events_duplicate);
    tot.write_rejections(w);
    w.end_object();
    return storage::print(w);
}

// --platform zoom-report: report pages the host fetched, through the ingest.zoom_report method.
int run_zoom_report(const arg_reader& a) {
    for (const char* other : {"header", "request-url", "batch", "jsonl"})
        if (a.has(other)) throw usage_error{std::string("--platform zoom-report takes no --") + other};
    json_writer p;
    p.begin_object().field("meeting", a.require("meeting"));
    storage::text_param(p, a, "meeting-id", "meeting_id");
    p.key("pages").begin_array();
    for (const auto& path : a.positionals()) p.value(storage::read_input(path));
    p.end_array();
    if (auto r = a.get("received-at")) {
        auto t = parse_rfc3339(*r);
        if (!t) t = parse_unix_seconds(*r);
        if (!t) throw usage_error{"--received-at takes an RFC 3339 date-time or Unix seconds"};
        p.field("received_at", format_rfc3339(*t));
    }
    storage::now_param(p, a);
    p.end_object();
    return storage::call_method(a, "ingest.zoom_report", p.str());
}

int run_ingest(std::span<const std::string_view> args) {
    arg_reader a(args, {"db", "config", "platform", "header", "request-url", "received-at", "jsonl", "batch", "now", "room", "at",
                        "meeting", "meeting-id"},
                 {"quiet"});
    if (auto p = a.get("platform"); p && is_snapshot_platform(*p)) return run_ingest_snapshot(a);
    if (a.has("room") || a.has("at")) throw usage_error{"--room and --at belong to --platform livekit-snapshot|bbb-snapshot"};
    if (a.get("platform") == std::optional<std::string>("zoom-report")) {
        if (a.positionals().empty()) throw usage_error{"expected report PAGE files (or - for stdin)"};
        return run_zoom_report(a);
    }
    if (a.has("meeting") || a.has("meeting-id")) throw usage_error{"--meeting goes with --platform zoom-report"};
    const instant now = storage::now_option(a);
    std::size_t batch_size = 1000;
    if (auto b = a.get("batch")) {
        const auto n = parse_int64(*b);
        if (!n || *n < 1 || *n > 1000000) throw usage_error{"--batch takes a number of requests (1 to 1000000)"};
        batch_size = static_cast<std::size_t>(*n);
    }
    if (auto j = a.get("jsonl")) {
        if (!a.positionals().empty() || a.has("platform"))
            throw usage_error{"--jsonl reads every request from the capture: no BODY and no --platform"};
        auto t = storage::open_tracker(a, true);
        return run_jsonl(t, *j, now, batch_size, a.has("quiet"));
    }
    if (a.positionals().empty()) throw usage_error{"expected BODY files (or - for stdin), or --jsonl CAPTURE"};
    tracker::ingest_request proto;
    proto.source = platform_option(a.require("platform"));
    for (const auto& h : a.get_all("header")) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || trim(std::string_view(h).substr(0, colon)).empty())
            throw usage_error{"--header takes 'Name: value', got '" + h + "'"};
        proto.headers.add(std::string(trim(std::string_view(h).substr(0, colon))),
                          std::string(trim(std::string_view(h).substr(colon + 1))));
    }
    if (auto u = a.get("request-url")) proto.request_url = *u;
    proto.received_at = now;
    if (auto r = a.get("received-at")) {
        auto t = parse_rfc3339(*r);
        if (!t) t = parse_unix_seconds(*r);
        if (!t) throw usage_error{"--received-at takes an RFC 3339 date-time or Unix seconds"};
        proto.received_at = *t;
    }
    std::vector<tracker::ingest_request> requests;
    for (const auto& path : a.positionals()) {
        requests.push_back(proto);
        requests.back().body = storage::read_input(path);
    }
    auto t = storage::open_tracker(a, true);
    const auto b = t.ingest_batch(requests).take();
    json_writer w;
    app::write_batch_result(w, b);
    storage::print(w);
    // One webhook at a time is how a host's endpoint calls this: a rejection must show in the status.
    return b.rejected > 0 ? exit_rejected : exit_ok;
}

const register_command reg{
    "ingest",
    {"verify, parse and store webhooks (files, or a JSON-lines capture)",
     "usage: rollcall ingest --db FILE --config CONFIG --platform P [--header 'Name: value']...\n"
     "                       [--request-url URL] [--received-at T] [--now T] BODY...\n"
     "       rollcall ingest --db FILE --config CONFIG --jsonl CAPTURE [--batch N] [--now T] [--quiet]\n"
     "       rollcall ingest --db FILE --platform livekit-snapshot|bbb-snapshot [--room R] --at T SNAPSHOT\n"
     "       rollcall ingest --db FILE --platform zoom-report --meeting UUID [--meeting-id ID]\n"
     "                       [--received-at T] PAGE...\n"
     "BODY: a file holding one request body exactly as received (- for stdin); all of them are stored\n"
     "in one transaction. Exit 2 when any BODY was rejected (the summary still lists every result).\n"
     "CAPTURE: JSON lines {\"platform\",\"headers\",\"body\"} with optional \"received_at\" (RFC 3339)\n"
     "and \"request_url\"; N lines per transaction (default 1000). Rejected lines are counted and\n"
     "listed (first 100), never stored as events, and never stop the batch (exit 0).\n"
     "Signatures are checked against the receive time (--received-at / received_at, else --now, else\n"
     "the clock), so a capture replays exactly as it verified when it arrived.\n"
     "SNAPSHOT: a room's participant list the host fetched at T (LiveKit ListParticipants JSON, which\n"
     "needs --room; BBB getMeetingInfo XML, whose --room is optional and checked): evidence for every\n"
     "listed connection, and open connections it leaves out close at their last evidence (reason\n"
     "snapshot). Prints the ingest result; a rejected snapshot stores nothing and exits 2.\n"
     "PAGE: a Zoom participant-report page (GET /past_meetings/{UUID}/participants) the host fetched\n"
     "over OAuth; no signature exists. All pages or none are stored (a page of another meeting, a\n"
     "row without join_time, malformed JSON: an error naming the page). --meeting-id gives the\n"
     "numeric id when no webhook of the meeting arrived (sessions link by it).",
     run_ingest}};

}  // namespace
}  // namespace rollcall::cli
