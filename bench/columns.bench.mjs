// Columnar benchmark: the mean, median and 90th percentile of first response time over 1M tickets
// held as two Float64Array timestamp columns (epoch ms), by kpi-kit's `{ columns }` input against
// numpy on the same columns in the same run (d = responded − created; d.mean();
// numpy.percentile(d, [50, 90])). numpy runs in one python3 process fed the same bytes; rounds
// alternate between the two, each round the median of many calls. Also shown: kpi-kit over a ready
// duration column (`{ durations }`) and over one object per ticket (`{ tickets }`), and a hand loop
// (differences, sum, then Float64Array.prototype.sort for the order statistics). Each case is timed
// after a full GC, and the objects of the `{ tickets }` case exist only during its turn: the other
// cases run on a heap without a million objects to mark, as a program holding columns would.
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstResponseTime } from '../dist/index.js';
import { consume, measure, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = quick ? 200_000 : 1_000_000;
const ROUNDS = 3;
const random = rng(7);
const created = new Float64Array(N);
const responded = new Float64Array(N);
const T0 = Date.UTC(2024, 0, 1);
for (let i = 0; i < N; i++) {
  created[i] = T0 + Math.floor(random() * 365 * 86_400_000);
  // Exponential reply delays (mean 1 h), whole ms; 3 % of tickets still unanswered (NaN).
  responded[i] = random() < 0.03 ? NaN : created[i] + Math.floor(-Math.log(1 - random()) * 3_600_000);
}

const kpiColumns = () => firstResponseTime({ columns: { createdAt: created, firstResponseAt: responded } });

// The same figures, checked below against numpy's.
const ours = kpiColumns();

/** numpy in one python3 process: `run <k>` answers with the median ms of k calls, then its figures. */
const PY = `
import sys, time, json
import numpy as np
created = np.fromfile(sys.argv[1]); responded = np.fromfile(sys.argv[2])
def figures():
    d = responded - created
    d = d[~np.isnan(d)]
    return d.mean(), np.percentile(d, [50, 90])
for line in sys.stdin:
    k = int(line.split()[1])
    figures()
    times = []
    for _ in range(k):
        t = time.perf_counter(); m, q = figures(); times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({"ms": times[len(times) // 2], "mean": m, "median": q[0], "p90": q[1]}), flush=True)
`;

async function withNumpy() {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-bench-'));
  const a = join(dir, 'created.f64');
  const b = join(dir, 'responded.f64');
  writeFileSync(a, new Uint8Array(created.buffer));
  writeFileSync(b, new Uint8Array(responded.buffer));
  const py = spawn('python3', ['-c', PY, a, b], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = '';
  let error = '';
  const waiting = [];
  py.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.resolve(JSON.parse(line));
    }
  });
  py.stderr.on('data', (chunk) => (error += chunk));
  const closed = new Promise((resolve) => py.on('close', resolve));
  py.on('error', () => {});
  closed.then(() => {
    for (const w of waiting.splice(0)) w.reject(new Error(error.trim().split('\n').pop() || 'python3 ended'));
  });
  const ask = (k) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      py.stdin.write(`run ${k}\n`);
    });
  return {
    ask,
    close: async () => {
      py.stdin.end();
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const handLoop = () => {
  const d = new Float64Array(N);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const x = responded[i] - created[i];
    if (x === x) {
      d[n++] = x;
      sum += x;
    }
  }
  const s = d.subarray(0, n).sort();
  const at = (p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return lo + 1 < n ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
  };
  return sum / n + at(0.5) + at(0.9);
};
const durations = new Float64Array(N);
let answered = 0;
for (let i = 0; i < N; i++) if (responded[i] === responded[i]) durations[answered++] = responded[i] - created[i];
const ready = durations.subarray(0, answered);
const makeTickets = () => Array.from({ length: N }, (_, i) => ({ createdAt: created[i], firstResponseAt: Number.isNaN(responded[i]) ? null : responded[i] }));
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const names = [
  'kpi-kit { columns } (two timestamp columns)',
  'kpi-kit { durations } (a ready duration column)',
  'kpi-kit { tickets } (an object per ticket)',
  'hand loop (Float64Array sort)',
];
/** Each case: a function of its setup's value (made in its turn, before the GC). */
const cases = [
  { fn: kpiColumns },
  { fn: () => firstResponseTime({ durations: ready, unanswered: N - answered }) },
  { setup: makeTickets, fn: (tickets) => firstResponseTime({ tickets }) },
  { fn: handLoop },
];
const best = names.map(() => Infinity);
let numpy = null;
let numpyBest = Infinity;
let figures = null;
try {
  numpy = await withNumpy();
} catch {
  numpy = null;
}
const calls = quick ? 5 : 15;
for (let r = 0; r < ROUNDS; r++) {
  cases.forEach((c, i) => {
    const value = c.setup?.();
    gc();
    best[i] = Math.min(
      best[i],
      measure(() => c.fn(value), { minRuns: calls, minMs: 0, warmup: 2 }),
    );
  });
  gc();
  if (numpy !== null) {
    try {
      const got = await numpy.ask(calls);
      numpyBest = Math.min(numpyBest, got.ms);
      figures = got;
    } catch (e) {
      console.log(`numpy not available (${e.message}): its row is left out`);
      numpy = null;
    }
  }
}
if (numpy !== null) await numpy.close();

console.log(`\n## first response time over ${N.toLocaleString('en')} tickets: mean + median + p90 (best of ${ROUNDS} interleaved rounds, each a median)`);
const rows = names.map((name, i) => ({ name, ms: best[i] }));
if (figures !== null) rows.push({ name: 'numpy (d = b − a; mean; percentile [50, 90])', ms: numpyBest });
const base = figures !== null ? numpyBest : best[0];
const width = Math.max(...rows.map((r) => r.name.length));
for (const row of rows)
  console.log(
    `${row.name.padEnd(width)}  ${row.ms.toFixed(2).padStart(8)} ms  ${(row.ms / base).toFixed(2).padStart(6)}x ${figures !== null ? 'numpy' : 'columns'}`,
  );
if (figures !== null) {
  const close = (x, y) => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
  const same = close(ours.mean, figures.mean) && close(ours.median, figures.median) && close(ours.percentiles.p90, figures.p90);
  if (!same) throw new Error(`kpi-kit and numpy disagree: ${JSON.stringify({ ours: [ours.mean, ours.median, ours.percentiles.p90], numpy: figures })}`);
  console.log(`same figures as numpy (1e-12 relative): mean ${ours.mean}, median ${ours.median}, p90 ${ours.percentiles.p90}`);
  console.log(`target: kpi-kit { columns } ≤ numpy — ${best[0] <= numpyBest ? 'met' : 'ABOVE TARGET'} (${(best[0] / numpyBest).toFixed(2)}x)`);
}
consume(ours.value);
