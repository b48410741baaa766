// SQL benchmark: the same metrics on DuckDB (`runMetrics` of kpi-kit/duckdb) and in TypeScript, over
// the same tickets: 1M rows (200k with BENCH_QUICK=1; 1M and 10M with BENCH_FULL=1) written by
// scripts/make-cli-csv.mjs as CSV and converted to Parquet by DuckDB, in a temporary directory.
// - runMetrics on the Parquet file, on the CSV file, and on a DuckDB table already loaded (threads:
//   the machine's cores);
// - the TypeScript functions on the same tickets held in memory as columns (Float64Arrays of epoch ms,
//   a dictionary-coded status, `{ columns }`) and as one object per ticket (`{ tickets }`) — loading
//   them is not timed.
// Metrics: firstResponseTime, resolutionTime and resolutionRate (mean, median, p90, counts); every
// contender's figures are checked equal (counts exactly, means and quantiles to 1e-9 relative).
// Each contender runs once untimed, then in interleaved rounds (one of each per round); the median of the rounds is kept.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstResponseTime, resolutionRate, resolutionTime } from '../dist/index.js';
import { runMetrics } from '../dist/duckdb/index.js';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [200_000] : process.env.BENCH_FULL === '1' ? [1_000_000, 10_000_000] : [1_000_000];
const ROUNDS = quick ? 2 : 3;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cores = availableParallelism();
const METRICS = ['firstResponseTime', 'resolutionTime', 'resolutionRate'];
// The generated file has no duration columns beside the timestamps.
const COLUMNS = { firstResponseMs: null, resolutionMs: null };

let duck;
try {
  duck = await import('@duckdb/node-api');
} catch {
  console.log('sql bench: skipped: @duckdb/node-api is not installed');
}

function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** The figures compared across contenders. */
function figures(r) {
  return {
    frtN: r.firstResponseTime.n,
    frtMean: r.firstResponseTime.mean,
    frtMedian: r.firstResponseTime.median,
    frtP90: r.firstResponseTime.percentiles.p90,
    resN: r.resolutionTime.n,
    resMean: r.resolutionTime.mean,
    resP90: r.resolutionTime.percentiles.p90,
    resolved: r.resolutionRate.resolved,
    inquiries: r.resolutionRate.inquiries,
  };
}

function differences(a, b) {
  const out = [];
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    const same = /Mean|Median|P90/.test(key) ? Math.abs(x - y) <= 1e-9 * Math.abs(y) : x === y;
    if (!same) out.push(`${key} ${x} vs ${y}`);
  }
  return out;
}

if (duck !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-sql-bench-'));
  try {
    for (const rows of SIZES) {
      const csv = join(dir, `tickets-${rows}.csv`);
      const parquet = join(dir, `tickets-${rows}.parquet`);
      const gen = spawnSync(process.execPath, [join(root, 'scripts', 'make-cli-csv.mjs'), csv, String(rows)], { encoding: 'utf8' });
      if (gen.status !== 0) throw new Error(`make-cli-csv failed: ${gen.stderr}`);
      const instance = await duck.DuckDBInstance.create(':memory:', { threads: String(cores) });
      const connection = await instance.connect();
      const q = (s) => s.replace(/'/g, "''");
      await connection.run(`COPY (SELECT * FROM read_csv('${q(csv)}', header = true)) TO '${q(parquet)}' (FORMAT parquet)`);
      await connection.run(`CREATE TABLE tickets AS SELECT * FROM read_parquet('${q(parquet)}')`);
      // The same tickets in memory, for the TypeScript functions (not timed).
      const reader = await connection.runAndReadAll(
        `SELECT epoch_ms("createdAt") AS c, epoch_ms("firstResponseAt") AS f, epoch_ms("resolvedAt") AS r, "status" AS s FROM tickets`,
      );
      const data = reader.getColumnsObjectJS();
      const n = data.c.length;
      const num = (v) => (v === null ? NaN : Number(v));
      const createdAt = Float64Array.from(data.c, num);
      const firstResponseAt = Float64Array.from(data.f, num);
      const resolvedAt = Float64Array.from(data.r, num);
      const dictionary = [...new Set(data.s)];
      const codes = Int32Array.from(data.s, (v) => dictionary.indexOf(v));
      const columns = { createdAt, firstResponseAt, resolvedAt, status: { codes, dictionary } };
      const tickets = Array.from({ length: n }, (_, i) => ({
        createdAt: createdAt[i],
        firstResponseAt: Number.isNaN(firstResponseAt[i]) ? null : firstResponseAt[i],
        resolvedAt: Number.isNaN(resolvedAt[i]) ? null : resolvedAt[i],
        status: data.s[i],
      }));
      const ts = (input) => ({ firstResponseTime: firstResponseTime(input), resolutionTime: resolutionTime(input), resolutionRate: resolutionRate(input) });
      const contenders = [
        { name: `runMetrics, Parquet file (${cores} threads)`, run: () => runMetrics(METRICS, { parquet }, { connection, columns: COLUMNS }) },
        { name: `runMetrics, CSV file (${cores} threads)`, run: () => runMetrics(METRICS, { csv }, { connection, columns: COLUMNS }) },
        { name: `runMetrics, DuckDB table (${cores} threads)`, run: () => runMetrics(METRICS, 'tickets', { connection, columns: COLUMNS }) },
        { name: 'TypeScript, { columns } in memory', run: () => ts({ columns }) },
        { name: 'TypeScript, { tickets } in memory', run: () => ts({ tickets }) },
      ];
      // One untimed run of each first (compilation, DuckDB's caches), then the timed rounds.
      for (const c of contenders) await c.run();
      const times = contenders.map(() => []);
      let reference = null;
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const t0 = performance.now();
          const r = await contenders[k].run();
          times[k].push(performance.now() - t0);
          const f = figures(r);
          if (reference === null) reference = f;
          const diff = differences(f, reference);
          if (diff.length > 0) throw new Error(`${contenders[k].name} disagrees with ${contenders[0].name}: ${diff.join('; ')}`);
        }
      }
      console.log(
        `\n## ${METRICS.join(', ')} over ${rows.toLocaleString('en')} tickets (CSV ${(statSync(csv).size / 2 ** 20).toFixed(0)} MiB, Parquet ${(statSync(parquet).size / 2 ** 20).toFixed(0)} MiB; median of ${ROUNDS} interleaved rounds)`,
      );
      const base = median(times[3]);
      const width = Math.max(...contenders.map((c) => c.name.length));
      contenders.forEach((c, k) => {
        const ms = median(times[k]);
        console.log(
          `${c.name.padEnd(width)}  ${ms.toFixed(0).padStart(7)} ms  ${(rows / (ms / 1000) / 1e6).toFixed(2).padStart(6)} M rows/s  ${(ms / base).toFixed(2).padStart(6)}x columns`,
        );
      });
      console.log('same figures from every contender');
      connection.closeSync();
      instance.closeSync();
      rmSync(csv, { force: true });
      rmSync(parquet, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
