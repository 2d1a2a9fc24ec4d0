// Test helpers: the repository's own fixtures and scenarios.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const require = createRequire(import.meta.url);
export const rollcall = require('../index.js');
export const readRepo = (rel) => readFileSync(path.join(repo, rel), 'utf8');

import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

export const LK_KEY = 'APInodetest';
export const LK_SECRET = 'node-test-secret-0123456789abcdefghij';
export const config = {
  livekit: { keys: { [LK_KEY]: LK_SECRET } },
  zoom: { secret_token: 'zoom_secret_token_example' },
  timezone: 'UTC',
};

/** A LiveKit webhook signed by LiveKit's own SDK: the Authorization JWT carries the body's sha256. */
export async function livekitWebhook(body, secret = LK_SECRET) {
  const text = JSON.stringify(body);
  const at = new AccessToken(LK_KEY, secret);
  at.sha256 = createHash('sha256').update(text).digest('base64');
  return { headers: { Authorization: await at.toJwt() }, body: text };
}

/** A lesson in room `room` around now: session spec plus join/leave webhooks of teacher and student. */
export function lesson(room, sessionId) {
  const now = Math.floor(Date.now() / 1000);
  const start = now - 3600;
  const roomInfo = { sid: `RM_${room}`, name: room };
  const part = (identity, sid, joinedAt) => ({ sid, identity, name: identity, joinedAt: String(joinedAt) });
  return {
    session: {
      id: sessionId, type: 'academic', teacher: 'teacher-1', students: ['student-1'],
      scheduled_start: (start) * 1000, scheduled_end: (start + 3000) * 1000, rooms: [room],
    },
    nowMs: now * 1000,
    bodies: [
      { event: 'participant_joined', room: roomInfo, participant: part('teacher-1', 'PA_t', start), id: `${room}-1`, createdAt: String(start) },
      { event: 'participant_joined', room: roomInfo, participant: part('student-1', 'PA_s', start + 60), id: `${room}-2`, createdAt: String(start + 60) },
      { event: 'participant_left', room: roomInfo, participant: part('student-1', 'PA_s', start + 60), id: `${room}-3`, createdAt: String(start + 2760) },
      { event: 'participant_left', room: roomInfo, participant: part('teacher-1', 'PA_t', start), id: `${room}-4`, createdAt: String(start + 3000) },
    ],
  };
}
