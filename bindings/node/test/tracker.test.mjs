import test from 'node:test';
import assert from 'node:assert/strict';
import { rollcall, readRepo, config, livekitWebhook, lesson, repo } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const { Tracker, Verifier, RollcallError } = rollcall;
const isRollcall = (code) => (e) => e instanceof RollcallError && e.code === code && typeof e.status === 'number' && e.message.length > 0;

test('livekit: SDK-signed webhooks round trip into a session report', async () => {
  const t = new Tracker(':memory:', config);
  const l = lesson('lesson-rt', 'sess-rt');
  t.createSession(l.session);
  const signed = await Promise.all(l.bodies.map((b) => livekitWebhook(b)));
  // Half synchronously, half as Promises off the main thread.
  const first = t.ingestSync('livekit', signed[0].headers, signed[0].body);
  assert.equal(first.status, 'stored');
  assert.equal(first.event, 'participant_joined');
  assert.ok(first.events_stored >= 1);
  assert.equal(first.response, null);
  const rest = await Promise.all(signed.slice(1).map((s) => t.ingest('livekit', s.headers, Buffer.from(s.body))));
  assert.deepEqual(rest.map((r) => r.status), ['stored', 'stored', 'stored']);
  // A replayed webhook is a duplicate, not an error.
  assert.equal(t.ingestSync('livekit', signed[1].headers, signed[1].body).status, 'duplicate');

  const report = await t.report('session', 'sess-rt', { nowMs: l.nowMs });
  const text = JSON.stringify(report);
  assert.match(text, /student-1/);
  assert.match(text, /teacher-1/);
  assert.deepEqual(t.reportSync('session', 'sess-rt', { nowMs: l.nowMs }), report);
  const csv = t.reportSync('session', 'sess-rt', { nowMs: l.nowMs, format: 'csv' });
  assert.match(csv.split('\n')[0], /,/);
  assert.equal(csv.split('\n').filter((line) => line.includes('student-1')).length, 1);

  const session = t.getSession('sess-rt', l.nowMs);
  assert.equal(session.session.id, 'sess-rt');
  const student = session.evaluation.participants['student-1'];
  assert.equal(student.attended_s, 2700);
  t.close();
});

test('errors: rejected webhooks throw or reject with RollcallError codes', async () => {
  const t = new Tracker(':memory:', config);
  const good = await livekitWebhook({ event: 'room_started', room: { sid: 'RM_e', name: 'e' }, id: 'EV_e', createdAt: String(Math.floor(Date.now() / 1000)) });
  const wrongSecret = await livekitWebhook(JSON.parse(good.body), 'another-secret-0123456789abcdefghijkl');
  assert.throws(() => t.ingestSync('livekit', wrongSecret.headers, wrongSecret.body), isRollcall('bad_signature'));
  await assert.rejects(t.ingest('livekit', good.headers, good.body + ' '), isRollcall('bad_signature'));
  assert.throws(() => t.ingestSync('livekit', {}, good.body), isRollcall('missing_signature'));
  assert.throws(() => t.ingestSync('teams', {}, '{}'), isRollcall('invalid_argument'));
  await assert.rejects(t.ingest('teams', {}, '{}'), isRollcall('invalid_argument'));
  assert.throws(() => t.ingestSync('livekit', {}, 42), isRollcall('invalid_argument'));
  assert.throws(() => t.createSession({ type: 'x' }), isRollcall('missing_field'));
  assert.throws(() => t.getSession('ghost'), isRollcall('not_found'));
  assert.throws(() => t.reportSync('session', 'ghost'), isRollcall('not_found'));
  await assert.rejects(t.report('session', 'ghost'), isRollcall('not_found'));
  assert.throws(() => t.reportSync('weekly'), isRollcall('invalid_argument'));
  assert.throws(() => t.reportSync('teacher', null, { timezone: 'Nowhere/Special' }), isRollcall('config_error'));
  assert.throws(() => new Tracker(':memory:', { bogus: true }), isRollcall('config_error'));
  t.close();
  assert.throws(() => t.sweep(), isRollcall('invalid_argument'));
  t.close(); // idempotent
});

test('lifecycle: actions obey the transition table; links; sweep', () => {
  const t = new Tracker(':memory:', config);
  const l = lesson('lesson-lc', 'sess-lc');
  t.createSession(l.session);
  t.act('sess-lc', 'cancel');
  assert.equal(t.getSession('sess-lc').session.status, 'cancelled');
  assert.throws(() => t.act('sess-lc', 'complete'), isRollcall('illegal_transition'));

  const t0 = Date.UTC(2025, 9, 12, 9, 0, 0);
  const link = t.createLink({ teacher: 'teacher-1', student: 'student-9' }, t0);
  assert.ok(link.token.length >= 22);
  t.clickLink(link.token, t0 + 1000);
  t.heartbeat(link.token, t0 + 31000);
  t.endLink(link.token, t0 + 61000);
  assert.throws(() => t.heartbeat(link.token, t0 + 62000), isRollcall('link_closed'));
  const view = t.getLink(link.token, t0 + 70000);
  assert.equal(view.status, 'ended');
  assert.equal(view.duration_s, 60);
  const sweep = t.sweep();
  assert.equal(typeof sweep.sessions_checked, 'number');
  t.close();
});

test('ingestSync and ingest give the same result, key for key, stored and duplicate', async () => {
  const l = lesson('lesson-eq', 'sess-eq');
  const signed = await livekitWebhook(l.bodies[0]);
  const sync = new Tracker(':memory:', config), async_ = new Tracker(':memory:', config);
  for (let round = 0; round < 2; ++round) {
    const a = sync.ingestSync('livekit', signed.headers, signed.body);
    const b = await async_.ingest('livekit', signed.headers, signed.body);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.equal(a.status, round === 0 ? 'stored' : 'duplicate');
    assert.equal(a.events_stored > 0, round === 0);
    assert.equal(a.events_duplicate > 0, round === 1);
  }
  sync.close();
  async_.close();
});

test('zoom: URL validation is answered with the computed response', () => {
  const t = new Tracker(':memory:', config);
  const body = readFileSync(path.join(repo, 'tests/fixtures/zoom/endpoint.url_validation_signed.json'));
  const r = t.ingestSync('zoom', {
    'x-zm-request-timestamp': '1626230692',
    'x-zm-signature': 'v0=6a64271252d53c2bd369e6ec9d20900419b6fcb9356961049e476d34db6c7bf1',
  }, body, { nowMs: 1626230693000 });
  const response = JSON.parse(r.response);
  assert.equal(response.plainToken, 'qgg8vlvZRS6UYooatFL8Aw');
  assert.match(response.encryptedToken, /^[0-9a-f]{64}$/);
});

test('lifetime: closing a tracker while Promises run lets them finish; objects freed in any order', async () => {
  const trackers = [];
  const pending = [];
  for (let i = 0; i < 4; i++) {
    const t = new Tracker(':memory:', config);
    const l = lesson(`lesson-life-${i}`, `sess-life-${i}`);
    t.createSession(l.session);
    const s = await livekitWebhook(l.bodies[0]);
    pending.push(t.ingest('livekit', s.headers, s.body));
    pending.push(t.report('session', `sess-life-${i}`));
    trackers.push(t);
  }
  // Close in an order unrelated to creation, before the work has finished.
  for (const i of [2, 0, 3, 1]) trackers[i].close();
  const results = await Promise.all(pending);
  assert.equal(results.length, 8);
  for (let i = 0; i < results.length; i += 2) assert.equal(results[i].status, 'stored');
});

test('verifier: parses without storing, and needs a valid signature', async () => {
  const v = new Verifier(config);
  const l = lesson('lesson-v', 'sess-v');
  const s = await livekitWebhook(l.bodies[1]);
  const parsed = v.parse('livekit', s.headers, s.body);
  assert.equal(parsed.event, 'participant_joined');
  assert.equal(parsed.events[0].kind, 'join');
  assert.equal(parsed.events[0].identity, 'student-1');
  assert.throws(() => v.parse('livekit', s.headers, s.body.replace('student-1', 'student-2')), isRollcall('bad_signature'));
  assert.throws(() => new Verifier('{"livekit": 3}'), isRollcall('config_error'));
  // A line break inside a header value cannot smuggle in another header.
  assert.throws(() => v.parse('livekit', { 'X-Note': `x\nAuthorization: ${s.headers.Authorization}` }, s.body), isRollcall('missing_signature'));
  assert.equal(v.parse('livekit', { Authorization: [s.headers.Authorization] }, s.body).event, 'participant_joined');
});

test('replay agrees with the scenario file', () => {
  const text = readRepo('tests/scenarios/03_rejoin_after_the_grace_starts_a_new_cycle.json');
  const result = rollcall.replay(text);
  assert.equal(result.billable_s, JSON.parse(text).expect.billable_s);
  assert.equal(result.participants['244480'].cycles, 2);
});

test('snapshots: a lost leave is closed by the next ListParticipants snapshot', async () => {
  const t = new Tracker(':memory:', config);
  const l = lesson('lesson-snap', 'sess-snap');
  t.createSession(l.session);
  // Both joins arrive; both leaves are lost.
  for (const b of l.bodies.slice(0, 2)) {
    const s = await livekitWebhook(b);
    assert.equal(t.ingestSync('livekit', s.headers, s.body).status, 'stored');
  }
  const start = l.session.scheduled_start;
  const listing = (...who) => JSON.stringify({ participants: who.map(([identity, sid]) => ({ sid, identity, state: 'ACTIVE' })) });
  const first = t.ingestSnapshot('livekit', listing(['teacher-1', 'PA_t'], ['student-1', 'PA_s']), { room: 'lesson-snap', atMs: start + 600_000 });
  assert.deepEqual(first, { status: 'stored', event: 'livekit-snapshot', events_stored: 3, events_duplicate: 0, response: null, code: null, message: null });
  t.ingestSnapshot('livekit', listing(['teacher-1', 'PA_t']), { room: 'lesson-snap', atMs: start + 660_000 });
  const student = t.getSession('sess-snap', l.nowMs).evaluation.participants['student-1'];
  assert.equal(student.in_progress, false);
  assert.equal(student.attended_s, 540);
  assert.equal(student.cycle_list[0].reason, 'snapshot');
  // Bad input throws with its code and stores nothing.
  const events = t.stats().events;
  assert.throws(() => t.ingestSnapshot('livekit', listing(), { room: 'nowhere', atMs: start }), isRollcall('not_found'));
  assert.throws(() => t.ingestSnapshot('livekit', '{"participants":', { room: 'lesson-snap', atMs: start }), isRollcall('malformed_input'));
  assert.throws(() => t.ingestSnapshot('livekit', listing(), { room: 'lesson-snap' }), isRollcall('invalid_argument'));
  assert.throws(() => t.ingestSnapshot('bbb', readRepo('tests/fixtures/bbb/get_meeting_info_not_found.xml'), { atMs: start }), isRollcall('invalid_value'));
  assert.equal(t.stats().events, events);
  t.close();
});
