'use strict';
// rollcall for Node: a thin layer over the N-API addon (which calls the rollcall C ABI only).
// The addon is found at ROLLCALL_NODE_ADDON, or ./build/rollcall_node.node.
const path = require('node:path');

/** Every failure of rollcall: `code` is the stable name ("bad_signature"), `status` the C value. */
class RollcallError extends Error {
  constructor(message, code, status) {
    super(message);
    this.name = 'RollcallError';
    this.code = code;
    this.status = status;
  }
}

const addon = require(process.env.ROLLCALL_NODE_ADDON || path.join(__dirname, 'build', 'rollcall_node.node'));
addon.setErrorClass(RollcallError);

/** Whether a loaded library (version number) serves an addon compiled for `want`: same major, and
 *  while the major is 0 the same minor; from 1.0 a minor at least want's. A newer patch is fine. */
function abiCompatible(loaded, want) {
  const major = (v) => Math.floor(v / 10000);
  if (major(loaded) !== major(want)) return false;
  return major(want) === 0 ? Math.floor(loaded / 100) === Math.floor(want / 100) : loaded >= want;
}
if (!abiCompatible(addon.libraryVersion, addon.headerVersion)) {
  throw new RollcallError(`rollcall addon built for ABI ${addon.headerVersion} but librollcall is ${addon.libraryVersion}`,
    'version_mismatch', 23);
}

/** Evaluates a scenario (SPEC §10) given as JSON text or an object; returns the result object. */
function replay(scenario) {
  return JSON.parse(addon.replay(jsonText(scenario, 'scenario')));
}

/** JSON text from a string, bytes or a plain object; anything else is an invalid argument. */
function jsonText(value, name) {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  throw new RollcallError(`${name} must be JSON text, bytes or an object`, 'invalid_argument', 1);
}

/** "Name: value" lines from a header object (values may be arrays) or a ready block. This runs once
 *  per webhook, so the common case (string values, no line breaks) avoids regexes and arrays. */
function headerBlock(headers) {
  if (headers === undefined || headers === null) return '';
  if (typeof headers === 'string') return headers;
  let block = '';
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string') block += name + ': ' + safeValue(value) + '\n';
    else if (Array.isArray(value)) for (const v of value) block += name + ': ' + safeValue(String(v)) + '\n';
    else if (value !== undefined) block += name + ': ' + safeValue(String(value)) + '\n';
  }
  return block;
}
// A line break inside a value would start a forged header line.
const safeValue = (v) => (v.indexOf('\n') === -1 && v.indexOf('\r') === -1 ? v : v.replace(/[\r\n]/g, ' '));

// undefined when there are no options: the addon then skips the property lookups on the hot path.
const requestOptions = (o) => (o === undefined ? undefined : { requestUrl: o.requestUrl, nowMs: o.nowMs });

/**
 * A rollcall tracker: a database (SQLite file or ':memory:') with its configuration. Methods mirror
 * the C ABI (rollcall_tracker_*, rollcall_session_*, rollcall_link_*, rollcall_report_*); failures
 * throw (or reject with) RollcallError. Times are Unix milliseconds; omitted means now.
 */
class Tracker {
  #native;
  constructor(path = ':memory:', config = undefined) {
    this.#native = new addon.NativeTracker(path, config === undefined ? undefined : jsonText(config, 'config'));
  }
  /** Closes the database (Promises still running finish first). Idempotent. */
  close() { this.#native.close(); }

  /** Verifies, parses and stores one webhook; `{outcome, event, stored, duplicates, response}`. */
  ingestSync(platform, headers, body, options) {
    return this.#native.ingestSync(platform, headerBlock(headers), body, requestOptions(options));
  }
  /** Same, off the main thread. */
  ingest(platform, headers, body, options) {
    try {
      return this.#native.ingest(platform, headerBlock(headers), body, requestOptions(options));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  createSession(session) { this.#native.createSession(jsonText(session, 'session')); }
  updateSession(session) { this.#native.updateSession(jsonText(session, 'session')); }
  /** Host action: 'cancel', 'mark_absent' or 'complete'. */
  act(sessionId, action, atMs) { this.#native.act(sessionId, action, atMs); }
  getSession(sessionId, nowMs) { return JSON.parse(this.#native.getSession(sessionId, nowMs)); }

  createLink(link, atMs) { return JSON.parse(this.#native.createLink(jsonText(link, 'link'), atMs)); }
  clickLink(token, atMs) { this.#native.clickLink(token, atMs); }
  heartbeat(token, atMs) { this.#native.heartbeat(token, atMs); }
  endLink(token, atMs) { this.#native.endLink(token, atMs); }
  getLink(token, nowMs) { return JSON.parse(this.#native.getLink(token, nowMs)); }

  sweep(nowMs) { return JSON.parse(this.#native.sweep(nowMs)); }

  /** A report as text: kind 'session' (id: the session), 'teacher' or 'trends' (id: a teacher or
   *  null for all); options {format: 'json'|'csv', timezone, from, to, period, nowMs}. */
  reportSync(kind, id, options = {}) { return this.#native.reportSync(kind, id ?? null, options); }
  /** Same, off the main thread. */
  report(kind, id, options = {}) {
    try {
      return this.#native.report(kind, id ?? null, options);
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/** Verify + parse without storage (rollcall_verifier). Immutable. */
class Verifier {
  #native;
  constructor(config) { this.#native = new addon.NativeVerifier(jsonText(config, 'config')); }
  /** `{event, events, ignored, notes, response}`. */
  parse(platform, headers, body, options) {
    return JSON.parse(this.#native.parse(platform, headerBlock(headers), body, requestOptions(options)));
  }
}

module.exports = {
  Tracker,
  Verifier,
  RollcallError,
  version: addon.libraryVersionString,
  versionNumber: addon.libraryVersion,
  abiCompatible,
  errstr: addon.errstr,
  replay,
};
