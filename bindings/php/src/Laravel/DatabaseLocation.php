<?php
declare(strict_types=1);

namespace Rollcall\Laravel;

use Rollcall\RollcallException;
use Rollcall\Status;

/**
 * Where rollcall keeps its data, from the Laravel configuration: either `rollcall.database` (a SQLite
 * path or a rollcall database URL), or `rollcall.connection`, the name of one of the application's own
 * `database.connections` (pgsql, mysql, mariadb, sqlite), so that rollcall's tables live in the
 * application's database: under the PostgreSQL schema `rollcall.schema`, or with the MySQL/MariaDB table
 * prefix `rollcall.table_prefix`. The URL this builds holds the connection's password; it is handed to
 * the library, which never shows it in an error.
 */
final class DatabaseLocation
{
    /**
     * @param array<string, mixed> $rollcall the `rollcall` configuration
     * @param array<string, array<string, mixed>> $connections the application's `database.connections`
     */
    public static function fromConfig(array $rollcall, array $connections): string
    {
        $name = $rollcall['connection'] ?? null;
        if ($name === null || $name === '') {
            return (string) ($rollcall['database'] ?? '');
        }
        $connection = $connections[$name] ?? null;
        if (!is_array($connection)) {
            throw self::invalid("rollcall.connection: no database connection named '$name' in config/database.php");
        }
        $driver = (string) ($connection['driver'] ?? '');
        return match ($driver) {
            'sqlite' => (string) ($connection['database'] ?? ''),
            'pgsql' => self::url('postgresql', $connection, ['schema' => (string) ($rollcall['schema'] ?? 'rollcall')], 'host'),
            'mysql', 'mariadb' => self::url('mysql', $connection,
                ['table_prefix' => (string) ($rollcall['table_prefix'] ?? 'rollcall_')], 'socket'),
            default => throw self::invalid("rollcall.connection: the '$name' connection's driver '$driver' is not one rollcall " .
                                           'stores in (pgsql, mysql, mariadb, sqlite)'),
        };
    }

    /**
     * scheme://user:password@host:port/database?..., each part percent-encoded. A Unix socket (pgsql:
     * a `host` that is a directory path; mysql: `unix_socket`) goes into the query as libpq's `host` or
     * rollcall's `socket` parameter.
     *
     * @param array<string, mixed> $c
     * @param array<string, string> $query
     */
    private static function url(string $scheme, array $c, array $query, string $socketParameter): string
    {
        $host = (string) ($c['host'] ?? '');
        $socket = (string) ($c['unix_socket'] ?? '');
        if ($scheme === 'postgresql' && str_starts_with($host, '/')) {
            [$socket, $host] = [$host, ''];
        }
        if ($socket !== '') {
            $query = [$socketParameter => $socket] + $query;
            $host = $scheme === 'mysql' ? 'localhost' : '';
        }
        $user = (string) ($c['username'] ?? '');
        $password = (string) ($c['password'] ?? '');
        $auth = $user === '' ? '' : rawurlencode($user) . ($password === '' ? '' : ':' . rawurlencode($password)) . '@';
        $port = ($socket === '' && !empty($c['port'])) ? ':' . (int) $c['port'] : '';  // a socket has no port
        $database = rawurlencode((string) ($c['database'] ?? ''));
        return "$scheme://$auth$host$port/$database?" . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
    }

    private static function invalid(string $message): RollcallException
    {
        return new RollcallException($message, Status::INVALID_ARGUMENT, 'invalid_argument');
    }
}
