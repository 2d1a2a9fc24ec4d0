<?php
// A host controller using the Rollcall facade: schedule a lesson when it is booked, act on it, and
// show its attendance. Routes (routes/web.php):
//   Route::post('/lessons', [SessionController::class, 'store']);
//   Route::post('/lessons/{id}/cancel', [SessionController::class, 'cancel']);
//   Route::get('/lessons/{id}/attendance', [SessionController::class, 'attendance']);
declare(strict_types=1);

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Rollcall\Laravel\Facades\Rollcall;
use Rollcall\RollcallException;

final class SessionController
{
    public function store(Request $request): JsonResponse
    {
        $data = $request->validate(['id' => 'required|string', 'type' => 'required|string', 'teacher' => 'required|string',
            'students' => 'array', 'starts_at' => 'required|date', 'ends_at' => 'required|date|after:starts_at']);
        Rollcall::putSession([
            'id' => $data['id'], 'type' => $data['type'], 'teacher' => $data['teacher'], 'students' => $data['students'] ?? [],
            'scheduled_start' => (new \DateTimeImmutable($data['starts_at']))->format(DATE_RFC3339),
            'scheduled_end' => (new \DateTimeImmutable($data['ends_at']))->format(DATE_RFC3339),
        ]);
        return new JsonResponse(Rollcall::session($data['id']), 201);
    }

    public function cancel(string $id): JsonResponse
    {
        try {
            Rollcall::act($id, 'cancel');
        } catch (RollcallException $e) {
            // illegal_transition: e.g. the lesson already took place.
            return new JsonResponse(['error' => $e->codeName, 'message' => $e->getMessage()], 409);
        }
        return new JsonResponse(Rollcall::session($id));
    }

    public function attendance(Request $request, string $id): Response
    {
        $format = $request->query('format') === 'csv' ? 'csv' : 'json';
        return new Response(Rollcall::report('session', $id, $format), 200,
            ['Content-Type' => $format === 'csv' ? 'text/csv' : 'application/json']);
    }
}
