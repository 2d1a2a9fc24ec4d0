// Keeping events in your own database: verify each webhook with rollcall's Verifier, store the
// normalised events wherever your data lives (here a Map keyed by each event's dedup key, standing in
// for your table with a unique index), and ask rollcall to evaluate a lesson from them when needed.
// Nothing is stored by rollcall.
//
//   node examples/node/stateless.mjs [SESSION_ID]        (default chiara-0324 of the example week)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const rollcall = require(process.env.ROLLCALL_NODE_PACKAGE || path.join(here, '../../bindings/node'));
const capture = path.join(here, '../capture');

// 1. Webhooks in: verified (constant-time signature check before parsing), normalised, kept by you.
const verifier = new rollcall.Verifier(readFileSync(path.join(capture, 'config.json'), 'utf8'));
const myEvents = new Map();
for (const line of readFileSync(path.join(capture, 'capture.jsonl'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const parsed = verifier.parse(request.platform, request.headers, request.body,
    { requestUrl: request.request_url, nowMs: Date.parse(request.received_at) });  // the capture's receive time
  for (const event of parsed.events) myEvents.set(`${event.platform}:${event.kind}:${event.dedup_key}`, event);
}

// 2. A lesson's attendance when you need it: the session as you store it, and the events of its rooms.
const sessionId = process.argv[2] || 'chiara-0324';
const session = JSON.parse(readFileSync(path.join(capture, 'sessions.json'), 'utf8')).find((s) => s.id === sessionId);
if (!session) throw new Error(`no session ${sessionId} in the example week`);
const events = [...myEvents.values()].filter((e) => session.rooms?.includes(e.room));
const result = rollcall.evaluate({ session, events, now: '2026-03-30T12:00:00Z' });

console.log(`${sessionId}: ${result.session_status}, billable ${result.billable_s} s, ${result.billing.amount_minor} ${result.billing.currency ?? ''}`.trim());
for (const [identity, p] of Object.entries(result.participants)) {
  console.log(`  ${identity.padEnd(12)} ${p.status.padEnd(8)} attended ${p.attended_s} s${p.late_s ? `, late ${p.late_s} s` : ''}`);
}
