<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/** A session was counted against its package (package(); $to: the status that counted). */
final class UsageCounted extends RollcallChange
{
    /** The change's subject: the package. */
    public function package(): string
    {
        return $this->subject;
    }
}
