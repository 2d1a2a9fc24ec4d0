<?php
declare(strict_types=1);

namespace Rollcall\Tests\Laravel;

use PHPUnit\Framework\TestCase;
use Rollcall\Laravel\DatabaseLocation;
use Rollcall\RollcallException;

/** rollcall.connection: rollcall's tables in the application's own database (issue 12). */
final class DatabaseLocationTest extends TestCase
{
    private const CONNECTIONS = [
        'sqlite' => ['driver' => 'sqlite', 'database' => '/srv/app/database.sqlite'],
        'pgsql' => ['driver' => 'pgsql', 'host' => 'db.internal', 'port' => '5432', 'database' => 'app',
                    'username' => 'app', 'password' => 'p@ss/w:rd', 'search_path' => 'public'],
        'pgsocket' => ['driver' => 'pgsql', 'host' => '/var/run/postgresql', 'port' => '5432', 'database' => 'app',
                       'username' => 'app', 'password' => ''],
        'mysql' => ['driver' => 'mysql', 'host' => '10.0.0.7', 'port' => '3306', 'database' => 'app',
                    'username' => 'app', 'password' => 'secret', 'unix_socket' => ''],
        'mariasocket' => ['driver' => 'mariadb', 'host' => '127.0.0.1', 'port' => '3306', 'database' => 'app',
                          'username' => 'app', 'password' => 'secret', 'unix_socket' => '/run/mysqld/mysqld.sock'],
        'sqlsrv' => ['driver' => 'sqlsrv', 'database' => 'app'],
    ];

    public function testWithoutAConnectionTheDatabaseSettingIsUsedAsItIs(): void
    {
        $this->assertSame('/tmp/r.sqlite', DatabaseLocation::fromConfig(['database' => '/tmp/r.sqlite', 'connection' => null], self::CONNECTIONS));
        $this->assertSame('/tmp/r.sqlite', DatabaseLocation::fromConfig(['database' => '/tmp/r.sqlite', 'connection' => ''], self::CONNECTIONS));
    }

    public function testEachDriverBecomesTheUrlOfItsStore(): void
    {
        $at = static fn (string $name, array $extra = []) =>
            DatabaseLocation::fromConfig(['database' => 'unused', 'connection' => $name] + $extra, self::CONNECTIONS);
        $this->assertSame('/srv/app/database.sqlite', $at('sqlite'));
        $this->assertSame('postgresql://app:p%40ss%2Fw%3Ard@db.internal:5432/app?schema=rollcall', $at('pgsql'));
        $this->assertSame('postgresql://app@/app?host=%2Fvar%2Frun%2Fpostgresql&schema=lessons',
            $at('pgsocket', ['schema' => 'lessons']));
        $this->assertSame('mysql://app:secret@10.0.0.7:3306/app?table_prefix=rollcall_', $at('mysql'));
        $this->assertSame('mysql://app:secret@localhost/app?socket=%2Frun%2Fmysqld%2Fmysqld.sock&table_prefix=rc_',
            $at('mariasocket', ['table_prefix' => 'rc_']));
    }

    public function testAnUnknownConnectionOrDriverIsAClearError(): void
    {
        foreach (['nope' => "no database connection named 'nope'", 'sqlsrv' => "driver 'sqlsrv' is not one rollcall"] as $name => $says) {
            try {
                DatabaseLocation::fromConfig(['connection' => $name], self::CONNECTIONS);
                $this->fail("connection $name was accepted");
            } catch (RollcallException $e) {
                $this->assertSame('invalid_argument', $e->codeName);
                $this->assertStringContainsString($says, $e->getMessage());
            }
        }
    }

    public function testTheProviderOpensTheConnectionsDatabase(): void
    {
        // A SQLite connection of the application: rollcall's tables land in that very file.
        $dir = sys_get_temp_dir() . '/rollcall-location-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            $file = "$dir/app.sqlite";
            $location = DatabaseLocation::fromConfig(['connection' => 'app'], ['app' => ['driver' => 'sqlite', 'database' => $file]]);
            $tracker = new \Rollcall\Tracker($location, []);
            $tracker->createSession(['id' => 'in-the-app-db', 'type' => 'academic'], 1760000000000);
            $tracker->close();
            $this->assertFileExists($file);
            $this->assertSame('in-the-app-db', (new \Rollcall\Tracker($file, []))->sessions()[0]['id']);
        } finally {
            array_map('unlink', glob("$dir/*") ?: []);
            rmdir($dir);
        }
    }
}
