// Status names, thread-local error detail and library buffers of the C ABI.
#include "capi_internal.hpp"

namespace rollcall::capi {

thread_error& last_error() noexcept {
    static thread_local thread_error e;
    return e;
}

// The C status values are the C++ error codes (error.hpp): a renumbering on either side breaks here.
#define ROLLCALL_SAME(c_name, cpp_name) \
    static_assert(c_name == static_cast<rollcall_status>(errc::cpp_name), #c_name " != errc::" #cpp_name)
ROLLCALL_SAME(ROLLCALL_OK, ok);
ROLLCALL_SAME(ROLLCALL_INVALID_ARGUMENT, invalid_argument);
ROLLCALL_SAME(ROLLCALL_MALFORMED_INPUT, malformed_input);
ROLLCALL_SAME(ROLLCALL_MISSING_FIELD, missing_field);
ROLLCALL_SAME(ROLLCALL_INVALID_VALUE, invalid_value);
ROLLCALL_SAME(ROLLCALL_UNSUPPORTED_EVENT, unsupported_event);
ROLLCALL_SAME(ROLLCALL_MISSING_SIGNATURE, missing_signature);
ROLLCALL_SAME(ROLLCALL_BAD_SIGNATURE, bad_signature);
ROLLCALL_SAME(ROLLCALL_TOKEN_EXPIRED, token_expired);
ROLLCALL_SAME(ROLLCALL_TOKEN_NOT_YET_VALID, token_not_yet_valid);
ROLLCALL_SAME(ROLLCALL_UNKNOWN_KEY, unknown_key);
ROLLCALL_SAME(ROLLCALL_STALE_TIMESTAMP, stale_timestamp);
ROLLCALL_SAME(ROLLCALL_UNSUPPORTED_ALGORITHM, unsupported_algorithm);
ROLLCALL_SAME(ROLLCALL_ILLEGAL_TRANSITION, illegal_transition);
ROLLCALL_SAME(ROLLCALL_NOT_FOUND, not_found);
ROLLCALL_SAME(ROLLCALL_ALREADY_EXISTS, already_exists);
ROLLCALL_SAME(ROLLCALL_STORAGE_ERROR, storage_error);
ROLLCALL_SAME(ROLLCALL_CORRUPT_DATABASE, corrupt_database);
ROLLCALL_SAME(ROLLCALL_SCHEMA_TOO_NEW, schema_too_new);
ROLLCALL_SAME(ROLLCALL_READ_ONLY, read_only);
ROLLCALL_SAME(ROLLCALL_IO_ERROR, io_error);
ROLLCALL_SAME(ROLLCALL_CONFIG_ERROR, config_error);
ROLLCALL_SAME(ROLLCALL_LINK_CLOSED, link_closed);
ROLLCALL_SAME(ROLLCALL_VERSION_MISMATCH, version_mismatch);
ROLLCALL_SAME(ROLLCALL_INTERNAL_ERROR, internal_error);
#undef ROLLCALL_SAME

}  // namespace rollcall::capi

using namespace rollcall::capi;

extern "C" {

const char* rollcall_errstr(rollcall_status status) {
    // errc_name returns views of string literals, so .data() is NUL-terminated static text.
    return rollcall::errc_name(static_cast<rollcall::errc>(status)).data();
}

rollcall_status rollcall_errcode(void) { return last_error().code; }

const char* rollcall_errmsg(void) { return last_error().message.c_str(); }

void rollcall_free(void* buffer) { std::free(buffer); }

}  // extern "C"
