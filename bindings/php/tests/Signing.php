<?php
declare(strict_types=1);

namespace Rollcall\Tests;

/** Signs test webhooks the way the platforms do (LiveKit JWT with the body's sha256, Zoom HMAC). */
final class Signing
{
    public const LK_KEY = 'APIphptest';
    public const LK_SECRET = 'php-test-secret-0123456789abcdefghijkl';
    public const ZOOM_SECRET = 'zoom_secret_token_example';

    public static function config(): array
    {
        return [
            'livekit' => ['keys' => [self::LK_KEY => self::LK_SECRET]],
            'zoom' => ['secret_token' => self::ZOOM_SECRET],
            'timezone' => 'UTC',
        ];
    }

    private static function b64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /** The Authorization header LiveKit sends: an HS256 JWT whose sha256 claim is base64(sha256(body)). */
    public static function livekitAuthorization(string $body, string $secret = self::LK_SECRET): string
    {
        $now = time();
        $header = self::b64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
        $claims = self::b64url(json_encode(['iss' => self::LK_KEY, 'nbf' => $now, 'iat' => $now, 'exp' => $now + 600,
            'sha256' => base64_encode(hash('sha256', $body, true))]));
        return "$header.$claims." . self::b64url(hash_hmac('sha256', "$header.$claims", $secret, true));
    }

    /** Zoom headers for a body signed now. */
    public static function zoomHeaders(string $body): array
    {
        $ts = (string) time();
        return ['x-zm-request-timestamp' => $ts, 'x-zm-signature' => 'v0=' . hash_hmac('sha256', "v0:$ts:$body", self::ZOOM_SECRET)];
    }

    /** A lesson that ended a few minutes ago: the session and the four LiveKit webhook bodies. */
    public static function lesson(string $room, string $sessionId): array
    {
        $start = time() - 3600;
        $roomInfo = ['sid' => "RM_$room", 'name' => $room];
        $part = static fn (string $id, string $sid, int $joined) => ['sid' => $sid, 'identity' => $id, 'name' => $id, 'joinedAt' => (string) $joined];
        return [
            'session' => ['id' => $sessionId, 'type' => 'academic', 'teacher' => 'teacher-1', 'students' => ['student-1'],
                'scheduled_start' => $start * 1000, 'scheduled_end' => ($start + 3000) * 1000, 'rooms' => [$room]],
            'now' => time() * 1000,
            'bodies' => array_map('json_encode', [
                ['event' => 'participant_joined', 'room' => $roomInfo, 'participant' => $part('teacher-1', 'PA_t', $start), 'id' => "$room-1", 'createdAt' => (string) $start],
                ['event' => 'participant_joined', 'room' => $roomInfo, 'participant' => $part('student-1', 'PA_s', $start + 60), 'id' => "$room-2", 'createdAt' => (string) ($start + 60)],
                ['event' => 'participant_left', 'room' => $roomInfo, 'participant' => $part('student-1', 'PA_s', $start + 60), 'id' => "$room-3", 'createdAt' => (string) ($start + 2760)],
                ['event' => 'participant_left', 'room' => $roomInfo, 'participant' => $part('teacher-1', 'PA_t', $start), 'id' => "$room-4", 'createdAt' => (string) ($start + 3000)],
            ]),
        ];
    }
}
