<?php
// Helper of tests/bindings/php_fpm.sh (plain PHP CLI, no FFI):
//   client.php lesson DIR ROOM SESSION   writes DIR/session.json, DIR/body{1..4}.json and their LiveKit
//                                        Authorization headers DIR/auth{1..4}.txt, plus DIR/forged.txt
//                                        (body1 signed with another secret), using tests/Signing.php
//   client.php env                       prints the LiveKit key and secret lines of the app's .env
//   client.php get FILE PATH             prints the JSON value at PATH (a.b.0.c) of FILE, exit 1 if absent
//   client.php attendance FILE SESSION STUDENT SECONDS
//                                        checks a session report: the session, the student's attended_s
//                                        and the billable seconds; prints what differs, exit 1
declare(strict_types=1);

require dirname(__DIR__, 3) . '/bindings/php/tests/Signing.php';

use Rollcall\Tests\Signing;

function load(string $file): mixed
{
    $text = @file_get_contents($file);
    $value = $text === false ? null : json_decode($text, true);
    if ($value === null) {
        fwrite(STDERR, "not JSON: $file: " . substr((string) $text, 0, 300) . "\n");
        exit(1);
    }
    return $value;
}

$command = $argv[1] ?? '';
if ($command === 'lesson' && $argc === 5) {
    [, , $dir, $room, $session] = $argv;
    $l = Signing::lesson($room, $session);
    file_put_contents("$dir/session.json", json_encode($l['session']));
    foreach ($l['bodies'] as $i => $body) {
        file_put_contents("$dir/body" . ($i + 1) . '.json', $body);
        file_put_contents("$dir/auth" . ($i + 1) . '.txt', Signing::livekitAuthorization($body));
    }
    file_put_contents("$dir/forged.txt", Signing::livekitAuthorization($l['bodies'][0], 'not-the-secret-0123456789abcdefghijk'));
    exit(0);
}
if ($command === 'env' && $argc === 2) {
    echo 'LIVEKIT_API_KEY=', Signing::LK_KEY, "\nLIVEKIT_API_SECRET=", Signing::LK_SECRET, "\n";
    exit(0);
}
if ($command === 'get' && $argc === 4) {
    $value = load($argv[2]);
    foreach (explode('.', $argv[3]) as $key) {
        if (!is_array($value) || !array_key_exists($key, $value)) {
            exit(1);
        }
        $value = $value[$key];
    }
    echo is_array($value) || is_bool($value) || $value === null ? json_encode($value) : (string) $value, "\n";
    exit(0);
}
if ($command === 'attendance' && $argc === 6) {
    [, , $file, $session, $student, $seconds] = $argv;
    $report = load($file);
    $s = $report['sessions'][0] ?? [];
    $errors = [];
    if (($s['session_id'] ?? null) !== $session) {
        $errors[] = 'session_id ' . json_encode($s['session_id'] ?? null);
    }
    $p = array_values(array_filter($s['participants'] ?? [], static fn ($p) => ($p['participant_id'] ?? '') === $student));
    if (($p[0]['attended_s'] ?? null) !== (int) $seconds) {
        $errors[] = "$student attended_s " . json_encode($p[0]['attended_s'] ?? null);
    }
    if (($s['billing']['billable_s'] ?? null) !== (int) $seconds) {
        $errors[] = 'billable_s ' . json_encode($s['billing']['billable_s'] ?? null);
    }
    if ($errors !== []) {
        echo implode(', ', $errors), " (expected $seconds)\n";
        exit(1);
    }
    exit(0);
}
fwrite(STDERR, "usage: client.php lesson DIR ROOM SESSION | env | get FILE PATH | attendance FILE SESSION STUDENT SECONDS\n");
exit(64);
