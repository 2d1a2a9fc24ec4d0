<?php
declare(strict_types=1);

namespace Rollcall\Laravel\Events;

/** A change of a type this package does not know yet (a newer librollcall): $change holds it. */
final class UnknownChange extends RollcallChange
{
}
