// The BBB and Zoom parsers read a document with a forward pass and fall back to a checked path (DOM
// validation, keyed lookups, exact errors) when that pass says no. The fuzzers run both on every input
// and abort unless they agree: an input the forward pass accepts must give exactly what the checked
// path gives.
#pragma once

#include <cstdlib>
#include <utility>

#include "rollcall/error.hpp"
#include "sources/ondemand_forward.hpp"
#include "sources/sources.hpp"
#include "sources/zoom_report.hpp"

namespace rollcall::fuzz {

inline bool same(const sources::parse_outcome& a, const sources::parse_outcome& b) {
    return a.event_name == b.event_name && a.events == b.events && a.ignored == b.ignored && a.notes == b.notes &&
           a.response_body == b.response_body;
}

inline bool same(const sources::zoom::participants_page& a, const sources::zoom::participants_page& b) {
    return a.events == b.events && a.next_page_token == b.next_page_token && a.rows == b.rows &&
           a.waiting_room_rows == b.waiting_room_rows && a.notes == b.notes;
}

template <class T>
bool same(const result<T>& a, const result<T>& b) {
    if (a.ok() != b.ok()) return false;
    if (!a.ok()) return a.err().code == b.err().code && a.err().message == b.err().message;
    return same(a.value(), b.value());
}

/// `parse()` with the forward pass, then with the checked path only; aborts when they differ.
template <class F>
auto both_paths(F&& parse) {
    auto fast = parse();
    sources::forward::checked_only = true;
    auto checked = parse();
    sources::forward::checked_only = false;
    if (!same(fast, checked)) std::abort();
    return fast;
}

}  // namespace rollcall::fuzz
