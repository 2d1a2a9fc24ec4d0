#include "store/store.hpp"

namespace rollcall::store {

change_record session_status_change(std::string_view session_id, const status_change& change) {
    return {0, change.at, change_type::session_status, std::string(session_id), "",
            std::string(to_string(change.from)), std::string(to_string(change.to)), change.reason};
}

change_record link_status_change(const link_record& before, const link_record& after) {
    const instant at = after.status != link_status::active && after.ended_at ? *after.ended_at
                                                                             : after.last_heartbeat.value_or(after.sent_at);
    return {0, at, change_type::link_status, before.session_id.value_or(""), after.token,
            std::string(to_string(before.status)), std::string(to_string(after.status)), ""};
}

change_record usage_change(std::string_view session_id, std::string_view package, session_status status, instant at) {
    return {0, at, change_type::usage_counted, std::string(session_id), std::string(package), "",
            std::string(to_string(status)), ""};
}

std::string fallback_dedup_key(const event& e) {
    std::string k;
    k.reserve(e.room.size() + e.connection.size() + 40);
    k.append(to_string(e.kind)).append(1, '|').append(e.room).append(1, '|').append(e.connection).append(1, '|');
    k.append(std::to_string(to_unix_ms(e.at)));
    return k;
}

}  // namespace rollcall::store
