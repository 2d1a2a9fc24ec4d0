<?php
declare(strict_types=1);

namespace Rollcall\Laravel;

use Illuminate\Contracts\Events\Dispatcher;
use Rollcall\Laravel\Events\RollcallChange;
use Rollcall\Tracker;

/**
 * Turns rollcall's change feed into Laravel events. Changes are claimed through a reader name whose
 * cursor rollcall keeps in its own database and advances in the same transaction as the read
 * (changes.claim), so with several app servers each change is dispatched by exactly one of them.
 * Delivery is at most once: a worker that dies between claiming and dispatching loses that page, so
 * listeners that must not miss anything re-read the state they care about (sessions.get, links.get).
 */
final class ChangeDispatcher
{
    public function __construct(
        private readonly Tracker $tracker,
        private readonly Dispatcher $events,
        private readonly string $consumer = 'laravel',
        private readonly int $pageSize = 100,
    ) {
    }

    /** Dispatches every change not yet claimed by this reader; returns how many. */
    public function dispatchPending(): int
    {
        $count = 0;
        do {
            $page = $this->tracker->claimChanges($this->consumer, $this->pageSize);
            foreach ($page['changes'] as $change) {
                $this->events->dispatch(RollcallChange::of($change));
                ++$count;
            }
        } while (count($page['changes']) === $this->pageSize);
        return $count;
    }
}
