<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;
use Rollcall\RollcallException;
use Rollcall\Status;
use Rollcall\Tracker;

/** Zoom sessions linked by meeting id, and report pages the host fetched (the recovery loop). */
final class ZoomReportTest extends TestCase
{
    private const UUID = 'aB3/cD4+eF5gH6iJ7kL8mN==';

    private static function page(int $n): string
    {
        return (string) file_get_contents(__DIR__ . "/../../../tests/fixtures/zoom/past_participants_page{$n}.json");
    }

    private static function session(array $rooms): array
    {
        return ['id' => 'zr-php', 'type' => 'academic', 'teacher' => 'hT4kPq9WxR2mZs7LbN0cVa',
                'students' => ['9tboDiHUQAeOnbpudVOUGw'], 'scheduled_start' => '2025-03-04T16:00:00Z',
                'scheduled_end' => '2025-03-04T17:00:00Z', 'rooms' => $rooms];
    }

    public function testReportPagesLinkByMeetingIdAndCountAsAttendance(): void
    {
        $now = 1741132800000;  // 2025-03-05T00:00:00Z
        $t = new Tracker(':memory:', Signing::config());
        $this->assertSame(['zoom:85746352910'], $t->createSession(self::session(['zoom:857 4635 2910']))['meetings']);
        $b = $t->ingestZoomReport(self::UUID, [self::page(1), self::page(2)], '85746352910', $now, $now);
        $this->assertSame(2, $b['stored']);
        $this->assertSame([['room' => self::UUID, 'room_alt' => '85746352910']], $b['results'][0]['rooms']);
        $this->assertSame(1, $t->ingestZoomReport(self::UUID, [self::page(1)])['duplicates']);
        $view = $t->session('zr-php', $now);
        $this->assertSame([self::UUID], $view['session']['rooms']);
        $this->assertSame(2935, $view['evaluation']['participants']['9tboDiHUQAeOnbpudVOUGw']['attended_s']);
        $this->assertSame([], $t->reportsDue(600, $now));
    }

    public function testBadPagesAndLinksThrowWithCodesAndStoreNothing(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        try {
            $t->ingestZoomReport(self::UUID, [self::page(1), '{not json']);
            self::fail('no RollcallException');
        } catch (RollcallException $e) {
            $this->assertSame(Status::MALFORMED_INPUT, $e->getCode());
            $this->assertStringContainsString('pages[1]', $e->getMessage());
        }
        $this->assertSame(0, $t->stats()['events']);
        try {
            $t->createSession(self::session(['https://zoom.us.evil.com/j/85746352910']));
            self::fail('no RollcallException');
        } catch (RollcallException $e) {
            $this->assertSame(Status::INVALID_VALUE, $e->getCode());
        }
    }
}
