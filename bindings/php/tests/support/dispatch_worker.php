<?php
// One "app server" of ChangeFeedTest: dispatches the change feed of DB as Laravel events through the
// shared reader name and prints the sequence number of every event it dispatched, one a line.
declare(strict_types=1);

require __DIR__ . '/../../autoload.php';
require_once '/usr/share/php/Illuminate/autoload.php';

use Illuminate\Events\Dispatcher;
use Rollcall\Laravel\ChangeDispatcher;
use Rollcall\Laravel\Events\ChangeEvent;
use Rollcall\Laravel\Events\RollcallChange;
use Rollcall\Tracker;

$events = new Dispatcher();
$events->listen(ChangeEvent::class, static function (RollcallChange $e): void {
    echo $e->seq, "\n";
    usleep(2000);  // a listener doing work, so the two processes interleave
});
$dispatcher = new ChangeDispatcher(new Tracker($argv[1]), $events, 'laravel', 3);
while ($dispatcher->dispatchPending() > 0) {
}
