// Signed LiveKit webhooks made in the test itself (HS256 JWT binding the body's sha256), for the
// storage tests that need many realistic requests: crash, concurrency, CLI.
#pragma once

#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "tracker/tracker.hpp"

namespace rollcall::test {

inline constexpr const char* lk_key = "APIstore";
inline constexpr const char* lk_secret = "store-test-secret-0123456789abcdef";

/// The Authorization header value LiveKit would send for `body`, valid from `iat` for ten minutes.
inline std::string livekit_token(const std::string& body, std::int64_t iat) {
    const std::string header = crypto::base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    const std::string claims = crypto::base64url_encode(
        std::string(R"({"iss":")") + lk_key + R"(","nbf":)" + std::to_string(iat) + R"(,"exp":)" +
        std::to_string(iat + 600) + R"(,"sha256":")" +
        crypto::base64_encode(crypto::digest(crypto::hash_alg::sha256, body)) + R"("})");
    const std::string signing_input = header + "." + claims;
    return signing_input + "." + crypto::base64url_encode(crypto::hmac(crypto::hash_alg::sha256, lk_secret, signing_input));
}

inline tracker::tracker_config livekit_config() {
    tracker::tracker_config cfg;
    cfg.verify.livekit_keys[lk_key] = lk_secret;
    return cfg;
}

/// `rooms` lessons of `people` participants: room_started, a join and a leave each, room_finished.
/// Every request yields exactly one event, whose dedup key is the webhook id.
struct webhook {
    tracker::ingest_request request;
    std::string id;
};

inline std::vector<webhook> livekit_workload(int rooms, int people, std::int64_t t0 = 1760259600) {
    std::vector<webhook> out;
    auto emit = [&](const std::string& id, std::string body, std::int64_t at) {
        webhook w;
        w.id = id;
        w.request.source = platform::livekit;
        w.request.headers.add("Authorization", livekit_token(body, at));
        w.request.body = std::move(body);
        w.request.received_at = from_unix_s(at);
        out.push_back(std::move(w));
    };
    for (int r = 0; r < rooms; ++r) {
        const std::int64_t start = t0 + r * 600;
        const std::string room = R"({"sid":"RM_)" + std::to_string(r) + R"(","name":"academic_)" +
                                 std::to_string(1000 + r) + "_" + std::to_string(start) + R"("})";
        auto id = "EV_r" + std::to_string(r) + "s";
        emit(id, R"({"event":"room_started","room":)" + room + R"(,"id":")" + id + R"(","createdAt":")" +
                     std::to_string(start) + R"("})",
             start);
        for (int p = 0; p < people; ++p) {
            const std::string who = p == 0 ? "teacher-" + std::to_string(r % 7) : "student-" + std::to_string((r * 3 + p) % 50);
            const std::string sid = "PA_" + std::to_string(r) + "_" + std::to_string(p);
            const std::int64_t joined = start + 10 * p, left = start + 1800 + 7 * p;
            const std::string part = R"({"sid":")" + sid + R"(","identity":")" + who + R"(","name":")" + who +
                                     R"(","joinedAt":")" + std::to_string(joined) + R"("})";
            id = "EV_" + sid + "j";
            emit(id, R"({"event":"participant_joined","room":)" + room + R"(,"participant":)" + part + R"(,"id":")" +
                         id + R"(","createdAt":")" + std::to_string(joined) + R"("})",
                 joined);
            id = "EV_" + sid + "l";
            emit(id, R"({"event":"participant_left","room":)" + room + R"(,"participant":)" + part + R"(,"id":")" +
                         id + R"(","createdAt":")" + std::to_string(left) + R"("})",
                 left);
        }
        id = "EV_r" + std::to_string(r) + "f";
        emit(id, R"({"event":"room_finished","room":)" + room + R"(,"id":")" + id + R"(","createdAt":")" +
                     std::to_string(start + 3600) + R"("})",
             start + 3600);
    }
    return out;
}

}  // namespace rollcall::test
