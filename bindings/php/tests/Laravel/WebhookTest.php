<?php
declare(strict_types=1);

namespace Rollcall\Tests\Laravel;

use Rollcall\Laravel\Events\ParticipantStatusFinal;
use Rollcall\Laravel\Events\ChangeEvent;
use Rollcall\Laravel\Events\RollcallChange;
use Rollcall\Laravel\Events\SessionStatusChanged;
use Rollcall\Laravel\Facades\Rollcall;
use Rollcall\Tests\Signing;
use Rollcall\Tracker;

/** Signed webhooks through a real Illuminate HTTP kernel, reports back through artisan and the facade. */
final class WebhookTest extends LaravelTestCase
{
    private array $bbb;

    protected function rollcallConfig(): array
    {
        $this->bbb = json_decode(file_get_contents(ROLLCALL_REPO . '/tests/fixtures/bbb/checksums.json'), true)['vectors'][1];
        return [
            'livekit' => ['keys' => [Signing::LK_KEY => Signing::LK_SECRET]],
            'zoom' => ['secret_token' => Signing::ZOOM_SECRET],
            'bbb' => ['shared_secret' => $this->bbb['shared_secret'], 'callback_url' => $this->bbb['callback_url']],
        ];
    }

    public function testTheTrackerIsASingleton(): void
    {
        $this->assertSame($this->app->make(Tracker::class), $this->app->make('rollcall'));
        $this->assertSame($this->app->make(Tracker::class), Rollcall::getFacadeRoot());
    }

    public function testSignedWebhooksOfTheThreePlatformsAndTheReports(): void
    {
        $l = Signing::lesson('laravel-room', 'sess-laravel');
        Rollcall::createSession($l['session']);

        foreach ($l['bodies'] as $body) {
            $response = $this->post('/rollcall/webhooks/livekit', $body, [
                'Authorization' => Signing::livekitAuthorization($body), 'Content-Type' => 'application/webhook+json']);
            $this->assertSame(200, $response->getStatusCode(), $response->getContent());
            $this->assertSame(1, json_decode($response->getContent(), true)['events_stored']);
        }
        // A replay is acknowledged and stores nothing; a forged one is refused with its code.
        $replay = $this->post('/rollcall/webhooks/livekit', $l['bodies'][0], ['Authorization' => Signing::livekitAuthorization($l['bodies'][0])]);
        $this->assertSame(0, json_decode($replay->getContent(), true)['events_stored']);
        $forged = $this->post('/rollcall/webhooks/livekit', $l['bodies'][0], [
            'Authorization' => Signing::livekitAuthorization($l['bodies'][0], 'not-the-secret-0123456789abcdefghijk')]);
        $this->assertSame(401, $forged->getStatusCode());
        $this->assertSame('bad_signature', json_decode($forged->getContent(), true)['error']);

        // Zoom's URL validation is answered.
        $zoom = json_encode(['event' => 'endpoint.url_validation', 'payload' => ['plainToken' => 'tok-42'], 'event_ts' => time() * 1000]);
        $response = $this->post('/rollcall/webhooks/zoom', $zoom, Signing::zoomHeaders($zoom));
        $this->assertSame(200, $response->getStatusCode(), $response->getContent());
        $this->assertSame(['plainToken' => 'tok-42', 'encryptedToken' => hash_hmac('sha256', 'tok-42', Signing::ZOOM_SECRET)],
            json_decode($response->getContent(), true));

        // BigBlueButton v3.4+ callback: checksum in the URL over callback URL + body + secret.
        $form = file_get_contents(ROLLCALL_REPO . '/tests/fixtures/' . $this->bbb['form_file']);
        $response = $this->post('/rollcall/webhooks/bbb?checksum=' . $this->bbb['checksum'], $form, ['Content-Type' => 'application/x-www-form-urlencoded']);
        $this->assertSame(200, $response->getStatusCode(), $response->getContent());
        $this->assertSame('user-joined', json_decode($response->getContent(), true)['event']);
        $bad = $this->post('/rollcall/webhooks/bbb?checksum=' . str_repeat('0', 64), $form, ['Content-Type' => 'application/x-www-form-urlencoded']);
        $this->assertSame(401, $bad->getStatusCode());

        // Reports through artisan and the facade.
        [$code, $output] = $this->artisan('rollcall:report', ['kind' => 'session', 'id' => 'sess-laravel']);
        $this->assertSame(0, $code, $output);
        $report = json_decode($output, true, 512, JSON_THROW_ON_ERROR);
        $this->assertStringContainsString('student-1', json_encode($report));
        [$code, $csv] = $this->artisan('rollcall:report', ['kind' => 'session', 'id' => 'sess-laravel', '--format' => 'csv', '--tz' => 'Asia/Riyadh']);
        $this->assertSame(0, $code);
        $this->assertStringContainsString('+03:00', $csv);
        [$code, $teacher] = $this->artisan('rollcall:report', ['kind' => 'teacher', 'id' => 'teacher-1', '--from' => date('Y-m-d', time() - 86400)]);
        $this->assertSame(0, $code, $teacher);
        $this->assertStringContainsString('teacher-1', $teacher);
        [$code, $missing] = $this->artisan('rollcall:report', ['kind' => 'session', 'id' => 'ghost']);
        $this->assertSame(1, $code);
        $this->assertStringContainsString('not_found', $missing);
        $session = Rollcall::session('sess-laravel', $l['now']);
        $this->assertSame(2700, $session['evaluation']['participants']['student-1']['attended_s']);

        // The scheduler's sweep moves the ended session on, and its changes become Laravel events.
        $seen = [];
        $this->app['events']->listen(ChangeEvent::class, static function (RollcallChange $e) use (&$seen): void {
            $seen[] = $e;
        });
        [$code, $sweep] = $this->artisan('rollcall:sweep', ['--now' => (string) (time() * 1000 + 7200 * 1000)]);
        $this->assertSame(0, $code, $sweep);
        $summary = json_decode($sweep, true);
        $this->assertContains('sess-laravel', $summary['changed']);
        $this->assertSame('completed', Rollcall::session('sess-laravel')['session']['status']);
        $this->assertSame(count($seen), $summary['events_dispatched']);
        $moves = array_values(array_filter($seen, static fn ($e) => $e instanceof SessionStatusChanged && $e->sessionId === 'sess-laravel'));
        $this->assertSame('completed', end($moves)->to);
        $final = array_values(array_filter($seen, static fn ($e) => $e instanceof ParticipantStatusFinal));
        $this->assertSame(['student-1', 'teacher-1'], array_map(static fn ($e) => $e->participant(), $final));
        $this->assertSame('present', $final[0]->to);
        $seqs = array_map(static fn ($e) => $e->seq, $seen);
        $this->assertSame($seqs, array_values(array_unique($seqs)));

        // A webhook dispatches what changed meanwhile (here a host action), and nothing twice.
        Rollcall::createSession(['id' => 'sess-later', 'type' => 'academic', 'scheduled_start' => '2031-01-01T10:00:00Z', 'scheduled_end' => '2031-01-01T11:00:00Z']);
        Rollcall::act('sess-later', 'cancel');
        $seen = [];
        $body = $l['bodies'][0];
        $this->post('/rollcall/webhooks/livekit', $body, ['Authorization' => Signing::livekitAuthorization($body), 'Content-Type' => 'application/webhook+json']);
        $this->assertCount(1, $seen);
        $this->assertInstanceOf(SessionStatusChanged::class, $seen[0]);
        $this->assertSame(['sess-later', 'scheduled', 'cancelled', 'host_action:cancel'], [$seen[0]->sessionId, $seen[0]->from, $seen[0]->to, $seen[0]->reason]);
    }
}
