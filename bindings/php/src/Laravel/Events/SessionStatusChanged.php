<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/** A session moved from one status to another ($from, $to, $reason: e.g. session_end, teacher_absent, host_action:cancel). */
final class SessionStatusChanged extends RollcallChange
{
}
