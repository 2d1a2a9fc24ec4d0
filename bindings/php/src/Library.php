<?php
declare(strict_types=1);

namespace Rollcall;

use FFI;

/**
 * Loads librollcall through PHP FFI, once per process (under PHP-FPM once per request, unless the server
 * preloaded it: then once per server).
 *
 * Where from, first that applies:
 *  1. FFI::scope('rollcall') when the server preloaded the library: php.ini `ffi.preload=<prefix>/share/
 *     rollcall/rollcall_ffi_scope.h` (the build generates it, naming the library), or opcache.preload +
 *     preload.php. The server's choice wins over the paths below, which are then not used;
 *  2. the paths given to Library::configure() (the Laravel provider passes its config);
 *  3. the environment: ROLLCALL_LIBRARY (the shared library) and ROLLCALL_FFI_HEADER (rollcall_ffi.h,
 *     the header the build generates from rollcall.h without preprocessor directives);
 *  4. the system loader ("librollcall.so.0") and the installed header next to it.
 * The loaded library must speak the ABI this package was written for (checked at load).
 *
 * With ffi.enable=preload (PHP's default outside the CLI) PHP allows the FFI API only in code that
 * opcache.preload compiled: preload.php preloads this class and every other one that calls FFI.
 */
final class Library
{
    /** ROLLCALL_VERSION_NUMBER of the rollcall.h this package was written against. */
    public const ABI_VERSION = 400;
    public const SCOPE = 'rollcall';

    private static ?FFI $ffi = null;
    private static string $source = '';
    private static ?string $library = null;
    private static ?string $header = null;

    /** Sets the library and header paths (before first use). */
    public static function configure(?string $library, ?string $header = null): void
    {
        // A process has one librollcall: asking for another one after loading would be ignored silently.
        // A preloaded scope is the server's choice and wins over any path (see the class comment).
        if (self::$ffi !== null && self::$source !== 'scope' && $library !== null && $library !== self::$library) {
            throw new RollcallException('librollcall is already loaded from ' . (self::$library ?? 'the FFI scope'), Status::INVALID_ARGUMENT, 'invalid_argument');
        }
        self::$library = $library ?: self::$library;
        self::$header = $header ?: self::$header;
    }

    public static function ffi(): FFI
    {
        return self::$ffi ??= self::load();
    }

    /** How the library was loaded: "scope" (preloaded) or "cdef". */
    public static function source(): string
    {
        self::ffi();
        return self::$source;
    }

    /** Version of the loaded library, e.g. "0.4.0". */
    public static function version(): string
    {
        return self::ffi()->rollcall_version_string();
    }

    /** Stable name of a status ("bad_signature"). */
    public static function errstr(int $status): string
    {
        return self::ffi()->rollcall_errstr($status);
    }

    /** The exception for a failed call, with the thread's error detail. */
    public static function error(int $status): RollcallException
    {
        $ffi = self::ffi();
        $message = $ffi->rollcall_errmsg();
        $name = $ffi->rollcall_errstr($status);
        return new RollcallException($message === '' ? $name : $message, $status, $name);
    }

    /** Throws when $status is not OK. */
    public static function check(int $status): void
    {
        if ($status !== Status::OK) {
            throw self::error($status);
        }
    }

    /** Takes a library-owned buffer (char* + length) into a PHP string and releases it. */
    public static function take(FFI\CData $buffer, FFI\CData $length): string
    {
        $ffi = self::ffi();
        try {
            return FFI::string($buffer, $length->cdata);
        } finally {
            $ffi->rollcall_free($buffer);
        }
    }

    /** Evaluates a scenario (SPEC §10); returns the decoded result object as an array. */
    public static function replay(string|array $scenario): array
    {
        return self::jsonCall('rollcall_replay', $scenario);
    }

    /**
     * Stateless evaluation for hosts that keep events in their own database: ['session' => [...],
     * 'events' => events exactly as Verifier::parse() returns them, 'policy' => [...], 'status',
     * 'status_reason', 'now' => Unix ms or RFC 3339]; returns the evaluation. Nothing is stored.
     */
    public static function evaluate(string|array $input): array
    {
        return self::jsonCall('rollcall_evaluate', $input);
    }

    /** The same, returning the evaluation's text exactly as the library wrote it. */
    public static function evaluateJson(string|array $input): string
    {
        return self::jsonText('rollcall_evaluate', $input);
    }

    /** A stateless C call taking JSON text and answering with JSON text, decoded. */
    private static function jsonCall(string $function, string|array $input): array
    {
        return json_decode(self::jsonText($function, $input), true, 512, JSON_THROW_ON_ERROR);
    }

    /** A stateless C call taking JSON text and answering with JSON text. */
    private static function jsonText(string $function, string|array $input): string
    {
        $ffi = self::ffi();
        $text = is_string($input) ? $input : json_encode($input, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
        $out = $ffi->new('char*');
        $len = $ffi->new('size_t');
        self::check($ffi->$function($text, strlen($text), FFI::addr($out), FFI::addr($len)));
        return self::take($out, $len);
    }

    private static function load(): FFI
    {
        try {
            $ffi = FFI::scope(self::SCOPE);
            self::$source = 'scope';
        } catch (FFI\Exception) {
            $ffi = null;
        }
        if ($ffi === null) {
            $library = self::$library ?? (getenv('ROLLCALL_LIBRARY') ?: 'librollcall.so.0');
            $header = self::$header ?? (getenv('ROLLCALL_FFI_HEADER') ?: self::findHeader($library));
            $declarations = @file_get_contents($header);
            if ($declarations === false) {
                throw new RollcallException("cannot read the rollcall FFI header '$header' (set ROLLCALL_FFI_HEADER)", Status::IO_ERROR, 'io_error');
            }
            try {
                $ffi = FFI::cdef($declarations, $library);
            } catch (FFI\Exception $e) {
                throw new RollcallException("cannot load librollcall from '$library': " . $e->getMessage() . ' (set ROLLCALL_LIBRARY)', Status::IO_ERROR, 'io_error');
            }
            self::$library = $library;
            self::$source = 'cdef';
        }
        if (!self::compatible($ffi->rollcall_version(), self::ABI_VERSION)) {
            throw new RollcallException('librollcall ABI ' . $ffi->rollcall_version() . " does not match the PHP binding's " . self::ABI_VERSION,
                Status::VERSION_MISMATCH, 'version_mismatch');
        }
        return $ffi;
    }

    /** Whether a loaded library (version number) serves a binding written for $want: same major, and
     *  while the major is 0 the same minor; from 1.0 a minor at least $want's. A newer patch is fine. */
    public static function compatible(int $loaded, int $want): bool
    {
        if (intdiv($loaded, 10000) !== intdiv($want, 10000)) {
            return false;
        }
        return intdiv($want, 10000) === 0 ? intdiv($loaded, 100) === intdiv($want, 100) : $loaded >= $want;
    }

    /** The header the build generates sits next to the library (build tree) or in share/rollcall. */
    private static function findHeader(string $library): string
    {
        $dir = dirname($library);
        foreach ([$dir . '/rollcall_ffi.h', $dir . '/../share/rollcall/rollcall_ffi.h', $dir . '/../../share/rollcall/rollcall_ffi.h',
                  '/usr/local/share/rollcall/rollcall_ffi.h', '/usr/share/rollcall/rollcall_ffi.h'] as $candidate) {
            if (is_file($candidate)) {
                return $candidate;
            }
        }
        return $dir . '/rollcall_ffi.h';
    }
}
