// rollcall as an ES module: the CommonJS module (index.js) as the default export and its exports by
// name. Keep the list below equal to index.js's module.exports (tests/bindings/npm_pack.sh checks it).
import rollcall from './index.js';

export default rollcall;
export const {
  Tracker,
  Verifier,
  RollcallError,
  version,
  versionNumber,
  abiCompatible,
  errstr,
  replay,
  evaluate,
} = rollcall;
