<?php
declare(strict_types=1);

namespace Rollcall;

/** What one accepted webhook did (a plain value: the C result is freed before this is returned). */
final class IngestResult
{
    public function __construct(
        /** "stored" or "duplicate" (rejections throw). */
        public readonly string $status,
        public readonly string $event,
        public readonly int $eventsStored,
        public readonly int $eventsDuplicate,
        /** Body to answer with (Zoom URL validation), or null. */
        public readonly ?string $response,
        /** The full ingest result as decoded JSON (docs/json.md). */
        public readonly array $details,
    ) {
    }
}
