<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/**
 * Every change-feed event implements this: listen to ChangeEvent::class for all of them (Laravel's
 * dispatcher finds listeners by the event's class and its interfaces, not its parent classes).
 */
interface ChangeEvent
{
}
