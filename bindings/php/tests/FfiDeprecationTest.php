<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;

/**
 * PHP 8.3 deprecates calling FFI::cast(), FFI::new() and FFI::type() statically (the FFI instance's
 * methods replace them). The PHP this suite runs on may predate the deprecation, so the sources are
 * checked directly; phpunit.xml turns every deprecation PHP does report into a failure.
 */
final class FfiDeprecationTest extends TestCase
{
    private const DEPRECATED_STATIC = ['cast', 'new', 'type'];

    /** "file:line FFI::name" for each static call of a deprecated FFI method in $code. */
    private static function staticCalls(string $code, string $file): array
    {
        $tokens = array_values(array_filter(token_get_all($code),
            static fn ($t) => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
        $found = [];
        foreach ($tokens as $i => $t) {
            if (is_array($t) && in_array($t[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true) && strcasecmp(ltrim($t[1], '\\'), 'FFI') === 0
                && is_array($tokens[$i + 1] ?? null) && $tokens[$i + 1][0] === T_DOUBLE_COLON
                && is_array($tokens[$i + 2] ?? null) && in_array(strtolower($tokens[$i + 2][1]), self::DEPRECATED_STATIC, true)) {
                $found[] = "$file:{$t[2]} FFI::{$tokens[$i + 2][1]}";
            }
        }
        return $found;
    }

    public function testTheCheckFindsStaticCalls(): void
    {
        $this->assertCount(3, self::staticCalls("<?php\nFFI::cast('int', \$x);\n\\FFI::new('int');\nFFI :: type('int');\n\$ffi->cast('int', \$x); FFI::addr(\$x);", 'x.php'));
    }

    public function testNoDeprecatedStaticFfiCallsInThePackageExamplesOrBenchmarks(): void
    {
        $found = [];
        $files = 0;
        foreach (['bindings/php', 'examples', 'benchmarks'] as $dir) {
            $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(ROLLCALL_REPO . '/' . $dir, \FilesystemIterator::SKIP_DOTS));
            foreach ($iterator as $file) {
                if (str_ends_with((string) $file, '.php') && !str_contains((string) $file, '/node_modules/')) {
                    $files++;
                    $found = array_merge($found, self::staticCalls((string) file_get_contents((string) $file), (string) $file));
                }
            }
        }
        $this->assertGreaterThan(10, $files);
        $this->assertSame([], $found, 'use the FFI instance: $ffi->cast(), $ffi->new(), $ffi->type()');
    }
}
