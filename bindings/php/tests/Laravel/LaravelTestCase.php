<?php
declare(strict_types=1);

namespace Rollcall\Tests\Laravel;

use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Contracts\Http\Kernel as HttpKernel;
use Illuminate\Foundation\Application;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Facade;
use PHPUnit\Framework\TestCase;
use Symfony\Component\HttpFoundation\Response;

/**
 * Boots a real Illuminate application (Debian's php-laravel-framework) in a temporary base path with
 * the rollcall service provider, and sends requests through its HTTP kernel.
 */
abstract class LaravelTestCase extends TestCase
{
    protected Application $app;
    private string $base;

    /** Configuration overrides under `rollcall.` for this test. */
    protected function rollcallConfig(): array
    {
        return [];
    }

    protected function setUp(): void
    {
        require_once '/usr/share/php/Illuminate/autoload.php';
        $this->base = sys_get_temp_dir() . '/rollcall-laravel-' . bin2hex(random_bytes(6));
        foreach (['config', 'bootstrap/cache', 'storage/app', 'storage/logs', 'storage/framework/views'] as $dir) {
            mkdir($this->base . '/' . $dir, 0777, true);
        }
        $config = array_replace_recursive([
            'database' => ':memory:',
            'library' => getenv('ROLLCALL_LIBRARY') ?: null,
            'ffi_header' => getenv('ROLLCALL_FFI_HEADER') ?: null,
        ], $this->rollcallConfig());
        file_put_contents($this->base . '/config/app.php', '<?php return ' . var_export([
            'name' => 'rollcall-test',
            'env' => 'testing',
            'debug' => true,
            'key' => 'base64:' . base64_encode(random_bytes(32)),
            'cipher' => 'AES-256-CBC',
            'timezone' => 'UTC',
            'providers' => [
                \Illuminate\Filesystem\FilesystemServiceProvider::class,
                \Illuminate\Cache\CacheServiceProvider::class,
                \Rollcall\Laravel\RollcallServiceProvider::class,
            ],
            'aliases' => ['Rollcall' => \Rollcall\Laravel\Facades\Rollcall::class],
        ], true) . ';');
        file_put_contents($this->base . '/config/rollcall.php', '<?php return array_replace_recursive(require '
            . var_export(dirname(__DIR__, 2) . '/config/rollcall.php', true) . ', ' . var_export($config, true) . ');');
        file_put_contents($this->base . '/config/cache.php', "<?php return ['default' => 'array', 'stores' => ['array' => ['driver' => 'array']]];");
        file_put_contents($this->base . '/config/logging.php', "<?php return ['default' => 'null', 'channels' => ['null' => ['driver' => 'monolog', 'handler' => Monolog\\Handler\\NullHandler::class]]];");

        $app = new Application($this->base);
        $app->singleton(HttpKernel::class, \Illuminate\Foundation\Http\Kernel::class);
        $app->singleton(ConsoleKernel::class, \Illuminate\Foundation\Console\Kernel::class);
        $app->singleton(\Illuminate\Contracts\Debug\ExceptionHandler::class, \Illuminate\Foundation\Exceptions\Handler::class);
        $app->make(ConsoleKernel::class)->bootstrap();
        $this->app = $app;
    }

    protected function tearDown(): void
    {
        $this->app->flush();
        Facade::clearResolvedInstances();
        Facade::setFacadeApplication(null);
        self::removeTree($this->base);
    }

    protected function basePath(): string
    {
        return $this->base;
    }

    protected function post(string $uri, string $body, array $headers): Response
    {
        $server = ['CONTENT_TYPE' => $headers['Content-Type'] ?? 'application/json', 'HTTP_HOST' => 'app.test',
            // Errors rendered as JSON: this application has no view layer.
            'HTTP_ACCEPT' => 'application/json'];
        foreach ($headers as $name => $value) {
            $server['HTTP_' . strtoupper(str_replace('-', '_', $name))] = $value;
        }
        $request = Request::create('http://app.test' . $uri, 'POST', [], [], [], $server, $body);
        $kernel = $this->app->make(HttpKernel::class);
        $response = $kernel->handle($request);
        $kernel->terminate($request, $response);
        return $response;
    }

    /** Runs an artisan command; returns [exit code, output]. */
    protected function artisan(string $command, array $parameters = []): array
    {
        $kernel = $this->app->make(ConsoleKernel::class);
        $code = $kernel->call($command, $parameters);
        return [$code, $kernel->output()];
    }

    private static function removeTree(string $dir): void
    {
        if (!is_dir($dir)) {
            return;
        }
        foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS), \RecursiveIteratorIterator::CHILD_FIRST) as $f) {
            $f->isDir() ? rmdir($f->getPathname()) : unlink($f->getPathname());
        }
        rmdir($dir);
    }
}
