<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Console;

/** Reads a command-line instant: Unix milliseconds, or any date-time PHP understands (RFC 3339). */
final class Time
{
    public static function toMillis(?string $value): ?int
    {
        if ($value === null || $value === '') {
            return null;
        }
        if (preg_match('/^-?\d+$/', $value) === 1) {
            return (int) $value;
        }
        try {
            return (int) (new \DateTimeImmutable($value))->format('Uv');
        } catch (\Exception) {
            throw new \InvalidArgumentException("not a date-time: '$value'");
        }
    }
}
