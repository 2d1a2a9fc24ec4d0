// rollcall/json_writer.hpp: a small streaming JSON writer used for every JSON rollcall emits (CLI,
// reports, C ABI). Output is compact, keys appear in the order written, strings are escaped per
// RFC 8259 (control characters as \u00XX, valid UTF-8 passed through unchanged).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rollcall {

class json_writer {
public:
    json_writer& begin_object() { return open('{'); }
    json_writer& end_object() { return close('}'); }
    json_writer& begin_array() { return open('['); }
    json_writer& end_array() { return close(']'); }

    /// Writes a key inside an object; the next call writes its value.
    json_writer& key(std::string_view k) {
        separate();
        append_string(k);
        out_ += ':';
        after_key_ = true;
        return *this;
    }

    json_writer& value(std::string_view s) {
        separate();
        append_string(s);
        return *this;
    }
    json_writer& value(const char* s) { return value(std::string_view(s)); }
    json_writer& value(const std::string& s) { return value(std::string_view(s)); }
    json_writer& value(bool b) {
        separate();
        out_ += b ? "true" : "false";
        return *this;
    }
    json_writer& value(std::int64_t v) {
        separate();
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
        return *this;
    }
    json_writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
    json_writer& value(std::uint32_t v) { return value(static_cast<std::int64_t>(v)); }
    json_writer& value(std::size_t v) { return value(static_cast<std::int64_t>(v)); }
    /// Doubles are written in the shortest form that reads back exactly.
    json_writer& value(double v) {
        separate();
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
        return *this;
    }
    json_writer& null() {
        separate();
        out_ += "null";
        return *this;
    }
    /// Inserts already-serialised JSON (trusted: produced by this writer or validated).
    json_writer& raw(std::string_view json) {
        separate();
        out_ += json;
        return *this;
    }

    template <class T>
    json_writer& field(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }

    const std::string& str() const& noexcept { return out_; }
    std::string str() && noexcept { return std::move(out_); }

    /// Appends `s` as a quoted, escaped JSON string to `out`.
    static void escape_to(std::string& out, std::string_view s) {
        static constexpr char hex[] = "0123456789abcdef";
        out += '"';
        // Plain runs are appended whole: byte-by-byte appends were a visible share of ingest CPU.
        std::size_t plain = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            if (i > plain) out.append(s.data() + plain, i - plain);
            plain = i + 1;
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default:
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
            }
        }
        if (s.size() > plain) out.append(s.data() + plain, s.size() - plain);
        out += '"';
    }

private:
    json_writer& open(char c) {
        separate();
        out_ += c;
        first_.push_back(true);
        return *this;
    }
    json_writer& close(char c) {
        out_ += c;
        first_.pop_back();
        return *this;
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_.empty()) {
            if (!first_.back()) out_ += ',';
            first_.back() = false;
        }
    }
    void append_string(std::string_view s) { escape_to(out_, s); }

    std::string out_;
    std::vector<bool> first_;
    bool after_key_ = false;
};

}  // namespace rollcall
