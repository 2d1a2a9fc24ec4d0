// rollcall/intervals.hpp: half-open millisecond intervals and the three operations the engine needs
// on sorted lists of them: union, intersection and clipping to a window.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace rollcall {

/// [start, end) in Unix milliseconds.
struct span_ms {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t length() const noexcept { return end > start ? end - start : 0; }
    friend bool operator==(const span_ms&, const span_ms&) = default;
};

/// Sorts `items` by start and merges overlapping or touching spans in place; empty spans are dropped.
inline void unite(std::vector<span_ms>& items) {
    std::erase_if(items, [](const span_ms& s) { return s.end <= s.start; });
    std::sort(items.begin(), items.end(), [](const span_ms& a, const span_ms& b) { return a.start < b.start; });
    std::size_t out = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (out > 0 && items[i].start <= items[out - 1].end) {
            items[out - 1].end = std::max(items[out - 1].end, items[i].end);
        } else {
            items[out++] = items[i];
        }
    }
    items.resize(out);
}

/// Intersection of two sorted, disjoint lists (outputs of `unite`).
inline std::vector<span_ms> intersect(std::span<const span_ms> a, std::span<const span_ms> b) {
    std::vector<span_ms> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::int64_t lo = std::max(a[i].start, b[j].start);
        const std::int64_t hi = std::min(a[i].end, b[j].end);
        if (lo < hi) out.push_back({lo, hi});
        (a[i].end < b[j].end) ? ++i : ++j;
    }
    return out;
}

/// Length of `s` inside `window`.
constexpr std::int64_t overlap(span_ms s, span_ms window) noexcept {
    const std::int64_t lo = std::max(s.start, window.start);
    const std::int64_t hi = std::min(s.end, window.end);
    return hi > lo ? hi - lo : 0;
}

/// Total length of sorted disjoint spans, optionally inside a window.
inline std::int64_t total_length(std::span<const span_ms> items, const span_ms* window = nullptr) noexcept {
    std::int64_t sum = 0;
    for (const auto& s : items) sum += window ? overlap(s, *window) : s.length();
    return sum;
}

}  // namespace rollcall
