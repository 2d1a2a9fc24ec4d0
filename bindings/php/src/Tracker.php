<?php
declare(strict_types=1);

namespace Rollcall;

use FFI;

/**
 * A rollcall tracker: a database (SQLite file or ":memory:") with its configuration. Mirrors the
 * rollcall_tracker_* / rollcall_session_* / rollcall_link_* / rollcall_report_* functions of the C
 * ABI. Every failure throws RollcallException. The database is closed in __destruct (or close()).
 * Times are Unix milliseconds; null means "now".
 */
final class Tracker
{
    private ?FFI\CData $handle;

    /** @param array|string|null $config configuration as an array or JSON text (docs/c-api.md) */
    public function __construct(string $path = ':memory:', array|string|null $config = null)
    {
        $ffi = Library::ffi();
        $options = $ffi->new('rollcall_open_options');
        $options->version = 1;
        $json = $config === null ? null : (is_string($config) ? $config : self::configJson($config));
        $keep = null;
        if ($json !== null) {
            // A C copy that lives until the call returns (PHP strings are not addressable as fields).
            $keep = self::cString($json);
            $options->config_json = FFI::cast('char*', FFI::addr($keep[0]));
        }
        $out = $ffi->new('rollcall_tracker*');
        Library::check($ffi->rollcall_tracker_open($path, FFI::addr($options), FFI::addr($out)));
        $this->handle = $out;
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Closes the database now; later calls throw. */
    public function close(): void
    {
        if ($this->handle !== null) {
            Library::ffi()->rollcall_tracker_free($this->handle);
            $this->handle = null;
        }
    }

    /**
     * Verifies, parses and stores one webhook. Rejections (bad signature, malformed payload) throw.
     * @param array<string,string|string[]>|string $headers header map or "Name: value" lines
     */
    public function ingest(string $platform, array|string $headers, string $body, ?string $requestUrl = null, ?int $nowMs = null): IngestResult
    {
        $ffi = Library::ffi();
        $block = self::headerBlock($headers);
        $out = $ffi->new('rollcall_ingest_result*');
        [$options, $keep] = self::requestOptions($requestUrl, $nowMs);
        Library::check($ffi->rollcall_tracker_ingest($this->h(), $platform, $block, strlen($block), $body, strlen($body),
            $options, FFI::addr($out)));
        unset($keep);
        try {
            $details = json_decode($ffi->rollcall_ingest_result_json($out), true, 512, JSON_THROW_ON_ERROR);
            return new IngestResult($details['event'], $details['stored'], $details['duplicates'], $details['response'], $details);
        } finally {
            $ffi->rollcall_ingest_result_free($out);
        }
    }

    /** Creates a session. */
    public function createSession(array|string $session): void
    {
        $json = self::json($session);
        Library::check(Library::ffi()->rollcall_session_create($this->h(), $json, strlen($json)));
    }

    /** Updates a session (its status and history stay). */
    public function updateSession(array|string $session): void
    {
        $json = self::json($session);
        Library::check(Library::ffi()->rollcall_session_update($this->h(), $json, strlen($json)));
    }

    /** Updates the session, or creates it when its id is unknown (an upsert for booking systems). */
    public function putSession(array|string $session): void
    {
        try {
            $this->updateSession($session);
        } catch (RollcallException $e) {
            if ($e->getCode() !== Status::NOT_FOUND) {
                throw $e;
            }
            $this->createSession($session);
        }
    }

    /** Host action: "cancel", "mark_absent" or "complete". */
    public function act(string $sessionId, string $action, ?int $atMs = null): void
    {
        Library::check(Library::ffi()->rollcall_session_act($this->h(), $sessionId, $action, self::time($atMs)));
    }

    /** The session with its status, history and current attendance. */
    public function session(string $sessionId, ?int $nowMs = null): array
    {
        $ffi = Library::ffi();
        [$out, $len] = self::outBuffer();
        Library::check($ffi->rollcall_session_get($this->h(), $sessionId, self::time($nowMs), FFI::addr($out), FFI::addr($len)));
        return self::decode(Library::take($out, $len));
    }

    /** Creates a tracked link sent at $atMs; returns it with its new token. */
    public function createLink(array|string $link, ?int $atMs = null): array
    {
        $json = self::json($link);
        [$out, $len] = self::outBuffer();
        Library::check(Library::ffi()->rollcall_link_create($this->h(), $json, strlen($json), self::time($atMs), FFI::addr($out), FFI::addr($len)));
        return self::decode(Library::take($out, $len));
    }

    public function clickLink(string $token, ?int $atMs = null): void
    {
        Library::check(Library::ffi()->rollcall_link_click($this->h(), $token, self::time($atMs)));
    }

    public function heartbeat(string $token, ?int $atMs = null): void
    {
        Library::check(Library::ffi()->rollcall_link_heartbeat($this->h(), $token, self::time($atMs)));
    }

    public function endLink(string $token, ?int $atMs = null): void
    {
        Library::check(Library::ffi()->rollcall_link_end($this->h(), $token, self::time($atMs)));
    }

    /** The link, its status and its duration at $nowMs. */
    public function link(string $token, ?int $nowMs = null): array
    {
        [$out, $len] = self::outBuffer();
        Library::check(Library::ffi()->rollcall_link_get($this->h(), $token, self::time($nowMs), FFI::addr($out), FFI::addr($len)));
        return self::decode(Library::take($out, $len));
    }

    /** Advances lifecycles, closes stale connections, times out links; returns the summary. */
    public function sweep(?int $nowMs = null): array
    {
        [$out, $len] = self::outBuffer();
        Library::check(Library::ffi()->rollcall_tracker_sweep($this->h(), self::time($nowMs), FFI::addr($out), FFI::addr($len)));
        return self::decode(Library::take($out, $len));
    }

    /**
     * A report as text ("json" or "csv").
     * @param string $kind "session" (needs $id), "teacher" or "trends" ($id: a teacher, or null for all)
     * @param array{timezone?:string,from?:string,to?:string,period?:string,now?:int} $options dates are
     *        local "YYYY-MM-DD" (inclusive), period "day"|"week"|"month", now in Unix ms
     */
    public function report(string $kind, ?string $id = null, string $format = 'json', array $options = []): string
    {
        $ffi = Library::ffi();
        $fn = match ($kind) {
            'session' => 'rollcall_report_session',
            'teacher' => 'rollcall_report_teacher',
            'trends' => 'rollcall_report_trends',
            default => throw new RollcallException("report kind '$kind' is not one of session, teacher, trends", Status::INVALID_ARGUMENT, 'invalid_argument'),
        };
        $o = $ffi->new('rollcall_report_options');
        $o->version = 1;
        $o->format = match ($format) {
            'json' => 0,
            'csv' => 1,
            default => throw new RollcallException("report format '$format' is not json or csv", Status::INVALID_ARGUMENT, 'invalid_argument'),
        };
        $keep = [];
        foreach (['timezone', 'from', 'to', 'period'] as $field) {
            if (isset($options[$field])) {
                $keep[] = $c = self::cString((string) $options[$field]);
                $o->$field = FFI::cast('char*', FFI::addr($c[0]));
            }
        }
        $o->now_ms = self::time($options['now'] ?? null);
        [$out, $len] = self::outBuffer();
        Library::check($ffi->$fn($this->h(), $id, FFI::addr($o), FFI::addr($out), FFI::addr($len)));
        unset($keep);
        return Library::take($out, $len);
    }

    /** A JSON report decoded. */
    public function reportArray(string $kind, ?string $id = null, array $options = []): array
    {
        return self::decode($this->report($kind, $id, 'json', $options));
    }

    // ---- helpers shared with Verifier ----

    /** @internal */
    public static function configJson(array $config): string
    {
        return $config === [] ? '{}' : json_encode($config, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
    }

    /**
     * "Name: value" lines from a header map (values may be lists, as Symfony's HeaderBag gives them).
     * @internal
     */
    public static function headerBlock(array|string $headers): string
    {
        if (is_string($headers)) {
            return $headers;
        }
        $block = '';
        foreach ($headers as $name => $values) {
            foreach ((array) $values as $value) {
                $block .= $name . ': ' . str_replace(["\r", "\n"], ' ', (string) $value) . "\n";
            }
        }
        return $block;
    }

    /**
     * The rollcall_request_options pointer (or null) and the CData objects that must stay alive
     * until the call returns.
     * @internal
     * @return array{0: ?FFI\CData, 1: array}
     */
    public static function requestOptions(?string $requestUrl, ?int $nowMs): array
    {
        if ($requestUrl === null && $nowMs === null) {
            return [null, []];
        }
        $o = Library::ffi()->new('rollcall_request_options');
        $o->version = 1;
        $o->now_ms = self::time($nowMs);
        $keep = [$o];
        if ($requestUrl !== null) {
            $keep[] = $url = self::cString($requestUrl);
            $o->request_url = FFI::cast('char*', FFI::addr($url[0]));
        }
        return [FFI::addr($o), $keep];
    }

    private function h(): FFI\CData
    {
        if ($this->handle === null) {
            throw new RollcallException('the tracker is closed', Status::INVALID_ARGUMENT, 'invalid_argument');
        }
        return $this->handle;
    }

    private static function time(?int $ms): int
    {
        return $ms ?? PHP_INT_MIN;  // ROLLCALL_NOW
    }

    /** @return array{0: FFI\CData, 1: FFI\CData} */
    private static function outBuffer(): array
    {
        $ffi = Library::ffi();
        return [$ffi->new('char*'), $ffi->new('size_t')];
    }

    /** @internal A NUL-terminated C copy, freed with the returned object. */
    public static function cString(string $s): FFI\CData
    {
        $c = Library::ffi()->new('char[' . (strlen($s) + 1) . ']');
        FFI::memcpy($c, $s, strlen($s));
        $c[strlen($s)] = "\0";
        return $c;
    }

    private static function json(array|string $value): string
    {
        return is_string($value) ? $value : json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
    }

    private static function decode(string $json): array
    {
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }
}
