// Boundary benchmark, Node side (see bench_boundary.sh, which runs everything in one go).
//
//   node bench_boundary.mjs workload OUT.jsonl [ROOMS]   write a signed LiveKit workload (livekit-server-sdk)
//   node bench_boundary.mjs measure WORKLOAD.jsonl        Node addon ingest + verify/parse vs WebhookReceiver
//   node bench_boundary.mjs table RESULTS.jsonl           the markdown table of every path's results
//
// Each measurement is the best of several passes over the whole workload; one pass ingests every
// webhook once into a fresh ':memory:' tracker, so every ingest stores new events.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const nodeModules = new URL('../bindings/node/node_modules/', import.meta.url).pathname;
const { AccessToken, WebhookReceiver } = require(nodeModules + 'livekit-server-sdk');
const KEY = 'APIwork', SECRET = 'workload-secret-0123456789abcdef';
const PASSES = Number(process.env.ROLLCALL_BENCH_PASSES || 7);

async function writeWorkload(out, rooms = 20) {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = [];
  const emit = async (body) => {
    const text = JSON.stringify(body);
    const at = new AccessToken(KEY, SECRET, { ttl: '3650d' });
    at.sha256 = createHash('sha256').update(text).digest('base64');
    lines.push(JSON.stringify({ platform: 'livekit', headers: { Authorization: await at.toJwt() }, body: text }));
  };
  const t0 = 1763625600;
  for (let r = 0; r < rooms; r++) {
    const start = t0 + r * 600, room = { sid: `RM_${r}`, name: `academic_${1000 + r}_${start}`, emptyTimeout: 300, creationTime: String(start) };
    await emit({ event: 'room_started', room, id: `EV_r${r}s`, createdAt: String(start) });
    for (let p = 0; p < 8; p++) {
      const identity = p === 0 ? `teacher-${r % 7}` : `student-${(r * 7 + p) % 200}`;
      let t = start + Math.floor(rnd() * 300);
      for (let c = 0; c < 3; c++) {
        const part = { sid: `PA_${r}_${p}_${c}`, identity, name: identity, joinedAt: String(t), joinedAtMs: String(t * 1000 + 17) };
        const left = t + 300 + Math.floor(rnd() * 900);
        await emit({ event: 'participant_joined', room, participant: { ...part, state: 'ACTIVE' }, id: `EV_${r}_${p}_${c}j`, createdAt: String(t + 1) });
        await emit({ event: 'participant_left', room, participant: { ...part, state: 'DISCONNECTED' }, id: `EV_${r}_${p}_${c}l`, createdAt: String(left) });
        t = left + Math.floor(rnd() * 240);
      }
    }
    await emit({ event: 'room_finished', room, id: `EV_r${r}f`, createdAt: String(start + 7200) });
  }
  writeFileSync(out, lines.join('\n') + '\n');
  console.error(`wrote ${lines.length} signed LiveKit webhooks to ${out}`);
}

const best = (xs) => Math.min(...xs);

/** Best ns per webhook of `pass` (which handles every webhook once) over PASSES passes. */
/** Wall and process-CPU time are both kept: on a shared machine the CPU time is the steadier one. */
async function perWebhook(hooks, setup, pass) {
  const wall = [], cpu = [];
  for (let i = 0; i < PASSES + 1; i++) {
    const ctx = setup();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await pass(ctx);
    const ns = Number(process.hrtime.bigint() - t0);
    const c = process.cpuUsage(c0);
    if (ctx && ctx.close) ctx.close();
    if (i > 0) {  // pass 0 warms up
      wall.push(ns / hooks.length);
      cpu.push(((c.user + c.system) * 1000) / hooks.length);
    }
  }
  return { wall: best(wall), cpu: best(cpu) };
}

async function measure(file) {
  const rollcall = require('../bindings/node/index.js');
  const hooks = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const config = { livekit: { keys: { [KEY]: SECRET } } };
  const results = [];
  const put = (path, t, note) => {
    results.push({ path, ns_per_webhook: t.wall, cpu_ns_per_webhook: t.cpu, webhooks: hooks.length, note });
    console.log(JSON.stringify(results.at(-1)));
  };

  put('node_addon_ingest', await perWebhook(hooks, () => new rollcall.Tracker(':memory:', config), (t) => {
    for (const h of hooks) if (t.ingestSync('livekit', h.headers, h.body).status !== 'stored') throw new Error('not stored');
  }), 'Tracker.ingestSync, headers object + string body');
  put('node_addon_ingest_async', await perWebhook(hooks, () => new rollcall.Tracker(':memory:', config), async (t) => {
    for (const h of hooks) await t.ingest('livekit', h.headers, h.body);
  }), 'Tracker.ingest (Promise, thread pool), one at a time');
  put('node_addon_ingest_async_32', await perWebhook(hooks, () => new rollcall.Tracker(':memory:', config), async (t) => {
    // 32 requests in flight, as a webhook server under load has them (each still its own transaction).
    let next = 0;
    const lane = async () => { while (next < hooks.length) { const h = hooks[next++]; await t.ingest('livekit', h.headers, h.body); } };
    await Promise.all(Array.from({ length: 32 }, lane));
  }), 'Tracker.ingest (Promise), 32 in flight');

  const verifier = new rollcall.Verifier(config);
  put('node_addon_verify_parse', await perWebhook(hooks, () => null, () => {
    for (const h of hooks) if (verifier.parse('livekit', h.headers, h.body).events.length === 0 && !h.body.includes('room_')) throw new Error('no events');
  }), 'Verifier.parse: verify + parse, events returned as objects');
  const receiver = new WebhookReceiver(KEY, SECRET);
  put('livekit_sdk_receive', await perWebhook(hooks, () => null, async () => {
    for (const h of hooks) if (!(await receiver.receive(h.body, h.headers.Authorization)).event) throw new Error('no event');
  }), "livekit-server-sdk WebhookReceiver.receive: verify + parse");
  return results;
}

function table(file) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const by = {};  // each path's best round, wall and CPU separately
  for (const r of rows) {
    const b = (by[r.path] ??= { wall: Infinity, cpu: Infinity });
    b.wall = Math.min(b.wall, r.ns_per_webhook);
    b.cpu = Math.min(b.cpu, r.cpu_ns_per_webhook ?? Infinity);
  }
  const us = (ns) => (ns / 1000).toFixed(2);
  const cxx = by.cxx_api;
  const out = ['| path | µs/webhook (CPU) | µs/webhook (wall) | webhooks/s (CPU) | vs C++ API (CPU) |', '|---|---:|---:|---:|---:|'];
  for (const p of ['cxx_api', 'c_abi', 'node_addon_ingest', 'node_addon_ingest_async', 'node_addon_ingest_async_32', 'php_ffi_ingest']) {
    if (!by[p]) continue;
    out.push(`| ${p} | ${us(by[p].cpu)} | ${us(by[p].wall)} | ${Math.round(1e9 / by[p].cpu)} | ${cxx ? (by[p].cpu / cxx.cpu).toFixed(2) + '×' : ''} |`);
  }
  const ours = by.node_addon_verify_parse, sdk = by.livekit_sdk_receive;
  if (ours && sdk) {
    out.push('', '| verify + parse in Node | µs/webhook (CPU) | µs/webhook (wall) | speed-up (CPU) | speed-up (wall) |', '|---|---:|---:|---:|---:|');
    out.push(`| livekit-server-sdk WebhookReceiver.receive | ${us(sdk.cpu)} | ${us(sdk.wall)} | 1.00× | 1.00× |`);
    out.push(`| rollcall Node addon Verifier.parse | ${us(ours.cpu)} | ${us(ours.wall)} | ${(sdk.cpu / ours.cpu).toFixed(2)}× | ${(sdk.wall / ours.wall).toFixed(2)}× |`);
  }
  console.log(out.join('\n'));
  const fails = [];
  for (const p of ['node_addon_ingest', 'php_ffi_ingest'])
    if (by[p] && cxx && by[p].cpu > 2 * cxx.cpu) fails.push(`${p} is more than 2× the C++ API`);
  if (ours && sdk && sdk.cpu < 5 * ours.cpu) fails.push('Node verify+parse is less than 5× faster than the SDK');
  console.log(fails.length ? '\ntargets missed (CPU time): ' + fails.join('; ') : '\ntargets met (CPU time): Node and PHP within 2× of C++, Node verify+parse ≥ 5× the SDK');
}

const [mode, arg, extra] = process.argv.slice(2);
if (mode === 'workload') await writeWorkload(arg, Number(extra || 20));
else if (mode === 'measure') await measure(arg);
else if (mode === 'table') table(arg);
else { console.error('usage: bench_boundary.mjs workload OUT [ROOMS] | measure WORKLOAD | table RESULTS'); process.exit(64); }
