<?php
// opcache.preload script: loads librollcall once per server process and registers the FFI scope
// "rollcall", which Rollcall\Library then uses (FFI::scope) instead of FFI::cdef on every request.
// php.ini: opcache.preload=/path/to/bindings/php/preload.php, opcache.preload_user=www-data,
//          ffi.enable=preload; set ROLLCALL_LIBRARY and ROLLCALL_FFI_HEADER for the preloading process.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

$library = getenv('ROLLCALL_LIBRARY') ?: 'librollcall.so.0';
$header = getenv('ROLLCALL_FFI_HEADER') ?: '/usr/local/share/rollcall/rollcall_ffi.h';
// FFI::load understands exactly two directives, FFI_SCOPE and FFI_LIB, on top of the plain declarations.
$file = sys_get_temp_dir() . '/rollcall_ffi_scope_' . getmypid() . '.h';
file_put_contents($file, '#define FFI_SCOPE "' . Rollcall\Library::SCOPE . "\"\n#define FFI_LIB \"" . addslashes($library) . "\"\n"
    . file_get_contents($header));
FFI::load($file);
unlink($file);
