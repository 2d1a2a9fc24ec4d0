'use strict';
// CommonJS use of the installed package: node check.cjs SCENARIO.json
const path = require('node:path');
const { checkModule, reporter } = require('./checks.cjs');

const check = reporter('cjs');
const rollcall = require('rollcall');
check('require("rollcall") loads the installed index.js', () =>
  require.resolve('rollcall') === path.join(__dirname, 'node_modules', 'rollcall', 'index.js') || require.resolve('rollcall'));
checkModule(check, rollcall, rollcall, process.argv[2]);
