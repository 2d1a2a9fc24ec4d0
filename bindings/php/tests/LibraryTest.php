<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;
use Rollcall\Library;
use Rollcall\RollcallException;
use Rollcall\Status;

final class LibraryTest extends TestCase
{
    public function testTheLoadedLibraryHasTheAbiThisPackageExpects(): void
    {
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+$/', Library::version());
        [$maj, $min] = array_map('intval', explode('.', Library::version()));
        $this->assertSame(intdiv(Library::ABI_VERSION, 100), $maj * 100 + $min);
    }

    public function testStatusConstantsMatchTheLibraryNames(): void
    {
        foreach ((new \ReflectionClass(Status::class))->getConstants() as $name => $value) {
            $this->assertSame(strtolower($name), Library::errstr($value), "Status::$name");
        }
        $this->assertSame('unknown_error', Library::errstr(-3));
    }

    public function testReplayGivesTheExpectedResultOfAGoldenScenario(): void
    {
        $text = file_get_contents(ROLLCALL_REPO . '/tests/scenarios/01_a_90_minute_one_to_one_lesson.json');
        $expect = json_decode($text, true)['expect'];
        $result = Library::replay($text);
        $this->assertSame($expect['session_status'], $result['session_status']);
        $this->assertSame($expect['billable_s'], $result['billable_s']);
        $this->assertSame($result, Library::replay(json_decode($text, true)));
    }

    public function testInvalidScenariosThrowWithCodes(): void
    {
        try {
            Library::replay('{not json');
            $this->fail('no exception');
        } catch (RollcallException $e) {
            $this->assertSame(Status::MALFORMED_INPUT, $e->getCode());
            $this->assertSame('malformed_input', $e->codeName);
        }
        try {
            Library::replay(['name' => 'x']);
            $this->fail('no exception');
        } catch (RollcallException $e) {
            $this->assertSame(Status::MISSING_FIELD, $e->getCode());
            $this->assertStringContainsString('session', $e->getMessage());
        }
    }
}
