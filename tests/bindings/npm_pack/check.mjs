// ESM use of the installed package: node check.mjs SCENARIO.json
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ns from 'rollcall';
import rollcall, { replay, Tracker } from 'rollcall';

const require = createRequire(import.meta.url);
const { checkModule, reporter } = require('./checks.cjs');
const check = reporter('esm');
const here = path.dirname(fileURLToPath(import.meta.url));

check('import "rollcall" loads the installed index.mjs', () => {
  if (typeof import.meta.resolve !== 'function') return true;  // Node 18 without --experimental-import-meta-resolve
  const url = import.meta.resolve('rollcall');
  return fileURLToPath(url) === path.join(here, 'node_modules', 'rollcall', 'index.mjs') || url;
});
check('the default export is the CommonJS module', () => rollcall === require('rollcall') || 'a different object');
check('named imports (replay, Tracker) are functions', () =>
  (typeof replay === 'function' && typeof Tracker === 'function') || `${typeof replay}, ${typeof Tracker}`);
checkModule(check, ns, require('rollcall'), process.argv[2]);
