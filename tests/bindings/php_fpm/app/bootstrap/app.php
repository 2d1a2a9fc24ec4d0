<?php
// The Laravel 11/12 application layout (bootstrap/app.php, bootstrap/providers.php, routes/web.php,
// config/, .env) on Debian's Illuminate 8 components, which predate Application::configure(). This is
// what Laravel 11's
//     return Application::configure(basePath: dirname(__DIR__))
//         ->withRouting(web: __DIR__ . '/../routes/web.php')
//         ->create();
// does, written with the older API; config/app.php merges bootstrap/providers.php as Laravel 11 does.
declare(strict_types=1);

use Illuminate\Foundation\Application;

$app = new Application(dirname(__DIR__));
$app->singleton(Illuminate\Contracts\Http\Kernel::class, Illuminate\Foundation\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Console\Kernel::class, Illuminate\Foundation\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, Illuminate\Foundation\Exceptions\Handler::class);
$app->booted(static function (Application $app): void {
    $app['router']->group([], $app->basePath('routes/web.php'));
});

return $app;
