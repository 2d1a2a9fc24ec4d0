# Writes OUT: the C header IN without preprocessor directives, C++ guards or export macros, the form
# PHP's FFI::cdef accepts. Usage: cmake -DIN=rollcall.h -DOUT=rollcall_ffi.h -P strip_header.cmake
# With -DSCOPE_LIB=/path/librollcall.so.0 the output starts with the two directives PHP's ffi.preload
# understands (FFI_SCOPE "rollcall", FFI_LIB), for FFI::scope('rollcall').
file(READ "${IN}" text)
# `extern "C"` guards are C++ only.
string(REGEX REPLACE "#ifdef __cplusplus[^#]*#endif[^\n]*" "" text "${text}")
# Join continued directive lines, then drop every directive line.
string(REPLACE "\\\n" " " text "${text}")
string(REGEX REPLACE "\n[ \t]*#[^\n]*" "\n" text "${text}")
string(REGEX REPLACE "ROLLCALL_API " "" text "${text}")
string(REGEX REPLACE "\n\n\n+" "\n\n" text "${text}")
set(directives "")
if(SCOPE_LIB)
    set(directives "#define FFI_SCOPE \"rollcall\"\n#define FFI_LIB \"${SCOPE_LIB}\"\n")
endif()
file(WRITE "${OUT}.tmp" "${directives}/* Generated from rollcall.h for PHP FFI: do not edit. */\n${text}")
# Only touch OUT when it changes, so dependants do not rebuild for nothing.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
