// Type declarations of the rollcall Node binding.

/** Every failure of rollcall. */
export class RollcallError extends Error {
  /** Stable snake_case name of the status, e.g. "bad_signature" (see docs/errors.md). */
  readonly code: string;
  /** The numeric rollcall_status of the C ABI. */
  readonly status: number;
}

/** Version of the loaded librollcall, e.g. "0.1.0". */
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

export interface IngestResult {
  outcome: 'stored' | 'duplicate';
  /** The platform's event name, e.g. "participant_joined". */
  event: string;
  stored: number;
  duplicates: number;
  /** Body to answer with (Zoom URL validation), else null. */
  response: string | null;
}

export interface ReportOptions {
  format?: 'json' | 'csv';
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

export class Tracker {
  /** Opens (or creates) a database; ':memory:' for a private in-memory one. */
  constructor(path?: string, config?: string | Json);
  close(): void;
  ingestSync(platform: 'livekit' | 'bbb' | 'zoom', headers: Headers, body: Body, options?: RequestOptions): IngestResult;
  ingest(platform: 'livekit' | 'bbb' | 'zoom', headers: Headers, body: Body, options?: RequestOptions): Promise<IngestResult>;
  createSession(session: string | Json): void;
  updateSession(session: string | Json): void;
  act(sessionId: string, action: 'cancel' | 'mark_absent' | 'complete', atMs?: number): void;
  getSession(sessionId: string, nowMs?: number): Json;
  createLink(link: string | Json, atMs?: number): Json & { token: string };
  clickLink(token: string, atMs?: number): void;
  heartbeat(token: string, atMs?: number): void;
  endLink(token: string, atMs?: number): void;
  getLink(token: string, nowMs?: number): Json;
  sweep(nowMs?: number): Json;
  reportSync(kind: 'session' | 'teacher' | 'trends', id?: string | null, options?: ReportOptions): string;
  report(kind: 'session' | 'teacher' | 'trends', id?: string | null, options?: ReportOptions): Promise<string>;
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
  parse(platform: 'livekit' | 'bbb' | 'zoom', headers: Headers, body: Body, options?: RequestOptions): ParseResult;
}
