// Type declarations of the rollcall Node binding.

/** Every failure of rollcall. */
export class RollcallError extends Error {
  /** Stable snake_case name of the status, e.g. "bad_signature" (see docs/errors.md). */
  readonly code: string;
  /** The numeric rollcall_status of the C ABI. */
  readonly status: number;
}

/** Version of the loaded librollcall, e.g. "0.2.0". */
export const version: string;
/** MAJOR * 10000 + MINOR * 100 + PATCH. */
export const versionNumber: number;
/** The rule the addon applies at load: can library `loaded` serve an addon built for `want`? */
export function abiCompatible(loaded: number, want: number): boolean;
/** Stable name of a numeric status. */
export function errstr(status: number): string;

/** Evaluates a scenario (SPEC §10); returns the same object `rollcall replay` prints. */
export function replay(scenario: string | Uint8Array | object): Record<string, unknown>;

/** Headers as an object (values may be arrays) or an HTTP header block of "Name: value" lines. */
export type Headers = Record<string, string | string[] | undefined> | string;
export type Body = string | Uint8Array;

export interface RequestOptions {
  /** BBB: the URL the callback arrived at, with its query. */
  requestUrl?: string;
  /** The verification clock, Unix ms (default: now). */
  nowMs?: number;
}

/** The ingest result (docs/json.md "ingest result"). Rejections throw, so code and message are null. */
export interface IngestResult {
  status: 'stored' | 'duplicate';
  /** The platform's event name, e.g. "participant_joined". */
  event: string;
  events_stored: number;
  events_duplicate: number;
  /** Body to answer with (Zoom URL validation), else null. */
  response: string | null;
  code: null;
  message: null;
  /** The rooms its events went to (Zoom: uuid and numeric id); absent when it produced no event. */
  rooms?: RoomKey[];
}

/** Where and when a snapshot was taken (`ingestSnapshot`). */
export interface SnapshotOptions {
  /** LiveKit: the room name asked about (required). BBB: optional, checked against the response. */
  room?: string;
  /** When the host polled, Unix ms. */
  atMs: number;
}

/** A room an ingested request's events went to: `room` the instance key (Zoom meeting uuid),
 *  `room_alt` its other id (Zoom numeric meeting id). */
export interface RoomKey { room: string; room_alt: string; }

/** RFC 3339 UTC with milliseconds, e.g. "2025-08-13T12:00:00.000Z". */
export type Instant = string;
export type SessionStatus = 'unscheduled' | 'scheduled' | 'ready' | 'ongoing' | 'completed' | 'absent' | 'cancelled';
export type LinkStatus = 'sent' | 'active' | 'ended' | 'timeout' | 'expired';
export type Rate = 'none' | 'per_hour' | 'per_session';

/** A session to create or update. Times: RFC 3339 text or Unix milliseconds. */
export interface SessionSpec {
  id: string;
  type: string;
  teacher?: string | null;
  students?: string[];
  scheduled_start?: string | number | null;
  scheduled_end?: string | number | null;
  /** Room keys, or Zoom meetings by what hosts store: 'zoom:81187927959' or a join URL (SPEC §11). */
  rooms?: string[];
  package?: string;
  rate?: Rate;
  rate_minor?: number;
  currency?: string;
}

/** A stored session (docs/json.md "session"). */
export interface SessionRecord {
  id: string;
  type: string;
  teacher: string | null;
  students: string[];
  scheduled_start: Instant | null;
  scheduled_end: Instant | null;
  package: string;
  rate: Rate;
  rate_minor: number;
  currency: string;
  rooms: string[];
  /** Zoom meetings linked by numeric id ('zoom:<id>'); their instances in the window are in `rooms`. */
  meetings: string[];
  status: SessionStatus;
  status_reason: string;
  history: { from: SessionStatus; to: SessionStatus; at: Instant; reason: string }[];
  created_at: Instant;
  updated_at: Instant;
}

/** One participant of an evaluation (docs/json.md "evaluation"). */
export interface ParticipantResult {
  status: 'present' | 'late' | 'partial' | 'absent';
  attended_s: number;
  raw_connected_s: number;
  bridged_s: number;
  late_s: number;
  cycles: number;
  first_join: Instant | null;
  last_leave: Instant | null;
  in_progress: boolean;
  role: 'other' | 'teacher' | 'student' | 'guest';
  name?: string;
  email?: string;
  /** SPEC §11: the platform's role hint (Zoom host, BBB moderator, LiveKit's configured attribute). */
  platform_role: 'teacher' | 'student' | 'guest' | null;
  /** SPEC §11: the identity is only a fallback (no host id, no alias). */
  unresolved: boolean;
  connections: number;
  ratio: number | null;
  cycle_list: { start: Instant; end: Instant; reason: string; bridged_s: number }[];
}

/** A session evaluated at some instant: attendance, status, billing. */
export interface Evaluation {
  session_id: string;
  session_status: SessionStatus;
  billable_s: number;
  participants: Record<string, ParticipantResult>;
  anomalies: string[];
  anomaly_details: { name: string; identity: string; connection: string; room: string; at: Instant }[];
  status_reason: string;
  in_progress: boolean;
  /** From a tracker only, only when not empty: linked rooms and meetings that saw no event. */
  unlinked_rooms?: string[];
  billing: {
    basis: string; unrounded_s: number; billable_s: number; amount_minor: number; rate: Rate; rate_minor: number;
    currency?: string; counts_toward_subscription: boolean;
  };
  transitions: { from: SessionStatus; to: SessionStatus; at: Instant; reason: string }[];
  non_persons: Record<string, ParticipantResult>;
  started_at: Instant | null;
  ended_at: Instant | null;
  now: Instant;
  policy: Json;
}

export interface SessionView {
  session: SessionRecord;
  evaluation: Evaluation;
}

export interface SessionFilter {
  teacher?: string;
  type?: string;
  status?: SessionStatus;
  /** Scheduled start in [from, to): RFC 3339 or Unix ms. */
  from?: string | number;
  to?: string | number;
  /** Only sessions not yet completed, absent or cancelled. */
  open?: boolean;
}

export interface LinkSpec {
  student: string;
  teacher?: string;
  meeting_url?: string;
  package?: string;
  rate?: Rate;
  rate_minor?: number;
  currency?: string;
  session_id?: string | null;
}

/** What kind of platform key an alias names (docs/identity.md). */
export type AliasKind = 'email' | 'name' | 'zoom_user_id' | 'zoom_registrant_id' | 'bbb_user_id' | 'identity';
/** An alias of the host's identity table (docs/json.md "alias"); `value` as stored (normalised). */
export interface Alias {
  person: string;
  kind: AliasKind;
  value: string;
  /** null: global. */
  session_id: string | null;
}
/** Which aliases identitiesList returns; `global: true` selects the global ones only. */
export interface AliasFilter {
  person?: string;
  session_id?: string;
  global?: boolean;
}

/** A tracked link as it stands at some instant (docs/json.md "link"). */
export interface Link {
  token: string;
  status: LinkStatus;
  teacher: string;
  student: string;
  meeting_url: string;
  package: string;
  rate: Rate;
  rate_minor: number;
  currency: string;
  session_id: string | null;
  sent_at: Instant;
  clicked_at: Instant | null;
  last_heartbeat: Instant | null;
  ended_at: Instant | null;
  room: string;
  duration_s: number;
  presence_end: Instant | null;
}

export interface LinkFilter {
  teacher?: string;
  student?: string;
  status?: LinkStatus;
  session_id?: string;
  /** Sent in [from, to): RFC 3339 or Unix ms. */
  from?: string | number;
  to?: string | number;
  /** The instant durations are computed at (default: now). */
  now?: string | number;
}

/** One request for `ingestBatch`: headers as an object, the exact body, when it arrived. */
export interface BatchRequest {
  platform: Platform;
  headers?: Record<string, string>;
  body: string;
  /** BBB: the URL the callback arrived at. */
  request_url?: string;
  /** The verification clock: RFC 3339 or Unix ms (default: now). */
  received_at?: string | number;
}

export interface BatchResult {
  requests: number; stored: number; duplicates: number; rejected: number;
  events_stored: number; events_duplicate: number;
  /** One per request, in order; a rejected one has status 'rejected' and its code and message. */
  results: (Omit<IngestResult, 'status' | 'code' | 'message'> & { status: 'stored' | 'duplicate' | 'rejected'; code: string | null; message: string | null })[];
}

/** A Zoom meeting that ended and waits for its participant report (`reportsDue`). */
export interface ReportDue {
  /** The instance uuid: give it to `ingestZoomReport`. */
  meeting: string;
  meeting_id: string;
  started_at: Instant | null;
  ended_at: Instant;
  /** `/past_meetings/{uuid}/participants` with the uuid encoded as Zoom requires. */
  request_path: string;
  sessions: string[];
}

/** Which sessions `replayStored` replays: one by `id`, or by the filters (default: all). */
export interface ReplayFilter {
  id?: string;
  teacher?: string;
  type?: string;
  /** Scheduled start in [from, to): RFC 3339 or Unix ms. */
  from?: string | number;
  to?: string | number;
  nowMs?: number;
}

/** One session evaluated again from its stored raw payloads (`sessions.replay`). */
export interface ReplayedSession {
  id: string;
  /** The replay gave the stored evaluation, byte for byte. */
  agrees: boolean;
  payloads: number;
  /** Events stored without a payload (tracked links), taken as stored. */
  host_events: number;
  /** Stored payloads this build no longer turns into events. */
  failures: { platform: Platform | 'link'; received_at: Instant; code: string; message: string }[];
  /** Where the stored evaluation and the replay differ (values as JSON text). */
  differences: { path: string; stored: string; replayed: string }[];
  /** The evaluation from the payloads parsed again. */
  evaluation: Evaluation;
}

export interface ReplayAnswer {
  sessions: ReplayedSession[];
  agree: number;
  differ: number;
}

export interface SweepResult {
  sessions_checked: number;
  sessions_changed: number;
  transitions: number;
  sessions_counted: number;
  links_timed_out: number;
  /** Links never clicked within link_expiry_s of sending. */
  links_expired: number;
  changed: string[];
}

export interface Stats {
  payloads: number; events: number; duplicates_skipped: number; duplicate_payloads: number; rejected: number;
  rejected_payloads: number; rooms: number; sessions: number; links: number; counted_sessions: number;
  /** The change feed's last sequence number. */
  changes: number;
  schema_version: number;
}

export interface PackageUsage {
  package: string;
  count: number;
  sessions: string[];
}

/** One entry of the change feed (SPEC §8, docs/json.md "change"). */
export interface Change {
  seq: number;
  at: Instant;
  type: 'session_status' | 'participant_status' | 'link_status' | 'usage_counted';
  session_id: string;
  /** participant identity, link token or package; "" for session_status */
  subject: string;
  from: string;
  to: string;
  reason: string;
}

export interface ChangePage {
  changes: Change[];
  /** Pass as `after` next time. */
  cursor: number;
}

export interface WatchOptions {
  /** Start after this sequence number (default 0); ignored with `consumer`. */
  after?: number;
  /** Read through the cursor rollcall keeps for this reader name. */
  consumer?: string;
  limit?: number;
  /** Polling interval when the feed is drained (default 1000 ms). */
  intervalMs?: number;
  signal?: AbortSignal;
}

/** Input of the stateless `evaluate`. */
export interface EvaluateInput {
  session: SessionSpec;
  /** Events exactly as `Verifier.parse(...).events` returns them. */
  events: Json[];
  /** Overrides of the SPEC §9 defaults. */
  policy?: Json;
  /** The status the host stored, to advance from. */
  status?: SessionStatus;
  status_reason?: string;
  now?: string | number;
}

/** Stateless evaluation of one session from the host's own events. */
export function evaluate(input: string | EvaluateInput): Evaluation;

export interface ReportOptions {
  format?: 'json' | 'csv' | 'table';
  /** The links report: one student's links, links in one status. */
  student?: string;
  status?: LinkStatus;
  /** IANA zone (default: the configuration's). */
  timezone?: string;
  /** First and last local dates, "YYYY-MM-DD". */
  from?: string;
  to?: string;
  /** Teacher report buckets. */
  period?: 'day' | 'week' | 'month';
  nowMs?: number;
}

export type Json = Record<string, unknown>;
export type Platform = 'livekit' | 'bbb' | 'zoom';
export type ReportKind = 'session' | 'teacher' | 'trends' | 'links';

export class Tracker {
  /** Opens (or creates) a database; ':memory:' for a private in-memory one. */
  constructor(path?: string, config?: string | Json);
  close(): void;
  /** Any method of the application layer (docs/json.md) with its parameters. */
  call(method: string, params?: Json | string): any;
  callAsync(method: string, params?: Json | string): Promise<any>;
  ingestSync(platform: Platform, headers: Headers, body: Body, options?: RequestOptions): IngestResult;
  ingest(platform: Platform, headers: Headers, body: Body, options?: RequestOptions): Promise<IngestResult>;
  ingestBatch(requests: BatchRequest[], atMs?: number): Promise<BatchResult>;
  /** A room snapshot the host fetched (LiveKit ListParticipants JSON, BBB getMeetingInfo XML) at `atMs`;
   *  `room` is required for LiveKit. Open connections it leaves out close at their last evidence. */
  ingestSnapshot(platform: 'livekit' | 'bbb', body: string, options: SnapshotOptions): IngestResult;
  /** Zoom participant-report pages the host fetched for meeting instance `meetingUuid`, stored all
   *  or none (`ingest.zoom_report`). `meetingId`: the numeric id, when no webhook of it arrived. */
  ingestZoomReport(meetingUuid: string, pages: string[],
                   options?: { meetingId?: string; receivedAtMs?: number; nowMs?: number }): Promise<BatchResult>;
  /** Zoom meetings that ended at least `delayS` (default 600) before `nowMs` with no report stored. */
  reportsDue(options?: { delayS?: number; nowMs?: number }): ReportDue[];
  createSession(session: string | SessionSpec, atMs?: number): SessionRecord;
  createSessions(sessions: string | SessionSpec[], atMs?: number): SessionRecord[];
  updateSession(session: string | SessionSpec, atMs?: number): SessionRecord;
  listSessions(filter?: SessionFilter): SessionRecord[];
  getSession(sessionId: string, nowMs?: number): SessionView;
  /** Sessions evaluated again from their stored raw payloads (SPEC §8), beside the stored evaluation. */
  replayStored(filter?: ReplayFilter): Promise<ReplayAnswer>;
  /** `chargeable` (cancel only): a late cancellation, counted against the package and billed. */
  act(sessionId: string, action: 'cancel' | 'mark_absent' | 'complete', atMs?: number,
      options?: { chargeable?: boolean }): SessionRecord;
  linkRooms(sessionId: string, rooms: string | string[]): SessionRecord;
  packageUsage(pkg: string): PackageUsage;
  createLink(link: string | LinkSpec, atMs?: number): Link;
  clickLink(token: string, atMs?: number): Link;
  heartbeat(token: string, atMs?: number): Link;
  endLink(token: string, atMs?: number): Link;
  getLink(token: string, nowMs?: number): Link;
  listLinks(filter?: LinkFilter): Link[];
  identitiesAdd(person: string, kind: AliasKind, value: string, options?: { sessionId?: string }): { alias: Alias; added: boolean };
  identitiesList(filter?: AliasFilter): Alias[];
  identitiesRemove(kind: AliasKind, value: string, options?: { sessionId?: string }): Alias;
  sweep(nowMs?: number): SweepResult;
  stats(): Stats;
  changes(options?: { after?: number; limit?: number }): ChangePage;
  claimChanges(consumer: string, options?: { limit?: number }): ChangePage;
  watchChanges(options?: WatchOptions): AsyncGenerator<Change, void, undefined>;
  reportSync(kind: ReportKind, id?: string | null, options?: ReportOptions & { format?: 'json' }): Json;
  reportSync(kind: ReportKind, id: string | null | undefined, options: ReportOptions & { format: 'csv' | 'table' }): string;
  report(kind: ReportKind, id?: string | null, options?: ReportOptions & { format?: 'json' }): Promise<Json>;
  report(kind: ReportKind, id: string | null | undefined, options: ReportOptions & { format: 'csv' | 'table' }): Promise<string>;
}

export interface ParseResult {
  event: string;
  events: Json[];
  ignored: string[];
  notes: string[];
  response: string | null;
}

export class Verifier {
  constructor(config: string | Json);
  parse(platform: Platform, headers: Headers, body: Body, options?: RequestOptions): ParseResult;
}
