<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;
use Rollcall\Status;
use Rollcall\Tracker;

/** The change feed from PHP: paging with a cursor, and one delivery across several processes. */
final class ChangeFeedTest extends TestCase
{
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/rollcall-feed-' . bin2hex(random_bytes(6));
        mkdir($this->dir);
    }

    protected function tearDown(): void
    {
        foreach (glob($this->dir . '/*') as $f) {
            unlink($f);
        }
        rmdir($this->dir);
    }

    /** 40 sessions moved scheduled -> ready: 40 changes. */
    private function database(): string
    {
        $db = $this->dir . '/feed.sqlite';
        $t = new Tracker($db);
        $sessions = [];
        for ($i = 0; $i < 40; ++$i) {
            $sessions[] = ['id' => "s$i", 'type' => 't', 'scheduled_start' => '2030-01-01T10:00:00Z', 'scheduled_end' => '2030-01-01T11:00:00Z'];
        }
        $t->createSessions($sessions, 0);
        $t->sweep((int) strtotime('2030-01-01T10:00:00Z') * 1000);
        $t->close();
        return $db;
    }

    public function testPagesWithACursorAndRefusesACursorFromTheFuture(): void
    {
        $t = new Tracker($this->database());
        $first = $t->changes(0, 15);
        $this->assertCount(15, $first['changes']);
        $this->assertSame(15, $first['cursor']);
        $rest = $t->changes($first['cursor']);
        $this->assertCount(25, $rest['changes']);
        $this->assertSame(16, $rest['changes'][0]['seq']);
        $this->assertSame('session_status', $rest['changes'][0]['type']);
        try {
            $t->changes(41);
            $this->fail('a cursor beyond the newest change must be refused');
        } catch (\Rollcall\RollcallException $e) {
            $this->assertSame(Status::INVALID_ARGUMENT, $e->getCode());
        }
        $this->assertSame(40, $t->stats()['changes']);
    }

    public function testTwoProcessesSharingAReaderDispatchEachChangeOnce(): void
    {
        $db = $this->database();
        $worker = __DIR__ . '/support/dispatch_worker.php';
        $procs = [];
        for ($i = 0; $i < 2; ++$i) {
            $procs[] = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', $worker, $db], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes[$i]);
        }
        $seqs = [];
        foreach ($procs as $i => $proc) {
            $out = stream_get_contents($pipes[$i][1]);
            $err = stream_get_contents($pipes[$i][2]);
            $this->assertSame(0, proc_close($proc), $err);
            foreach (array_filter(explode("\n", $out)) as $line) {
                $seqs[] = (int) $line;
            }
        }
        sort($seqs);
        $this->assertSame(range(1, 40), $seqs);  // every change once: none lost, none twice
    }
}
