#include "report/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace rollcall::report {

cell cell::decimal(double v, int decimals) {
    if (!std::isfinite(v)) return none();
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(v * scale) / scale;
    if (rounded == 0.0) rounded = 0.0;  // -0.0 compares equal: this drops its sign ("-0" is not a number people write)
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed, decimals);
    if (r.ec != std::errc{}) return none();  // beyond 60 digits: no figure of ours gets there
    std::string s(buf, r.ptr);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return {kind::number, std::move(s)};
}

namespace {

bool needs_neutralising(std::string_view s) {
    if (s.empty()) return false;
    switch (s.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r': return true;
        default: return false;
    }
}

/// Code points of a UTF-8 string (continuation bytes are not counted).
std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string printable(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

}  // namespace

std::string csv_field(const cell& c) {
    std::string v = c.value;
    if (c.type == cell::kind::text && needs_neutralising(v)) v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out;
    out.reserve(v.size() + 8);
    out += '"';
    for (char ch : v) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

std::string write_csv(const table& t) {
    std::string out;
    auto record = [&](const std::vector<cell>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += ',';
            out += csv_field(cells[i]);
        }
        out += "\r\n";
    };
    std::vector<cell> head;
    head.reserve(t.header.size());
    for (const auto& h : t.header) head.push_back(cell::text(h));
    record(head);
    for (const auto& row : t.rows) record(row);
    return out;
}

std::string write_text(const table& t) {
    const std::size_t n = t.header.size();
    std::vector<std::size_t> width(n, 0);
    std::vector<bool> numeric(n, true);
    std::vector<std::vector<std::string>> shown;
    shown.reserve(t.rows.size());
    for (std::size_t i = 0; i < n; ++i) width[i] = display_width(t.header[i]);
    for (const auto& row : t.rows) {
        auto& line = shown.emplace_back();
        for (std::size_t i = 0; i < n; ++i) {
            const cell& c = i < row.size() ? row[i] : cell{};
            line.push_back(c.type == cell::kind::empty ? std::string("-") : printable(c.value));
            if (c.type == cell::kind::text) numeric[i] = false;
            width[i] = std::max(width[i], display_width(line.back()));
        }
    }
    std::string out;
    auto emit = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t pad = width[i] - display_width(cells[i]);
            if (i) line += "  ";
            if (numeric[i]) line.append(pad, ' ');
            line += cells[i];
            if (!numeric[i] && i + 1 < n) line.append(pad, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line;
        out += '\n';
    };
    std::vector<std::string> head;
    for (const auto& h : t.header) head.push_back(printable(h));
    emit(head);
    std::vector<std::string> rule;
    for (std::size_t i = 0; i < n; ++i) rule.emplace_back(width[i], '-');
    emit(rule);
    for (const auto& line : shown) emit(line);
    return out;
}

}  // namespace rollcall::report
