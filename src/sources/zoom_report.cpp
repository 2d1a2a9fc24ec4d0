#include "sources/zoom_report.hpp"

#include <simdjson.h>

#include "sources/json_util.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/zoom.hpp"

namespace rollcall::sources::zoom {
namespace {

namespace od = simdjson::ondemand;

std::string row_path(std::size_t index, std::string_view key) {
    return "participants[" + std::to_string(index) + "]." + std::string(key);
}

std::string report_key(std::string_view what, std::string_view uuid, std::string_view connection, instant at) {
    std::string key = "zoom:report.";
    key.append(what).append(":").append(uuid).append(":").append(connection).append(":");
    key.append(std::to_string(to_unix_ms(at)));
    return key;
}

// The row field under either of the spellings the report, past_meetings and metrics endpoints use.
result<std::string_view> either(od::object& row, std::size_t index, std::string_view a, std::string_view b) {
    for (const std::string_view key : {a, b}) {
        if (key.empty()) continue;
        auto v = fields::text(row, key, row_path(index, key));
        if (!v.ok()) return failure{v.err()};
        if (v.value()) return *v.value();
    }
    return std::string_view{};
}

result<void> parse_row(od::object& row, std::size_t index, std::string_view uuid, participants_page& page) {
    auto status = either(row, index, "status", {});
    if (!status.ok()) return failure{status.err()};
    if (status.value() == "in_waiting_room") {
        ++page.waiting_room_rows;
        return {};
    }
    person_fields who;
    std::string_view user_id, join_text, leave_text;
    struct slot {
        std::string_view a, b;
        std::string_view* into;
    };
    const slot slots[] = {{"user_id", {}, &user_id},
                          {"registrant_id", {}, &who.registrant_id},
                          {"participant_user_id", {}, &who.participant_user_id},
                          {"id", {}, &who.id},
                          {"customer_key", {}, &who.customer_key},
                          {"user_email", "email", &who.email},
                          {"name", "user_name", &who.name},
                          {"join_time", {}, &join_text},
                          {"leave_time", {}, &leave_text}};
    for (const slot& s : slots) {
        auto v = either(row, index, s.a, s.b);
        if (!v.ok()) return failure{v.err()};
        *s.into = v.value();
    }
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
    const char* data = buffer.assign(body);
    auto doc_r = parser.iterate(data, buffer.size(), buffer.capacity());
    if (doc_r.error()) return fields::broken("$", doc_r.error());
    od::document& doc = doc_r.value_unsafe();
    auto root_r = doc.get_object();
    if (root_r.error()) return fail(errc::malformed_input, "the body is not a JSON object");
    od::object root = root_r.value_unsafe();

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
