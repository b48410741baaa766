// Smoke test of the built, packed package as CommonJS: `require('kpi-kit')` and
// `require('kpi-kit/survey')`, `require('kpi-kit/support')`. Run by scripts/check-runtimes.mjs on Node 20/22/24, Deno and Bun
// from a fresh project that installed the tarball; smoke.mjs is the ES-module twin and must print
// the very same line. The checks themselves are in smoke-checks.cjs.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const root = require('kpi-kit');
const survey = require('kpi-kit/survey');
const support = require('kpi-kit/support');
const contactCenter = require('kpi-kit/contact-center');
const finance = require('kpi-kit/finance');
const growth = require('kpi-kit/growth');
const report = require('kpi-kit/report');
const process = require('node:process');
const { smoke } = require('./smoke-checks.cjs');

const { line, failures } = smoke(root, survey, support, contactCenter, finance, growth, report);
console.log(line);
if (failures.length > 0) {
  console.error(`smoke.cjs: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
