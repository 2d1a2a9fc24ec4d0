#include "store/event_order.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace rollcall::store {

std::vector<event> in_event_order(std::vector<event> events) {
    std::vector<std::uint32_t> order(events.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return event_less(events[a], events[b]); });
    std::vector<event> sorted;
    sorted.reserve(events.size());
    for (const auto i : order) sorted.push_back(std::move(events[i]));
    return sorted;
}

}  // namespace rollcall::store
