<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;

/**
 * PHP-FPM's default ffi.enable=preload allows the FFI API only in code compiled by opcache.preload:
 * preload.php must preload every class that calls FFI (tests/bindings/php_fpm.sh runs it under php-fpm).
 */
final class PreloadTest extends TestCase
{
    /** @return array<string,string> class => file, for the package's sources */
    private static function classes(): array
    {
        $out = [];
        $src = dirname(__DIR__) . '/src';
        foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($src, \FilesystemIterator::SKIP_DOTS)) as $file) {
            if (preg_match('/^namespace\s+([^;]+);.*?^(?:final\s+|abstract\s+)*(?:class|interface|trait|enum)\s+(\w+)/ms',
                    (string) file_get_contents((string) $file), $m) === 1) {
                $out[$m[1] . '\\' . $m[2]] = substr((string) $file, strlen($src) + 1);
            }
        }
        ksort($out);
        return $out;
    }

    /** Whether a file uses the FFI API: the FFI class or the library's FFI object. */
    private static function callsFfi(string $file): bool
    {
        foreach (token_get_all((string) file_get_contents($file)) as $t) {
            if (is_array($t) && in_array($t[0], [T_STRING, T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED], true)
                && in_array(ltrim($t[1], '\\'), ['FFI', 'ffi'], true)) {
                return true;
            }
        }
        return false;
    }

    public function testPreloadCompilesEveryClassThatCallsFfi(): void
    {
        $header = (string) getenv('ROLLCALL_FFI_HEADER');
        $scope = dirname($header) . '/rollcall_ffi_scope.h';
        $this->assertFileExists($scope);
        $script = 'echo json_encode(["classes" => opcache_get_status(false)["preload_statistics"]["classes"] ?? [],'
            . ' "source" => Rollcall\Library::source()]);';
        $ini = ['opcache.enable_cli=1', 'opcache.preload=' . dirname(__DIR__) . '/preload.php', 'ffi.enable=preload', 'ffi.preload=' . $scope];
        if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
            $ini[] = 'opcache.preload_user=' . posix_getpwuid(0)['name'];  // PHP refuses to preload as root without it
        }
        $cmd = escapeshellarg(PHP_BINARY) . ' -d error_reporting=-1 -d display_errors=stderr';
        foreach ($ini as $setting) {
            $cmd .= ' -d ' . escapeshellarg($setting);
        }
        exec($cmd . ' -r ' . escapeshellarg($script) . ' 2>&1', $lines, $code);
        $output = implode("\n", $lines);
        $this->assertSame(0, $code, $output);
        $result = json_decode($output, true);
        $this->assertIsArray($result, $output);
        $this->assertSame('scope', $result['source'], 'the scope of php.ini ffi.preload is used');

        $classes = self::classes();
        $this->assertArrayHasKey('Rollcall\\Tracker', $classes);
        foreach ($classes as $class => $file) {
            $path = dirname(__DIR__) . '/src/' . $file;
            if (str_starts_with($file, 'Laravel/')) {
                // Illuminate is not loaded at preload time, so these classes cannot be preloaded: they must
                // leave FFI to the classes that are.
                $this->assertFalse(self::callsFfi($path), "$file uses FFI but cannot be preloaded (it needs Illuminate)");
            } else {
                $this->assertContains($class, $result['classes'], "preload.php does not preload $class ($file)");
            }
        }
    }
}
