<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Console;

use Illuminate\Console\Command;
use Rollcall\RollcallException;
use Rollcall\Tracker;

/** `php artisan rollcall:sweep`: what the scheduler runs every minute. */
final class SweepCommand extends Command
{
    protected $signature = 'rollcall:sweep {--now= : evaluate at this instant (RFC 3339 or Unix ms) instead of the clock}';
    protected $description = 'Advance session lifecycles, close stale connections, time out tracked links';

    public function handle(Tracker $tracker): int
    {
        try {
            $summary = $tracker->sweep(Time::toMillis($this->option('now')));
        } catch (RollcallException $e) {
            $this->error($e->codeName . ': ' . $e->getMessage());
            return 1;
        }
        $this->line(json_encode($summary, JSON_UNESCAPED_SLASHES));
        return 0;
    }
}
