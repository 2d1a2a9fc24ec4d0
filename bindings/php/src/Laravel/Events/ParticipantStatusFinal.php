<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/** A participant's final attendance status when the session ended (participant(); $to: present, late, partial or absent; $reason: the session's final status). */
final class ParticipantStatusFinal extends RollcallChange
{
    /** The change's subject: the participant. */
    public function participant(): string
    {
        return $this->subject;
    }
}
