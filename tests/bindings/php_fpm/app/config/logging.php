<?php
return [
    'default' => env('LOG_CHANNEL', 'single'),
    // PHP deprecations raised while handling a request are logged too (Laravel drops them otherwise).
    'deprecations' => 'single',
    'channels' => ['single' => ['driver' => 'single', 'path' => storage_path('logs/laravel.log'), 'level' => 'debug']],
];
