// examples/node/stateless.mjs: events kept by the host and evaluated statelessly give what the tracker
// gives for the same week stored in its own database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { rollcall, repo, readRepo } from './helpers.mjs';

test('examples/node/stateless: the host-kept events evaluate as the stored week does', () => {
  const config = readRepo('examples/capture/config.json');
  const t = new rollcall.Tracker(':memory:', config);
  t.createSessions(JSON.parse(readRepo('examples/capture/sessions.json')), Date.parse('2026-03-20T09:00:00Z'));
  for (const line of readRepo('examples/capture/capture.jsonl').split('\n').filter((l) => l.trim())) {
    const r = JSON.parse(line);
    t.ingestSync(r.platform, r.headers, r.body, { requestUrl: r.request_url, nowMs: Date.parse(r.received_at) });
  }
  for (const id of ['chiara-0324', 'bruno-0323']) {
    const out = execFileSync(process.execPath, [path.join(repo, 'examples/node/stateless.mjs'), id], { encoding: 'utf8' });
    const stored = t.getSession(id, Date.parse('2026-03-30T12:00:00Z')).evaluation;
    const [head, ...rows] = out.trim().split('\n');
    assert.equal(head, `${id}: ${stored.session_status}, billable ${stored.billable_s} s, ${stored.billing.amount_minor} ${stored.billing.currency}`);
    assert.equal(rows.length, Object.keys(stored.participants).length);
    for (const row of rows) {
      const [identity, status] = row.trim().split(/\s+/);
      assert.equal(status, stored.participants[identity].status, row);
      assert.match(row, new RegExp(`attended ${stored.participants[identity].attended_s} s`));
    }
  }
  t.close();
});
