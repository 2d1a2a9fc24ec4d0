<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/** A tracked link moved (token(); $from, $to: sent, active, ended, timeout, expired; $sessionId is empty for a link without a session). */
final class LinkStatusChanged extends RollcallChange
{
    /** The change's subject: the token. */
    public function token(): string
    {
        return $this->subject;
    }
}
