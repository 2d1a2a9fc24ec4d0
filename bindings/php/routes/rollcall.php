<?php
// Webhook endpoints of the three platforms; loaded by RollcallServiceProvider when routes are enabled.
use Illuminate\Support\Facades\Route;
use Rollcall\Laravel\Http\WebhookController;

Route::group([
    'prefix' => config('rollcall.routes.prefix', 'rollcall/webhooks'),
    'middleware' => config('rollcall.routes.middleware', []),
], static function (): void {
    Route::post('{platform}', WebhookController::class)
        ->where('platform', 'livekit|bbb|zoom')
        ->name('rollcall.webhook');
});
