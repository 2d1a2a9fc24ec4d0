// A webhook receiver for LiveKit, BigBlueButton and Zoom on node:http, backed by rollcall.
//
//   POST /webhooks/livekit | /webhooks/bbb | /webhooks/zoom   the platforms' webhooks (raw bytes kept)
//   POST /sessions                                            create a session (JSON, see docs/c-api.md)
//   GET  /sessions/:id/report[?format=csv]                    the session's attendance report
//
// Run: ROLLCALL_CONFIG=config.json ROLLCALL_DB=rollcall.sqlite PORT=8080 node webhook-server.mjs
// (ROLLCALL_NODE_PACKAGE overrides where the rollcall package is loaded from.)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const rollcall = require(process.env.ROLLCALL_NODE_PACKAGE || '../../bindings/node/index.js');

// Signature problems are the sender's (401); payload problems too (400); the rest is ours (500).
function httpStatus(e) {
  if (!(e instanceof rollcall.RollcallError)) return 500;
  if (e.status >= 6 && e.status <= 12) return 401;
  if (e.status >= 1 && e.status <= 5) return 400;
  if (e.code === 'not_found') return 404;
  if (e.code === 'already_exists' || e.code === 'illegal_transition') return 409;
  return 500;
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);  // exact bytes: signatures cover them
}

/** An http.Server answering the routes above with `tracker` (a rollcall.Tracker). */
export function createWebhookServer(tracker) {
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, `http://${req.headers.host || 'localhost'}`);
      const hook = url.pathname.match(/^\/webhooks\/(livekit|bbb|zoom)$/);
      if (req.method === 'POST' && hook) {
        const body = await readBody(req);
        // Ingest runs on the thread pool: the event loop keeps serving other requests meanwhile.
        const r = await tracker.ingest(hook[1], req.headers, body, { requestUrl: url.href });
        if (r.response !== null) return send(res, 200, r.response);  // Zoom endpoint.url_validation
        return send(res, 200, JSON.stringify(r));
      }
      if (req.method === 'POST' && url.pathname === '/sessions') {
        const session = tracker.createSession((await readBody(req)).toString('utf8'));
        return send(res, 201, JSON.stringify(session));
      }
      const report = url.pathname.match(/^\/sessions\/([^/]+)\/report$/);
      if (req.method === 'GET' && report) {
        const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'json';
        const out = await tracker.report('session', decodeURIComponent(report[1]), { format });
        if (format === 'csv') return send(res, 200, out, 'text/csv; charset=utf-8');
        return send(res, 200, JSON.stringify(out), 'application/json');
      }
      return send(res, 404, '{"error":"not_found"}');
    } catch (e) {
      return send(res, httpStatus(e), JSON.stringify({ error: e.code || 'internal_error', message: e.message }));
    }
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = process.env.ROLLCALL_CONFIG ? readFileSync(process.env.ROLLCALL_CONFIG, 'utf8') : '{}';
  const tracker = new rollcall.Tracker(process.env.ROLLCALL_DB || 'rollcall.sqlite', config);
  const server = createWebhookServer(tracker);
  const port = Number(process.env.PORT || 8080);
  server.listen(port, process.env.HOST || '127.0.0.1', () => console.log(`rollcall webhooks on http://${server.address().address}:${server.address().port}`));
  const stop = () => server.close(() => { tracker.close(); process.exit(0); });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
