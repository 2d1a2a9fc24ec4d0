<?php
// rollcall for Laravel. Publish with: php artisan vendor:publish --tag=rollcall-config
// Secrets come from the environment only; nothing secret belongs in this file.
return [
    // SQLite database file (":memory:" for tests). Several PHP workers may share one file (WAL). A
    // postgresql:// or mysql:// URL works too (docs/storage.md).
    'database' => env('ROLLCALL_DATABASE', storage_path('app/rollcall.sqlite')),

    // Or keep rollcall's tables in the application's own database: the name of one of
    // config/database.php's connections (pgsql, mysql, mariadb or sqlite). Its tables go under the
    // PostgreSQL schema `schema`, or carry the MySQL/MariaDB table prefix `table_prefix`. When set, it
    // replaces `database`. Many app servers behind a load balancer then share one rollcall database.
    'connection' => env('ROLLCALL_CONNECTION'),
    'schema' => env('ROLLCALL_SCHEMA', 'rollcall'),
    'table_prefix' => env('ROLLCALL_TABLE_PREFIX', 'rollcall_'),

    // librollcall and the FFI header the build generates (share/rollcall/rollcall_ffi.h when installed).
    'library' => env('ROLLCALL_LIBRARY'),
    'ffi_header' => env('ROLLCALL_FFI_HEADER'),

    'livekit' => [
        // API key => secret; the key is the JWT issuer of LiveKit's webhook Authorization header.
        'keys' => array_filter([(string) env('LIVEKIT_API_KEY', '') => (string) env('LIVEKIT_API_SECRET', '')]),
        'leeway_s' => 60,
    ],
    'zoom' => [
        'secret_token' => env('ZOOM_WEBHOOK_SECRET_TOKEN'),
        'window_s' => 300,
    ],
    'bbb' => [
        'shared_secret' => env('BBB_SECRET'),
        // The URL registered with bbb-webhooks (it is part of the checksum).
        'callback_url' => env('BBB_CALLBACK_URL'),
        'checksum_modes' => ['v3_url_body'],
    ],

    // IANA zone for report dates and buckets.
    'timezone' => env('ROLLCALL_TIMEZONE', 'UTC'),

    // Policy overrides (SPEC §9 keys), "default" and per session type, e.g.
    // 'default' => ['reconnect_grace_s' => 120], 'quran' => ['late_grace_s' => 600].
    'policies' => [],

    // How the SQLite file is written: 'full' fsyncs every commit (survives a power loss); 'normal'
    // survives a crash of the process only, and is many times faster per webhook.
    'storage' => [
        'synchronous' => env('ROLLCALL_SYNCHRONOUS', 'full'),
    ],

    // The change feed as Laravel events (Rollcall\Laravel\Events\SessionStatusChanged,
    // ParticipantStatusFinal, LinkStatusChanged, UsageCounted): dispatched after each sweep and each
    // webhook, each change once across all servers sharing the database (the reader's cursor lives in
    // rollcall's database and moves in the same transaction as the read).
    'changes' => [
        'dispatch' => env('ROLLCALL_DISPATCH_CHANGES', true),
        'consumer' => env('ROLLCALL_CHANGES_CONSUMER', 'laravel'),
    ],

    // Webhook routes: POST {prefix}/livekit, {prefix}/bbb, {prefix}/zoom.
    'routes' => [
        'enabled' => true,
        'prefix' => 'rollcall/webhooks',
        'middleware' => [],
    ],

    // Register `rollcall:sweep` with the scheduler every minute (replaces per-minute cron jobs), without
    // overlapping and on one server. Set false to schedule it yourself in routes/console.php.
    'schedule_sweep' => (bool) env('ROLLCALL_SCHEDULE_SWEEP', true),
];
