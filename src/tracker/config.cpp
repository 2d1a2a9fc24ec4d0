#include "tracker/config.hpp"

#include <date/tz.h>

#include <fstream>
#include <sstream>

#include <simdjson.h>

#include "rollcall/policy_json.hpp"

namespace rollcall::tracker {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

failure bad(std::string_view path, std::string_view why) {
    return fail(errc::config_error, std::string(path) + ": " + std::string(why));
}

result<std::string> string_at(element v, std::string_view path) {
    std::string_view s;
    if (v.get_string().get(s)) return bad(path, "must be a string");
    return std::string(s);
}

result<std::int64_t> non_negative_int(element v, std::string_view path) {
    std::int64_t n = 0;
    if (v.get_int64().get(n) || n < 0) return bad(path, "must be a non-negative integer");
    return n;
}

result<object> object_at(element v, std::string_view path) {
    object o;
    if (v.get_object().get(o)) return bad(path, "must be an object");
    return o;
}

result<void> read_livekit(tracker_config& cfg, element v) {
    auto o = object_at(v, "livekit");
    if (!o) return failure{o.err()};
    for (auto [k, val] : *o) {
        if (k == "keys") {
            auto keys = object_at(val, "livekit.keys");
            if (!keys) return failure{keys.err()};
            for (auto [name, secret] : *keys) {
                auto s = string_at(secret, "livekit.keys." + std::string(name));
                if (!s) return failure{s.err()};
                if (name.empty() || s->empty()) return bad("livekit.keys", "key names and secrets must not be empty");
                cfg.verify.livekit_keys[std::string(name)] = std::move(*s);
            }
        } else if (k == "leeway_s") {
            auto n = non_negative_int(val, "livekit.leeway_s");
            if (!n) return failure{n.err()};
            cfg.verify.livekit_leeway_s = *n;
        } else if (k == "role_attribute") {
            auto a = string_at(val, "livekit.role_attribute");
            if (!a) return failure{a.err()};
            cfg.verify.livekit_role_attribute = std::move(*a);
        } else {
            return bad("livekit." + std::string(k), "unknown key");
        }
    }
    return {};
}

result<void> read_zoom(tracker_config& cfg, element v) {
    auto o = object_at(v, "zoom");
    if (!o) return failure{o.err()};
    for (auto [k, val] : *o) {
        if (k == "secret_token") {
            auto s = string_at(val, "zoom.secret_token");
            if (!s) return failure{s.err()};
            cfg.verify.zoom_secret_token = std::move(*s);
        } else if (k == "window_s") {
            auto n = non_negative_int(val, "zoom.window_s");
            if (!n) return failure{n.err()};
            cfg.verify.zoom_window_s = *n;
        } else if (k == "hosts") {
            // Extra join-link hosts (a company's own Zoom domain), accepted like zoom.us and its subdomains.
            simdjson::dom::array arr;
            if (val.get_array().get(arr)) return bad("zoom.hosts", "must be an array of host names");
            for (element h : arr) {
                std::string_view name;
                if (h.get_string().get(name) || name.empty() || name.find_first_of("/:@ ") != std::string_view::npos)
                    return bad("zoom.hosts", "must be an array of plain host names (e.g. \"zoom.example.edu\")");
                cfg.zoom_hosts.emplace_back(name);
            }
        } else {
            return bad("zoom." + std::string(k), "unknown key");
        }
    }
    return {};
}

result<void> read_bbb(tracker_config& cfg, element v) {
    auto o = object_at(v, "bbb");
    if (!o) return failure{o.err()};
    for (auto [k, val] : *o) {
        if (k == "shared_secret") {
            auto s = string_at(val, "bbb.shared_secret");
            if (!s) return failure{s.err()};
            cfg.verify.bbb_shared_secret = std::move(*s);
        } else if (k == "callback_url") {
            auto s = string_at(val, "bbb.callback_url");
            if (!s) return failure{s.err()};
            cfg.verify.bbb_callback_url = std::move(*s);
        } else if (k == "checksum_modes") {
            simdjson::dom::array arr;
            if (val.get_array().get(arr)) return bad("bbb.checksum_modes", "must be an array of mode names");
            std::uint8_t modes = 0;
            for (element m : arr) {
                std::string_view name;
                if (m.get_string().get(name)) return bad("bbb.checksum_modes", "must be an array of mode names");
                bool found = false;
                for (auto mode : {sources::bbb_checksum_mode::v3_url_body, sources::bbb_checksum_mode::v2_json,
                                  sources::bbb_checksum_mode::bearer, sources::bbb_checksum_mode::v3_unbound}) {
                    if (to_string(mode) == name) {
                        modes |= static_cast<std::uint8_t>(mode);
                        found = true;
                    }
                }
                if (!found)
                    return bad("bbb.checksum_modes",
                               "unknown mode '" + std::string(name) + "' (v3_url_body, v2_json, bearer, v3_unbound)");
            }
            if (modes == 0) return bad("bbb.checksum_modes", "must name at least one mode");
            cfg.verify.bbb_checksum_modes = modes;
        } else {
            return bad("bbb." + std::string(k), "unknown key");
        }
    }
    return {};
}

result<void> read_policies(tracker_config& cfg, element v) {
    auto o = object_at(v, "policies");
    if (!o) return failure{o.err()};
    // "default" first, whatever its position, because the per-type policies build on it.
    element def;
    if (!o->at_key("default").get(def)) {
        auto p = parse_policy_json(simdjson::minify(def), policy{}, "policies.default");
        if (!p) return failure{p.err()};
        cfg.policies.default_policy = *p;
    }
    for (auto [k, val] : *o) {
        if (k == "default") continue;
        if (k.empty()) return bad("policies", "a session type must not be empty");
        auto p = parse_policy_json(simdjson::minify(val), cfg.policies.default_policy, "policies." + std::string(k));
        if (!p) return failure{p.err()};
        cfg.policies.by_type[std::string(k)] = *p;
    }
    return {};
}

result<void> read_storage(tracker_config& cfg, element v) {
    auto o = object_at(v, "storage");
    if (!o) return failure{o.err()};
    for (auto [k, val] : *o) {
        const std::string path = "storage." + std::string(k);
        if (k == "synchronous") {
            auto s = string_at(val, path);
            if (!s) return failure{s.err()};
            if (*s == "full") cfg.storage.synchronous = store::sync_mode::full;
            else if (*s == "normal") cfg.storage.synchronous = store::sync_mode::normal;
            else return bad(path, "must be \"full\" or \"normal\"");
        } else if (k == "busy_timeout_ms" || k == "wal_autocheckpoint") {
            auto n = non_negative_int(val, path);
            if (!n) return failure{n.err()};
            if (*n > 86'400'000) return bad(path, "is out of range");
            // 0 would switch automatic checkpoints off, and nothing else checkpoints: the -wal file would grow forever.
            if (*n == 0 && k == "wal_autocheckpoint") return bad(path, "must be at least 1");
            (k == "busy_timeout_ms" ? cfg.storage.busy_timeout_ms : cfg.storage.wal_autocheckpoint) = static_cast<int>(*n);
        } else {
            return bad(path, "unknown key");
        }
    }
    return {};
}

}  // namespace

std::string_view to_string(sources::bbb_checksum_mode m) noexcept {
    switch (m) {
        case sources::bbb_checksum_mode::v3_url_body: return "v3_url_body";
        case sources::bbb_checksum_mode::v2_json: return "v2_json";
        case sources::bbb_checksum_mode::bearer: return "bearer";
        case sources::bbb_checksum_mode::v3_unbound: return "v3_unbound";
    }
    return "?";
}

bool is_known_time_zone(std::string_view zone) {
    if (zone.empty()) return false;
    try {
        return date::locate_zone(zone) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

result<tracker_config> parse_config(std::string_view json_text) {
    if (json_text.empty()) return fail(errc::config_error, "configuration is empty");
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(json_text.data(), json_text.size()).get(doc))
        return fail(errc::config_error, std::string("configuration is not valid JSON (") + simdjson::error_message(e) + ")");
    object root;
    if (doc.get_object().get(root)) return fail(errc::config_error, "configuration must be a JSON object");
    tracker_config cfg;
    for (auto [k, v] : root) {
        result<void> r;
        if (k == "livekit") r = read_livekit(cfg, v);
        else if (k == "zoom") r = read_zoom(cfg, v);
        else if (k == "bbb") r = read_bbb(cfg, v);
        else if (k == "policies") r = read_policies(cfg, v);
        else if (k == "storage") r = read_storage(cfg, v);
        else if (k == "timezone") {
            auto s = string_at(v, "timezone");
            if (!s) return failure{s.err()};
            if (!is_known_time_zone(*s)) return bad("timezone", "unknown time zone '" + *s + "'");
            cfg.timezone = std::move(*s);
        } else {
            return bad(k, "unknown key");
        }
        if (!r) return failure{r.err()};
    }
    return cfg;
}

result<tracker_config> load_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(errc::io_error, "cannot open configuration '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return fail(errc::io_error, "cannot read configuration '" + path + "'");
    auto cfg = parse_config(ss.str());
    if (!cfg) return fail(cfg.err().code, path + ": " + cfg.err().message);
    return cfg;
}

}  // namespace rollcall::tracker
