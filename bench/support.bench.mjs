// Support benchmarks: firstResponseTime (mean, median, p90, validation included) over 1M ticket
// objects, with epoch-ms timestamps and with ISO-8601 strings, against hand-written loops over the
// same objects in the same run. Targets: ≤ 3× the hand loop (epoch ms), ≤ 5× (ISO strings).
import { firstResponseTime } from '../dist/index.js';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const random = rng(11);
const T0 = Date.UTC(2024, 0, 1);
const YEAR = 365 * 86_400_000;
const epoch = [];
const iso = [];
for (let i = 0; i < N; i++) {
  const created = T0 + Math.floor(random() * YEAR);
  // 8% unanswered; responses after 1 s .. ~2 days, skewed like real queues.
  const answered = random() >= 0.08;
  const response = answered ? created + Math.floor(1000 + 172_800_000 * random() ** 3) : null;
  const channel = random() < 0.5 ? 'email' : 'chat';
  epoch.push({ id: i, createdAt: created, firstResponseAt: response, status: 'solved', channel });
  iso.push({
    id: i,
    createdAt: new Date(created).toISOString(),
    firstResponseAt: response === null ? null : new Date(response).toISOString(),
    status: 'solved',
    channel,
  });
}

/** What one writes by hand: durations into a Float64Array, the mean, then a sort for the quantiles. */
function handLoop(tickets, parse) {
  const d = new Float64Array(tickets.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < tickets.length; i++) {
    const t = tickets[i];
    if (t.firstResponseAt === null) continue;
    const x = parse(t.firstResponseAt) - parse(t.createdAt);
    d[n++] = x;
    sum += x;
  }
  const s = d.subarray(0, n).sort();
  const q = (p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
  };
  return { mean: sum / n, median: q(0.5), p90: q(0.9) };
}
const id = (x) => x;

// Same figures first (R type 7 both ways).
for (const [label, tickets, parse] of [
  ['epoch', epoch, id],
  ['iso', iso, Date.parse],
]) {
  const lib = firstResponseTime({ tickets });
  const hand = handLoop(tickets, parse);
  for (const key of ['mean', 'median']) {
    if (Math.abs(lib[key] - hand[key]) > 1e-6 * hand[key]) throw new Error(`${label} ${key}: ${lib[key]} vs ${hand[key]}`);
  }
  if (Math.abs(lib.percentiles.p90 - hand.p90) > 1e-6 * hand.p90) throw new Error(`${label} p90 differs`);
}
console.log(`1M tickets, ${epoch.filter((t) => t.firstResponseAt === null).length} unanswered; library and hand loops agree`);

const opts = quick ? { minMs: 300, minRuns: 3, rounds: 2 } : { minMs: 1500, minRuns: 5, rounds: 3 };
const epochRows = compare(
  { name: 'hand loop + typed-array sort (epoch ms)', fn: () => handLoop(epoch, id).p90 },
  [{ name: 'firstResponseTime (epoch ms)', fn: () => firstResponseTime({ tickets: epoch }).value }],
  opts,
);
report('firstResponseTime over 1M tickets, epoch ms', epochRows, 3);
const isoRows = compare(
  { name: 'hand loop + typed-array sort (Date.parse)', fn: () => handLoop(iso, Date.parse).p90 },
  [{ name: 'firstResponseTime (ISO strings)', fn: () => firstResponseTime({ tickets: iso }).value }],
  opts,
);
report('firstResponseTime over 1M tickets, ISO-8601 strings', isoRows, 5);
console.log(
  `\nsupport: firstResponseTime ${epochRows[1].ratio.toFixed(2)}x the hand loop on epoch ms (target ≤ 3x), ` +
    `${isoRows[1].ratio.toFixed(2)}x on ISO strings (target ≤ 5x)`,
);
