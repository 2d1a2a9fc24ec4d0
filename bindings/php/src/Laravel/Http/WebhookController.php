<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Http;

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Rollcall\Laravel\ChangeDispatcher;
use Rollcall\RollcallException;
use Rollcall\Status;
use Rollcall\Tracker;

/**
 * Receives LiveKit, BigBlueButton and Zoom webhooks. The raw body and headers go to rollcall untouched
 * (signatures are computed over the exact bytes). Zoom's URL validation is answered with the body
 * rollcall computes; a rejected request gets 401 (signature) or 400 (payload) with the error code.
 */
final class WebhookController
{
    public function __invoke(Request $request, Tracker $tracker, ChangeDispatcher $changes, string $platform): Response|JsonResponse
    {
        // The URL as received (BBB checksums cover it): Laravel's fullUrl() would re-sort the query.
        $url = $request->getSchemeAndHttpHost() . $request->getRequestUri();
        try {
            $result = $tracker->ingest($platform, $request->headers->all(), $request->getContent(), $url);
        } catch (RollcallException $e) {
            return new JsonResponse(['error' => $e->codeName, 'message' => $e->getMessage()], self::httpStatus($e->getCode()));
        }
        if (config('rollcall.changes.dispatch', true)) {
            $changes->dispatchPending();  // what host actions and sweeps changed, once across all servers
        }
        if ($result->response !== null) {
            return new Response($result->response, 200, ['Content-Type' => 'application/json']);
        }
        return new JsonResponse($result->details);
    }

    private static function httpStatus(int $code): int
    {
        return match (true) {
            $code >= Status::MISSING_SIGNATURE && $code <= Status::UNSUPPORTED_ALGORITHM => 401,
            $code >= Status::INVALID_ARGUMENT && $code <= Status::UNSUPPORTED_EVENT => 400,
            default => 500,
        };
    }
}
