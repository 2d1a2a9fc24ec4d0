// A report as a plain grid of cells, and its two flat renderings: RFC 4180 CSV and an aligned text
// table. Report builders fill a `table`; they never format CSV or text themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollcall::report {

/// One cell. Numbers are kept apart from text because CSV neutralises text that a spreadsheet would
/// run as a formula, and a negative number must stay a number.
struct cell {
    enum class kind : std::uint8_t { empty, text, number };
    kind type = kind::empty;
    std::string value;

    static cell none() { return {}; }
    static cell text(std::string s) { return {kind::text, std::move(s)}; }
    static cell number(std::int64_t v) { return {kind::number, std::to_string(v)}; }
    /// A decimal with at most `decimals` digits after the point (trailing zeros trimmed).
    static cell decimal(double v, int decimals = 1);
    static cell maybe_text(const std::optional<std::string>& s) { return s ? text(*s) : none(); }
};

struct table {
    std::vector<std::string> header;
    std::vector<std::vector<cell>> rows;  ///< each row has header.size() cells
};

/// RFC 4180: CRLF after every record (the last one too), fields holding a comma, a double quote, CR or
/// LF are quoted with inner quotes doubled, bytes are passed through (UTF-8 in, UTF-8 out, no BOM).
/// A text cell starting with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'` so that spreadsheet
/// programs show it instead of evaluating it (CSV/formula injection); number cells are never changed.
std::string write_csv(const table& t);

/// One CSV field as `write_csv` writes it (neutralised if text, quoted when needed).
std::string csv_field(const cell& c);

/// An aligned, human-readable table: a header, a rule of dashes, one line per row; numbers aligned
/// right, text left; widths in Unicode code points; control characters shown as spaces; empty cells
/// as `-`. Lines end with LF.
std::string write_text(const table& t);

}  // namespace rollcall::report
