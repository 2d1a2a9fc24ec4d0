#include "store/open_store.hpp"

#include "store/mysql_store.hpp"
#include "store/pg_store.hpp"

namespace rollcall::store {

namespace {
bool is_mysql_url(std::string_view location) noexcept {
    return location.starts_with("mysql://") || location.starts_with("mariadb://");
}
}  // namespace

bool is_server_location(std::string_view location) noexcept {
    return is_postgres_url(location) || is_mysql_url(location);
}

result<std::unique_ptr<store>> open_store(const std::string& location, const sqlite_options& options) {
    if (is_postgres_url(location)) {
        pg_options o;
        o.read_only = options.read_only;
        o.create = options.create;
        o.lock_timeout_ms = options.busy_timeout_ms;
        auto s = pg_store::open(location, o);
        if (!s) return failure{s.err()};
        return std::unique_ptr<store>(std::move(*s));
    }
    if (is_mysql_url(location)) {
        mysql_options o;
        o.read_only = options.read_only;
        o.lock_timeout_ms = options.busy_timeout_ms;
        auto s = mysql_store::open(location, o);
        if (!s) return failure{s.err()};
        return std::unique_ptr<store>(std::move(*s));
    }
    auto s = sqlite_store::open(location, options);
    if (!s) return failure{s.err()};
    return std::unique_ptr<store>(std::move(*s));
}

}  // namespace rollcall::store
