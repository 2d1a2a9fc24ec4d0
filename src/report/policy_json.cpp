#include "report/policy_json.hpp"

#include "crypto/crypto.hpp"
#include "rollcall/result_json.hpp"

namespace rollcall::report {

std::string policy_json(const policy& p) {
    json_writer w;
    rollcall::write_policy_json(w, p);
    return std::move(w).str();
}

std::string policy_id(const policy& p) {
    return crypto::hex_encode(crypto::digest(crypto::hash_alg::sha256, policy_json(p))).substr(0, 12);
}

}  // namespace rollcall::report
