<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;

/** examples/php/plain.php runs as a user would run it and prints the lesson's report. */
final class ExamplesTest extends TestCase
{
    public function testThePlainFfiExampleRunsAndReports(): void
    {
        $cmd = escapeshellarg(PHP_BINARY) . ' -d ffi.enable=1 -d error_reporting=-1 -d display_errors=stderr '
            . escapeshellarg(ROLLCALL_REPO . '/examples/php/plain.php') . ' 2>&1';
        exec($cmd, $lines, $code);
        $output = implode("\n", $lines);
        $this->assertSame(0, $code, $output);
        $this->assertDoesNotMatchRegularExpression('/^(PHP )?(Deprecated|Notice|Warning):/m', $output);
        $this->assertSame(4, substr_count($output, 'stored 1, duplicates 0'), $output);
        $student = array_values(array_filter($lines, static fn ($l) => str_starts_with($l, 'lesson-7,') && str_contains($l, ',student-1,')));
        $this->assertCount(1, $student, $output);
        $this->assertStringContainsString(',2360,', $student[0]);  // 08:00:17 → 08:39:37 (+03:00)
    }
}
