// rollcall's LiveKit verifier against webhooks signed by LiveKit's own server SDK (livekit-server-sdk):
// fresh bodies (protobuf-es JSON from @livekit/protocol, as LiveKit encodes them), tokens from
// AccessToken with the `sha256` claim, run through the built `rollcall parse` (env ROLLCALL_CLI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import {
  DisconnectReason, ParticipantInfo, ParticipantInfo_Kind, ParticipantInfo_State, Room, WebhookEvent,
} from '@livekit/protocol';

const cli = process.env.ROLLCALL_CLI;
const apiKey = 'APIsdk' + randomBytes(3).toString('hex');
const apiSecret = randomBytes(24).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'rollcall-lk-sdk-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function sign(body, secret = apiSecret) {
  const at = new AccessToken(apiKey, secret, { ttl: '5m' });
  at.sha256 = createHash('sha256').update(body, 'utf8').digest('base64');
  return at.toJwt();
}

let files = 0;
function rollcallParse(body, token, extra = []) {
  const file = join(dir, `body-${files++}.json`);
  writeFileSync(file, body);
  const args = ['parse', '--platform', 'livekit', '--header', `Authorization: ${token}`,
    '--key', `${apiKey}=${apiSecret}`, '--now', String(Math.floor(Date.now() / 1000)), ...extra, file];
  return spawnSync(cli, args, { encoding: 'utf8' });
}

function freshEvents() {
  const now = BigInt(Math.floor(Date.now() / 1000));
  const suffix = randomBytes(6).toString('hex');
  const room = new Room({ sid: `RM_${suffix}`, name: `lesson-${suffix}`, emptyTimeout: 300, creationTime: now - 60n });
  const student = {
    sid: `PA_${suffix}`, identity: `student-${suffix}`, name: 'Zoë \u{1F680}',
    joinedAt: now - 30n, joinedAtMs: (now - 30n) * 1000n + 250n, metadata: JSON.stringify({ note: 'a "quoted" value' }),
  };
  const mk = (fields) => { const ev = new WebhookEvent(fields); ev.event = fields.event; return ev.toJsonString(); };
  return {
    now, room, student,
    joined: mk({ event: 'participant_joined', room, id: `EV_j${suffix}`, createdAt: now - 29n,
      participant: new ParticipantInfo({ ...student, state: ParticipantInfo_State.ACTIVE }) }),
    left: mk({ event: 'participant_left', room, id: `EV_l${suffix}`, createdAt: now,
      participant: new ParticipantInfo({ ...student, state: ParticipantInfo_State.DISCONNECTED,
        disconnectReason: DisconnectReason.CLIENT_INITIATED }) }),
    agent: mk({ event: 'participant_joined', room, id: `EV_a${suffix}`, createdAt: now,
      participant: new ParticipantInfo({ sid: `PA_agent${suffix}`, identity: 'agent-1', kind: ParticipantInfo_Kind.AGENT,
        state: ParticipantInfo_State.ACTIVE, joinedAt: now }) }),
    finished: mk({ event: 'room_finished', room, id: `EV_f${suffix}`, createdAt: now }),
  };
}

test('ROLLCALL_CLI points at the built rollcall command', () => {
  assert.ok(cli, 'set ROLLCALL_CLI to the rollcall executable');
  const r = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
});

test('LiveKit SDK-signed webhooks are accepted and normalised', async () => {
  const ev = freshEvents();
  const receiver = new WebhookReceiver(apiKey, apiSecret);
  for (const [name, body] of Object.entries({ joined: ev.joined, left: ev.left, agent: ev.agent, finished: ev.finished })) {
    const token = await sign(body);
    // LiveKit's own receiver accepts the pair, so the test inputs are what LiveKit produces.
    await receiver.receive(body, token);
    const r = rollcallParse(body, token);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    const events = JSON.parse(r.stdout);
    assert.equal(events.length, 1, name);
    assert.equal(events[0].room, ev.room.name);
    assert.equal(events[0].room_alt, ev.room.sid);
  }
  const joined = JSON.parse(rollcallParse(ev.joined, await sign(ev.joined)).stdout)[0];
  assert.equal(joined.kind, 'join');
  assert.equal(joined.identity, ev.student.identity);
  assert.equal(joined.connection, ev.student.sid);
  assert.equal(joined.display_name, ev.student.name);
  assert.equal(BigInt(joined.at_ms), ev.student.joinedAtMs);
  assert.equal(joined.non_person, false);

  const left = JSON.parse(rollcallParse(ev.left, `Bearer ${await sign(ev.left)}`).stdout)[0];
  assert.equal(left.kind, 'leave');
  assert.equal(BigInt(left.at_ms), ev.now * 1000n);
  assert.equal(BigInt(left.joined_at_ms), ev.student.joinedAtMs);

  const agent = JSON.parse(rollcallParse(ev.agent, await sign(ev.agent)).stdout)[0];
  assert.equal(agent.non_person, true);
});

test('one tampered byte of the body is rejected', async () => {
  const { left } = freshEvents();
  const token = await sign(left);
  for (const pos of [0, Math.floor(left.length / 2), left.length - 1]) {
    const bytes = Buffer.from(left, 'utf8');
    bytes[pos] ^= 0x01;
    const file = join(dir, `tampered-${pos}.json`);
    writeFileSync(file, bytes);
    const r = spawnSync(cli, ['parse', '--platform', 'livekit', '--header', `Authorization: ${token}`,
      '--key', `${apiKey}=${apiSecret}`, file], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^bad_signature: /);
    assert.equal(r.stdout, '');
  }
});

test('a token signed with another secret is rejected', async () => {
  const { joined } = freshEvents();
  const r = rollcallParse(joined, await sign(joined, apiSecret + 'x'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bad_signature: /);
});

test('a token for an unknown key is rejected', async () => {
  const { joined } = freshEvents();
  const at = new AccessToken('APIother', apiSecret, { ttl: '5m' });
  at.sha256 = createHash('sha256').update(joined).digest('base64');
  const r = rollcallParse(joined, await at.toJwt());
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^unknown_key: /);
});
