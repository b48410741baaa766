// Survey benchmarks: nps and csat over 1M responses (plain array, Int8Array, Float64Array),
// including validation, against two hand-written loops without validation: the obvious one
// (branches per answer) and the fastest one we know (a counting table indexed by the answer).
// Target: ≤ 2× the hand loop. Ratios are printed against both; the target is checked against the
// faster of the two.
import { csat, nps } from 'kpi-kit';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const random = rng(1);
const plain = Array.from({ length: N }, () => Math.floor(random() * 11));
const int8 = Int8Array.from(plain);
const float64 = Float64Array.from(plain);
const csatPlain = plain.map((x) => 1 + (x % 5));
const csatInt8 = Int8Array.from(csatPlain);
const opts = quick ? { minMs: 150, minRuns: 3, rounds: 2 } : { minMs: 600, minRuns: 9, rounds: 3 };

function handNps(xs) {
  let p = 0;
  let d = 0;
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (v >= 9) p++;
    else if (v <= 6) d++;
  }
  return (100 * (p - d)) / n;
}

function handTable(xs, size) {
  const counts = new Float64Array(size);
  const n = xs.length;
  for (let i = 0; i < n; i++) counts[xs[i]]++;
  return counts[0];
}

function handCsat(xs) {
  let s = 0;
  let sum = 0;
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    sum += v;
    if (v >= 4) s++;
  }
  return s / n + sum * 0;
}

const targets = [];
/** The library row's time over the faster hand loop's. */
function against(rows) {
  const [a, b, lib] = rows;
  const ratio = lib.ms / Math.min(a.ms, b.ms);
  console.log(`${lib.name}: ${ratio.toFixed(2)}x the faster hand loop (target ≤ 2x)`);
  return { name: lib.name, ratio };
}
for (const [label, data] of [
  ['number[]', plain],
  ['Int8Array', int8],
  ['Float64Array', float64],
]) {
  const rows = compare(
    { name: `hand loop, branches (${label})`, fn: () => handNps(data) },
    [
      { name: `hand loop, counting table (${label})`, fn: () => handTable(data, 11) },
      { name: `nps (${label})`, fn: () => nps({ responses: data }).value },
    ],
    opts,
  );
  report(`nps over 1M responses, ${label}`, rows);
  targets.push(against(rows));
}
for (const [label, data] of [
  ['number[]', csatPlain],
  ['Int8Array', csatInt8],
]) {
  const rows = compare(
    { name: `hand loop, branches (${label})`, fn: () => handCsat(data) },
    [
      { name: `hand loop, counting table (${label})`, fn: () => handTable(data, 6) },
      { name: `csat (${label})`, fn: () => csat({ responses: data }).value },
    ],
    opts,
  );
  report(`csat over 1M responses, ${label}`, rows);
  targets.push(against(rows));
}
console.log(`\nsurvey: worst ratio ${Math.max(...targets.map((r) => r.ratio)).toFixed(2)}x (target ≤ 2x)`);
