import test from 'node:test';
import assert from 'node:assert/strict';
import { rollcall, readRepo } from './helpers.mjs';

const { RollcallError } = rollcall;

test('version: the loaded library reports the version the addon checked', () => {
  assert.match(rollcall.version, /^\d+\.\d+\.\d+$/);
  const [maj, min, pat] = rollcall.version.split('.').map(Number);
  assert.equal(rollcall.versionNumber, maj * 10000 + min * 100 + pat);
});

test('version: ABI compatibility rule checked at load', () => {
  assert.equal(rollcall.abiCompatible(100, 100), true);
  assert.equal(rollcall.abiCompatible(103, 100), true);
  assert.equal(rollcall.abiCompatible(200, 100), false);
  assert.equal(rollcall.abiCompatible(10000, 100), false);
  assert.equal(rollcall.abiCompatible(10300, 10100), true);
  assert.equal(rollcall.abiCompatible(10000, 10100), false);
});

test('errors: errstr gives the stable names of the C statuses', () => {
  assert.equal(rollcall.errstr(0), 'ok');
  assert.equal(rollcall.errstr(7), 'bad_signature');
  assert.equal(rollcall.errstr(13), 'illegal_transition');
  assert.equal(rollcall.errstr(-5), 'unknown_error');
  assert.throws(() => rollcall.errstr('x'), (e) => e instanceof RollcallError && e.code === 'invalid_argument');
});

test('replay: a golden scenario gives its expected status and billable time', () => {
  const text = readRepo('tests/scenarios/01_a_90_minute_one_to_one_lesson.json');
  const scenario = JSON.parse(text);
  const result = rollcall.replay(text);
  assert.equal(result.session_status, scenario.expect.session_status);
  assert.equal(result.billable_s, scenario.expect.billable_s);
  // Objects are accepted too, and give the same answer.
  assert.deepEqual(rollcall.replay(scenario), result);
});

test('replay: invalid input throws RollcallError with a code naming the problem', () => {
  assert.throws(() => rollcall.replay('{not json'), (e) => e instanceof RollcallError && e.code === 'malformed_input' && e.status === 2);
  assert.throws(() => rollcall.replay({ name: 'x' }), (e) => e instanceof RollcallError && e.code === 'missing_field' && /session/.test(e.message));
  assert.throws(() => rollcall.replay(42), (e) => e instanceof RollcallError && e.code === 'invalid_argument');
});
