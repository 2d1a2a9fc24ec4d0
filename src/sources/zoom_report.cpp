#include "sources/zoom_report.hpp"

#include <simdjson.h>

#include <charconv>

#include "sources/json_util.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/zoom.hpp"

namespace rollcall::sources::zoom {
namespace {

namespace od = simdjson::ondemand;

std::string row_path(std::size_t index, std::string_view key) {
    std::string path = "participants[";
    path.append(std::to_string(index)).append("].").append(key);
    return path;
}

// Lookups name their path only when they fail, so successful rows build it in one reused buffer.
std::string_view row_path_view(std::size_t index, std::string_view key, bool outer = false) {
    // The row's own path is read by the loop over its fields while the fields' paths are built, so
    // the two live in separate buffers.
    thread_local std::string field_buf, row_buf;
    std::string& buf = outer ? row_buf : field_buf;
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, index).ptr;
    buf.assign("participants[").append(digits, end).append(key.empty() ? "]" : "].").append(key);
    return buf;
}

std::string report_key(std::string_view what, std::string_view uuid, std::string_view connection, instant at) {
    std::string key = "zoom:report.";
    key.append(what).append(":").append(uuid).append(":").append(connection).append(":");
    key.append(std::to_string(to_unix_ms(at)));
    return key;
}

result<void> parse_row(od::object& row, std::size_t index, std::string_view uuid, participants_page& page) {
    person_fields who;
    std::string_view status, user_id, join_text, leave_text, alt_email, alt_name;
    struct slot {
        std::string_view key;
        std::string_view* into;
    };
    // The report and past_meetings endpoints say user_email/name, the metrics one email/user_name.
    const slot slots[] = {{"status", &status},
                          {"user_id", &user_id},
                          {"registrant_id", &who.registrant_id},
                          {"participant_user_id", &who.participant_user_id},
                          {"id", &who.id},
                          {"customer_key", &who.customer_key},
                          {"user_email", &who.email},
                          {"email", &alt_email},
                          {"name", &who.name},
                          {"user_name", &alt_name},
                          {"join_time", &join_text},
                          {"leave_time", &leave_text}};
    auto read = fields::each_field(row, row_path_view(index, "", true), [&](std::string_view key, od::value& v) -> result<void> {
        for (const slot& s : slots) {
            if (key != s.key) continue;
            auto t = fields::optional_text(v, row_path_view(index, key));
            if (!t.ok()) return failure{t.err()};
            *s.into = t.value().value_or(std::string_view{});
            break;
        }
        return {};
    });
    if (!read.ok()) return failure{read.err()};
    if (status == "in_waiting_room") {
        ++page.waiting_room_rows;
        return {};
    }
    if (who.email.empty()) who.email = alt_email;
    if (who.name.empty()) who.name = alt_name;
    if (join_text.empty()) return fail(errc::missing_field, row_path(index, "join_time") + " is absent");
    auto joined = parse_rfc3339(join_text);
    if (!joined.ok()) return fail(errc::invalid_value, row_path(index, "join_time") + ": " + joined.err().message);

    event join;
    join.kind = event_kind::join;
    join.source = platform::zoom;
    join.room.assign(uuid);
    join.identity = identity_of(who);
    // Guests have no stable id; their per-join user_id still pairs the row's join with its leave.
    join.connection = !user_id.empty() ? std::string(user_id) : join.identity + "@" + std::string(join_text);
    if (join.identity.empty()) join.identity = join.connection;
    join.at = joined.value();
    join.display_name.assign(who.name);
    join.email.assign(who.email);
    join.dedup_key = report_key("join", uuid, join.connection, join.at);

    if (leave_text.empty()) {
        page.notes.push_back(row_path(index, "leave_time") + " absent: join only");
        page.events.push_back(std::move(join));
        return {};
    }
    auto left = parse_rfc3339(leave_text);
    if (!left.ok()) return fail(errc::invalid_value, row_path(index, "leave_time") + ": " + left.err().message);
    if (left.value() < joined.value())
        return fail(errc::invalid_value, row_path(index, "leave_time") + " is before its join_time");
    event leave = join;
    leave.kind = event_kind::leave;
    leave.at = left.value();
    leave.joined_at = joined.value();
    leave.dedup_key = report_key("leave", uuid, leave.connection, leave.at);
    page.events.push_back(std::move(join));
    page.events.push_back(std::move(leave));
    return {};
}

}  // namespace

result<participants_page> parse_participants_page(std::string_view body, std::string_view meeting_uuid) {
    if (meeting_uuid.empty()) return fail(errc::invalid_argument, "meeting_uuid is empty");
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

    participants_page page;
    auto token = fields::text(root, "next_page_token", "next_page_token");
    if (!token.ok()) return failure{token.err()};
    if (token.value()) page.next_page_token.assign(*token.value());

    auto list = fields::find(root, "participants", "participants");
    if (!list.ok()) return failure{list.err()};
    if (list.value()) {
        auto arr = list.value()->get_array();
        if (arr.error() == simdjson::INCORRECT_TYPE) return fields::wrong_type("participants", "an array");
        if (arr.error()) return fields::broken("participants", arr.error());
        for (auto item : arr.value_unsafe()) {
            auto row = item.get_object();
            if (row.error() == simdjson::INCORRECT_TYPE)
                return fields::wrong_type("participants[" + std::to_string(page.rows) + "]", "an object");
            if (row.error()) return fields::broken("participants", row.error());
            od::object obj = row.value_unsafe();
            if (auto r = parse_row(obj, page.rows, meeting_uuid, page); !r.ok()) return failure{r.err()};
            ++page.rows;
        }
    }
    if (auto done = fields::check_complete(doc); !done.ok()) return failure{done.err()};
    return page;
}

}  // namespace rollcall::sources::zoom
