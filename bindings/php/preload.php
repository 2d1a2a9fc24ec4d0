<?php
// opcache.preload script for PHP-FPM (php.ini: opcache.preload=/path/to/bindings/php/preload.php).
//
// 1. It compiles every class of the package into the preloaded set. With ffi.enable=preload (PHP's
//    default) the FFI API may only be called from preloaded code, so Library, Tracker, Verifier and
//    whatever else calls FFI must be preloaded, not merely Library.
// 2. It makes sure librollcall is bound as the FFI scope "rollcall", which Rollcall\Library uses
//    (FFI::scope) before anything else:
//    - php.ini ffi.preload=<prefix>/share/rollcall/rollcall_ffi_scope.h already did it (the build
//      generates that header naming the library): nothing to do. This works whatever user the
//      php-fpm master runs as, and is the recommended setup.
//    - otherwise FFI::load registers the scope here, from ROLLCALL_LIBRARY and ROLLCALL_FFI_HEADER
//      (or the installed defaults) of the preloading process. PHP refuses FFI::load when the preload
//      runs in an opcache.preload_user child (a root master); then Rollcall\Library falls back to
//      FFI::cdef on each request, which ffi.enable=preload allows because Library is preloaded.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

// Every class of the package that does not need a framework (src/Laravel/ extends Illuminate).
foreach (glob(__DIR__ . '/src/*.php') as $file) {
    require_once $file;
}

(static function (): void {
    try {
        FFI::scope(Rollcall\Library::SCOPE);
        return;  // php.ini ffi.preload
    } catch (FFI\Exception) {
    }
    $library = getenv('ROLLCALL_LIBRARY') ?: 'librollcall.so.0';
    $header = getenv('ROLLCALL_FFI_HEADER') ?: '/usr/local/share/rollcall/rollcall_ffi.h';
    $declarations = @file_get_contents($header);
    if ($declarations === false) {
        error_log("rollcall preload: cannot read the FFI header '$header' (set ROLLCALL_FFI_HEADER); librollcall is not preloaded");
        return;
    }
    // FFI::load understands exactly two directives, FFI_SCOPE and FFI_LIB, on top of the plain declarations.
    $file = tempnam(sys_get_temp_dir(), 'rollcall_ffi_scope_');
    file_put_contents($file, '#define FFI_SCOPE "' . Rollcall\Library::SCOPE . "\"\n#define FFI_LIB \"" . addslashes($library) . "\"\n"
        . $declarations);
    try {
        FFI::load($file);
    } catch (FFI\Exception $e) {
        // "FFI::load() doesn't work in conjunction with opcache.preload_user": a root master preloads in
        // a child process, whose scopes die with it. Requests then use FFI::cdef (slower, still allowed).
        error_log('rollcall preload: ' . $e->getMessage() . ' librollcall is loaded per request (FFI::cdef);'
            . ' set php.ini ffi.preload=<prefix>/share/rollcall/rollcall_ffi_scope.h to preload it');
    } finally {
        unlink($file);
    }
})();
