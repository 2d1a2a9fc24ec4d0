// The tracker configuration (issue 4): platform secrets, policies per session type, display zone.
//
// JSON form (every section optional, unknown keys are a config_error naming them):
//   {"livekit": {"keys": {"KEY": "SECRET"}, "leeway_s": 60},
//    "zoom": {"secret_token": "...", "window_s": 300, "hosts": ["zoom.example.edu"]},
//    "bbb": {"shared_secret": "...", "callback_url": "...", "checksum_modes": ["v3_url_body", "v2_json", "bearer"]},
//    "timezone": "Area/City",
//    "policies": {"default": {...}, "<session type>": {...}},
//    "storage": {"synchronous": "full" | "normal", "busy_timeout_ms": 10000, "wal_autocheckpoint": 10000}}
// A per-type policy applies its keys on top of the "default" policy, which applies on top of SPEC §9.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rollcall/error.hpp"
#include "rollcall/policy.hpp"
#include "sources/sources.hpp"
#include "store/sqlite_store.hpp"

namespace rollcall::tracker {

struct tracker_config {
    sources::verify_config verify;
    policy_set policies;
    std::string timezone = "UTC";  ///< IANA zone for reports; checked against the system tz database
    /// How the SQLite store is opened: the "storage" section sets synchronous, busy_timeout_ms and
    /// wal_autocheckpoint; read_only and create stay the caller's (they follow the command, not the host).
    store::sqlite_options storage;
    /// Join-link hosts accepted besides Zoom's own (zoom.us, zoom.com, zoomgov.com), each with its
    /// subdomains: "zoom.hosts" in the JSON form.
    std::vector<std::string> zoom_hosts;
};

/// Parses the JSON text of a configuration. Errors: config_error naming the offending key.
result<tracker_config> parse_config(std::string_view json_text);

/// Reads and parses a configuration file. Errors: io_error (naming the path), config_error.
result<tracker_config> load_config(const std::string& path);

/// True when `zone` names a time zone of the system tz database ("UTC" included).
bool is_known_time_zone(std::string_view zone);

/// Name of a BBB checksum mode as the configuration spells it ("v3_url_body", "v2_json", "bearer").
std::string_view to_string(sources::bbb_checksum_mode m) noexcept;

}  // namespace rollcall::tracker
