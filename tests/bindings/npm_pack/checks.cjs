'use strict';
// Shared by check.cjs and check.mjs (tests/bindings/npm_pack.sh copies all three into the project
// that installed the packed tarball): the exports to expect, a reporter, and the real flow.
const fs = require('node:fs');
const path = require('node:path');

/** The documented exports: every value declared in the installed index.d.ts (classes, functions,
 *  constants with their types), plus whatever index.js exports beyond them. name → expected typeof. */
function expectedExports(cjs) {
  const dts = fs.readFileSync(path.join(path.dirname(require.resolve('rollcall/package.json')), 'index.d.ts'), 'utf8');
  const want = new Map();
  const decl = /^export\s+(?:declare\s+)?(class|function|const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^;=]+))?/gm;
  for (const [, kind, name, type] of dts.matchAll(decl)) {
    const t = (type || '').trim();
    want.set(name, kind === 'class' ? 'class' : kind === 'function' ? 'function'
      : ['string', 'number', 'boolean', 'bigint'].includes(t) ? t : 'defined');
  }
  const declared = new Set(want.keys());
  for (const name of Object.keys(cjs)) if (!want.has(name)) want.set(name, 'defined');
  return { want, declared };
}

/** Whether `value` has the kind expected by expectedExports ('' when it does, else what it is). */
function kindMismatch(value, kind) {
  if (kind === 'defined') return value === undefined ? 'undefined' : '';
  if (kind === 'class') {
    return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)) ? '' : `${typeof value}, not a class`;
  }
  return typeof value === kind ? '' : typeof value;
}

/** A reporter printing `ok: FORM: NAME` / `FAILED: FORM: NAME: why` lines, which npm_pack.sh counts. */
function reporter(form) {
  return (name, fn) => {
    try {
      const why = fn();
      if (why === true || why === '' || why === undefined) console.log(`ok: ${form}: ${name}`);
      else console.log(`FAILED: ${form}: ${name}: ${why}`);
    } catch (e) {
      console.log(`FAILED: ${form}: ${name}: threw ${e && e.stack ? e.stack : e}`);
    }
  };
}

/** The checks both module forms run on the module they loaded (`m`: the CJS exports or the ESM
 *  namespace) and on the CJS module for comparison. */
function checkModule(check, m, cjs, scenarioFile) {
  const { want, declared } = expectedExports(cjs);
  check(`index.d.ts declares exports (${[...declared].join(', ')})`, () => declared.size > 0 || 'none found');
  const esm = m !== cjs;
  for (const [name, kind] of want) {
    check(`export ${name} is ${kind === 'defined' ? 'defined' : `a ${kind}`}`, () => kindMismatch(m[name], kind));
    if (esm) check(`export ${name} is the CommonJS module's`, () => m[name] === cjs[name] ||
      (m[name] === undefined ? 'missing: add it to the list in index.mjs' : 'a different value'));
  }
  if (!esm) {
    const undeclared = Object.keys(cjs).filter((name) => !declared.has(name));
    check("index.d.ts declares every export of index.js", () => undeclared.join(', '));
  }
  check('version agrees with versionNumber and passes abiCompatible', () => {
    const [a, b, c] = m.version.split('.').map(Number);
    return (m.versionNumber === a * 10000 + b * 100 + c && m.abiCompatible(m.versionNumber, m.versionNumber)) ||
      `${m.version} / ${m.versionNumber}`;
  });
  check('errstr names statuses; bad arguments throw RollcallError', () => {
    if (m.errstr(7) !== 'bad_signature') return `errstr(7) = ${m.errstr(7)}`;
    try {
      m.errstr('x');
      return 'errstr("x") did not throw';
    } catch (e) {
      return (e instanceof m.RollcallError && e.code === 'invalid_argument') || `threw ${e}`;
    }
  });
  check(`replay(${path.basename(scenarioFile)}) gives the scenario's expect`, () => {
    const scenario = JSON.parse(fs.readFileSync(scenarioFile, 'utf8'));
    const r = m.replay(scenario);
    const bad = [];
    for (const key of ['session_status', 'billable_s']) {
      if (r[key] !== scenario.expect[key]) bad.push(`${key} ${r[key]} != ${scenario.expect[key]}`);
    }
    for (const [id, p] of Object.entries(scenario.expect.participants || {})) {
      for (const key of ['status', 'attended_s']) {
        const got = r.participants && r.participants[id] && r.participants[id][key];
        if (got !== p[key]) bad.push(`${id}.${key} ${got} != ${p[key]}`);
      }
    }
    return bad.join('; ');
  });
  check("new Tracker(':memory:') creates a session and reads it back", () => {
    const t = new m.Tracker(':memory:');
    try {
      const start = Date.now() + 3600e3;
      t.createSession({ id: 'pack-1', type: 'academic', teacher: 'teacher-1', students: ['student-1'],
        scheduled_start: start, scheduled_end: start + 3000e3 });
      const s = t.getSession('pack-1');
      const record = s.session || s;  // {session, evaluation} (or the record with its evaluation)
      const p = s.evaluation && s.evaluation.participants;
      return (record.id === 'pack-1' && !!p && 'teacher-1' in p && 'student-1' in p) ||
        `got ${JSON.stringify(s).slice(0, 300)}`;
    } finally {
      t.close();
    }
  });
  check('no librollcall.so is loaded (the C ABI is inside the addon)', () => {
    const maps = fs.readFileSync('/proc/self/maps', 'utf8');
    if (!maps.includes('rollcall_node.node')) return 'the addon is not mapped';
    return !/librollcall/.test(maps) || 'librollcall is mapped';
  });
}

module.exports = { checkModule, reporter };
