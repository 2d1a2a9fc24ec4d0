<?php
// Boundary benchmark, PHP side: ingest of every webhook of a workload through PHP FFI
// (Rollcall\Tracker::ingest), best ns per webhook over several passes, each into a fresh ':memory:'
// tracker. Prints one JSON line. Usage: php -d ffi.enable=1 bench_boundary.php WORKLOAD.jsonl
// (ROLLCALL_LIBRARY and ROLLCALL_FFI_HEADER name the library; bench_boundary.sh sets them).
declare(strict_types=1);

require __DIR__ . '/../bindings/php/autoload.php';

$hooks = array_map(static fn ($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents($argv[1]))));
$config = ['livekit' => ['keys' => ['APIwork' => 'workload-secret-0123456789abcdef']]];
$passes = (int) (getenv('ROLLCALL_BENCH_PASSES') ?: 7);
$times = [];
$cpu = [];
$cpuNs = static function (): int {
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1_000_000_000 + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1000;
};
for ($p = 0; $p <= $passes; $p++) {
    $tracker = new Rollcall\Tracker(':memory:', $config);
    $c0 = $cpuNs();
    $t0 = hrtime(true);
    foreach ($hooks as $h) {
        // What a PHP host does per request: its header array and the raw body.
        if ($tracker->ingest('livekit', $h['headers'], $h['body'])->eventsStored < 1) {
            throw new RuntimeException('not stored');
        }
    }
    $ns = hrtime(true) - $t0;
    $cns = $cpuNs() - $c0;
    unset($tracker);
    if ($p > 0) {
        $times[] = $ns / count($hooks);  // pass 0 warms up
        $cpu[] = $cns / count($hooks);
    }
}
echo json_encode(['path' => 'php_ffi_ingest', 'ns_per_webhook' => min($times), 'cpu_ns_per_webhook' => min($cpu), 'webhooks' => count($hooks),
    'note' => 'Rollcall\\Tracker::ingest, header array + string body']), "\n";
