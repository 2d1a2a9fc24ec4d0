<?php
return [
    'name' => 'rollcall-fpm-test',
    'env' => env('APP_ENV', 'production'),
    'debug' => (bool) env('APP_DEBUG', false),
    'url' => env('APP_URL', 'http://localhost'),
    'timezone' => 'UTC',
    'key' => env('APP_KEY'),
    'cipher' => 'AES-256-CBC',
    // Laravel 11 adds bootstrap/providers.php to the framework's own providers by itself.
    'providers' => array_merge([
        Illuminate\Filesystem\FilesystemServiceProvider::class,
        Illuminate\Cache\CacheServiceProvider::class,
    ], require __DIR__ . '/../bootstrap/providers.php'),
    'aliases' => [],
];
