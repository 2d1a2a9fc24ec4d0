<?php
declare(strict_types=1);

namespace Rollcall\Laravel;

use Illuminate\Console\Scheduling\Schedule;
use Illuminate\Support\ServiceProvider;
use Rollcall\Library;
use Rollcall\Tracker;

/**
 * Registers the tracker as a singleton (one database connection per PHP worker), the webhook routes,
 * the artisan commands and the publishable configuration.
 */
final class RollcallServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(__DIR__ . '/../../config/rollcall.php', 'rollcall');
        $this->app->singleton(Tracker::class, static function ($app): Tracker {
            $config = $app['config']->get('rollcall');
            Library::configure($config['library'] ?? null, $config['ffi_header'] ?? null);
            $location = DatabaseLocation::fromConfig($config, (array) $app['config']->get('database.connections', []));
            return new Tracker($location, self::trackerConfig($config));
        });
        $this->app->alias(Tracker::class, 'rollcall');
        $this->app->singleton(ChangeDispatcher::class, static function ($app): ChangeDispatcher {
            return new ChangeDispatcher($app->make(Tracker::class), $app['events'],
                (string) $app['config']->get('rollcall.changes.consumer', 'laravel'));
        });
    }

    public function boot(): void
    {
        $this->publishes([__DIR__ . '/../../config/rollcall.php' => $this->app->configPath('rollcall.php')], 'rollcall-config');
        if ($this->app['config']->get('rollcall.routes.enabled', true)) {
            $this->loadRoutesFrom(__DIR__ . '/../../routes/rollcall.php');
        }
        if ($this->app->runningInConsole()) {
            $this->commands([Console\SweepCommand::class, Console\ReportCommand::class]);
        }
        if ($this->app['config']->get('rollcall.schedule_sweep', true)) {
            $this->callAfterResolving(Schedule::class, static function (Schedule $schedule): void {
                // One sweep at a time (a stuck one holds the lock for 10 minutes at most, not Laravel's
                // default 24 hours), and on one server of several: both take the lock in the cache,
                // onOneServer in the shared one (database, redis, memcached or dynamodb driver).
                $schedule->command('rollcall:sweep')->everyMinute()->withoutOverlapping(10)->onOneServer();
            });
        }
    }

    /** The tracker configuration (rollcall's JSON form) from the Laravel config: empty sections are left out. */
    public static function trackerConfig(array $config): array
    {
        $out = ['timezone' => (string) ($config['timezone'] ?? 'UTC')];
        $keys = array_filter($config['livekit']['keys'] ?? [], static fn ($secret, $key) => $key !== '' && $secret !== '', ARRAY_FILTER_USE_BOTH);
        if ($keys !== []) {
            $out['livekit'] = ['keys' => $keys, 'leeway_s' => (int) ($config['livekit']['leeway_s'] ?? 60)];
        }
        if (!empty($config['zoom']['secret_token'])) {
            $out['zoom'] = ['secret_token' => (string) $config['zoom']['secret_token'], 'window_s' => (int) ($config['zoom']['window_s'] ?? 300)];
        }
        if (!empty($config['bbb']['shared_secret'])) {
            $out['bbb'] = array_filter([
                'shared_secret' => (string) $config['bbb']['shared_secret'],
                'callback_url' => $config['bbb']['callback_url'] ?? null,
                'checksum_modes' => $config['bbb']['checksum_modes'] ?? null,
            ], static fn ($v) => $v !== null);
        }
        $storage = array_filter($config['storage'] ?? [], static fn ($v) => $v !== null && $v !== '');
        if ($storage !== []) {
            $out['storage'] = $storage;
        }
        $policies = $config['policies'] ?? [];
        if ($policies !== []) {
            $out['policies'] = $policies;
        }
        return $out;
    }
}
