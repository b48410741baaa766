/**
 * `kpi-kit report` and DuckDB give the same figures on the same file: the figures bench/cli.bench.mjs
 * times both on (first response and resolution time: mean, median, p90; resolved tickets; volume per
 * channel; CSAT mean). DuckDB reads the CSV with `read_csv` and computes them in SQL; its
 * `quantile_cont` interpolates linearly between order statistics, as numpy's default percentile and
 * kpi-kit's percentiles do (docs/metrics.md#quantiles).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { report } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('kpi-kit report and DuckDB agree on a 20,000-row help-desk export', async () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const csv = join(dir, 'tickets.csv');
  const made = spawnSync(process.execPath, [join(root, 'scripts/make-cli-csv.mjs'), csv, '20000'], { encoding: 'utf8' });
  expect(made.status).toBe(0);

  const ours = await report([csv, '--on-invalid', 'exclude', '--workers', '2']);

  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const rows = async (sql: string): Promise<Record<string, unknown>[]> => (await connection.runAndReadAll(sql)).getRowObjects();
  await connection.run(`create table t as select * from read_csv('${csv.replace(/'/g, "''")}', header = true)`);
  const ms = (from: string, to: string): string => `(epoch_ms(${to}) - epoch_ms(${from}))`;
  const frt = ms('createdAt', 'firstResponseAt');
  const res = ms('createdAt', 'resolvedAt');
  const [duck] = await rows(`select
      count(${frt}) as frt_n, avg(${frt}) as frt_mean, quantile_cont(${frt}, 0.5) as frt_median, quantile_cont(${frt}, 0.9) as frt_p90,
      count(${res}) as res_n, avg(${res}) as res_mean, quantile_cont(${res}, 0.5) as res_median, quantile_cont(${res}, 0.9) as res_p90,
      count(*) filter (where lower(status) in ('solved', 'closed', 'resolved')) as resolved, count(*) as n,
      avg(csat) as csat_mean, count(csat) as csat_n
    from t`);
  const channels = await rows('select channel, count(*) as count from t group by channel');
  connection.closeSync();
  instance.closeSync();
  if (duck === undefined) throw new Error('no row from DuckDB');
  const num = (v: unknown): number => Number(v);

  const m = ours.metrics;
  expect(ours.records).toBe(num(duck['n']));
  // Means are sums of integers (ms) divided once: equal to the last bits or within 1e-12 relative.
  for (const [metric, prefix] of [
    ['firstResponseTime', 'frt'],
    ['resolutionTime', 'res'],
  ] as const) {
    expect(m[metric].n).toBe(num(duck[`${prefix}_n`]));
    expect(m[metric].mean).toBeCloseTo(num(duck[`${prefix}_mean`]), 3);
    expect(Math.abs(m[metric].mean - num(duck[`${prefix}_mean`]))).toBeLessThanOrEqual(1e-12 * Math.abs(m[metric].mean));
    expect(m[metric].median).toBe(num(duck[`${prefix}_median`]));
    expect(m[metric].percentiles.p90).toBeCloseTo(num(duck[`${prefix}_p90`]), 6);
  }
  expect(m['resolutionRate'].resolved).toBe(num(duck['resolved']));
  expect(m['csat'].n).toBe(num(duck['csat_n']));
  expect(Math.abs(m['csat'].mean - num(duck['csat_mean']))).toBeLessThanOrEqual(1e-12);
  const volume = Object.fromEntries((m['volumeByChannel'].groups as { key: string; count: number }[]).map((g) => [g.key, g.count]));
  expect(volume).toEqual(Object.fromEntries(channels.map((c) => [String(c['channel']), num(c['count'])])));
}, 60_000);
