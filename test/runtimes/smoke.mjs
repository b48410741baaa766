// Smoke test of the built, packed package as an ES module: `kpi-kit`, `kpi-kit/survey`, `kpi-kit/support`, `kpi-kit/contact-center`, `kpi-kit/finance`, `kpi-kit/growth`, `kpi-kit/report`.
// Run by scripts/check-runtimes.mjs on Node 20/22/24, Deno and Bun from a fresh project that
// installed the tarball; smoke.cjs is the CommonJS twin and must print the very same line. The
// checks themselves (hand-calculated expectations) are in smoke-checks.cjs.
import * as root from 'kpi-kit';
import * as survey from 'kpi-kit/survey';
import * as support from 'kpi-kit/support';
import * as contactCenter from 'kpi-kit/contact-center';
import * as finance from 'kpi-kit/finance';
import * as growth from 'kpi-kit/growth';
import * as report from 'kpi-kit/report';
import process from 'node:process';
import checks from './smoke-checks.cjs';

const { line, failures } = checks.smoke(root, survey, support, contactCenter, finance, growth, report);
console.log(line);
if (failures.length > 0) {
  console.error(`smoke.mjs: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
