// The application layer from Node: listings, package usage, stats, the change feed (paged, claimed,
// and as an async iterator), stateless evaluation, and errors of the generic call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rollcall, config, lesson, livekitWebhook } from './helpers.mjs';

const { Tracker, RollcallError } = rollcall;
const isRollcall = (code) => (e) => e instanceof RollcallError && e.code === code;
const T = Date.UTC(2030, 0, 7, 10, 0, 0);
const session = (id, teacher, startMs = T) => ({
  id, type: 'academic', teacher, students: ['s-1'], scheduled_start: startMs, scheduled_end: startMs + 3600000,
  package: 'pkg-1', rate: 'per_session', rate_minor: 1500, currency: 'EUR',
});

test('sessions: created, listed with filters, linked to rooms; usage and stats', () => {
  const t = new Tracker(':memory:', config);
  const rec = t.createSession(session('a', 't-1'), T - 86400000);
  assert.equal(rec.status, 'scheduled');
  assert.equal(rec.created_at, new Date(T - 86400000).toISOString().replace('.000Z', 'Z'));
  assert.deepEqual(t.createSessions([session('b', 't-2'), session('c', 't-2', T + 86400000)]).map((r) => r.id), ['b', 'c']);
  assert.deepEqual(t.listSessions({ teacher: 't-2' }).map((r) => r.id), ['b', 'c']);
  assert.deepEqual(t.listSessions({ from: T + 1, to: T + 2 * 86400000 }).map((r) => r.id), ['c']);
  assert.equal(t.listSessions({ open: true }).length, 3);
  assert.deepEqual(t.linkRooms('a', 'room-a').rooms, ['room-a']);
  assert.throws(() => t.linkRooms('b', ['room-a']), isRollcall('already_exists'));
  t.act('a', 'cancel', T - 3600000);
  assert.deepEqual(t.packageUsage('pkg-1'), { package: 'pkg-1', count: 0, sessions: [] });
  t.sweep(T);  // b: scheduled -> ready
  assert.equal(t.act('b', 'mark_absent', T + 1000).status, 'absent');
  assert.deepEqual(t.packageUsage('pkg-1').sessions, ['b']);  // absent counts; a cancelled does not
  const stats = t.stats();
  assert.equal(stats.sessions, 3);
  assert.equal(stats.counted_sessions, 1);
  assert.ok(stats.changes > 0);
  assert.throws(() => t.listSessions({ colour: 'red' }), isRollcall('invalid_argument'));
  assert.throws(() => t.listSessions({ status: 'done' }), isRollcall('invalid_value'));
  t.close();
});

test('links: every call answers with the link; listed by teacher, student and status', () => {
  const t = new Tracker(':memory:', config);
  const a = t.createLink({ teacher: 't-1', student: 's-1' }, T);
  const b = t.createLink({ teacher: 't-2', student: 's-2' }, T + 1000);
  assert.equal(t.clickLink(a.token, T + 5000).status, 'active');
  assert.equal(t.heartbeat(a.token, T + 35000).last_heartbeat, new Date(T + 35000).toISOString().replace('.000Z', 'Z'));
  assert.equal(t.endLink(a.token, T + 65000).duration_s, 60);
  assert.deepEqual(t.listLinks().map((l) => l.token), [a.token, b.token]);
  assert.deepEqual(t.listLinks({ teacher: 't-2' }).map((l) => l.token), [b.token]);
  assert.deepEqual(t.listLinks({ status: 'ended' }).map((l) => l.student), ['s-1']);
  assert.deepEqual(t.listLinks({ student: 'nobody' }), []);
  t.close();
});

test('changes: paged with a cursor, claimed once per reader, watched as an async iterator', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-node-feed-'));
  try {
    const db = path.join(dir, 'feed.sqlite');
    const t = new Tracker(db, config);
    t.createSessions([session('a', 't-1'), session('b', 't-1')], T - 86400000);
    t.sweep(T);  // both: scheduled -> ready
    const first = t.changes({ limit: 1 });
    assert.equal(first.changes.length, 1);
    assert.equal(first.changes[0].type, 'session_status');
    assert.equal(first.changes[0].to, 'ready');
    assert.deepEqual(t.changes({ after: first.cursor }).changes.map((c) => c.seq), [2]);
    assert.throws(() => t.changes({ after: 3 }), isRollcall('invalid_argument'));

    // Two handles sharing a reader name: each change is claimed by exactly one.
    const other = new Tracker(db, config);
    const mine = t.claimChanges('workers', { limit: 1 }).changes.map((c) => c.seq);
    const theirs = other.claimChanges('workers').changes.map((c) => c.seq);
    assert.deepEqual([...mine, ...theirs], [1, 2]);
    assert.deepEqual(t.claimChanges('workers').changes, []);

    // The iterator yields what exists, then what happens later, and stops on abort.
    const controller = new AbortController();
    const seen = [];
    const watching = (async () => {
      for await (const c of t.watchChanges({ intervalMs: 20, signal: controller.signal })) {
        if (c.type !== 'session_status') continue;  // the participants' final statuses follow each end
        seen.push(`${c.session_id}:${c.to}`);
        if (seen.length === 4) controller.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    other.act('a', 'cancel', T + 1000);
    other.act('b', 'cancel', T + 1000);
    await watching;
    assert.deepEqual(seen, ['a:ready', 'b:ready', 'a:cancelled', 'b:cancelled']);
    other.close();
    t.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('evaluate: the events Verifier.parse returns give the stored session\'s evaluation', async () => {
  const t = new Tracker(':memory:', config);
  const v = new rollcall.Verifier(config);
  const l = lesson('room-eval', 'sess-eval');
  t.createSession(l.session);
  const events = [];
  for (const body of l.bodies) {
    const s = await livekitWebhook(body);
    t.ingestSync('livekit', s.headers, s.body);
    events.push(...v.parse('livekit', s.headers, s.body).events);
  }
  const stored = t.getSession('sess-eval', l.nowMs).evaluation;
  const stateless = rollcall.evaluate({ session: l.session, events: events.reverse(), now: l.nowMs });
  assert.deepEqual(stateless, stored);
  assert.throws(() => rollcall.evaluate({ session: l.session, events: [{ kind: 'wave' }] }), isRollcall('invalid_value'));
  assert.throws(() => rollcall.evaluate('{'), isRollcall('malformed_input'));
  t.close();
});

test('call: any method by name; unknown methods and bad parameters are errors with codes', async () => {
  const t = new Tracker(':memory:', config);
  t.createSession(session('a', 't-1'));
  assert.equal(t.call('sessions.get', { id: 'a', now: T }).session.id, 'a');
  assert.match(t.call('reports.session', { session: 'a', format: 'csv', now: T }), /^session_id,/);
  assert.equal((await t.callAsync('stats')).sessions, 1);
  assert.throws(() => t.call('sessions.drop', {}), isRollcall('not_found'));
  await assert.rejects(t.callAsync('sessions.get', { id: 'ghost' }), isRollcall('not_found'));
  assert.throws(() => t.call('stats', [1]), isRollcall('invalid_argument'));
  assert.throws(() => t.call('stats', '{"x":'), isRollcall('malformed_input'));
  t.close();
});

test('ingest: many Promises in flight share the thread pool; each settles with its own outcome', async () => {
  const t = new Tracker(':memory:', config);
  const l = lesson('room-many', 'sess-many');
  t.createSession(l.session);
  const signed = await Promise.all(l.bodies.map((b) => livekitWebhook(b)));
  const calls = [];
  for (let round = 0; round < 3; round++) {
    signed.forEach((s, i) => {
      const tampered = round === 1 && i % 2 === 1;
      calls.push(t.ingest('livekit', s.headers, tampered ? s.body + ' ' : s.body));
    });
  }
  const settled = await Promise.allSettled(calls);
  const n = signed.length;
  settled.slice(0, n).forEach((r) => assert.equal(r.value.status, 'stored'));
  settled.slice(n, 2 * n).forEach((r, i) => {
    if (i % 2 === 1) assert.ok(isRollcall('bad_signature')(r.reason));
    else assert.equal(r.value.status, 'duplicate');
  });
  settled.slice(2 * n).forEach((r) => assert.equal(r.value.status, 'duplicate'));
  assert.equal(t.getSession('sess-many', l.nowMs).evaluation.participants['student-1'].attended_s, 2700);
  t.close();
});
