<?php
// Laravel 11/12: the application's service providers. With Composer, rollcall's provider is discovered
// from its composer.json (extra.laravel) and need not be listed; this app has no Composer.
return [
    Rollcall\Laravel\RollcallServiceProvider::class,
];
