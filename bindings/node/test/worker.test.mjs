import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

// Each worker loads its own instance of the addon (context-aware), with its own RollcallError class.
const workerCode = `
  const { parentPort, workerData } = require('node:worker_threads');
  const rollcall = require(workerData.index);
  (async () => {
    const t = new rollcall.Tracker(':memory:', workerData.config);
    t.createSession(workerData.session);
    const results = [];
    for (const w of workerData.webhooks) results.push(await t.ingest('livekit', w.headers, w.body));
    let error = null;
    try { t.getSession('ghost'); } catch (e) { error = { isRollcall: e instanceof rollcall.RollcallError, code: e.code }; }
    const report = t.reportSync('session', workerData.session.id, { nowMs: workerData.nowMs });
    t.close();
    parentPort.postMessage({ outcomes: results.map((r) => r.status), error, report: JSON.stringify(report) });
  })().catch((e) => parentPort.postMessage({ crash: String(e && e.stack || e) }));
`;

test('worker_threads: trackers work in several workers at once', async () => {
  const { config, lesson, livekitWebhook } = await import('./helpers.mjs');
  const index = fileURLToPath(new URL('../index.js', import.meta.url));
  const runs = [0, 1, 2].map(async (i) => {
    const l = lesson(`lesson-w${i}`, `sess-w${i}`);
    const webhooks = await Promise.all(l.bodies.map((b) => livekitWebhook(b)));
    const worker = new Worker(workerCode, { eval: true, workerData: { index, config, session: l.session, webhooks, nowMs: l.nowMs } });
    const msg = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    return msg;
  });
  for (const msg of await Promise.all(runs)) {
    assert.equal(msg.crash, undefined, msg.crash);
    assert.deepEqual(msg.outcomes, ['stored', 'stored', 'stored', 'stored']);
    assert.deepEqual(msg.error, { isRollcall: true, code: 'not_found' });
    assert.match(msg.report, /student-1/);
  }
});
