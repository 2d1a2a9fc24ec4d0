<?php
// rollcall from plain PHP through FFI (no framework, no Composer):
//   ROLLCALL_LIBRARY=/usr/local/lib/librollcall.so.0 ROLLCALL_FFI_HEADER=/usr/local/share/rollcall/rollcall_ffi.h \
//   php -d ffi.enable=1 examples/php/plain.php [DATABASE]
// It schedules a lesson, receives LiveKit webhooks (signed here the way LiveKit signs them), and prints
// the lesson's attendance report as CSV.
declare(strict_types=1);

require __DIR__ . '/../../bindings/php/autoload.php';

use Rollcall\RollcallException;
use Rollcall\Tracker;

const KEY = 'APIexample';
const SECRET = 'example-secret-0123456789abcdefghijklm';

// What LiveKit sends: an HS256 JWT in Authorization whose sha256 claim is the body's hash.
function livekit_authorization(string $body): string
{
    $b64 = static fn (string $s) => rtrim(strtr(base64_encode($s), '+/', '-_'), '=');
    $h = $b64(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
    $c = $b64(json_encode(['iss' => KEY, 'nbf' => time(), 'exp' => time() + 600, 'sha256' => base64_encode(hash('sha256', $body, true))]));
    return "$h.$c." . $b64(hash_hmac('sha256', "$h.$c", SECRET, true));
}

echo 'rollcall ', Rollcall\Library::version(), "\n";
$tracker = new Tracker($argv[1] ?? ':memory:', ['livekit' => ['keys' => [KEY => SECRET]], 'timezone' => 'Asia/Riyadh']);

$start = time() - 3600;
$tracker->putSession(['id' => 'lesson-7', 'type' => 'academic', 'teacher' => 'teacher-1', 'students' => ['student-1'],
    'scheduled_start' => $start * 1000, 'scheduled_end' => ($start + 2700) * 1000, 'rooms' => ['academic_lesson-7']]);

$room = ['sid' => 'RM_7', 'name' => 'academic_lesson-7'];
$events = [
    ['participant_joined', 'teacher-1', 'PA_t', 0], ['participant_joined', 'student-1', 'PA_s', 240],
    ['participant_left', 'student-1', 'PA_s', 2600], ['participant_left', 'teacher-1', 'PA_t', 2700],
];
foreach ($events as $i => [$event, $who, $sid, $offset]) {
    $joinedAt = $who === 'teacher-1' ? $start : $start + 240;
    $body = json_encode(['event' => $event, 'room' => $room, 'id' => "EV_$i", 'createdAt' => (string) ($start + $offset),
        'participant' => ['sid' => $sid, 'identity' => $who, 'name' => $who, 'joinedAt' => (string) $joinedAt]]);
    try {
        $result = $tracker->ingest('livekit', ['Authorization' => livekit_authorization($body)], $body);
        printf("%-20s stored %d, duplicates %d\n", $result->event, $result->eventsStored, $result->eventsDuplicate);
    } catch (RollcallException $e) {
        // A host answers 401/400 here; the code says why (bad_signature, malformed_input, ...).
        printf("rejected: %s (%s)\n", $e->codeName, $e->getMessage());
    }
}
echo $tracker->report('session', 'lesson-7', 'csv');
