#include <doctest/doctest.h>

#include "report/table.hpp"

using namespace rollcall::report;

namespace {

table grid(std::vector<std::vector<cell>> rows, std::vector<std::string> header = {"a", "b"}) {
    table t;
    t.header = std::move(header);
    t.rows = std::move(rows);
    return t;
}

}  // namespace

TEST_CASE("report_table: CSV records end with CRLF, the last one too") {
    const auto csv = write_csv(grid({{cell::text("x"), cell::number(1)}, {cell::none(), cell::number(-2)}}));
    CHECK(csv == "a,b\r\nx,1\r\n,-2\r\n");
}

TEST_CASE("report_table: CSV quotes fields with comma, quote, CR or LF and doubles inner quotes") {
    CHECK(csv_field(cell::text("Smith, Ana")) == "\"Smith, Ana\"");
    CHECK(csv_field(cell::text("say \"hi\"")) == "\"say \"\"hi\"\"\"");
    CHECK(csv_field(cell::text("two\nlines")) == "\"two\nlines\"");
    CHECK(csv_field(cell::text("cr\rhere")) == "\"cr\rhere\"");
    CHECK(csv_field(cell::text("plain")) == "plain");
    CHECK(csv_field(cell::text("Zoë 山田")) == "Zoë 山田");  // UTF-8 passes through untouched
}

TEST_CASE("report_table: CSV neutralises text that a spreadsheet would evaluate, never numbers") {
    CHECK(csv_field(cell::text("=HYPERLINK(\"http://x\")")) == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field(cell::text("+1 555")) == "'+1 555");
    CHECK(csv_field(cell::text("-2+3")) == "'-2+3");
    CHECK(csv_field(cell::text("@SUM(A1)")) == "'@SUM(A1)");
    CHECK(csv_field(cell::text("\tx")) == "'\tx");
    CHECK(csv_field(cell::text("\rx")) == "\"'\rx\"");
    CHECK(csv_field(cell::text("a=b")) == "a=b");  // only the first character matters
    CHECK(csv_field(cell::number(-5)) == "-5");
    CHECK(csv_field(cell::decimal(-2.25, 1)) == "-2.3");
}

TEST_CASE("report_table: CSV header cells are neutralised too") {
    const auto csv = write_csv(grid({}, {"=x", "ok"}));
    CHECK(csv == "'=x,ok\r\n");
}

TEST_CASE("report_table: decimals are rounded and trimmed") {
    CHECK(cell::decimal(87.5).value == "87.5");
    CHECK(cell::decimal(100.0).value == "100");
    CHECK(cell::decimal(2.0 / 3.0, 2).value == "0.67");
    CHECK(cell::decimal(-0.01, 1).value == "0");
    CHECK(cell::decimal(0.0 / 0.0).type == cell::kind::empty);
    CHECK(cell::decimal(1e300).type == cell::kind::empty);
}

TEST_CASE("report_table: the text table aligns columns by code points, numbers to the right") {
    const auto text = write_text(grid({{cell::text("Zoë"), cell::number(5)}, {cell::text("Bartholomew"), cell::number(120)}},
                                      {"name", "min"}));
    CHECK(text ==
          "name         min\n"
          "-----------  ---\n"
          "Zoë            5\n"
          "Bartholomew  120\n");
}

TEST_CASE("report_table: the text table shows empty cells as '-' and control characters as spaces") {
    const auto text = write_text(grid({{cell::text("a\nb"), cell::none()}}, {"x", "y"}));
    CHECK(text == "x    y\n---  -\na b  -\n");
}
