<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;
use Rollcall\Library;

/** How the library is found and checked: FFI::cdef from the environment, or a preloaded FFI scope. */
final class LoadingTest extends TestCase
{
    public function testAbiCompatibilityRules(): void
    {
        $this->assertTrue(Library::compatible(100, 100));
        $this->assertTrue(Library::compatible(103, 100));       // 0.1.3 serves a 0.1.0 binding
        $this->assertFalse(Library::compatible(200, 100));      // 0.x: another minor is another ABI
        $this->assertFalse(Library::compatible(10000, 100));    // another major
        $this->assertTrue(Library::compatible(10300, 10100));   // 1.3 serves 1.1
        $this->assertFalse(Library::compatible(10000, 10100));  // 1.0 lacks what 1.1 added
    }

    public function testLoadedThroughCdefFromTheEnvironment(): void
    {
        $this->assertSame('cdef', Library::source());
    }

    /** php.ini ffi.preload of the generated scope header: the binding uses FFI::scope('rollcall'). */
    public function testPreloadedScopeIsUsed(): void
    {
        $header = getenv('ROLLCALL_FFI_HEADER');
        $scope = dirname((string) $header) . '/rollcall_ffi_scope.h';
        $this->assertFileExists($scope, 'the build generates rollcall_ffi_scope.h next to rollcall_ffi.h');
        $script = 'require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . '; echo Rollcall\Library::source(), " ", Rollcall\Library::version();';
        // No ROLLCALL_LIBRARY / ROLLCALL_FFI_HEADER: only the preloaded scope can provide the library.
        $cmd = 'env -u ROLLCALL_LIBRARY -u ROLLCALL_FFI_HEADER ' . escapeshellarg(PHP_BINARY)
            . ' -d ffi.enable=preload -d ffi.preload=' . escapeshellarg($scope) . ' -r ' . escapeshellarg($script) . ' 2>&1';
        exec($cmd, $out, $code);
        $this->assertSame(0, $code, implode("\n", $out));
        $this->assertSame('scope ' . Library::version(), implode("\n", $out));
    }
}
