<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/**
 * One entry of rollcall's change feed (SPEC §8, docs/json.md "change"), as a Laravel event. Listen to
 * a concrete type (SessionStatusChanged, ...) or to the ChangeEvent interface for all of them.
 */
abstract class RollcallChange implements ChangeEvent
{
    /** Strictly increasing across the database. */
    public readonly int $seq;
    /** When the change happened (RFC 3339). */
    public readonly string $at;
    public readonly string $sessionId;
    /** What the change is about besides the session: a participant, a link token, a package; "" for a session's status. */
    public readonly string $subject;
    public readonly string $from;
    public readonly string $to;
    public readonly string $reason;

    /** @param array{seq:int,at:string,type:string,session_id:string,subject:string,from:string,to:string,reason:string} $change */
    public function __construct(public readonly array $change)
    {
        $this->seq = (int) $change['seq'];
        $this->at = (string) $change['at'];
        $this->sessionId = (string) $change['session_id'];
        $this->subject = (string) $change['subject'];
        $this->from = (string) $change['from'];
        $this->to = (string) $change['to'];
        $this->reason = (string) $change['reason'];
    }

    /** The event class for a change of the given type. */
    public static function of(array $change): self
    {
        return match ($change['type']) {
            'session_status' => new SessionStatusChanged($change),
            'participant_status' => new ParticipantStatusFinal($change),
            'link_status' => new LinkStatusChanged($change),
            'usage_counted' => new UsageCounted($change),
            default => new UnknownChange($change),
        };
    }
}
