'use strict';
// npm's install step: builds build/rollcall_node.node with CMake from the rollcall sources that
// `npm pack` copied into ./rollcall/ (scripts/prepack.js). The C ABI is linked statically into the
// addon, so no librollcall.so is needed. Headers come from the node-addon-api and node-api-headers
// dependencies; the rest from Debian packages found with find_package. Nothing is downloaded.
// Environment: CMAKE_BUILD_PARALLEL_LEVEL (jobs; default: the number of CPUs), ROLLCALL_CMAKE_ARGS
// (extra configure arguments, split on spaces), ROLLCALL_KEEP_BUILD=1 (keep build/cmake/).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');
const sources = path.join(pkg, 'rollcall');
const out = path.join(pkg, 'build');
const work = path.join(out, 'cmake');
const addonFile = path.join(out, 'rollcall_node.node');
const started = Date.now();

// What the build needs, as Debian packages: the find_package name and the package providing it.
const devPackages = { SQLite3: 'libsqlite3-dev', simdjson: 'libsimdjson-dev', date: 'libhowardhinnant-date-dev', OpenSSL: 'libssl-dev', pugixml: 'libpugixml-dev', uriparser: 'liburiparser-dev', utf8proc: 'libutf8proc-dev', PostgreSQL: 'libpq-dev', MariaDBClient: 'libmariadb-dev' };

function say(message) { console.error(`rollcall: ${message}`); }

function fail(packages, detail) {
  const list = [...new Set(packages)];
  if (detail) say(detail);
  if (list.length) {
    say(`cannot build the Node addon: missing Debian packages: ${list.join(' ')}`);
    say(`install them (as root) with:  apt-get install ${list.join(' ')}`);
    say('then run `npm rebuild rollcall`');
  } else {
    say('cannot build the Node addon (see the output above); it needs the Debian packages ' +
        `cmake build-essential ${Object.values(devPackages).join(' ')}`);
  }
  process.exit(1);
}

if (!fs.existsSync(path.join(sources, 'CMakeLists.txt'))) {
  if (fs.existsSync(path.join(pkg, '..', '..', 'capi', 'include', 'rollcall.h'))) {
    say('repository checkout: the addon is built against a rollcall build here (README.md, "Build in the repository"); nothing to do');
    process.exit(0);
  }
  fail([], `${sources} is missing: this package was not made with \`npm pack\` (its prepack step copies the sources)`);
}

/** The path of an executable found on PATH, or null. */
function which(name) {
  if (name.includes('/')) return fs.existsSync(name) ? name : null;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const file = path.join(dir || '.', name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch { /* not here */ }
  }
  return null;
}

/** Debian packages of `names` that dpkg does not list as installed ([] without dpkg). */
function notInstalled(names) {
  if (!which('dpkg-query')) return [];
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !/install ok installed/.test(r.stdout);
  });
}

// ---- the tools: CMake (3.20 or newer), C and C++ compilers, make (or the CMAKE_GENERATOR's tool) ----
const missing = [];
const cmake = which('cmake');
if (!cmake) {
  missing.push('cmake');
} else {
  const v = /version (\d+)\.(\d+)/.exec(spawnSync(cmake, ['--version'], { encoding: 'utf8' }).stdout || '');
  if (!v || Number(v[1]) * 100 + Number(v[2]) < 320) fail([], `${cmake} is older than 3.20 (the cmake of Debian 12 or newer is)`);
}
const cxx = process.env.CXX ? which(process.env.CXX.split(' ')[0]) : which('c++') || which('g++') || which('clang++');
const cc = process.env.CC ? which(process.env.CC.split(' ')[0]) : which('cc') || which('gcc') || which('clang');
const generator = process.env.CMAKE_GENERATOR || '';
const makeTool = /ninja/i.test(generator) ? ['ninja', 'ninja-build'] : /make/i.test(generator) || !generator ? ['make', 'build-essential'] : null;
if (!cxx || !cc) missing.push('build-essential');
if (makeTool && !which(makeTool[0])) missing.push(makeTool[1]);
const devMissing = notInstalled(Object.values(devPackages));
if (missing.length) fail([...missing, ...devMissing]);

/** A dependency's directory, resolved the way Node resolves it from this package. */
function dependencyDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [pkg] }));
  } catch {
    fail([], `the npm package ${name} is missing (it is a dependency of rollcall: reinstall rollcall)`);
  }
  return null;
}
const addonApi = dependencyDir('node-addon-api');
const apiHeaders = path.join(dependencyDir('node-api-headers'), 'include');

// ---- configure ----
fs.rmSync(addonFile, { force: true });
fs.rmSync(work, { recursive: true, force: true });
const configureArgs = ['-S', pkg, '-B', work, '-DCMAKE_BUILD_TYPE=Release', `-DROLLCALL_SOURCE_DIR=${sources}`,
  `-DNODE_ADDON_API_DIR=${addonApi}`, `-DNODE_API_HEADERS_DIR=${apiHeaders}`,
  ...(process.env.ROLLCALL_CMAKE_ARGS || '').split(' ').filter(Boolean)];
say(`building the Node addon: cmake ${configureArgs.join(' ')}`);
const configure = spawnSync(cmake, configureArgs, { cwd: pkg, encoding: 'utf8', maxBuffer: 64 << 20 });
process.stdout.write(configure.stdout || '');
process.stderr.write(configure.stderr || '');
if (configure.status !== 0) {
  // find_package(REQUIRED) stops at the first missing package: add what dpkg says is missing too.
  const log = `${configure.stdout}\n${configure.stderr}`;
  const named = [];
  for (const [name, deb] of Object.entries(devPackages)) {
    const notFound = new RegExp(`Could NOT find ${name}\\b|package configuration file provided by\\s+"${name}"|CMAKE_DISABLE_FIND_PACKAGE_${name}\\b`, 'i');
    if (notFound.test(log)) named.push(deb);
  }
  if (/No CMAKE_(C|CXX)_COMPILER could be found|CMAKE_(C|CXX)_COMPILER not set|is not able to compile a simple test program/.test(log)) named.push('build-essential');
  fail([...named, ...devMissing], `configuring failed (exit ${configure.status})`);
}

// ---- build ----
const jobs = process.env.CMAKE_BUILD_PARALLEL_LEVEL || String(os.availableParallelism ? os.availableParallelism() : os.cpus().length);
const build = spawnSync(cmake, ['--build', work, '--target', 'rollcall_node', '--parallel', jobs], { cwd: pkg, stdio: 'inherit' });
if (build.status !== 0) fail([], `building failed (exit ${build.status ?? build.signal})`);

fs.renameSync(path.join(work, 'rollcall_node.node'), addonFile);
if (process.env.ROLLCALL_KEEP_BUILD !== '1') fs.rmSync(work, { recursive: true, force: true });

// The addon must load here, with nothing but the system's libraries (no librollcall.so).
try {
  const addon = require(addonFile);
  if (typeof addon.libraryVersionString !== 'string') throw new Error('no libraryVersionString');
  say(`built ${path.relative(pkg, addonFile)} (rollcall ${addon.libraryVersionString}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  fs.rmSync(addonFile, { force: true });
  fail([], `the built addon does not load: ${e.message}`);
}
