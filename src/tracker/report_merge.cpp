#include "tracker/report_merge.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace rollcall::tracker {
namespace {

bool from_report(const event& e) noexcept { return std::string_view(e.dedup_key).starts_with(zoom_report_key_prefix); }

using stay_key = std::tuple<std::string_view, std::string_view, event_kind, instant>;  // room, identity, kind, at

}  // namespace

void merge_report_rows(std::vector<event>& events) {
    if (std::none_of(events.begin(), events.end(), from_report)) return;

    // Webhook connections by what they saw: (room, identity, join|leave, instant). Several matches
    // (two devices joining in the same second) resolve to the smallest connection id, deterministically.
    std::map<stay_key, std::string> seen_by_webhook;
    for (const auto& e : events) {
        if (from_report(e) || e.source != platform::zoom) continue;
        if (e.kind != event_kind::join && e.kind != event_kind::leave) continue;
        auto [it, fresh] = seen_by_webhook.try_emplace(stay_key{e.room, e.identity, e.kind, e.at}, e.connection);
        if (!fresh && e.connection < it->second) it->second = e.connection;
    }

    // Each report connection (one row: user_id is new on every join) to the webhook connection of its
    // stay, found by the row's join or, when the join webhook was lost, by its leave.
    // Owned keys: the events move (partition) and their connections are rewritten below.
    std::map<std::pair<std::string, std::string>, std::string, std::less<>> adopt;  // (room, row connection)
    for (const auto& e : events) {
        if (!from_report(e)) continue;
        if (e.kind != event_kind::join && e.kind != event_kind::leave) continue;
        auto hit = seen_by_webhook.find(stay_key{e.room, e.identity, e.kind, e.at});
        if (hit == seen_by_webhook.end()) continue;
        auto [it, fresh] = adopt.try_emplace({e.room, e.connection}, hit->second);
        if (!fresh && hit->second < it->second) it->second = hit->second;
    }

    std::vector<event> out;
    out.reserve(events.size());
    // Webhook events first, so that the one kept of a duplicated fact is the webhook's.
    std::stable_partition(events.begin(), events.end(), [](const event& e) { return !from_report(e); });
    std::set<std::tuple<event_kind, std::string, std::string, instant>> facts;
    for (auto& e : events) {
        if (from_report(e))
            if (auto it = adopt.find(std::pair{e.room, e.connection}); it != adopt.end()) e.connection = it->second;
        if (!facts.emplace(e.kind, e.room, e.connection, e.at).second) continue;
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), event_less);
    events = std::move(out);
}

}  // namespace rollcall::tracker
