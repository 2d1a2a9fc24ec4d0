<?php
declare(strict_types=1);

namespace Rollcall\Tests\Laravel;

final class BootTest extends LaravelTestCase
{
    public function testTheProviderRegistersRoutesAndCommands(): void
    {
        $router = $this->app->make('router');
        $router->getRoutes()->refreshNameLookups();
        $this->assertNotNull($router->getRoutes()->getByName('rollcall.webhook'));
        $commands = array_keys($this->app->make(\Illuminate\Contracts\Console\Kernel::class)->all());
        $this->assertContains('rollcall:sweep', $commands);
        $this->assertContains('rollcall:report', $commands);
        // Unknown platforms are not routed.
        $this->assertSame(404, $this->post('/rollcall/webhooks/teams', '{}', [])->getStatusCode());
    }

    public function testTheSweepIsScheduledEveryMinuteWithoutOverlappingOnOneServer(): void
    {
        $schedule = $this->app->make(\Illuminate\Console\Scheduling\Schedule::class);
        $events = array_filter($schedule->events(), static fn ($e) => str_contains($e->command ?? '', 'rollcall:sweep'));
        $this->assertCount(1, $events);
        $event = array_values($events)[0];
        $this->assertSame('* * * * *', $event->expression);
        $this->assertTrue($event->withoutOverlapping);
        $this->assertSame(10, $event->expiresAt);
        $this->assertTrue($event->onOneServer);
    }

    public function testTheStorageSectionReachesTheTracker(): void
    {
        $config = \Rollcall\Laravel\RollcallServiceProvider::trackerConfig(['storage' => ['synchronous' => 'normal']]);
        $this->assertSame(['synchronous' => 'normal'], $config['storage']);
        $db = $this->basePath() . '/storage-section.sqlite';
        (new \Rollcall\Tracker($db, $config))->close();
        // A value rollcall does not know is refused by the library itself, naming the key.
        try {
            new \Rollcall\Tracker($db, \Rollcall\Laravel\RollcallServiceProvider::trackerConfig(['storage' => ['synchronous' => 'off']]));
            $this->fail('an unknown synchronous mode was accepted');
        } catch (\Rollcall\RollcallException $e) {
            $this->assertStringContainsString('storage.synchronous', $e->getMessage());
        }
    }

    public function testTheConfigurationIsPublishable(): void
    {
        unlink($this->basePath() . '/config/rollcall.php');
        // Laravel's own vendor:publish, as a host application has it (ArtisanServiceProvider).
        $this->app->make(\Illuminate\Contracts\Console\Kernel::class)
            ->registerCommand($this->app->make(\Illuminate\Foundation\Console\VendorPublishCommand::class));
        [$code, $output] = $this->artisan('vendor:publish', ['--tag' => 'rollcall-config']);
        $this->assertSame(0, $code, $output);
        $published = $this->basePath() . '/config/rollcall.php';
        $this->assertFileEquals(dirname(__DIR__, 2) . '/config/rollcall.php', $published);
        // Secrets are read from the environment, never written into the file.
        $this->assertStringContainsString("env('LIVEKIT_API_SECRET'", file_get_contents($published));
    }
}
