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

// The library loaded at run time must speak the ABI the addon was compiled against: same major,
// and (while the major is 0) the same minor; a newer patch is fine.
const major = (v) => Math.floor(v / 10000);
const minor = (v) => Math.floor(v / 100) % 100;
if (major(addon.libraryVersion) !== major(addon.headerVersion) ||
    minor(addon.libraryVersion) < minor(addon.headerVersion) ||
    (major(addon.headerVersion) === 0 && minor(addon.libraryVersion) !== minor(addon.headerVersion))) {
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

module.exports = {
  RollcallError,
  version: addon.libraryVersionString,
  versionNumber: addon.libraryVersion,
  errstr: addon.errstr,
  replay,
};
