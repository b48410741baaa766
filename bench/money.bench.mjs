// Money benchmarks: the exact sum of 1M amounts with 2 decimals (seeded) as a number[], as records
// and as strings, each against the hand-written float loop over the same data (fast, not exact).
// decimal.js `plus` per element is measured on 100k amounts (it is too slow for 1M in every round)
// against the float loop over the same 100k; a ratio does not depend on the count.
// Targets: over records and strings at most 2× the float loop over the same data. Over a bare
// number[] the float loop is ~1 ns per element; the exact sum's checks cost a few ns more. The same
// amounts as a Float64Array (columnar input) go through the same hot loop as a number[] (no target).
import Decimal from 'decimal.js';
import { ExactSum, KpiDecimal, sumExact } from '../dist/index.js';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const N_DECIMAL = 100_000;
const random = rng(7);
// Amounts from -10,000.00 to 990,000.00 in cents, mostly positive like revenue lines with refunds.
const cents = Array.from({ length: N }, () => Math.floor(random() * 100_000_000) - 1_000_000);
const numbers = cents.map((c) => c / 100);
const strings = cents.map((c) => (c / 100).toFixed(2));
const typed = Float64Array.from(numbers);
const opts = quick ? { minMs: 150, minRuns: 3, rounds: 2 } : { minMs: 600, minRuns: 7, rounds: 3 };

function floatSum(xs) {
  let sum = 0;
  const n = xs.length;
  for (let i = 0; i < n; i++) sum += xs[i];
  return sum;
}

function exactPerElement(xs) {
  const acc = new ExactSum();
  const n = xs.length;
  for (let i = 0; i < n; i++) acc.add(xs[i], i);
  return acc.toDecimal();
}

function decimalPlus(xs) {
  let sum = new KpiDecimal(0);
  const n = xs.length;
  for (let i = 0; i < n; i++) sum = sum.plus(xs[i]);
  return sum;
}

// The results are exact: check them against the BigInt sum of the cents before timing anything.
const expected = (() => {
  let units = 0n;
  for (const c of cents) units += BigInt(c);
  return new Decimal(`${units}e-2`).toFixed(2);
})();
for (const [label, got] of [
  ['sumExact(numbers)', sumExact(numbers)],
  ['sumExact(strings)', sumExact(strings)],
  ['sumExact(Float64Array)', sumExact(typed)],
  ['ExactSum.add per element', exactPerElement(numbers)],
  ['decimal.js plus (100k) vs sumExact', decimalPlus(strings.slice(0, N_DECIMAL)).minus(sumExact(strings.slice(0, N_DECIMAL)))],
]) {
  const text = label.startsWith('decimal.js') ? got.toString() : got.toFixed(2);
  const want = label.startsWith('decimal.js') ? '0' : expected;
  if (text !== want) throw new Error(`${label} gave ${text}, expected ${want}`);
}
console.log(`exact sum of 1M amounts: ${expected} (float loop: ${floatSum(numbers)})`);

// Three shapes of input, each against the hand loop a user would write for it (inexact floats).
const records = numbers.map((amount, i) => ({ id: i, amount, currency: 'EUR' }));

function floatSumRecords(rs) {
  let sum = 0;
  const n = rs.length;
  for (let i = 0; i < n; i++) sum += rs[i].amount;
  return sum;
}

function exactRecords(rs) {
  const acc = new ExactSum();
  const n = rs.length;
  for (let i = 0; i < n; i++) acc.add(rs[i].amount, i);
  return acc.toDecimal();
}

function floatSumStrings(xs) {
  let sum = 0;
  const n = xs.length;
  for (let i = 0; i < n; i++) sum += Number(xs[i]);
  return sum;
}

const rows = compare(
  { name: 'float loop over number[] (inexact)', fn: () => floatSum(numbers) },
  [
    { name: 'sumExact(number[])', fn: () => sumExact(numbers) },
    { name: 'ExactSum.add per element (number)', fn: () => exactPerElement(numbers) },
  ],
  opts,
);
report('1M amounts as a number[]', rows);

const recordRows = compare(
  { name: 'float loop over records, sum += r.amount (inexact)', fn: () => floatSumRecords(records) },
  [{ name: 'ExactSum.add(r.amount) per record', fn: () => exactRecords(records) }],
  opts,
);
report('1M records { id, amount, currency }', recordRows, 2);

const stringRows = compare(
  { name: 'float loop over string[], sum += Number(s) (inexact)', fn: () => floatSumStrings(strings) },
  [
    { name: 'sumExact(string[])', fn: () => sumExact(strings) },
    { name: 'ExactSum.add per element (string)', fn: () => exactPerElement(strings) },
  ],
  opts,
);
report('1M amounts as strings like "1234.56"', stringRows, 2);

const typedRows = compare(
  { name: 'float loop over a Float64Array (inexact)', fn: () => floatSum(typed) },
  [{ name: 'sumExact(Float64Array)', fn: () => sumExact(typed) }],
  opts,
);
report('1M amounts as a Float64Array (no target)', typedRows);

const smallNumbers = numbers.slice(0, N_DECIMAL);
const smallStrings = strings.slice(0, N_DECIMAL);
const small = compare(
  { name: 'float loop (100k numbers)', fn: () => floatSum(smallNumbers) },
  [
    { name: 'sumExact(100k numbers)', fn: () => sumExact(smallNumbers) },
    { name: 'decimal.js plus per element (100k numbers)', fn: () => decimalPlus(smallNumbers) },
    { name: 'decimal.js plus per element (100k strings)', fn: () => decimalPlus(smallStrings) },
  ],
  quick ? { minMs: 100, minRuns: 3, rounds: 1 } : { minMs: 400, minRuns: 5, rounds: 2 },
);
report('decimal.js per element over 100k amounts (ratios hold for 1M)', small);
for (const row of small.slice(2)) {
  console.log(`  ${row.name}: ~${(row.ms * (N / N_DECIMAL)).toFixed(0)} ms for 1M (×${N / N_DECIMAL})`);
}

console.log(
  `\nmoney: sumExact(number[]) ${rows[1].ratio.toFixed(2)}x a bare float loop; ` +
    `ExactSum over records ${recordRows[1].ratio.toFixed(2)}x the float loop over the same records (target ≤ 2x); ` +
    `sumExact(string[]) ${stringRows[1].ratio.toFixed(2)}x a Number(s) float loop (target ≤ 2x); ` +
    `sumExact(Float64Array) ${typedRows[1].ratio.toFixed(2)}x a float loop over it; ` +
    `decimal.js plus ${small[2].ratio.toFixed(0)}x (numbers) / ${small[3].ratio.toFixed(0)}x (strings)`,
);
