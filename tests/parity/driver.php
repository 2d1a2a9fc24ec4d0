<?php
// The parity flow through the PHP binding's named methods (tests/parity/run.py runs it). PHP decodes
// JSON objects into arrays, where an empty object and an empty list look alike; so each step's named
// method is checked against the decoded text of the same call, and that text is what is compared.
// usage: php driver.php DB CONFIG CAPTURE FLOW OUT
declare(strict_types=1);

require __DIR__ . '/../../bindings/php/autoload.php';

use Rollcall\Library;
use Rollcall\Tracker;

[, $db, $configPath, $capturePath, $flowPath, $out] = $argv;
$flow = json_decode(file_get_contents($flowPath), true, 512, JSON_THROW_ON_ERROR);
$capture = array_map(static fn ($l) => json_decode($l, true, 512, JSON_THROW_ON_ERROR),
    array_values(array_filter(explode("\n", file_get_contents($capturePath)), static fn ($l) => trim($l) !== '')));
$t = new Tracker($db, file_get_contents($configPath));
$token = '$token';

$ms = static fn (string $rfc3339): int => (int) round((float) (new DateTimeImmutable($rfc3339))->format('U.u') * 1000);
$report = static function (string $kind, string $idKey) use ($t): Closure {
    return static function (array $p) use ($t, $kind, $idKey): string {
        $id = $p[$idKey] ?? null;
        $format = $p['format'] ?? 'json';
        unset($p[$idKey], $p['format']);
        return $t->report($kind, $id, $format, $p);
    };
};
$steps = [
    'sessions.create' => fn ($p) => $t->createSessions($p['sessions'], $p['now']),
    'sweep' => fn ($p) => $t->sweep($p['now']),
    'sessions.act' => fn ($p) => $t->act($p['id'], $p['action'], $p['now'], $p['chargeable'] ?? false),
    'sessions.link' => fn ($p) => $t->linkRooms($p['id'], $p['rooms']),
    'sessions.get' => fn ($p) => $t->session($p['id'], $p['now']),
    'sessions.list' => fn ($p) => ($p['report_due'] ?? false) ? $t->reportsDue($p['delay_s'], $p['now']) : $t->sessions($p),
    'packages.usage' => fn ($p) => $t->packageUsage($p['package']),
    'links.create' => function ($p) use ($t, &$token) {
        $l = $t->createLink($p['link'], $p['now']);
        $token = $l['token'];
        return $l;
    },
    // Closures, not arrow functions: the token is read when the step runs, not when it was defined.
    'links.click' => function ($p) use ($t, &$token) { return $t->clickLink($token, $p['now']); },
    'links.heartbeat' => function ($p) use ($t, &$token) { return $t->heartbeat($token, $p['now']); },
    'links.end' => function ($p) use ($t, &$token) { return $t->endLink($token, $p['now']); },
    'links.get' => function ($p) use ($t, &$token) { return $t->link($token, $p['now']); },
    'links.list' => fn ($p) => $t->links($p),
    'reports.session' => $report('session', 'session'),
    'reports.teacher' => $report('teacher', 'teacher'),
    'reports.trends' => $report('trends', 'teacher'),
    'reports.links' => $report('links', 'teacher'),
    'stats' => fn ($p) => $t->stats(),
    'changes' => fn ($p) => $t->changes($p['after'], $p['limit']),
    'ingest.snapshot' => fn ($p) => $t->ingestSnapshot($p['platform'], $p['body'], $p['at'], $p['room'] ?? null),
    'identities.add' => fn ($p) => $t->identitiesAdd($p['person'], $p['kind'], $p['value'], $p['session_id'] ?? null),
    'identities.list' => fn ($p) => $t->identitiesList($p),
    'identities.remove' => fn ($p) => $t->identitiesRemove($p['kind'], $p['value'], $p['session_id'] ?? null),
    'ingest.zoom_report' => fn ($p) => $t->ingestZoomReport($p['meeting'], $p['pages'], null, $p['received_at'], $p['now']),
    'sessions.replay' => fn ($p) => $t->replayStored(['id' => $p['id']], $p['now']),
];
$write = static fn (string $name, string $text) => file_put_contents("$out/$name.txt", $text);

foreach ($flow['steps'] as $step) {
    $p = $step['params'] ?? [];
    $m = $step['method'];
    if ($m === 'ingest') {
        $results = [];
        foreach ($capture as $l) {
            $results[] = json_encode($t->ingest($l['platform'], $l['headers'], $l['body'], $l['request_url'] ?? null, $ms($l['received_at']))->details,
                JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        }
        $write($step['name'], '[' . implode(',', $results) . ']');
        continue;
    }
    if ($m === 'evaluate') {
        $text = Library::evaluateJson($p);
        if (Library::evaluate($p) !== json_decode($text, true)) {
            throw new RuntimeException('evaluate: the decoded answer differs from the text');
        }
        $write($step['name'], $text);
        continue;
    }
    $named = $steps[$m]($p);
    if (is_string($named)) {  // a report: text as the library wrote it
        $write($step['name'], $named);
        continue;
    }
    // The text of the same call, after the named method ran (reads only, or a repeat of a write
    // would change the database: for writes, compare against the state the named call left).
    $params = str_replace('$token', $token, json_encode($p, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
    $readBack = match ($m) {
        'sessions.create', 'sessions.act', 'sessions.link', 'ingest.snapshot', 'ingest.zoom_report', 'identities.add',
        'identities.remove' => null,
        'links.create', 'links.click', 'links.heartbeat', 'links.end' => ['links.get', ['token' => $token, 'now' => $p['now']]],
        'sweep' => null,
        default => [$m, json_decode($params, true)],
    };
    if ($readBack === null) {
        $write($step['name'], json_encode($named, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
        continue;
    }
    $text = $t->callJson($readBack[0], $readBack[1]);
    if (json_decode($text, true) !== $named) {
        throw new RuntimeException("{$step['name']}: the named method's answer differs from the text of the same call");
    }
    $write($step['name'], $text);
}
$t->close();
