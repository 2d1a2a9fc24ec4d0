<?php
// Boundary benchmark, PHP side: ingest of every webhook of a workload through PHP FFI
// (Rollcall\Tracker::ingest), median ns per webhook over several passes, each into a fresh ':memory:'
// tracker. Prints one JSON line. Usage: php -d ffi.enable=1 bench_boundary.php WORKLOAD.jsonl
// (ROLLCALL_LIBRARY and ROLLCALL_FFI_HEADER name the library; bench_boundary.sh sets them).
declare(strict_types=1);

require __DIR__ . '/../bindings/php/autoload.php';

$hooks = array_map(static fn ($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents($argv[1]))));
$config = ['livekit' => ['keys' => ['APIwork' => 'workload-secret-0123456789abcdef']]];
$passes = (int) (getenv('ROLLCALL_BENCH_PASSES') ?: 7);
$times = [];
for ($p = 0; $p <= $passes; $p++) {
    $tracker = new Rollcall\Tracker(':memory:', $config);
    $t0 = hrtime(true);
    foreach ($hooks as $h) {
        // What a PHP host does per request: its header array and the raw body.
        if ($tracker->ingest('livekit', $h['headers'], $h['body'])->stored < 1) {
            throw new RuntimeException('not stored');
        }
    }
    $ns = hrtime(true) - $t0;
    unset($tracker);
    if ($p > 0) {
        $times[] = $ns / count($hooks);  // pass 0 warms up
    }
}
sort($times);
echo json_encode(['path' => 'php_ffi_ingest', 'ns_per_webhook' => $times[intdiv(count($times), 2)], 'webhooks' => count($hooks),
    'note' => 'Rollcall\\Tracker::ingest, header array + string body']), "\n";
