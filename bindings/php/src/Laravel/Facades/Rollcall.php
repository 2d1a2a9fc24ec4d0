<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Facades;

use Illuminate\Support\Facades\Facade;
use Rollcall\Tracker;

/**
 * @method static \Rollcall\IngestResult ingest(string $platform, array|string $headers, string $body, ?string $requestUrl = null, ?int $nowMs = null)
 * @method static void putSession(array|string $session)
 * @method static array act(string $sessionId, string $action, ?int $atMs = null, bool $chargeable = false)
 * @method static array session(string $sessionId, ?int $nowMs = null)
 * @method static array replayStored(array $filter = [], ?int $nowMs = null)
 * @method static array createLink(array|string $link)
 * @method static void clickLink(string $token, ?int $atMs = null)
 * @method static void heartbeat(string $token, ?int $atMs = null)
 * @method static void endLink(string $token, ?int $atMs = null)
 * @method static array link(string $token)
 * @method static array sweep(?int $nowMs = null)
 * @method static array identitiesAdd(string $person, string $kind, string $value, ?string $sessionId = null)
 * @method static array identitiesList(array $filter = [])
 * @method static array identitiesRemove(string $kind, string $value, ?string $sessionId = null)
 * @method static string report(string $kind, ?string $id = null, string $format = 'json', array $options = [])
 * @method static array reportArray(string $kind, ?string $id = null, array $options = [])
 * @see \Rollcall\Tracker
 */
final class Rollcall extends Facade
{
    protected static function getFacadeAccessor(): string
    {
        return Tracker::class;
    }
}
