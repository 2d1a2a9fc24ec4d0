// rollcall/error.hpp: error codes shared by the whole library, and a small expected-style result.
//
// Every code maps 1:1 to a `rollcall_status` of the C ABI (capi/include/rollcall.h), with the same
// numeric value. Values are append-only: never renumber, never reuse.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace rollcall {

enum class errc : std::int32_t {
    ok = 0,
    invalid_argument = 1,     ///< a NULL or out-of-range argument, a bad option, a usage error
    malformed_input = 2,      ///< not JSON, a broken form body, a truncated document
    missing_field = 3,        ///< a required field is absent
    invalid_value = 4,        ///< a field has the wrong type or an impossible value (bad timestamp, ...)
    unsupported_event = 5,    ///< an event type this library does not handle (only an error when asked)
    missing_signature = 6,    ///< no Authorization / checksum / signature where one is required
    bad_signature = 7,        ///< the signature, checksum or token does not verify
    token_expired = 8,        ///< a JWT whose `exp` is past (beyond the leeway)
    token_not_yet_valid = 9,  ///< a JWT whose `nbf` is in the future (beyond the leeway)
    unknown_key = 10,         ///< the token names a key (`iss`) that is not configured
    stale_timestamp = 11,     ///< a signed request timestamp outside the accepted window
    unsupported_algorithm = 12,  ///< a JWT `alg` other than the one accepted (e.g. `none`)
    illegal_transition = 13,  ///< a session status change the lifecycle table forbids
    not_found = 14,           ///< no session / link / room with that id
    already_exists = 15,      ///< a create with an id that is taken
    storage_error = 16,       ///< the database failed (I/O, busy beyond the timeout, ...)
    corrupt_database = 17,    ///< the file is not a rollcall database, or fails its integrity check
    schema_too_new = 18,      ///< the database was written by a newer rollcall
    read_only = 19,           ///< the database cannot be written
    io_error = 20,            ///< a file could not be read or written
    config_error = 21,        ///< the configuration is invalid (unknown key, wrong type, bad zone)
    link_closed = 22,         ///< a heartbeat or click for a tracked link that has ended
    version_mismatch = 23,    ///< a binding was built against another ABI version
    internal_error = 99,      ///< a bug: please report it
};

/// Stable snake_case name of a code, e.g. "bad_signature". Never null.
constexpr std::string_view errc_name(errc code) noexcept {
    switch (code) {
        case errc::ok: return "ok";
        case errc::invalid_argument: return "invalid_argument";
        case errc::malformed_input: return "malformed_input";
        case errc::missing_field: return "missing_field";
        case errc::invalid_value: return "invalid_value";
        case errc::unsupported_event: return "unsupported_event";
        case errc::missing_signature: return "missing_signature";
        case errc::bad_signature: return "bad_signature";
        case errc::token_expired: return "token_expired";
        case errc::token_not_yet_valid: return "token_not_yet_valid";
        case errc::unknown_key: return "unknown_key";
        case errc::stale_timestamp: return "stale_timestamp";
        case errc::unsupported_algorithm: return "unsupported_algorithm";
        case errc::illegal_transition: return "illegal_transition";
        case errc::not_found: return "not_found";
        case errc::already_exists: return "already_exists";
        case errc::storage_error: return "storage_error";
        case errc::corrupt_database: return "corrupt_database";
        case errc::schema_too_new: return "schema_too_new";
        case errc::read_only: return "read_only";
        case errc::io_error: return "io_error";
        case errc::config_error: return "config_error";
        case errc::link_closed: return "link_closed";
        case errc::version_mismatch: return "version_mismatch";
        case errc::internal_error: return "internal_error";
    }
    return "unknown_error";
}

/// An error: a code plus a human message. Messages name the offending field or value, never a secret.
struct error {
    errc code = errc::internal_error;
    std::string message;

    std::string describe() const { return std::string(errc_name(code)) + ": " + message; }
};

/// Thrown by the throwing convenience APIs (CLI, tracker); the hot paths return `result<T>` instead.
class exception : public std::runtime_error {
public:
    explicit exception(error e) : std::runtime_error(e.describe()), error_(std::move(e)) {}
    exception(errc code, std::string message) : exception(error{code, std::move(message)}) {}
    const error& err() const noexcept { return error_; }
    errc code() const noexcept { return error_.code; }

private:
    error error_;
};

/// Tag to construct a failed result: `return fail(errc::missing_field, "participant.sid");`
struct failure {
    error err;
};
inline failure fail(errc code, std::string message) { return failure{error{code, std::move(message)}}; }

/// A value or an error (a minimal std::expected for C++20).
template <class T>
class [[nodiscard]] result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(failure f) : v_(std::in_place_index<1>, std::move(f.err)) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return check(), std::get<0>(v_); }
    const T& value() const& { return check(), std::get<0>(v_); }
    T&& value() && { return check(), std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const error& err() const& { return std::get<1>(v_); }
    /// The value, or throw `rollcall::exception` with the error.
    T take() && {
        if (!ok()) throw exception(std::get<1>(std::move(v_)));
        return std::get<0>(std::move(v_));
    }

private:
    void check() const {
        if (!ok()) throw exception(std::get<1>(v_));
    }
    std::variant<T, error> v_;
};

/// A result without a value.
template <>
class [[nodiscard]] result<void> {
public:
    result() = default;
    result(failure f) : err_(std::move(f.err)), failed_(true) {}
    bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    const error& err() const& { return err_; }
    void take() && {
        if (failed_) throw exception(std::move(err_));
    }

private:
    error err_{errc::ok, {}};
    bool failed_ = false;
};

}  // namespace rollcall
