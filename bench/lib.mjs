// Shared benchmark helpers. Benchmarks run against the built package (dist/) and report each
// library call as a ratio to a hand-written loop measured in the same run, so that the figures
// mean something on a shared, noisy machine.

/** Keeps results alive so the JIT cannot drop the measured work. */
export let sink = 0;
export function consume(value) {
  sink ^= typeof value === 'number' ? value | 0 : 1;
}

/**
 * Times `fn` (which does one whole unit of work per call): a few warm-up calls, then calls until
 * `minMs` have passed and at least `minRuns` were made. Returns the median time of one call in ms.
 */
export function measure(fn, { warmup = 3, minRuns = 7, minMs = 500 } = {}) {
  for (let i = 0; i < warmup; i++) consume(fn());
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    consume(fn());
    times.push(performance.now() - t0);
    if (times.length >= 200) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Measures a baseline and candidates in interleaved rounds (so drift hits all alike) and returns
 * rows of { name, ms, ratio } with ratio = ms / baseline ms.
 */
export function compare(baseline, candidates, { rounds = 3, ...opts } = {}) {
  const names = [baseline.name, ...candidates.map((c) => c.name)];
  const fns = [baseline.fn, ...candidates.map((c) => c.fn)];
  const best = names.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      best[i] = Math.min(best[i], measure(fn, opts));
    });
  }
  return names.map((name, i) => ({ name, ms: best[i], ratio: best[i] / best[0] }));
}

/** Prints a titled table of rows from `compare`, with an optional target ratio to check. */
export function report(title, rows, target) {
  console.log(`\n## ${title}`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const flag = target !== undefined && row.ratio > target && row !== rows[0] ? `  ABOVE TARGET ${target}x` : '';
    console.log(`${row.name.padEnd(width)}  ${row.ms.toFixed(2).padStart(9)} ms  ${row.ratio.toFixed(2).padStart(6)}x${flag}`);
  }
  return rows;
}

/** A seeded pseudo-random generator (mulberry32), so benchmark data is the same every run. */
export function rng(seed = 42) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
