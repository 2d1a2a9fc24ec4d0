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

/**
 * Stateless evaluation for hosts that keep events in their own database: `{session, events, policy,
 * status, status_reason, now}` with events exactly as `Verifier.parse(...).events` returns them;
 * returns the evaluation (attendance, status, billing). Nothing is stored.
 */
function evaluate(input) {
  return JSON.parse(addon.evaluate(jsonText(input, 'input')));
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
  #slots = new Float64Array(4);  // the numbers of the last ingestSync (see the addon's ingest_sync)
  constructor(path = ':memory:', config = undefined) {
    this.#native = new addon.NativeTracker(path, config === undefined ? undefined : jsonText(config, 'config'));
    this.#native.bindIngestSlots(this.#slots);
  }
  /** Closes the database (Promises still running finish first). Idempotent. */
  close() { this.#native.close(); }

  /**
   * Verifies, parses and stores one webhook; the ingest result of docs/json.md
   * (`{status, event, events_stored, events_duplicate, response, code, message}`).
   */
  ingestSync(platform, headers, body, options) {
    const got = this.#native.ingestSync(platform, headerBlock(headers), body, requestOptions(options));
    const slots = this.#slots;
    const result = {
      status: slots[0] === 1 ? 'duplicate' : 'stored',
      event: typeof got === 'string' ? got : got[0],
      events_stored: slots[1],
      events_duplicate: slots[2],
      response: slots[3] === 1 ? this.#native.lastResponse() : null,
      code: null,
      message: null,
    };
    if (typeof got !== 'string') {
      const rooms = [];
      for (let i = 1; i < got.length; i += 2) rooms.push({ room: got[i], room_alt: got[i + 1] });
      result.rooms = rooms;
    }
    return result;
  }
  /** Same, off the main thread. */
  ingest(platform, headers, body, options) {
    try {
      return this.#native.ingest(platform, headerBlock(headers), body, requestOptions(options));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Runs one method of the application layer (docs/json.md) with its parameters object; returns the
   * parsed JSON answer (a report asked for as CSV or a table comes back as text). Every ability of the
   * command line is reachable here; the named methods below are shorthands for it.
   */
  call(method, params = {}) { return answer(this.#native.call(method, paramsText(params)), params); }
  /** Same, off the main thread. */
  callAsync(method, params = {}) {
    try {
      return this.#native.callAsync(method, paramsText(params)).then((text) => answer(text, params));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Several requests `{platform, headers, body, request_url, received_at}` verified, parsed and stored
   *  in one transaction; `{requests, stored, duplicates, rejected, events_stored, events_duplicate,
   *  results}` (a rejected request is a result with its code, not an error). Off the main thread. */
  ingestBatch(requests, atMs) {
    try {
      return this.callAsync('ingest.batch', at({ requests }, atMs));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Stores a room snapshot the host fetched: platform 'livekit' (the RoomService ListParticipants JSON;
   * `room` required, the response does not name it) or 'bbb' (the getMeetingInfo XML; `room` optional and
   * checked). `atMs`: when it was polled, Unix ms (required). Every listed connection has evidence at
   * that instant; an open connection of the room it leaves out closes at its last evidence (reason
   * 'snapshot'). Returns the ingest result; bad input (malformed, FAILED, an unknown room) throws and
   * stores nothing.
   */
  ingestSnapshot(platform, body, { room, atMs } = {}) {
    if (typeof atMs !== 'number') throw new RollcallError('ingestSnapshot needs atMs: when the snapshot was polled', 'invalid_argument', 1);
    const params = { platform, body, at: atMs };
    if (room !== undefined && room !== null) params.room = room;
    return this.call('ingest.snapshot', params);
  }

  /** Zoom participant-report pages (bodies as text) the host fetched for one meeting instance, stored
   *  all or none; a batch result, one result per page. Off the main thread. */
  ingestZoomReport(meetingUuid, pages, { meetingId, receivedAtMs, nowMs } = {}) {
    try {
      const params = { meeting: meetingUuid, pages: [].concat(pages) };
      if (meetingId !== undefined) params.meeting_id = meetingId;
      if (receivedAtMs !== undefined) params.received_at = receivedAtMs;
      return this.callAsync('ingest.zoom_report', at(params, nowMs));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  /** Zoom meetings that ended at least `delayS` seconds (default 600) before `nowMs` and have no
   *  report stored: what to fetch next. */
  reportsDue({ delayS, nowMs } = {}) {
    const params = { report_due: true };
    if (delayS !== undefined) params.delay_s = delayS;
    return this.call('sessions.list', at(params, nowMs));
  }

  /** Creates a session (status scheduled, or unscheduled without a schedule); returns its record. */
  createSession(session, atMs) { return this.call('sessions.create', at({ sessions: [jsonValue(session, 'session')] }, atMs))[0]; }
  /** Creates several sessions, all or nothing; returns their records. */
  createSessions(sessions, atMs) { return this.call('sessions.create', at({ sessions: jsonValue(sessions, 'sessions') }, atMs)); }
  /** Replaces a session's details (status, history stay; rooms are only added); returns its record. */
  updateSession(session, atMs) { return this.call('sessions.update', at({ sessions: [jsonValue(session, 'session')] }, atMs))[0]; }
  /** Sessions by `{teacher, type, status, from, to, open}`, by scheduled start. */
  listSessions(filter = {}) { return this.call('sessions.list', filter); }
  /** `{session, evaluation}`: the stored record and its attendance, status and billing at `nowMs`. */
  getSession(sessionId, nowMs) { return this.call('sessions.get', at({ id: sessionId }, nowMs)); }
  /** Deterministic replay (SPEC §8): the sessions `{id}` or `{teacher, type, from, to}` select (default:
   *  all) evaluated at `nowMs` from their stored raw payloads parsed again, beside their stored events:
   *  `{sessions: [{id, agrees, payloads, host_events, failures, differences, evaluation}], agree,
   *  differ}`. Off the main thread. */
  replayStored({ nowMs, ...filter } = {}) {
    try {
      return this.callAsync('sessions.replay', at(filter, nowMs));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  /** Host action: 'cancel', 'mark_absent' or 'complete'; returns the session's record. `{chargeable:
   *  true}` with 'cancel': a late cancellation, counted against the package and billed (SPEC §5). */
  act(sessionId, action, atMs, { chargeable } = {}) {
    const params = { id: sessionId, action };
    if (chargeable) params.chargeable = true;
    return this.call('sessions.act', at(params, atMs));
  }
  /** Links rooms to a session; returns its record. */
  linkRooms(sessionId, rooms) { return this.call('sessions.link', { id: sessionId, rooms: [].concat(rooms) }); }
  /** `{package, count, sessions}`: the sessions counted against a package. */
  packageUsage(pkg) { return this.call('packages.usage', { package: pkg }); }

  /** Creates a tracked link; returns it with its new unguessable `token`. */
  createLink(link, atMs) { return this.call('links.create', at({ link: jsonValue(link, 'link') }, atMs)); }
  clickLink(token, atMs) { return this.call('links.click', at({ token }, atMs)); }
  heartbeat(token, atMs) { return this.call('links.heartbeat', at({ token }, atMs)); }
  endLink(token, atMs) { return this.call('links.end', at({ token }, atMs)); }
  /** The link with its duration at `nowMs`. */
  getLink(token, nowMs) { return this.call('links.get', at({ token }, nowMs)); }
  /** Links by `{teacher, student, status, session_id, from, to}`, each at `now`. */
  listLinks(filter = {}) { return this.call('links.list', filter); }

  /** Maps a platform key (kind 'email', 'name', 'zoom_user_id', 'zoom_registrant_id', 'bbb_user_id' or
   *  'identity') to a person, globally or with `{sessionId}` in one session (SPEC §11); applies at every
   *  later evaluation. `{alias, added}`; a key naming another person is an error (already_exists). */
  identitiesAdd(person, kind, value, { sessionId } = {}) {
    return this.call('identities.add', sessionScope({ person, kind, value }, sessionId));
  }
  /** The alias table by `{person, session_id, global}`, ordered by session, kind, value. */
  identitiesList(filter = {}) { return this.call('identities.list', filter); }
  /** Removes the alias of a key (in one session with `{sessionId}`); returns it. */
  identitiesRemove(kind, value, { sessionId } = {}) {
    return this.call('identities.remove', sessionScope({ kind, value }, sessionId));
  }

  sweep(nowMs) { return this.call('sweep', at({}, nowMs)); }
  /** Counts of what the database holds. */
  stats() { return this.call('stats'); }

  /** `{changes, cursor}`: up to `limit` changes after `after` (SPEC §8); pass `cursor` next time. */
  changes({ after = 0, limit } = {}) { return this.call('changes', limit === undefined ? { after } : { after, limit }); }
  /** The changes after the cursor rollcall keeps for `consumer`, advancing it atomically: processes
   *  sharing the name each receive a change once. */
  claimChanges(consumer, { limit } = {}) {
    return this.call('changes.claim', limit === undefined ? { consumer } : { consumer, limit });
  }
  /**
   * An async iterator over changes as they happen: yields each change once, polling every
   * `intervalMs` (default 1000) when the feed is drained. From cursor `after` (default 0), or with
   * `consumer` from the cursor rollcall keeps for that reader. Stops when `signal` aborts.
   */
  async *watchChanges({ after = 0, consumer, limit = 100, intervalMs = 1000, signal } = {}) {
    let cursor = after;
    while (!signal?.aborted) {
      const page = consumer === undefined
        ? await this.callAsync('changes', { after: cursor, limit })
        : await this.callAsync('changes.claim', { consumer, limit });
      for (const change of page.changes) yield change;
      cursor = page.cursor;
      if (page.changes.length < limit) await sleep(intervalMs, signal);
    }
  }

  /** A report: kind 'session' (id: one session, or null for all in the range), 'teacher', 'trends' or
   *  'links' (id: a teacher or null for all); options {format: 'json'|'csv'|'table', timezone, from, to,
   *  period, nowMs; links: student, status}. JSON comes back parsed, CSV and tables as text. */
  reportSync(kind, id, options = {}) { return this.call(reportMethod(kind), reportParams(kind, id, options)); }
  /** Same, off the main thread. */
  report(kind, id, options = {}) {
    try {
      return this.callAsync(reportMethod(kind), reportParams(kind, id, options));
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/** Alias parameters, scoped to a session when one is named. */
function sessionScope(params, sessionId) {
  return sessionId === undefined || sessionId === null ? params : { ...params, session_id: sessionId };
}

/** Parameters as JSON text (an object, or text already). */
function paramsText(params) {
  if (typeof params === 'string') return params;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) return JSON.stringify(params);
  throw new RollcallError('params must be an object or JSON text', 'invalid_argument', 1);
}
/** A method's answer: parsed JSON, or the text of a CSV / table report. */
function answer(text, params) {
  const format = typeof params === 'object' && params !== null ? params.format : undefined;
  return format === 'csv' || format === 'table' ? text : JSON.parse(text);
}
/** A value given as an object or as JSON text, as an object. */
function jsonValue(value, name) {
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      return JSON.parse(typeof value === 'string' ? value : Buffer.from(value).toString('utf8'));
    } catch (e) {
      throw new RollcallError(`${name}: not valid JSON (${e.message})`, 'malformed_input', 2);
    }
  }
  if (value !== null && typeof value === 'object') return value;
  throw new RollcallError(`${name} must be JSON text, bytes or an object`, 'invalid_argument', 1);
}
/** Adds `now` (Unix ms) when given; omitted, the method reads the clock. */
function at(params, ms) {
  if (ms !== undefined && ms !== null) {
    if (typeof ms !== 'number') throw new RollcallError('a time must be Unix milliseconds', 'invalid_argument', 1);
    params.now = ms;
  }
  return params;
}
const reportKinds = { session: 'reports.session', teacher: 'reports.teacher', trends: 'reports.trends', links: 'reports.links' };
function reportMethod(kind) {
  if (!Object.hasOwn(reportKinds, kind)) {
    throw new RollcallError("report kind must be 'session', 'teacher', 'trends' or 'links'", 'invalid_argument', 1);
  }
  return reportKinds[kind];
}
function reportParams(kind, id, options) {
  const { nowMs, ...rest } = options ?? {};
  const params = at({ ...rest }, nowMs);
  if (id !== undefined && id !== null) params[kind === 'session' ? 'session' : 'teacher'] = id;
  return params;
}
const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

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
  evaluate,
};
