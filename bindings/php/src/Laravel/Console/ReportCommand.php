<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Console;

use Illuminate\Console\Command;
use Rollcall\RollcallException;
use Rollcall\Tracker;

/** `php artisan rollcall:report session ID` / `teacher [ID]` / `trends [ID]`. */
final class ReportCommand extends Command
{
    protected $signature = 'rollcall:report
        {kind : session, teacher or trends}
        {id? : the session id (session) or teacher id (teacher, trends; all teachers when omitted)}
        {--format=json : json or csv}
        {--tz= : IANA time zone (default: the configured one)}
        {--from= : first local date YYYY-MM-DD (inclusive)}
        {--to= : last local date YYYY-MM-DD (inclusive)}
        {--period=month : teacher report buckets: day, week or month}
        {--now= : evaluate at this instant}';
    protected $description = 'Print a rollcall report as JSON or CSV';

    public function handle(Tracker $tracker): int
    {
        $kind = (string) $this->argument('kind');
        $id = $this->argument('id');
        if ($kind === 'session' && ($id === null || $id === '')) {
            $this->error('invalid_argument: a session report needs the session id');
            return 64;
        }
        $options = array_filter([
            'timezone' => $this->option('tz') ?: null,
            'from' => $this->option('from') ?: null,
            'to' => $this->option('to') ?: null,
            'period' => $kind === 'teacher' ? ($this->option('period') ?: null) : null,
            'now' => Time::toMillis($this->option('now')),
        ], static fn ($v) => $v !== null);
        try {
            $text = $tracker->report($kind, $id === null ? null : (string) $id, (string) $this->option('format'), $options);
        } catch (RollcallException $e) {
            $this->error($e->codeName . ': ' . $e->getMessage());
            return 1;
        }
        $this->output->write($text);
        if (!str_ends_with($text, "\n")) {
            $this->output->writeln('');
        }
        return 0;
    }
}
