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
/** Stable name of a numeric status. */
export function errstr(status: number): string;

/** Evaluates a scenario (SPEC §10); returns the same object `rollcall replay` prints. */
export function replay(scenario: string | Uint8Array | object): Record<string, unknown>;
