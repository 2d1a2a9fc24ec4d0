// rollcall/version.hpp: the one place the version number is written. CMake reads it from here.
#pragma once

#define ROLLCALL_VERSION_MAJOR 0
#define ROLLCALL_VERSION_MINOR 4
#define ROLLCALL_VERSION_PATCH 0

#define ROLLCALL_STRINGIFY_(x) #x
#define ROLLCALL_STRINGIFY(x) ROLLCALL_STRINGIFY_(x)
#define ROLLCALL_VERSION_TEXT                                                            \
    ROLLCALL_STRINGIFY(ROLLCALL_VERSION_MAJOR) "." ROLLCALL_STRINGIFY(ROLLCALL_VERSION_MINOR) "." \
        ROLLCALL_STRINGIFY(ROLLCALL_VERSION_PATCH)
