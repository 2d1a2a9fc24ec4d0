#include "sources/zoom_report.hpp"

#include <simdjson.h>

#include <charconv>

#include "sources/dedup_key.hpp"
#include "sources/event_slots.hpp"
#include "sources/json_util.hpp"
#include "sources/ondemand_fields.hpp"
#include "sources/ondemand_forward.hpp"
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

// One row's fields, as read by either path.
struct row_view {
    person_fields who;
    std::string_view status, user_id, join_text, leave_text, alt_email, alt_name;
};

// The report and past_meetings endpoints say user_email/name, the metrics one email/user_name. A row
// has a dozen keys and a dozen candidates: the length picks at most two to compare.
std::string_view* row_slot(row_view& r, std::string_view key) {
    switch (key.size()) {
        case 2: return is_key(key, "id") ? &r.who.id : nullptr;
        case 4: return is_key(key, "name") ? &r.who.name : nullptr;
        case 5: return is_key(key, "email") ? &r.alt_email : nullptr;
        case 6: return is_key(key, "status") ? &r.status : nullptr;
        case 7: return is_key(key, "user_id") ? &r.user_id : nullptr;
        case 9:
            return is_key(key, "user_name") ? &r.alt_name : is_key(key, "join_time") ? &r.join_text : nullptr;
        case 10:
            return is_key(key, "user_email") ? &r.who.email : is_key(key, "leave_time") ? &r.leave_text : nullptr;
        case 12: return is_key(key, "customer_key") ? &r.who.customer_key : nullptr;
        case 13: return is_key(key, "registrant_id") ? &r.who.registrant_id : nullptr;
        case 19: return is_key(key, "participant_user_id") ? &r.who.participant_user_id : nullptr;
        default: return nullptr;
    }
}

// A row's events once its fields are read: a join, and a leave carrying the join when the row has one.
// Slots come cleared (event_slots::next): their strings are filled by appending, which skips the overlap
// handling of assign.
result<void> row_events(row_view& r, std::size_t index, std::string_view uuid, participants_page& page,
                        event_slots& events) {
    if (is_key(r.status, "in_waiting_room")) {
        ++page.waiting_room_rows;
        return {};
    }
    if (r.who.email.empty()) r.who.email = r.alt_email;
    if (r.who.name.empty()) r.who.name = r.alt_name;
    if (r.join_text.empty()) return fail(errc::missing_field, row_path(index, "join_time") + " is absent");
    auto joined = parse_rfc3339(r.join_text);
    if (!joined.ok()) return fail(errc::invalid_value, row_path(index, "join_time") + ": " + joined.err().message);
    instant left{};
    if (!r.leave_text.empty()) {
        auto t = parse_rfc3339(r.leave_text);
        if (!t.ok()) return fail(errc::invalid_value, row_path(index, "leave_time") + ": " + t.err().message);
        if (t.value() < joined.value())
            return fail(errc::invalid_value, row_path(index, "leave_time") + " is before its join_time");
        left = t.value();
    }

    const std::size_t join_slot = events.end();
    event& join = events.next();
    join.kind = event_kind::join;
    join.source = platform::zoom;
    join.room.append(uuid);
    identity_into(r.who, join);
    // Guests have no stable id; their per-join user_id still pairs the row's join with its leave.
    if (!r.user_id.empty()) join.connection.append(r.user_id);
    else join.connection.append(join.identity).append("@").append(r.join_text);
    if (join.identity.empty()) join.identity = join.connection;
    join.at = joined.value();
    join.display_name.append(r.who.name);
    join.email.append(r.who.email);
    dedup_key_into(join.dedup_key, "zoom:report.", {"join", uuid, join.connection}, join.at);

    if (r.leave_text.empty()) {
        page.notes.push_back(row_path(index, "leave_time") + " absent: join only");
        return {};
    }
    // The leave repeats the join's person fields. They are assigned one by one rather than copying the
    // whole join, whose dedup key would be copied only to be overwritten.
    event& leave = events.next();
    const event& of = page.events[join_slot];  // next() may have moved the join
    leave.kind = event_kind::leave;
    leave.source = of.source;
    leave.room.append(of.room);
    leave.identity.append(of.identity);
    leave.keys.append(of.keys);
    leave.unresolved = of.unresolved;
    leave.connection.append(of.connection);
    leave.display_name.append(of.display_name);
    leave.email.append(of.email);
    leave.at = left;
    leave.joined_at = joined.value();
    dedup_key_into(leave.dedup_key, "zoom:report.", {"leave", uuid, leave.connection}, leave.at);
    return {};
}

result<void> parse_row(od::object& row, std::size_t index, std::string_view uuid, participants_page& page,
                       event_slots& events) {
    row_view r;
    auto read = fields::each_field(row, row_path_view(index, "", true), [&](std::string_view key, od::value& v) -> result<void> {
        std::string_view* into = row_slot(r, key);
        if (!into) return {};
        auto t = fields::optional_text(v, row_path_view(index, key));
        if (!t.ok()) return failure{t.err()};
        *into = t.value().value_or(std::string_view{});
        return {};
    });
    if (!read.ok()) return failure{read.err()};
    return row_events(r, index, uuid, page, events);
}

// The checked path: the whole document validated first, then keyed lookups that name what is wrong.
result<void> page_checked(od::parser& parser, padded_buffer& buffer, std::string_view body, std::string_view meeting_uuid,
                          participants_page& page, event_slots& events) {
    od::document doc;
    auto root_r = fields::open_root(parser, buffer, body, doc, "the body");
    if (!root_r.ok()) return failure{root_r.err()};
    od::object root = *root_r;

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
            if (auto r = parse_row(obj, page.rows, meeting_uuid, page, events); !r.ok()) return failure{r.err()};
            ++page.rows;
        }
    }
    return fields::check_complete(doc);
}

// The forward pass (ondemand_forward.hpp): yes or no; the checked path names errors.
bool page_fast(od::parser& parser, const padded_buffer& buffer, std::string_view meeting_uuid, participants_page& page,
               event_slots& events) {
    using forward::keys;
    using forward::step;
    od::document doc;
    od::object root;
    if (!forward::iterate(parser, buffer, doc) || doc.get_object().get(root) != simdjson::SUCCESS) return false;
    forward::seen seen;
    const bool read = forward::each(root, 1, keys::lookup, [&](std::string_view key, od::value& v) {
        if (is_key(key, "next_page_token")) {
            std::string_view token;
            if (!seen.first(0) || !forward::text(v, token)) return step::fail;
            page.next_page_token.assign(token);
            return step::read;
        }
        if (!is_key(key, "participants")) return step::skip;
        od::json_type t{};
        od::array arr;
        if (!seen.first(1) || v.type().get(t) != simdjson::SUCCESS) return step::fail;
        if (t == od::json_type::null) return forward::check(v, 2) ? step::read : step::fail;
        if (t != od::json_type::array || v.get_array().get(arr) != simdjson::SUCCESS) return step::fail;
        for (auto item : arr) {
            od::value iv;
            od::object row;
            bool present = false;
            if (item.get(iv) != simdjson::SUCCESS || !forward::object(iv, row, present) || !present) return step::fail;
            row_view r;
            const bool row_read = forward::each(row, 3, keys::unescaped, [&](std::string_view k, od::value& rv) {
                std::string_view* into = row_slot(r, k);
                if (!into) return step::skip;
                return forward::text(rv, *into) ? step::read : step::fail;
            });
            if (!row_read || !row_events(r, page.rows, meeting_uuid, page, events).ok()) return step::fail;
            ++page.rows;
        }
        return step::read;
    });
    return read && document_fully_consumed(doc);
}

void clear_page(participants_page& page) {
    page.next_page_token.clear();
    page.rows = 0;
    page.waiting_room_rows = 0;
    page.notes.clear();
}

}  // namespace

result<void> parse_participants_page(std::string_view body, std::string_view meeting_uuid, participants_page& page) {
    clear_page(page);
    if (meeting_uuid.empty()) {
        page.events.clear();
        return fail(errc::invalid_argument, "meeting_uuid is empty");
    }
    thread_local od::parser parser;
    thread_local padded_buffer buffer;
    buffer.assign(body);
    {
        event_slots events(page.events, 0);
        if (!forward::checked_only && page_fast(parser, buffer, meeting_uuid, page, events)) {
            events.finish();
            return {};
        }
    }
    ++forward::checked_runs;
    clear_page(page);
    page.events.clear();
    event_slots events(page.events, 0);
    auto r = page_checked(parser, buffer, body, meeting_uuid, page, events);
    if (r.ok()) {
        events.finish();
    } else {
        page.events.clear();
    }
    return r;
}

result<participants_page> parse_participants_page(std::string_view body, std::string_view meeting_uuid) {
    participants_page page;
    if (auto r = parse_participants_page(body, meeting_uuid, page); !r.ok()) return failure{r.err()};
    return page;
}

}  // namespace rollcall::sources::zoom
