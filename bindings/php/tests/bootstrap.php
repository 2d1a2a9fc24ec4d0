<?php
declare(strict_types=1);

require __DIR__ . '/../autoload.php';
spl_autoload_register(static function (string $class): void {
    $prefix = 'Rollcall\\Tests\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
// The repository root: fixtures and scenarios live in tests/.
define('ROLLCALL_REPO', dirname(__DIR__, 3));
