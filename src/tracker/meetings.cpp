#include "tracker/meetings.hpp"

#include <algorithm>

#include "sources/zoom_url.hpp"

namespace rollcall::tracker {
namespace {

constexpr std::string_view zoom_prefix = "zoom:";

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

void sort_unique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

result<std::optional<std::string>> meeting_key_of(std::string_view entry, std::span<const std::string> extra_hosts) {
    std::string_view link;
    if (starts_with_icase(entry, zoom_prefix)) {
        link = entry.substr(zoom_prefix.size());
    } else if (entry.find("://") != std::string_view::npos) {
        // Anything with a scheme is read as a link, so that a URL rollcall refuses (javascript://,
        // ftp://, a look-alike host) is an error rather than a room key that silently matches nothing.
        // Other text stays a room key, as it always was.
        link = entry;
    } else {
        return std::optional<std::string>{};
    }
    auto id = sources::zoom::parse_join_link(link, extra_hosts);
    if (!id) return fail(id.err().code, "session rooms: " + id.err().message);
    return std::optional<std::string>{std::string(zoom_prefix) + *id};
}

result<void> split_meeting_links(session_spec& spec, std::span<const std::string> extra_hosts) {
    std::vector<std::string> rooms;
    for (auto& entry : spec.rooms) {
        auto key = meeting_key_of(entry, extra_hosts);
        if (!key) return failure{key.err()};
        if (*key) spec.meetings.push_back(std::move(**key));
        else rooms.push_back(std::move(entry));
    }
    spec.rooms = std::move(rooms);
    sort_unique(spec.rooms);
    sort_unique(spec.meetings);
    return {};
}

std::string_view zoom_meeting_id(std::string_view meeting_key) noexcept {
    return meeting_key.starts_with(zoom_prefix) ? meeting_key.substr(zoom_prefix.size()) : std::string_view{};
}

meeting_window window_of(const session_spec& spec, instant created_at, const policy& p) {
    const auto early = std::chrono::seconds(p.creation_window_s);
    if (spec.has_schedule())
        return {*spec.scheduled_start - early, *spec.scheduled_end + std::chrono::seconds(p.cleanup_delay_s)};
    return {created_at - early, std::nullopt};
}

std::optional<std::string> owner_of_instance(std::span<const meeting_candidate> candidates, instant t) {
    const meeting_candidate* best = nullptr;
    auto distance = [t](const meeting_candidate& c) { return c.scheduled_start > t ? *c.scheduled_start - t : t - *c.scheduled_start; };
    for (const auto& c : candidates) {
        if (!c.scheduled_start || !c.window.contains(t)) continue;
        if (!best) {
            best = &c;
            continue;
        }
        const auto dc = distance(c), db = distance(*best);
        if (dc != db ? dc < db : c.scheduled_start != best->scheduled_start ? c.scheduled_start < best->scheduled_start : c.id < best->id)
            best = &c;
    }
    if (best) return best->id;
    for (const auto& c : candidates) {
        if (c.scheduled_start || !c.window.contains(t)) continue;
        if (!best || c.created_at > best->created_at || (c.created_at == best->created_at && c.id < best->id)) best = &c;
    }
    if (best) return best->id;
    return std::nullopt;
}

}  // namespace rollcall::tracker
