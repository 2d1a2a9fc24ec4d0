// The parity flow through the Node binding's idiomatic methods (tests/parity/run.py runs it).
// usage: node driver.mjs DB CONFIG CAPTURE FLOW OUT
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const rollcall = require(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../bindings/node'));
const [db, configPath, capturePath, flowPath, out] = process.argv.slice(2);
const flow = JSON.parse(readFileSync(flowPath, 'utf8'));
const capture = readFileSync(capturePath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const t = new rollcall.Tracker(db, readFileSync(configPath, 'utf8'));
let token = '$token';

const report = (kind, idKey) => (p) => {
  const { now, [idKey]: id, ...options } = p;
  return t.reportSync(kind, id ?? null, { ...options, nowMs: now });
};
const steps = {
  'sessions.create': (p) => t.createSessions(p.sessions, p.now),
  ingest: () => capture.map((l) => t.ingestSync(l.platform, l.headers, l.body, { requestUrl: l.request_url, nowMs: Date.parse(l.received_at) })),
  sweep: (p) => t.sweep(p.now),
  'sessions.act': (p) => t.act(p.id, p.action, p.now, { chargeable: p.chargeable }),
  'sessions.link': (p) => t.linkRooms(p.id, p.rooms),
  'sessions.get': (p) => t.getSession(p.id, p.now),
  'sessions.list': (p) => (p.report_due ? t.reportsDue({ delayS: p.delay_s, nowMs: p.now }) : t.listSessions(p)),
  'packages.usage': (p) => t.packageUsage(p.package),
  'links.create': (p) => { const l = t.createLink(p.link, p.now); token = l.token; return l; },
  'links.click': (p) => t.clickLink(token, p.now),
  'links.heartbeat': (p) => t.heartbeat(token, p.now),
  'links.end': (p) => t.endLink(token, p.now),
  'links.get': (p) => t.getLink(token, p.now),
  'links.list': (p) => t.listLinks(p),
  'reports.session': report('session', 'session'),
  'reports.teacher': report('teacher', 'teacher'),
  'reports.trends': report('trends', 'teacher'),
  'reports.links': report('links', 'teacher'),
  stats: () => t.stats(),
  changes: (p) => t.changes(p),
  evaluate: (p) => rollcall.evaluate(p),
  'ingest.snapshot': (p) => t.ingestSnapshot(p.platform, p.body, { room: p.room, atMs: p.at }),
  'identities.add': (p) => t.identitiesAdd(p.person, p.kind, p.value, { sessionId: p.session_id }),
  'identities.list': (p) => t.identitiesList(p),
  'identities.remove': (p) => t.identitiesRemove(p.kind, p.value, { sessionId: p.session_id }),
  'ingest.zoom_report': (p) => t.ingestZoomReport(p.meeting, p.pages, { receivedAtMs: p.received_at, nowMs: p.now }),
  'sessions.replay': ({ now, ...filter }) => t.replayStored({ ...filter, nowMs: now }),
};
for (const step of flow.steps) {
  const answer = await steps[step.method](step.params ?? {});
  writeFileSync(path.join(out, `${step.name}.txt`), typeof answer === 'string' ? answer : JSON.stringify(answer));
}
t.close();
