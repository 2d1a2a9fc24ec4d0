<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Console;

use Illuminate\Console\Command;
use Rollcall\Laravel\ChangeDispatcher;
use Rollcall\RollcallException;
use Rollcall\Tracker;

/**
 * `php artisan rollcall:sweep`: what the scheduler runs every minute. Afterwards the changes it (and
 * anything else) made are dispatched as Laravel events (Rollcall\Laravel\Events\*), each once
 * across all servers.
 */
final class SweepCommand extends Command
{
    protected $signature = 'rollcall:sweep {--now= : evaluate at this instant (RFC 3339 or Unix ms) instead of the clock}';
    protected $description = 'Advance session lifecycles, close stale connections, time out tracked links';

    public function handle(Tracker $tracker, ChangeDispatcher $changes): int
    {
        try {
            $summary = $tracker->sweep(Time::toMillis($this->option('now')));
            if (config('rollcall.changes.dispatch', true)) {
                $summary['events_dispatched'] = $changes->dispatchPending();
            }
        } catch (RollcallException $e) {
            $this->error($e->codeName . ': ' . $e->getMessage());
            return 1;
        }
        $this->line(json_encode($summary, JSON_UNESCAPED_SLASHES));
        return 0;
    }
}
