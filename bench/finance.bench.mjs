// Finance benchmarks: `revenue` over 1M revenue lines with 2-decimal amounts (seeded), as numbers
// and as strings like "1234.56", each against the hand-written float loop over the same lines
// (fast, not exact). Target: at most 3× the float loop, and exact: totals must equal the BigInt
// sums of the minor units (cents), checked before anything is timed.
// Lines with a stream each (8 streams, in random order) are measured against the float loop that
// groups by stream (a Map), which is what byStream replaces; the ratio to the plain float loop is
// printed too. Also shown, without a target: lines with ISO dates, totalled per month, and the
// number lines reduced in 4 shards by revenueAccumulator, each shipped through JSON and merged.
import { revenue, revenueAccumulator } from '../dist/index.js';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const random = rng(11);
const STREAMS = ['new sales', 'repeat sales', 'interest', 'late fees', 'service fees', 'subscriptions', 'add-ons', 'other'];
// Amounts from -100.00 to 9,900.00 in cents (refunds included); streams skewed towards the first.
const cents = Array.from({ length: N }, () => Math.floor(random() * 1_000_000) - 10_000);
const streams = Array.from({ length: N }, () => STREAMS[Math.floor(random() ** 2 * STREAMS.length)]);
const numberLines = cents.map((c) => ({ amount: c / 100 }));
const stringLines = cents.map((c) => ({ amount: (c / 100).toFixed(2) }));
const streamLines = cents.map((c, i) => ({ amount: c / 100, stream: streams[i] }));
// One year of dates, in order of time as exports come (ISO strings, as read from a file).
const YEAR_MS = 365 * 86_400_000;
const datedLines = streamLines.map((l, i) => ({
  amount: l.amount,
  stream: l.stream,
  date: new Date(Date.UTC(2024, 0, 1) + Math.floor((i / N) * YEAR_MS)).toISOString(),
}));
const opts = quick ? { minMs: 150, minRuns: 3, rounds: 2 } : { minMs: 600, minRuns: 7, rounds: 3 };

// Exactness: the totals (overall and per stream) against BigInt sums of the cents.
const expected = (() => {
  let units = 0n;
  const perStream = new Map();
  for (let i = 0; i < N; i++) {
    units += BigInt(cents[i]);
    perStream.set(streams[i], (perStream.get(streams[i]) ?? 0n) + BigInt(cents[i]));
  }
  const text = (u) => {
    const negative = u < 0n;
    const digits = (negative ? -u : u).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  };
  return { total: text(units), perStream: new Map([...perStream].map(([s, u]) => [s, text(u)])) };
})();
for (const [label, lines, options] of [
  ['numbers', numberLines, undefined],
  ['strings', stringLines, undefined],
  ['numbers with streams', streamLines, undefined],
  ['dated numbers by month', datedLines, { period: 'month' }],
]) {
  const r = revenue({ lines }, options);
  if (r.value.toFixed(2) !== expected.total) throw new Error(`revenue(${label}) gave ${r.value.toFixed(2)}, expected ${expected.total}`);
  for (const s of lines === streamLines || lines === datedLines ? r.byStream : []) {
    if (s.value.toFixed(2) !== expected.perStream.get(s.stream)) throw new Error(`revenue(${label}) stream ${s.stream} gave ${s.value.toFixed(2)}`);
  }
  if (options !== undefined && r.byPeriod.length !== 12) throw new Error(`revenue(${label}) gave ${r.byPeriod.length} months`);
}
console.log(`exact revenue of 1M lines: ${expected.total} (float loop: ${floatSum(numberLines)})`);

function floatSum(lines) {
  let sum = 0;
  const n = lines.length;
  for (let i = 0; i < n; i++) sum += lines[i].amount;
  return sum;
}

function floatSumByStream(lines) {
  const sums = new Map();
  const n = lines.length;
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    sums.set(l.stream, (sums.get(l.stream) ?? 0) + l.amount);
  }
  return sums;
}

function floatSumStrings(lines) {
  let sum = 0;
  const n = lines.length;
  for (let i = 0; i < n; i++) sum += Number(lines[i].amount);
  return sum;
}

const numberRows = compare(
  { name: 'float loop, sum += l.amount (inexact)', fn: () => floatSum(numberLines) },
  [{ name: 'revenue({ lines }) (numbers)', fn: () => revenue({ lines: numberLines }) }],
  opts,
);
report('1M revenue lines { amount: number }', numberRows, 3);

const stringRows = compare(
  { name: 'float loop, sum += Number(l.amount) (inexact)', fn: () => floatSumStrings(stringLines) },
  [{ name: 'revenue({ lines }) (strings)', fn: () => revenue({ lines: stringLines }) }],
  opts,
);
report('1M revenue lines { amount: "1234.56" }', stringRows, 3);

const streamRows = compare(
  { name: 'float loop grouping by stream in a Map (inexact)', fn: () => floatSumByStream(streamLines) },
  [
    { name: 'revenue({ lines }) (numbers, 8 streams)', fn: () => revenue({ lines: streamLines }) },
    { name: 'float loop, sum += l.amount (no grouping)', fn: () => floatSum(streamLines) },
  ],
  opts,
);
report('1M revenue lines { amount: number, stream } in random stream order', streamRows, 3);
const streamVsPlain = streamRows[1].ms / streamRows[2].ms;

const datedRows = compare(
  { name: 'float loop, sum += l.amount (inexact)', fn: () => floatSum(datedLines) },
  [{ name: "revenue({ lines }, { period: 'month' })", fn: () => revenue({ lines: datedLines }, { period: 'month' }) }],
  opts,
);
report('1M dated revenue lines per month (no target)', datedRows);

function sharded(lines, shards) {
  const size = Math.ceil(lines.length / shards);
  const parts = [];
  for (let s = 0; s < lines.length; s += size) {
    const acc = revenueAccumulator.create().addAll(lines.slice(s, s + size), s);
    parts.push(revenueAccumulator.fromJSON(JSON.parse(JSON.stringify(acc))));
  }
  return parts.reduce((into, part) => into.merge(part)).result();
}
if (sharded(numberLines, 4).value.toFixed(2) !== expected.total) throw new Error('revenueAccumulator (4 shards) is not exact');
const shardRows = compare(
  { name: 'float loop, sum += l.amount (inexact)', fn: () => floatSum(numberLines) },
  [{ name: 'revenueAccumulator, 4 shards through JSON, merged', fn: () => sharded(numberLines, 4) }],
  opts,
);
report('1M revenue lines { amount: number } in 4 shards (no target; includes slicing the array)', shardRows);

// The string lines against the plain float loop over numbers too: the cost of reading strings.
const stringVsNumbers = stringRows[1].ms / numberRows[0].ms;
console.log(
  `\nfinance: revenue over numbers ${numberRows[1].ratio.toFixed(2)}x the float loop (target ≤ 3x); ` +
    `over strings ${stringRows[1].ratio.toFixed(2)}x a Number(s) float loop (target ≤ 3x), ` +
    `${stringVsNumbers.toFixed(2)}x the float loop over numbers; ` +
    `with 8 streams ${streamRows[1].ratio.toFixed(2)}x a float loop grouping by stream (target ≤ 3x), ` +
    `${streamVsPlain.toFixed(2)}x the plain float loop; ` +
    `per month from ISO dates ${datedRows[1].ratio.toFixed(2)}x the float loop; ` +
    `in 4 shards through JSON ${shardRows[1].ratio.toFixed(2)}x the float loop`,
);
