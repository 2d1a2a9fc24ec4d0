// sweep, stats and the change feed (SPEC §8).
#include "app/methods.hpp"
#include "app/shapes.hpp"

namespace rollcall::app::methods {
namespace {

constexpr std::int64_t default_page = 100;
constexpr std::int64_t max_page = 10000;

result<std::string> page(const tracker::change_page& pg) {
    return written([&](json_writer& w) -> result<void> {
        write_change_page(w, pg);
        return {};
    });
}

}  // namespace

result<std::string> sweep(tracker::tracker& t, params& p) {
    RC_TRY(now, p.now());
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(r, t.sweep(*now));
    return written([&](json_writer& w) -> result<void> {
        write_sweep_result(w, *r);
        return {};
    });
}

result<std::string> stats(tracker::tracker& t, params& p) {
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(s, t.stats());
    return written([&](json_writer& w) -> result<void> {
        write_stats(w, *s);
        return {};
    });
}

result<std::string> changes(tracker::tracker& t, params& p) {
    RC_TRY(after, p.integer("after", 0, INT64_MAX));
    RC_TRY(limit, p.integer("limit", 1, max_page));
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(pg, t.changes(after->value_or(0), static_cast<std::size_t>(limit->value_or(default_page))));
    return page(*pg);
}

result<std::string> changes_claim(tracker::tracker& t, params& p) {
    RC_TRY(consumer, p.required_text("consumer"));
    RC_TRY(limit, p.integer("limit", 1, max_page));
    if (auto f = p.finish(); !f) return failure{f.err()};
    RC_TRY(pg, t.claim_changes(*consumer, static_cast<std::size_t>(limit->value_or(default_page))));
    return page(*pg);
}

}  // namespace rollcall::app::methods
