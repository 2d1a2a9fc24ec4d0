<?php
declare(strict_types=1);

namespace Rollcall;

/**
 * Every failure of rollcall. getCode() is the numeric rollcall_status of the C ABI; $codeName its
 * stable name ("bad_signature", see docs/errors.md).
 */
final class RollcallException extends \RuntimeException
{
    public function __construct(string $message, int $status, public readonly string $codeName)
    {
        parent::__construct($message, $status);
    }
}
