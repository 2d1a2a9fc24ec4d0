import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rollcall, repo, config, livekitWebhook, lesson } from './helpers.mjs';
import { createWebhookServer } from '../../../examples/node/webhook-server.mjs';

test('examples/node/webhook-server: LiveKit, BBB and Zoom webhooks in, a session report out (loopback)', async () => {
  const bbbVector = JSON.parse(readFileSync(path.join(repo, 'tests/fixtures/bbb/checksums.json'), 'utf8')).vectors[1];
  const tracker = new rollcall.Tracker(':memory:', {
    ...config,
    bbb: { shared_secret: bbbVector.shared_secret, callback_url: bbbVector.callback_url },
  });
  const server = createWebhookServer(tracker);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const l = lesson('lesson-http', 'sess-http');
    let r = await fetch(`${base}/sessions`, { method: 'POST', body: JSON.stringify(l.session) });
    assert.equal(r.status, 201);

    for (const body of l.bodies) {
      const w = await livekitWebhook(body);
      r = await fetch(`${base}/webhooks/livekit`, { method: 'POST', headers: { ...w.headers, 'Content-Type': 'application/webhook+json' }, body: w.body });
      assert.equal(r.status, 200);
      assert.equal((await r.json()).status, 'stored');
    }
    // Tampered: 401 with the code.
    const w = await livekitWebhook(l.bodies[0]);
    r = await fetch(`${base}/webhooks/livekit`, { method: 'POST', headers: w.headers, body: w.body.replace('teacher-1', 'teacher-2') });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).error, 'bad_signature');

    // Zoom URL validation, freshly signed: answered with plainToken + encryptedToken.
    const zbody = JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: 'abc123' }, event_ts: Date.now() });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = 'v0=' + createHmac('sha256', config.zoom.secret_token).update(`v0:${ts}:${zbody}`).digest('hex');
    r = await fetch(`${base}/webhooks/zoom`, { method: 'POST', headers: { 'x-zm-request-timestamp': ts, 'x-zm-signature': sig, 'Content-Type': 'application/json' }, body: zbody });
    assert.equal(r.status, 200);
    const validation = await r.json();
    assert.equal(validation.plainToken, 'abc123');
    assert.equal(validation.encryptedToken, createHmac('sha256', config.zoom.secret_token).update('abc123').digest('hex'));

    // BigBlueButton v3.4+ callback with its checksum in the URL.
    const form = readFileSync(path.join(repo, 'tests/fixtures', bbbVector.form_file));
    r = await fetch(`${base}/webhooks/bbb?checksum=${bbbVector.checksum}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).event, 'user-joined');
    r = await fetch(`${base}/webhooks/bbb?checksum=${'0'.repeat(64)}`, { method: 'POST', body: form });
    assert.equal(r.status, 401);

    // The report, as JSON and CSV.
    r = await fetch(`${base}/sessions/sess-http/report`);
    assert.equal(r.status, 200);
    const report = await r.json();
    assert.match(JSON.stringify(report), /student-1/);
    r = await fetch(`${base}/sessions/sess-http/report?format=csv`);
    assert.match(r.headers.get('content-type'), /text\/csv/);
    assert.match(await r.text(), /student-1/);
    r = await fetch(`${base}/sessions/ghost/report`);
    assert.equal(r.status, 404);
    r = await fetch(`${base}/webhooks/teams`, { method: 'POST', body: '{}' });
    assert.equal(r.status, 404);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    tracker.close();
  }
});
