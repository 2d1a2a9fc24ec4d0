<?php
declare(strict_types=1);

namespace Rollcall;

/** The rollcall_status values of rollcall.h (FFI cannot read its #defines). Append-only. */
final class Status
{
    public const OK = 0;
    public const INVALID_ARGUMENT = 1;
    public const MALFORMED_INPUT = 2;
    public const MISSING_FIELD = 3;
    public const INVALID_VALUE = 4;
    public const UNSUPPORTED_EVENT = 5;
    public const MISSING_SIGNATURE = 6;
    public const BAD_SIGNATURE = 7;
    public const TOKEN_EXPIRED = 8;
    public const TOKEN_NOT_YET_VALID = 9;
    public const UNKNOWN_KEY = 10;
    public const STALE_TIMESTAMP = 11;
    public const UNSUPPORTED_ALGORITHM = 12;
    public const ILLEGAL_TRANSITION = 13;
    public const NOT_FOUND = 14;
    public const ALREADY_EXISTS = 15;
    public const STORAGE_ERROR = 16;
    public const CORRUPT_DATABASE = 17;
    public const SCHEMA_TOO_NEW = 18;
    public const READ_ONLY = 19;
    public const IO_ERROR = 20;
    public const CONFIG_ERROR = 21;
    public const LINK_CLOSED = 22;
    public const VERSION_MISMATCH = 23;
    public const INTERNAL_ERROR = 99;
}
