// Test helpers: the repository's own fixtures and scenarios.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const require = createRequire(import.meta.url);
export const rollcall = require('../index.js');
export const readRepo = (rel) => readFileSync(path.join(repo, rel), 'utf8');
