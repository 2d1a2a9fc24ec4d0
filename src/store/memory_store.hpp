// An in-memory store: the reference implementation of the storage interface, for tests and for hosts
// that keep nothing between runs. `transaction` snapshots the whole state, so keep it small.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "store/store.hpp"

namespace rollcall::store {

class memory_store final : public store {
public:
    memory_store();
    ~memory_store() override;

    result<void> transaction(const std::function<result<void>()>& fn) override;
    result<std::vector<item_outcome>> ingest(std::span<const ingest_item> items) override;
    result<std::vector<event>> events_for_rooms(std::span<const std::string> rooms) override;
    result<room_sources> sources_for_rooms(std::span<const std::string> rooms) override;
    result<std::optional<room_record>> get_room(std::string_view room) override;
    result<std::vector<std::string>> rooms_of_session(std::string_view session_id, std::string_view type) override;
    result<void> link_room(std::string_view room, std::string_view session_id) override;
    result<void> link_meeting(std::string_view meeting, std::string_view session_id) override;
    result<std::vector<std::string>> sessions_of_meeting(std::string_view meeting) override;
    result<std::vector<room_record>> rooms_with_alt(platform source, std::string_view alt) override;
    result<void> mark_report(std::string_view room, instant at) override;
    result<std::vector<room_record>> rooms_report_due(platform source, instant ended_by) override;
    result<void> insert_session(const session_record& rec) override;
    result<void> update_session_spec(const session_spec& spec, instant updated_at) override;
    result<std::optional<session_record>> get_session(std::string_view id) override;
    result<std::vector<session_record>> list_sessions(const session_filter& filter) override;
    result<bool> record_transition(std::string_view id, const status_change& change) override;
    result<bool> count_usage(std::string_view session_id, std::string_view package, instant at) override;
    result<package_usage> usage(std::string_view package) override;
    result<void> insert_link(const link_record& link) override;
    result<void> update_link(const link_record& link) override;
    result<std::optional<link_record>> get_link(std::string_view token) override;
    result<std::vector<link_record>> active_links() override;
    result<std::vector<link_record>> list_links(const link_filter& filter) override;
    result<void> append_change(const change_record& change) override;
    result<std::vector<change_record>> changes(std::int64_t after, std::size_t limit) override;
    result<std::int64_t> last_change_seq() override;
    result<std::int64_t> change_cursor(std::string_view consumer) override;
    result<void> set_change_cursor(std::string_view consumer, std::int64_t seq) override;
    result<store_stats> stats() override;
    result<bool> put_alias(const alias& a) override;
    result<bool> remove_alias(key_kind kind, std::string_view value, std::string_view session) override;
    result<std::vector<alias>> list_aliases(const alias_filter& filter) override;
    result<std::int64_t> alias_stamp() override;

private:
    struct state;
    std::unique_ptr<state> s_;
    int depth_ = 0;
};

}  // namespace rollcall::store
