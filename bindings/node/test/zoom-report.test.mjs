import test from 'node:test';
import assert from 'node:assert/strict';
import { rollcall, readRepo, config } from './helpers.mjs';

const { Tracker, RollcallError } = rollcall;
const isRollcall = (code) => (e) => e instanceof RollcallError && e.code === code && e.message.length > 0;

const uuid = 'aB3/cD4+eF5gH6iJ7kL8mN==';
const page1 = readRepo('tests/fixtures/zoom/past_participants_page1.json');
const page2 = readRepo('tests/fixtures/zoom/past_participants_page2.json');
const session = {
  id: 'zr-1', type: 'academic', teacher: 'hT4kPq9WxR2mZs7LbN0cVa', students: ['9tboDiHUQAeOnbpudVOUGw'],
  scheduled_start: '2025-03-04T16:00:00Z', scheduled_end: '2025-03-04T17:00:00Z',
  rooms: ['https://us02web.zoom.us/j/85746352910?pwd=abc.1'],
};
const now = Date.parse('2025-03-05T00:00:00Z');

test('zoom report: pages fetched by the host link by meeting id and count as attendance', async () => {
  const t = new Tracker(':memory:', config);
  assert.deepEqual(t.createSession(session).meetings, ['zoom:85746352910']);
  const b = await t.ingestZoomReport(uuid, [page1, page2], { meetingId: '85746352910', receivedAtMs: now, nowMs: now });
  assert.equal(b.requests, 2);
  assert.equal(b.stored, 2);
  assert.deepEqual(b.results[0].rooms, [{ room: uuid, room_alt: '85746352910' }]);
  assert.equal(b.results[0].event, 'zoom-report');
  const again = await t.ingestZoomReport(uuid, [page2], { nowMs: now });
  assert.equal(again.duplicates, 1);
  const view = t.getSession('zr-1', now);
  assert.deepEqual(view.session.rooms, [uuid]);
  assert.equal(view.evaluation.participants['9tboDiHUQAeOnbpudVOUGw'].attended_s, 2935);
  assert.equal(view.evaluation.unlinked_rooms, undefined);
  assert.deepEqual(t.reportsDue({ delayS: 600, nowMs: now }), []);  // no meeting.ended webhook: nothing known to end
  t.close();
});

test('zoom report: bad pages and bad links reject with codes and store nothing', async () => {
  const t = new Tracker(':memory:', config);
  await assert.rejects(t.ingestZoomReport(uuid, [page1, '{not json']), isRollcall('malformed_input'));
  await assert.rejects(t.ingestZoomReport(uuid, [page1], { meetingId: '123' }), isRollcall('invalid_value'));
  await assert.rejects(t.ingestZoomReport('', [page1]), isRollcall('missing_field'));
  assert.equal(t.stats().events, 0);
  assert.throws(() => t.createSession({ ...session, rooms: ['https://evil@zoom.us/j/85746352910'] }), isRollcall('invalid_value'));
  assert.throws(() => t.reportsDue({ delayS: -1 }), isRollcall('invalid_value'));
  t.close();
});
