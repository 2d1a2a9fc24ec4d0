'use strict';
// npm pack's prepack step: copies the rollcall sources the addon's install-time build needs (the top
// CMakeLists.txt with what it reads: cmake/, include/, src/, capi/) from the repository into ./rollcall/,
// which package.json "files" ships and .gitignore ignores. `--clean` (postpack) removes the copy.
// Outside the repository (an unpacked package being packed again) the shipped copy is left as is.
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');
const repo = path.resolve(pkg, '..', '..');
const dest = path.join(pkg, 'rollcall');
const parts = ['CMakeLists.txt', 'cmake', 'include', 'src', 'capi'];
const inRepo = fs.existsSync(path.join(repo, 'capi', 'include', 'rollcall.h')) &&
  parts.every((p) => fs.existsSync(path.join(repo, p)));

if (process.argv.includes('--clean')) {
  if (inRepo) fs.rmSync(dest, { recursive: true, force: true });
} else if (inRepo) {
  fs.rmSync(dest, { recursive: true, force: true });
  for (const part of parts) fs.cpSync(path.join(repo, part), path.join(dest, part), { recursive: true });
  console.error(`rollcall prepack: copied ${parts.join(', ')} from ${repo} into ${dest}`);
} else if (!fs.existsSync(path.join(dest, 'CMakeLists.txt'))) {
  console.error(`rollcall prepack: neither the rollcall repository (${repo}) nor a copy of its sources (${dest}) is here`);
  process.exit(1);
}
