// Generates the example capture: a week of online lessons (Mon 23 – Sun 29 March 2026, Europe/Berlin,
// across the DST change) for three teachers and five students on LiveKit, BigBlueButton and Zoom, as
// the platforms would have POSTed them, signed with the example secrets of config.json.
//
//   node examples/capture/generate.mjs [OUT_DIR]      (default: this folder)
//
// Writes capture.jsonl (one request per line, in arrival order:
// {"platform","headers","body","received_at","request_url"?}) and sessions.json (the appointments the
// host creates before ingesting). Deterministic: same script, same bytes. Only node: built-ins.
//
// What the week contains (docs/reports.md walks through the resulting report):
//   reconnects (LiveKit within the grace, BBB beyond it), a duplicated webhook on LiveKit and on BBB
//   (retries with identical bytes), lost leaves (LiveKit closed by room_finished; Zoom with no leave and
//   no meeting.ended, closed as stale), a late student, absent students, a session nobody came to, a
//   no-show teacher, a partial attendance, a guest, and a recorder (a non-person).
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2] ?? here;
const config = JSON.parse(readFileSync(join(here, 'config.json'), 'utf8'));
const [lkKey, lkSecret] = Object.entries(config.livekit.keys)[0];
const zoomSecret = config.zoom.secret_token;
const bbbSecret = config.bbb.shared_secret;
const bbbCallback = config.bbb.callback_url;

// ---- determinism --------------------------------------------------------------------------------
let seed = 20260323;
function random() {  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomId = (n, chars = alnum) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
const jitterMs = (max) => Math.floor(random() * max);

// ---- time ---------------------------------------------------------------------------------------
// Berlin local time → UTC ms. The week holds the spring-forward (Sun 29 March 02:00 → 03:00).
function berlin(day, hh, mm, ss = 0) {
  const offsetH = day >= 29 && (day > 29 || hh >= 3) ? 2 : 1;
  return Date.UTC(2026, 2, day, hh - offsetH, mm, ss);
}
const minutes = (n) => n * 60000;
const iso = (ms) => new Date(ms).toISOString();
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// ---- people -------------------------------------------------------------------------------------
const people = {
  't-amal': { name: 'Amal Haddad', email: 'amal.haddad@school.example.test' },
  't-bruno': { name: 'Bruno Costa', email: 'bruno.costa@school.example.test' },
  't-chiara': { name: 'Chiara Rossi', email: 'chiara.rossi@school.example.test' },
  'st-dina': { name: 'Dina Aziz', email: 'dina@family.example.test' },
  'st-emil': { name: 'Emil Novák', email: 'emil@family.example.test' },
  'st-fatima': { name: 'Fatima Zahra', email: 'fatima@family.example.test' },
  'st-goran': { name: 'Goran Petrović', email: 'goran@family.example.test' },
  'st-hana': { name: 'Hana Satō', email: 'hana@family.example.test' },
};

const lines = [];  // {at, line}
function emit(platform, receivedAt, headers, body, requestUrl) {
  const rec = { platform, headers, body, received_at: iso(receivedAt) };
  if (requestUrl) rec.request_url = requestUrl;
  lines.push({ at: receivedAt, seq: lines.length, line: JSON.stringify(rec) });
  return rec;
}
function duplicate(rec, laterMs) {  // a retry: the very same request, delivered again
  lines.push({ at: Date.parse(rec.received_at) + laterMs, seq: lines.length, line: JSON.stringify(rec) });
}

// ---- LiveKit: protojson bodies, HS256 JWT with the sha256 claim -----------------------------------
const b64url = (buf) => Buffer.from(buf).toString('base64url');
function livekitJwt(body, issuedMs) {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const nbf = Math.floor(issuedMs / 1000);
  const claims = { exp: nbf + 300, iss: lkKey, nbf, sha256: createHash('sha256').update(body, 'utf8').digest('base64') };
  const payload = b64url(JSON.stringify(claims));
  const signature = createHmac('sha256', lkSecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

function livekitRoom(session) {
  const created = session.roomCreated;
  return {
    sid: 'RM_' + randomId(12), name: `${session.type}_${session.id}_${Math.floor(session.start / 1000)}`,
    created, turn: randomId(43),
  };
}
function roomJson(room, numParticipants) {
  let s = `{"sid":"${room.sid}","name":"${room.name}","emptyTimeout":300,"departureTimeout":20,` +
    `"creationTime":"${Math.floor(room.created / 1000)}","creationTimeMs":"${room.created}",` +
    `"turnPassword":"${room.turn}","enabledCodecs":[{"mime":"audio/opus"},{"mime":"audio/red"},{"mime":"video/VP8"},{"mime":"video/H264"}]`;
  if (numParticipants > 0) s += `,"numParticipants":${numParticipants}`;
  return s + '}';
}
function livekitSend(event, room, participantJson, atMs, numParticipants = 0) {
  const createdAt = Math.floor(atMs / 1000);
  let body = `{"event":"${event}","room":${roomJson(room, numParticipants)}`;
  if (participantJson) body += `,"participant":${participantJson}`;
  body += `,"id":"EV_${randomId(12)}","createdAt":"${createdAt}"}`;
  const sentAt = atMs + 40 + jitterMs(400);
  const headers = { 'Content-Type': 'application/webhook+json', Authorization: livekitJwt(body, sentAt), 'User-Agent': 'LiveKit' };
  return emit('livekit', sentAt + 20 + jitterMs(200), headers, body);
}
function lkParticipant(identity, sid, joinedMs, state, extra = '') {
  const p = people[identity];
  const name = p ? p.name : identity;
  return `{"sid":"${sid}","identity":"${identity}","state":"${state}","joinedAt":"${Math.floor(joinedMs / 1000)}",` +
    `"joinedAtMs":"${joinedMs}","name":${JSON.stringify(name)},"version":${state === 'ACTIVE' ? 2 : 7},` +
    `"permission":{"canSubscribe":true,"canPublish":true,"canPublishData":true},"isPublisher":true${extra}}`;
}
/// One LiveKit connection: joined at `join`, left at `leave` (null: the leave webhook was lost).
function lkConnection(room, identity, join, leave, reason = 'CLIENT_INITIATED', count = 2) {
  const sid = 'PA_' + randomId(12);
  const signalConnect = join - 600 - jitterMs(900);  // joinedAt is the signal connect, before ACTIVE
  const joined = livekitSend('participant_joined', room, lkParticipant(identity, sid, signalConnect, 'ACTIVE'), join, count);
  if (leave !== null)
    livekitSend('participant_left', room, lkParticipant(identity, sid, signalConnect, 'DISCONNECTED', `,"disconnectReason":"${reason}"`), leave, count - 1);
  return joined;
}
function lkRecorder(room, join, leave) {
  const sid = 'PA_' + randomId(12);
  const egress = 'EG_' + randomId(12);
  const p = (state, extra = '') => `{"sid":"${sid}","identity":"${egress}","state":"${state}","joinedAt":"${Math.floor(join / 1000)}",` +
    `"joinedAtMs":"${join}","version":1,"permission":{"canSubscribe":true,"recorder":true},"kind":"EGRESS"${extra}}`;
  livekitSend('participant_joined', room, p('ACTIVE'), join, 2);
  livekitSend('participant_left', room, p('DISCONNECTED', ',"disconnectReason":"CLIENT_INITIATED"'), leave, 2);
}

// ---- BigBlueButton: bbb-webhooks v3.4+ form bodies, checksum over URL + body + secret -----------------
function bbbSend(eventObject, tsMs) {
  const body = new URLSearchParams([
    ['domain', 'bbb.school.example.test'],
    ['event', '[' + JSON.stringify(eventObject) + ']'],
    ['timestamp', String(tsMs + 3 + jitterMs(20))],
  ]).toString();
  const checksum = createHash('sha1').update(bbbCallback + body + bbbSecret).digest('hex');
  const url = bbbCallback + (bbbCallback.includes('?') ? '&' : '?') + 'checksum=' + checksum;
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', 'User-Agent': 'bbb-webhooks' };
  return emit('bbb', tsMs + 30 + jitterMs(300), headers, body, url);
}
function bbbMeeting(session) {
  const created = session.roomCreated;
  const external = `${session.type}_${session.id}_${Math.floor(session.start / 1000)}`;
  const internal = createHash('sha1').update(external).digest('hex') + '-' + created;
  return { internal, external, created };
}
const bbbMeetingRef = (m) => ({ 'internal-meeting-id': m.internal, 'external-meeting-id': m.external });
function bbbCreated(m, name) {
  const meeting = { ...bbbMeetingRef(m), name, 'is-breakout': false, 'parent-id': 'bbb-none', duration: 0,
    'create-time': m.created, 'create-date': new Date(m.created).toUTCString(), 'moderator-pass': 'mp',
    'viewer-pass': 'ap', record: false, 'voice-conf': String(70000 + Math.floor(random() * 9999)),
    'dial-number': '613-555-0100', 'max-users': 0, metadata: {} };
  bbbSend({ data: { type: 'event', id: 'meeting-created', attributes: { meeting }, event: { ts: m.created } } }, m.created);
}
function bbbUser(m, identity, join, leave, moderator = false) {
  const intId = 'w_' + randomId(12, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const joined = bbbSend({ data: { type: 'event', id: 'user-joined', attributes: { meeting: bbbMeetingRef(m), user: {
    'internal-user-id': intId, 'external-user-id': identity, name: people[identity].name,
    role: moderator ? 'MODERATOR' : 'VIEWER', presenter: moderator, guest: false } }, event: { ts: join } } }, join);
  if (leave !== null)
    bbbSend({ data: { type: 'event', id: 'user-left', attributes: { meeting: bbbMeetingRef(m), user: {
      'internal-user-id': intId, 'external-user-id': identity, guest: false } }, event: { ts: leave } } }, leave);
  return joined;
}
function bbbEnded(m, at) {
  bbbSend({ data: { type: 'event', id: 'meeting-ended', attributes: { meeting: bbbMeetingRef(m) }, event: { ts: at } } }, at);
}

// ---- Zoom: event notifications signed v0=HMAC-SHA256(secret, "v0:{ts}:{body}") ---------------------
function zoomSend(event, object, eventTs) {
  const body = JSON.stringify({ event, payload: { account_id: 'EXAMPLEacct0000000000', object }, event_ts: eventTs });
  const sentAt = eventTs + 200 + jitterMs(1500);
  const ts = String(Math.floor(sentAt / 1000));
  const signature = 'v0=' + createHmac('sha256', zoomSecret).update(`v0:${ts}:${body}`).digest('hex');
  const headers = { 'content-type': 'application/json; charset=utf-8', 'x-zm-request-timestamp': ts,
    'x-zm-signature': signature, 'user-agent': 'Zoom Marketplace/1.0a' };
  return emit('zoom', sentAt + 30 + jitterMs(200), headers, body);
}
function zoomMeeting(session) {
  return { id: String(81000000000 + Math.floor(random() * 999999999)), uuid: Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256))).toString('base64'),
    host_id: randomId(22), topic: session.topic, type: 2, start_time: isoSeconds(session.start), timezone: 'Europe/Berlin',
    duration: (session.end - session.start) / 60000 };
}
const zoomObject = (m, extra) => ({ id: m.id, uuid: m.uuid, host_id: m.host_id, topic: m.topic, type: m.type,
  start_time: m.start_time, timezone: m.timezone, duration: m.duration, ...extra });
function zoomStarted(m, at) { zoomSend('meeting.started', zoomObject(m, { start_time: isoSeconds(at) }), at); }
function zoomEnded(m, startedAt, at) { zoomSend('meeting.ended', zoomObject(m, { start_time: isoSeconds(startedAt), end_time: isoSeconds(at) }), at); }
/// One Zoom join (a per-join user_id and participant_uuid); `who` is a person id or a guest object.
function zoomParticipant(m, who, join, leave) {
  const guest = typeof who === 'object';
  const base = { user_id: String(16778240 + Math.floor(random() * 100000)), user_name: guest ? who.name : people[who].name,
    participant_uuid: randomId(8) + '-' + randomId(4) + '-' + randomId(4) + '-' + randomId(12) };
  if (guest) base.email = who.email;
  else { base.email = people[who].email; base.customer_key = who; }
  zoomSend('meeting.participant_joined', zoomObject(m, { participant: { ...base, join_time: isoSeconds(join) } }), join);
  if (leave !== null)
    zoomSend('meeting.participant_left', zoomObject(m, { participant: { ...base, leave_time: isoSeconds(leave),
      leave_reason: `${base.user_name} left the meeting.<br>Reason: left the meeting` } }), leave);
}

// ---- the week -----------------------------------------------------------------------------------
const sessions = [];
function session(id, type, teacher, students, day, hh, mm, lengthMin, rate, extra = {}) {
  const s = { id, type, teacher, students, start: berlin(day, hh, mm), ...extra };
  s.end = s.start + minutes(lengthMin);
  s.roomCreated = s.start - minutes(5) + jitterMs(60000);
  s.rate = rate;
  sessions.push(s);
  return s;
}
const at = (s, offsetMin, offsetS = 0) => s.start + minutes(offsetMin) + offsetS * 1000 + jitterMs(900);

// Amal teaches Qur'an one-to-one on LiveKit, 45 minutes, billed per session.
const perLesson = { rate: 'per_session', rate_minor: 1500, currency: 'EUR' };
{
  const s = session('amal-0323', 'quran', 't-amal', ['st-dina'], 23, 17, 0, 45, perLesson);
  const room = livekitRoom(s);
  livekitSend('room_started', room, null, at(s, -3));
  lkConnection(room, 't-amal', at(s, -3), at(s, 45, 20));
  lkConnection(room, 'st-dina', at(s, -1), at(s, 45, 5));
  lkRecorder(room, at(s, 0, 10), at(s, 45, 1));  // a recording: a non-person, never counted
  livekitSend('room_finished', room, null, at(s, 45, 45));
  s.room = room.name;
}
{
  // Emil's network drops at 17:20; he is back 70 s later on a new connection (within the grace).
  // LiveKit's retry delivers his second participant_joined twice.
  const s = session('amal-0324', 'quran', 't-amal', ['st-emil'], 24, 17, 0, 45, perLesson);
  const room = livekitRoom(s);
  livekitSend('room_started', room, null, at(s, -2));
  lkConnection(room, 't-amal', at(s, -2), at(s, 45, 30));
  lkConnection(room, 'st-emil', at(s, 1), at(s, 20), 'CONNECTION_TIMEOUT');
  const again = lkConnection(room, 'st-emil', at(s, 21, 10), at(s, 45, 10));
  duplicate(again, 4200);
  livekitSend('room_finished', room, null, at(s, 46));
  s.room = room.name;
}
{
  // Dina is late: 14 minutes after the start, beyond the 5-minute grace.
  const s = session('amal-0325', 'quran', 't-amal', ['st-dina'], 25, 17, 0, 45, perLesson);
  const room = livekitRoom(s);
  livekitSend('room_started', room, null, at(s, -4));
  lkConnection(room, 't-amal', at(s, -4), at(s, 45, 15));
  lkConnection(room, 'st-dina', at(s, 14, 30), at(s, 45, 5));
  livekitSend('room_finished', room, null, at(s, 45, 40));
  s.room = room.name;
}
{
  // The teacher never comes: Emil waits 20 minutes → cancelled (teacher_absent), never billed.
  const s = session('amal-0326', 'quran', 't-amal', ['st-emil'], 26, 17, 0, 45, perLesson);
  const room = livekitRoom(s);
  livekitSend('room_started', room, null, at(s, -1));
  lkConnection(room, 'st-emil', at(s, -1), at(s, 20), 'CLIENT_INITIATED', 1);
  livekitSend('room_finished', room, null, at(s, 25, 20));
  s.room = room.name;
}
{
  // Sunday, the DST day (10:00 is +02:00). Dina's participant_left is lost: room_finished closes her.
  const s = session('amal-0329', 'quran', 't-amal', ['st-dina'], 29, 10, 0, 45, perLesson);
  const room = livekitRoom(s);
  livekitSend('room_started', room, null, at(s, -2));
  lkConnection(room, 't-amal', at(s, -2), at(s, 45, 30));
  lkConnection(room, 'st-dina', at(s, -1), null);
  livekitSend('room_finished', room, null, at(s, 46));
  s.room = room.name;
}

// Bruno teaches an academic pair (Fatima, Goran) on BigBlueButton, 60 minutes, billed per hour.
const perHourBbb = { rate: 'per_hour', rate_minor: 3000, currency: 'EUR' };
function bbbSession(id, day, build) {
  const s = session(id, 'academic', 't-bruno', ['st-fatima', 'st-goran'], day, 15, 0, 60, perHourBbb);
  const m = bbbMeeting(s);
  bbbCreated(m, `Mathematics with Bruno (${id})`);
  build(s, m);
  s.room = m.internal;
  return s;
}
bbbSession('bruno-0323', 23, (s, m) => {
  // Goran loses the connection for five minutes (beyond the grace): two cycles.
  bbbUser(m, 't-bruno', at(s, -4), at(s, 60, 30), true);
  bbbUser(m, 'st-fatima', at(s, 0, 5), at(s, 60, 10));
  bbbUser(m, 'st-goran', at(s, 2), at(s, 30));
  bbbUser(m, 'st-goran', at(s, 35), at(s, 60, 12));
  bbbEnded(m, at(s, 61));
});
bbbSession('bruno-0325', 25, (s, m) => {
  // Goran does not come.
  bbbUser(m, 't-bruno', at(s, -3), at(s, 60, 20), true);
  bbbUser(m, 'st-fatima', at(s, 1), at(s, 60, 5));
  bbbEnded(m, at(s, 60, 40));
});
bbbSession('bruno-0327', 27, (s, m) => {
  // Nobody comes: the teacher waits 20 minutes and ends the meeting → session absent (it counts).
  bbbUser(m, 't-bruno', at(s, -2), at(s, 20), true);
  bbbEnded(m, at(s, 20, 30));
});
bbbSession('bruno-0328', 28, (s, m) => {
  // bbb-webhooks retries Fatima's user-joined (same body, same checksum); Goran leaves after 25 minutes.
  bbbUser(m, 't-bruno', at(s, -5), at(s, 60, 15), true);
  const joined = bbbUser(m, 'st-fatima', at(s, 0, 30), at(s, 60, 5));
  duplicate(joined, 5100);
  bbbUser(m, 'st-goran', at(s, 1), at(s, 26));
  bbbEnded(m, at(s, 60, 50));
});

// Chiara teaches a course group (Hana, Dina, Emil) on Zoom, 90 minutes, billed per hour, rounded up to 15 min.
const perHourZoom = { rate: 'per_hour', rate_minor: 4000, currency: 'EUR' };
function zoomSession(id, day, build) {
  const s = session(id, 'course', 't-chiara', ['st-hana', 'st-dina', 'st-emil'], day, 19, 0, 90, perHourZoom,
    { topic: `Japanese for beginners (${id})` });
  const m = zoomMeeting(s);
  build(s, m);
  s.room = m.uuid;
  return s;
}
zoomSession('chiara-0324', 24, (s, m) => {
  // Emil leaves after half an hour (partial); a parent sits in as a guest.
  const started = at(s, -5);
  zoomStarted(m, started);
  zoomParticipant(m, 't-chiara', at(s, -5), at(s, 90, 40));
  zoomParticipant(m, 'st-hana', at(s, -1), at(s, 90, 20));
  zoomParticipant(m, 'st-dina', at(s, 2), at(s, 90, 25));
  zoomParticipant(m, 'st-emil', at(s, 0, 20), at(s, 30));
  zoomParticipant(m, { name: 'Parent of Hana', email: 'parent.sato@family.example.test' }, at(s, 10), at(s, 40));
  zoomEnded(m, started, at(s, 91));
});
zoomSession('chiara-0326', 26, (s, m) => {
  // Hana is 20 minutes late; Emil does not come.
  const started = at(s, -3);
  zoomStarted(m, started);
  zoomParticipant(m, 't-chiara', at(s, -3), at(s, 90, 30));
  zoomParticipant(m, 'st-dina', at(s, 0, 40), at(s, 90, 10));
  zoomParticipant(m, 'st-hana', at(s, 20), at(s, 90, 15));
  zoomEnded(m, started, at(s, 90, 50));
});
zoomSession('chiara-0328', 28, (s, m) => {
  // Hana's leave and meeting.ended are both lost: her connection is closed as stale at the scheduled end.
  zoomStarted(m, at(s, -2));
  zoomParticipant(m, 't-chiara', at(s, -2), at(s, 90, 10));
  zoomParticipant(m, 'st-hana', at(s, 0, 10), null);
  zoomParticipant(m, 'st-dina', at(s, 1), at(s, 90, 5));
});

// ---- output -------------------------------------------------------------------------------------
lines.sort((a, b) => a.at - b.at || a.seq - b.seq);
writeFileSync(join(outDir, 'capture.jsonl'), lines.map((l) => l.line).join('\n') + '\n');

const sessionsOut = sessions.map((s) => {
  const o = { id: s.id, type: s.type, teacher: s.teacher, students: s.students,
    scheduled_start: isoSeconds(s.start), scheduled_end: isoSeconds(s.end) };
  // LiveKit rooms follow the naming convention {type}_{sessionId}_{unixSeconds} and link themselves;
  // BBB internal meeting ids and Zoom meeting uuids are linked explicitly.
  if (!s.room.startsWith(`${s.type}_${s.id}_`)) o.rooms = [s.room];
  o.package = `pkg-${s.type}-2026-03`;
  o.rate = s.rate.rate;
  o.rate_minor = s.rate.rate_minor;
  o.currency = s.rate.currency;
  return o;
});
writeFileSync(join(outDir, 'sessions.json'), JSON.stringify(sessionsOut, null, 2) + '\n');
console.error(`capture.jsonl: ${lines.length} requests; sessions.json: ${sessions.length} sessions`);
