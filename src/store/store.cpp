#include "store/store.hpp"

namespace rollcall::store {

std::string fallback_dedup_key(const event& e) {
    std::string k;
    k.reserve(e.room.size() + e.connection.size() + 40);
    k.append(to_string(e.kind)).append(1, '|').append(e.room).append(1, '|').append(e.connection).append(1, '|');
    k.append(std::to_string(to_unix_ms(e.at)));
    return k;
}

}  // namespace rollcall::store
