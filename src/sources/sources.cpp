// The entry point of the verified-parser layer: header lookup and dispatch to one platform's parser.
#include "sources/sources.hpp"

#include "sources/bbb.hpp"
#include "sources/json_util.hpp"
#include "sources/livekit.hpp"
#include "sources/zoom.hpp"

namespace rollcall::sources {

std::optional<std::string_view> header_list::find(std::string_view name) const {
    for (const auto& [k, v] : items_)
        if (ascii_iequals(k, name)) return std::string_view(v);
    return std::nullopt;
}

result<parse_outcome> parse_request(const verify_config& config, const request& req) {
    switch (req.source) {
        case platform::livekit:
            return livekit::parse_webhook(config, req);
        case platform::bbb:
            return bbb::parse_request(config, req);
        case platform::zoom:
            return zoom::parse_webhook(config, req);
        case platform::link:
            return fail(errc::invalid_argument, "link events come from the tracker, not from a platform request");
    }
    return fail(errc::invalid_argument, "unknown platform");
}

}  // namespace rollcall::sources
