<?php
// The host application's own routes; rollcall's provider adds POST /rollcall/webhooks/{livekit,bbb,zoom}.
declare(strict_types=1);

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Illuminate\Support\Facades\Route;
use Rollcall\Laravel\Facades\Rollcall;
use Rollcall\Library;
use Rollcall\RollcallException;

// The booking system schedules a lesson (a rollcall session as JSON).
Route::post('/lessons', static function (Request $request): JsonResponse {
    $session = json_decode($request->getContent(), true, 512, JSON_THROW_ON_ERROR);
    Rollcall::putSession($session);
    return new JsonResponse(Rollcall::session($session['id']), 201);
});

// The lesson's attendance report.
Route::get('/lessons/{id}/attendance', static function (string $id): Response|JsonResponse {
    try {
        return new Response(Rollcall::report('session', $id), 200, ['Content-Type' => 'application/json']);
    } catch (RollcallException $e) {
        return new JsonResponse(['error' => $e->codeName, 'message' => $e->getMessage()], $e->codeName === 'not_found' ? 404 : 500);
    }
});

// How this worker loaded librollcall (for tests/bindings/php_fpm.sh).
Route::get('/rollcall/loaded', static function (): JsonResponse {
    $status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
    return new JsonResponse([
        'source' => Library::source(),
        'version' => Library::version(),
        'ffi_enable' => ini_get('ffi.enable'),
        'sapi' => PHP_SAPI,
        'uid' => function_exists('posix_geteuid') ? posix_geteuid() : null,
        'preloaded' => is_array($status) ? ($status['preload_statistics']['classes'] ?? []) : [],
    ]);
});
