#include "report/policy_json.hpp"

#include "crypto/crypto.hpp"

namespace rollcall::report {

void write_policy_json(json_writer& w, const policy& p) {
    w.begin_object();
    w.field("reconnect_grace_s", p.reconnect_grace_s);
    w.field("stale_after_s", p.stale_after_s);
    w.field("heartbeat_timeout_s", p.heartbeat_timeout_s);
    w.field("session_timeout_s", p.session_timeout_s);
    w.field("clip_to_schedule", p.clip_to_schedule);
    w.field("late_grace_s", p.late_grace_s);
    w.field("min_presence_s", p.min_presence_s);
    w.field("partial_below_ratio", p.partial_below_ratio);
    w.field("creation_window_s", p.creation_window_s);
    w.field("cleanup_delay_s", p.cleanup_delay_s);
    w.field("billable_basis", to_string(p.basis));
    w.key("rounding").begin_object();
    w.field("mode", to_string(p.rounding.mode));
    w.field("unit_s", p.rounding.unit_s);
    w.field("min_s", p.rounding.min_s);
    w.end_object();
    w.end_object();
}

std::string policy_json(const policy& p) {
    json_writer w;
    write_policy_json(w, p);
    return std::move(w).str();
}

std::string policy_id(const policy& p) {
    return crypto::hex_encode(crypto::digest(crypto::hash_alg::sha256, policy_json(p))).substr(0, 12);
}

}  // namespace rollcall::report
