<?php
declare(strict_types=1);

namespace Rollcall;

/** What one accepted webhook did (a plain value: the C result is freed before this is returned). */
final class IngestResult
{
    public function __construct(
        public readonly string $event,
        public readonly int $stored,
        public readonly int $duplicates,
        /** Body to answer with (Zoom URL validation), or null. */
        public readonly ?string $response,
        /** The full result as decoded JSON. */
        public readonly array $details,
    ) {
    }
}
