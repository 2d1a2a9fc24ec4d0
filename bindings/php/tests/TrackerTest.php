<?php
declare(strict_types=1);

namespace Rollcall\Tests;

use PHPUnit\Framework\TestCase;
use Rollcall\RollcallException;
use Rollcall\Status;
use Rollcall\Tracker;
use Rollcall\Verifier;

final class TrackerTest extends TestCase
{
    private static function expectCode(int $status, callable $fn): RollcallException
    {
        try {
            $fn();
        } catch (RollcallException $e) {
            self::assertSame($status, $e->getCode(), $e->getMessage());
            self::assertNotSame('', $e->getMessage());
            return $e;
        }
        self::fail('no RollcallException');
    }

    public function testSignedLivekitWebhooksRoundTripIntoAReport(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        $l = Signing::lesson('php-rt', 'sess-php');
        $t->putSession($l['session']);
        foreach ($l['bodies'] as $body) {
            $r = $t->ingest('livekit', ['Authorization' => Signing::livekitAuthorization($body)], $body);
            $this->assertSame('stored', $r->details['status']);
            $this->assertGreaterThanOrEqual(1, $r->eventsStored);
            $this->assertNull($r->response);
        }
        $again = $t->ingest('livekit', "Authorization: " . Signing::livekitAuthorization($l['bodies'][0]) . "\r\n", $l['bodies'][0]);
        $this->assertSame('duplicate', $again->details['status']);
        $this->assertSame('participant_joined', $again->event);

        $session = $t->session('sess-php', $l['now']);
        $this->assertSame(2700, $session['evaluation']['participants']['student-1']['attended_s']);
        $report = $t->reportArray('session', 'sess-php', ['now' => $l['now']]);
        $this->assertStringContainsString('student-1', json_encode($report));
        $csv = $t->report('session', 'sess-php', 'csv', ['now' => $l['now'], 'timezone' => 'Europe/Berlin']);
        $this->assertCount(1, array_filter(explode("\n", $csv), static fn ($line) => str_contains($line, 'student-1')));
        $this->assertStringContainsString('teacher-1', $t->report('teacher', null, 'json', ['period' => 'week']));
        $this->assertStringContainsString('teacher-1', $t->report('trends', 'teacher-1'));
    }

    public function testRejectionsAndBadArgumentsThrowWithCodes(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        $body = Signing::lesson('php-err', 'x')['bodies'][0];
        $e = self::expectCode(Status::BAD_SIGNATURE, fn () => $t->ingest('livekit', ['Authorization' => Signing::livekitAuthorization($body, 'wrong-secret-0123456789abcdefghijklmn')], $body));
        $this->assertSame('bad_signature', $e->codeName);
        self::expectCode(Status::MISSING_SIGNATURE, fn () => $t->ingest('livekit', [], $body));
        self::expectCode(Status::INVALID_ARGUMENT, fn () => $t->ingest('teams', [], '{}'));
        self::expectCode(Status::MISSING_FIELD, fn () => $t->putSession(['type' => 'x']));
        self::expectCode(Status::NOT_FOUND, fn () => $t->session('ghost'));
        self::expectCode(Status::NOT_FOUND, fn () => $t->report('session', 'ghost'));
        self::expectCode(Status::INVALID_ARGUMENT, fn () => $t->report('weekly'));
        self::expectCode(Status::CONFIG_ERROR, fn () => $t->report('teacher', null, 'json', ['timezone' => 'Nowhere/Special']));
        self::expectCode(Status::CONFIG_ERROR, fn () => new Tracker(':memory:', ['bogus' => true]));
        $t->close();
        self::expectCode(Status::INVALID_ARGUMENT, fn () => $t->sweep());
    }

    public function testASnapshotClosesALostLeave(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        $l = Signing::lesson('php-snap', 'sess-php-snap');
        $t->putSession($l['session']);
        foreach (array_slice($l['bodies'], 0, 2) as $body) {  // both joins; both leaves are lost
            $t->ingest('livekit', ['Authorization' => Signing::livekitAuthorization($body)], $body);
        }
        $start = $l['session']['scheduled_start'];
        $listing = static fn (array $who) => json_encode(['participants' => array_map(
            static fn ($p) => ['sid' => $p[1], 'identity' => $p[0], 'state' => 'ACTIVE'], $who)]);
        $first = $t->ingestSnapshot('livekit', $listing([['teacher-1', 'PA_t'], ['student-1', 'PA_s']]), $start + 600000, 'php-snap');
        $this->assertSame(['status' => 'stored', 'event' => 'livekit-snapshot', 'events_stored' => 3, 'events_duplicate' => 0,
            'response' => null, 'code' => null, 'message' => null], $first);
        $t->ingestSnapshot('livekit', $listing([['teacher-1', 'PA_t']]), $start + 660000, 'php-snap');
        $student = $t->session('sess-php-snap', $l['now'])['evaluation']['participants']['student-1'];
        $this->assertFalse($student['in_progress']);
        $this->assertSame(540, $student['attended_s']);
        $this->assertSame('snapshot', $student['cycle_list'][0]['reason']);
        $events = $t->stats()['events'];
        self::expectCode(Status::NOT_FOUND, fn () => $t->ingestSnapshot('livekit', $listing([]), $start, 'nowhere'));
        self::expectCode(Status::MALFORMED_INPUT, fn () => $t->ingestSnapshot('livekit', '{"participants":', $start, 'php-snap'));
        self::expectCode(Status::INVALID_ARGUMENT, fn () => $t->ingestSnapshot('livekit', $listing([]), $start));
        self::expectCode(Status::INVALID_VALUE, fn () => $t->ingestSnapshot('bbb',
            file_get_contents(ROLLCALL_REPO . '/tests/fixtures/bbb/get_meeting_info_not_found.xml'), $start));
        $this->assertSame($events, $t->stats()['events']);
    }

    public function testZoomUrlValidationIsAnswered(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        $body = file_get_contents(ROLLCALL_REPO . '/tests/fixtures/zoom/endpoint.url_validation_signed.json');
        $r = $t->ingest('zoom', ['x-zm-request-timestamp' => '1626230692',
            'x-zm-signature' => 'v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1'], $body, null, 1626230693000);
        $answer = json_decode($r->response, true);
        $this->assertSame('qgg8vlvZRS6UYooatFL8Aw', $answer['plainToken']);
        $this->assertSame(hash_hmac('sha256', 'qgg8vlvZRS6UYooatFL8Aw', Signing::ZOOM_SECRET), $answer['encryptedToken']);
    }

    public function testLifecycleLinksAndSweep(): void
    {
        $t = new Tracker(':memory:', Signing::config());
        $t->putSession(Signing::lesson('php-lc', 'sess-lc')['session']);
        $t->act('sess-lc', 'cancel');
        $this->assertSame('cancelled', $t->session('sess-lc')['session']['status']);
        self::expectCode(Status::ILLEGAL_TRANSITION, fn () => $t->act('sess-lc', 'complete'));
        // putSession on an existing id updates it.
        $t->putSession(['id' => 'sess-lc', 'type' => 'academic', 'package' => 'pkg-9']);
        $this->assertSame('cancelled', $t->session('sess-lc')['session']['status']);

        $t0 = 1760259600000;
        $link = $t->createLink(['teacher' => 'teacher-1', 'student' => 'student-9'], $t0);
        $this->assertGreaterThanOrEqual(22, strlen($link['token']));
        $t->clickLink($link['token'], $t0 + 1000);
        $t->heartbeat($link['token'], $t0 + 31000);
        $t->endLink($link['token'], $t0 + 61000);
        self::expectCode(Status::LINK_CLOSED, fn () => $t->heartbeat($link['token'], $t0 + 62000));
        $this->assertSame(60, $t->link($link['token'])['duration_s']);
        $this->assertArrayHasKey('sessions_checked', $t->sweep());
    }

    public function testObjectsAreFreedInDestructAndAFileDatabasePersists(): void
    {
        $path = sys_get_temp_dir() . '/rollcall-php-' . bin2hex(random_bytes(4)) . '.sqlite';
        $l = Signing::lesson('php-file', 'sess-file');
        $auth = ['Authorization' => Signing::livekitAuthorization($l['bodies'][0])];
        for ($i = 0; $i < 3; $i++) {
            $t = new Tracker($path, Signing::config());
            $this->assertSame($i === 0 ? 'stored' : 'duplicate', $t->ingest('livekit', $auth, $l['bodies'][0])->details['status']);
            unset($t);  // __destruct closes the database, so the next open sees a clean file
        }
        $v = new Verifier(Signing::config());
        $t = new Tracker($path, Signing::config());
        unset($t, $v);
        foreach (glob($path . '*') as $f) {
            unlink($f);
        }
    }

    public function testVerifierParsesWithoutStoring(): void
    {
        $v = new Verifier(Signing::config());
        $body = Signing::lesson('php-v', 'x')['bodies'][1];
        $parsed = $v->parse('livekit', ['Authorization' => Signing::livekitAuthorization($body)], $body);
        $this->assertSame('participant_joined', $parsed['event']);
        $this->assertSame('student-1', $parsed['events'][0]['identity']);
        self::expectCode(Status::BAD_SIGNATURE, fn () => $v->parse('livekit', ['Authorization' => Signing::livekitAuthorization($body)], $body . ' '));
    }
}
