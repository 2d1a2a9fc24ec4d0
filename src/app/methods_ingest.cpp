// ingest.batch: several requests verified, parsed and stored in one transaction (a host replaying a
// capture, or draining its own queue). A single webhook has its own entry point on the hot path
// (rollcall_tracker_ingest, ingestSync, Tracker::ingest); both answer with the same ingest results.
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {

result<std::string> ingest_batch(tracker::tracker& t, params& p) {
    RC_TRY(items, p.objects("requests"));
    RC_TRY(now, p.now());
    std::vector<tracker::ingest_request> requests;
    requests.reserve(items->size());
    for (auto& item : *items) {
        RC_TRY(rq, read_ingest_request(item, *now, integer_time::unix_ms));
        if (auto f = item.finish(); !f) return failure{f.err()};
        requests.push_back(std::move(*rq));
    }
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(b, t.ingest_batch(requests));
    return written([&](json_writer& w) -> result<void> {
        write_batch_result(w, *b);
        return {};
    });
}

}  // namespace rollcall::app::methods
