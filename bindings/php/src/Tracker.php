<?php
declare(strict_types=1);

namespace Rollcall;

use FFI;

/**
 * A rollcall tracker: a database (SQLite file or ":memory:") with its configuration. Every method
 * runs one method of the application layer (rollcall_tracker_call; docs/json.md), so it answers with
 * the same JSON as the command line and the other bindings. Every failure throws RollcallException.
 * The database is closed in __destruct (or close()). Times are Unix milliseconds; null means "now".
 */
final class Tracker
{
    private ?FFI\CData $handle;
    /** The rollcall_ingest_result* cell ingest() reuses: one FFI allocation less per webhook. */
    private ?FFI\CData $ingestCell = null;

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
            $options->config_json = $ffi->cast('char*', FFI::addr($keep[0]));
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
        $out = $this->ingestCell ??= $ffi->new('rollcall_ingest_result*');
        [$options, $keep] = self::requestOptions($requestUrl, $nowMs);
        Library::check($ffi->rollcall_tracker_ingest($this->h(), $platform, $block, strlen($block), $body, strlen($body),
            $options, FFI::addr($out)));
        unset($keep);
        try {
            // The ingest result of docs/json.md, read through the accessors: this runs once per webhook,
            // and decoding the JSON text cost more than the accessors (tests/parity holds the two equal).
            $details = [
                'status' => $ffi->rollcall_ingest_result_outcome($out) === 1 ? 'duplicate' : 'stored',
                'event' => $ffi->rollcall_ingest_result_event($out),
                'events_stored' => $ffi->rollcall_ingest_result_stored($out),
                'events_duplicate' => $ffi->rollcall_ingest_result_duplicates($out),
                'response' => $ffi->rollcall_ingest_result_response($out),
                'code' => null,
                'message' => null,
            ];
            $rooms = [];
            for ($i = 0, $n = $ffi->rollcall_ingest_result_room_count($out); $i < $n; ++$i) {
                $rooms[] = ['room' => $ffi->rollcall_ingest_result_room($out, $i),
                            'room_alt' => $ffi->rollcall_ingest_result_room_alt($out, $i)];
            }
            if ($rooms !== []) {
                $details['rooms'] = $rooms;
            }
            return new IngestResult($details['status'], $details['event'], $details['events_stored'], $details['events_duplicate'],
                $details['response'], $details);
        } finally {
            $ffi->rollcall_ingest_result_free($out);
        }
    }

    /**
     * Runs one method of the application layer (docs/json.md: "sessions.list", "links.list",
     * "reports.session", "packages.usage", "stats", "changes", ...) with its parameters; returns the
     * decoded JSON answer (a report asked for as CSV or a table comes back as text). Every ability of
     * the command line is reachable here; the named methods below are shorthands for it.
     */
    public function call(string $method, array $params = []): mixed
    {
        $text = $this->callJson($method, $params);
        $format = $params['format'] ?? 'json';
        return $format === 'csv' || $format === 'table' ? $text : self::decode($text);
    }

    /** The same, returning the answer's text exactly as the library wrote it. */
    public function callJson(string $method, array $params = []): string
    {
        $ffi = Library::ffi();
        $json = $params === [] ? '{}' : json_encode($params, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        [$out, $len] = self::outBuffer();
        Library::check($ffi->rollcall_tracker_call($this->h(), $method, $json, strlen($json), FFI::addr($out), FFI::addr($len)));
        return Library::take($out, $len);
    }

    /**
     * Several requests (['platform' => ..., 'headers' => [name => value], 'body' => ..., 'request_url' => ...,
     * 'received_at' => RFC 3339 or Unix ms]) verified, parsed and stored in one transaction; a rejected
     * request is a result with its code, not an exception.
     */
    public function ingestBatch(array $requests, ?int $atMs = null): array
    {
        return $this->call('ingest.batch', self::at(['requests' => array_values($requests)], $atMs));
    }

    /**
     * Stores a room snapshot the host fetched: $platform 'livekit' (RoomService ListParticipants JSON;
     * $room required, the response does not name it) or 'bbb' (getMeetingInfo XML; $room optional and
     * checked), polled at $atMs (Unix ms). Every listed connection has evidence at that instant; an open
     * connection of the room it leaves out closes at its last evidence (reason 'snapshot'). Returns the
     * ingest result array; bad input (malformed, FAILED, an unknown room) throws RollcallException and
     * stores nothing.
     */
    public function ingestSnapshot(string $platform, string $body, int $atMs, ?string $room = null): array
    {
        $params = ['platform' => $platform, 'body' => $body, 'at' => $atMs];
        if ($room !== null) {
            $params['room'] = $room;
        }
        return $this->call('ingest.snapshot', $params);
    }

    /**
     * Zoom participant-report pages (GET /past_meetings/{uuid}/participants, bodies as fetched) for one
     * meeting instance, stored all or none as host-fetched payloads; a batch result, one result per page.
     * $meetingId: the numeric meeting id, when no webhook of the instance arrived (sessions link by it).
     * @param list<string> $pages
     * @throws RollcallException malformed_input, missing_field (a row without join_time), invalid_value
     *         (a page of another meeting, a bad meeting id): nothing stored
     */
    public function ingestZoomReport(string $meetingUuid, array $pages, ?string $meetingId = null,
                                     ?int $receivedAtMs = null, ?int $atMs = null): array
    {
        $params = ['meeting' => $meetingUuid, 'pages' => array_values($pages)];
        if ($meetingId !== null) {
            $params['meeting_id'] = $meetingId;
        }
        if ($receivedAtMs !== null) {
            $params['received_at'] = $receivedAtMs;
        }
        return $this->call('ingest.zoom_report', self::at($params, $atMs));
    }

    /**
     * Zoom meetings that ended at least $delayS seconds (default 600) before $nowMs and have no report
     * stored: [['meeting', 'meeting_id', 'started_at', 'ended_at', 'request_path', 'sessions'], ...].
     */
    public function reportsDue(?int $delayS = null, ?int $nowMs = null): array
    {
        $params = ['report_due' => true];
        if ($delayS !== null) {
            $params['delay_s'] = $delayS;
        }
        return $this->call('sessions.list', self::at($params, $nowMs));
    }

    /** Creates a session; returns its record. */
    public function createSession(array|string $session, ?int $atMs = null): array
    {
        return $this->call('sessions.create', self::at(['sessions' => [self::value($session)]], $atMs))[0];
    }

    /** Creates several sessions, all or nothing; returns their records. */
    public function createSessions(array $sessions, ?int $atMs = null): array
    {
        return $this->call('sessions.create', self::at(['sessions' => $sessions], $atMs));
    }

    /** Updates a session (its status and history stay; rooms are only added); returns its record. */
    public function updateSession(array|string $session, ?int $atMs = null): array
    {
        return $this->call('sessions.update', self::at(['sessions' => [self::value($session)]], $atMs))[0];
    }

    /** Updates the session, or creates it when its id is unknown (an upsert for booking systems). */
    public function putSession(array|string $session): array
    {
        try {
            return $this->updateSession($session);
        } catch (RollcallException $e) {
            if ($e->getCode() !== Status::NOT_FOUND) {
                throw $e;
            }
            return $this->createSession($session);
        }
    }

    /**
     * Sessions by scheduled start.
     * @param array{teacher?:string,type?:string,status?:string,from?:string|int,to?:string|int,open?:bool} $filter
     */
    public function sessions(array $filter = []): array
    {
        return $this->call('sessions.list', $filter);
    }

    /** ['session' => the stored record, 'evaluation' => attendance, status and billing at $nowMs]. */
    public function session(string $sessionId, ?int $nowMs = null): array
    {
        return $this->call('sessions.get', self::at(['id' => $sessionId], $nowMs));
    }

    /**
     * Deterministic replay (SPEC §8): the sessions ['id' => ...] or ['teacher', 'type', 'from', 'to']
     * select (default: all) evaluated at $nowMs from their stored raw payloads parsed again, beside their
     * stored events: ['sessions' => [['id', 'agrees', 'payloads', 'host_events', 'failures',
     * 'differences', 'evaluation'], ...], 'agree' => n, 'differ' => n].
     */
    public function replayStored(array $filter = [], ?int $nowMs = null): array
    {
        return $this->call('sessions.replay', self::at($filter, $nowMs));
    }

    /**
     * Host action: "cancel", "mark_absent" or "complete"; returns the session's record. $chargeable with
     * "cancel": a late cancellation, counted against the package and billed (SPEC §5).
     */
    public function act(string $sessionId, string $action, ?int $atMs = null, bool $chargeable = false): array
    {
        $params = ['id' => $sessionId, 'action' => $action];
        if ($chargeable) {
            $params['chargeable'] = true;
        }
        return $this->call('sessions.act', self::at($params, $atMs));
    }

    /** Links rooms to a session (or Zoom meetings: 'zoom:81187927959' or a join URL); returns its record. */
    public function linkRooms(string $sessionId, array $rooms): array
    {
        return $this->call('sessions.link', ['id' => $sessionId, 'rooms' => array_values($rooms)]);
    }

    /** ['package', 'count', 'sessions']: the sessions counted against a package. */
    public function packageUsage(string $package): array
    {
        return $this->call('packages.usage', ['package' => $package]);
    }

    /** Creates a tracked link sent at $atMs; returns it with its new token. */
    public function createLink(array|string $link, ?int $atMs = null): array
    {
        return $this->call('links.create', self::at(['link' => self::value($link)], $atMs));
    }

    public function clickLink(string $token, ?int $atMs = null): array
    {
        return $this->call('links.click', self::at(['token' => $token], $atMs));
    }

    public function heartbeat(string $token, ?int $atMs = null): array
    {
        return $this->call('links.heartbeat', self::at(['token' => $token], $atMs));
    }

    public function endLink(string $token, ?int $atMs = null): array
    {
        return $this->call('links.end', self::at(['token' => $token], $atMs));
    }

    /** The link, its status and its duration at $nowMs. */
    public function link(string $token, ?int $nowMs = null): array
    {
        return $this->call('links.get', self::at(['token' => $token], $nowMs));
    }

    /**
     * Links by sent time, each at "now".
     * @param array{teacher?:string,student?:string,status?:string,session_id?:string,from?:string|int,to?:string|int,now?:string|int} $filter
     */
    public function links(array $filter = []): array
    {
        return $this->call('links.list', $filter);
    }

    /**
     * Maps a platform key to one of your people (SPEC §11, docs/identity.md), globally or in one
     * session; applies at every later evaluation, so reports of past sessions change.
     * @param string $kind email, name, zoom_user_id, zoom_registrant_id, bbb_user_id or identity
     * @return array{alias:array{person:string,kind:string,value:string,session_id:?string},added:bool}
     * @throws RollcallException already_exists when the key names another person in that scope
     */
    public function identitiesAdd(string $person, string $kind, string $value, ?string $sessionId = null): array
    {
        return $this->call('identities.add', self::scope(['person' => $person, 'kind' => $kind, 'value' => $value], $sessionId));
    }

    /**
     * The alias table, ordered by session, kind, value.
     * @param array{person?:string,session_id?:string,global?:bool} $filter
     * @return list<array{person:string,kind:string,value:string,session_id:?string}>
     */
    public function identitiesList(array $filter = []): array
    {
        return $this->call('identities.list', $filter);
    }

    /**
     * Removes the alias of a key; returns it.
     * @return array{person:string,kind:string,value:string,session_id:?string}
     * @throws RollcallException not_found when there is no such alias
     */
    public function identitiesRemove(string $kind, string $value, ?string $sessionId = null): array
    {
        return $this->call('identities.remove', self::scope(['kind' => $kind, 'value' => $value], $sessionId));
    }

    /** Alias parameters, scoped to a session when one is named. */
    private static function scope(array $params, ?string $sessionId): array
    {
        if ($sessionId !== null) {
            $params['session_id'] = $sessionId;
        }
        return $params;
    }

    /** Advances lifecycles, closes stale connections, times out links; returns the summary. */
    public function sweep(?int $nowMs = null): array
    {
        return $this->call('sweep', self::at([], $nowMs));
    }

    /** Counts of what the database holds. */
    public function stats(): array
    {
        return $this->call('stats');
    }

    /** ['changes' => [...], 'cursor' => N]: up to $limit changes after $after (SPEC §8). */
    public function changes(int $after = 0, ?int $limit = null): array
    {
        return $this->call('changes', $limit === null ? ['after' => $after] : ['after' => $after, 'limit' => $limit]);
    }

    /**
     * The changes after the cursor rollcall keeps for $consumer, advancing it in the same
     * transaction: several processes (servers) sharing the name each receive a change once.
     */
    public function claimChanges(string $consumer, ?int $limit = null): array
    {
        return $this->call('changes.claim', $limit === null ? ['consumer' => $consumer] : ['consumer' => $consumer, 'limit' => $limit]);
    }

    /**
     * A report as text ("json", "csv" or "table").
     * @param string $kind "session" ($id: one session, or null for every session in the range),
     *        "teacher", "trends" or "links" ($id: a teacher, or null for all)
     * @param array{timezone?:string,from?:string,to?:string,period?:string,now?:int,student?:string,status?:string} $options
     *        dates are local "YYYY-MM-DD" (inclusive), period "day"|"week"|"month", now in Unix ms;
     *        student and status select links (the "links" report)
     */
    public function report(string $kind, ?string $id = null, string $format = 'json', array $options = []): string
    {
        $method = match ($kind) {
            'session', 'teacher', 'trends', 'links' => 'reports.' . $kind,
            default => throw new RollcallException("report kind '$kind' is not one of session, teacher, trends, links", Status::INVALID_ARGUMENT, 'invalid_argument'),
        };
        $params = ['format' => $format] + $options;
        if ($id !== null) {
            $params[$kind === 'session' ? 'session' : 'teacher'] = $id;
        }
        return $this->callJson($method, $params);
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
            $o->request_url = Library::ffi()->cast('char*', FFI::addr($url[0]));
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

    /** A value given as an array or as JSON text, as an array. */
    private static function value(array|string $value): array
    {
        if (is_array($value)) {
            return $value;
        }
        try {
            $decoded = json_decode($value, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new RollcallException('not valid JSON: ' . $e->getMessage(), Status::MALFORMED_INPUT, 'malformed_input');
        }
        if (!is_array($decoded)) {
            throw new RollcallException('expected a JSON object', Status::INVALID_VALUE, 'invalid_value');
        }
        return $decoded;
    }

    /** Adds "now" (Unix ms) when given; omitted, the method reads the clock. */
    private static function at(array $params, ?int $ms): array
    {
        if ($ms !== null) {
            $params['now'] = $ms;
        }
        return $params;
    }

    private static function decode(string $json): array
    {
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }
}
