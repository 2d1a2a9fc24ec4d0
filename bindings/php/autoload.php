<?php
// PSR-4 autoloader for hosts without Composer: require this file, then use Rollcall\...
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Rollcall\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
