// Version of the C ABI: the macros of rollcall.h must agree with the one written in version.hpp.
#include <string_view>

#include "capi_internal.hpp"
#include "rollcall/version.hpp"

static_assert(ROLLCALL_VERSION_NUMBER ==
              ROLLCALL_VERSION_MAJOR * 10000 + ROLLCALL_VERSION_MINOR * 100 + ROLLCALL_VERSION_PATCH);
static_assert(std::string_view(ROLLCALL_VERSION_STRING) == std::string_view(ROLLCALL_VERSION_TEXT),
              "rollcall.h ROLLCALL_VERSION_* differs from include/rollcall/version.hpp");

extern "C" {

uint32_t rollcall_version(void) { return ROLLCALL_VERSION_NUMBER; }

const char* rollcall_version_string(void) { return ROLLCALL_VERSION_STRING; }

}  // extern "C"
