/**
 * `--engine duckdb` and `--engine node` give the same report of any file: random CSV files of
 * readable and unreadable cells (timestamps in several ISO-8601 spellings, zone-less or with an
 * offset; numbers, booleans, counts, CSAT answers, labels with spaces; empty and white-space cells;
 * responses before creation; March and October, the changes of daylight-saving time included), read in a named zone, per week and channel. Timestamps are to the ms
 * (DuckDB's are to the µs, and `metricSql` sums durations to 0.001 ms: docs/cli.md#--engine-duckdb). Counts and ms sums are
 * equal, means, quantiles and shares within 1e-12 relative (the comparison of engine-duckdb.test.ts).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { report, tempDir, type Report } from './helpers.js';

const file = tempDir();

const pad = (n: number): string => String(n).padStart(2, '0');
/**
 * A wall-clock time from 1 March 2024 (minutes after 1 March 00:00, 31 days and more) or from 20
 * October 2024: the changes to summer and to winter time in Europe included.
 */
const wall = (minutes: number): { date: string; time: string } => {
  const d = new Date(Date.UTC(2024, 2, 1) + minutes * 60_000);
  return { date: d.toISOString().slice(0, 10), time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` };
};
/** Minutes after 1 March 2024 of 20 October 2024 00:00. */
const OCTOBER = (Date.UTC(2024, 9, 20) - Date.UTC(2024, 2, 1)) / 60_000;
/** A timestamp cell: the spellings the node engine reads, and some it refuses. */
const stamp = (minutes: number, style: number): string => {
  const { date, time } = wall(minutes);
  return [
    `${date} ${time}`,
    `${date}T${time}Z`,
    `${date}T${time}+01:00`,
    ` ${date}t${time.slice(0, 5)}z `,
    `${date}T${time},5-0330`,
    date,
    '',
    '2024-02-30 10:00:00',
    `${date}T${time}.125`,
    'soon',
  ][style] as string;
};
const number = fc.oneof(fc.nat({ max: 500 }).map(String), fc.constantFrom('', ' ', '1.5', '-3', '1e2', '0x10', 'n/a', '.5', '+7', '-0'));
const boolean = fc.constantFrom('true', 'false', 'TRUE', 'yes', 'n', '0', '1', '2', 'maybe', '', ' t ');
const row = fc.record({
  created: fc.oneof(
    fc.nat({ max: 31 * 24 * 60 - 1 }),
    fc.nat({ max: 14 * 24 * 60 - 1 }).map((m) => OCTOBER + m),
  ),
  createdStyle: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 9 })),
  response: fc.option(fc.integer({ min: -120, max: 3000 })),
  responseStyle: fc.integer({ min: 0, max: 5 }),
  resolution: fc.option(fc.integer({ min: 0, max: 20_000 })),
  status: fc.constantFrom('Solved', 'open', 'Closed', '', 'pending'),
  channel: fc.constantFrom('email', 'chat', ' web ', ''),
  handle: number,
  contacts: number,
  reopened: boolean,
  csat: fc.constantFrom('1', '2', '3', '4', '5', '0', '6', '', 'abc', '4.0'),
});

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function csvOf(rows: readonly Row[]): string {
  const lines = rows.map((r) => {
    const created = stamp(r.created, r.createdStyle);
    const response = r.response === null ? '' : stamp(r.created + r.response, r.responseStyle);
    const resolved = r.resolution === null ? '' : stamp(r.created + r.resolution, 0);
    return [created, response, resolved, r.status, r.channel, r.handle, r.contacts, r.reopened, r.csat].join(',');
  });
  return ['created_at,first_response_at,resolved_at,status,channel,handle_time_s,contacts,reopened,csat', ...lines, ''].join('\n');
}

/** Numbers equal (integers) or within 1e-12 relative; the listed invalid tickets and what duckdb does not compute are left aside. */
function differences(duck: unknown, node: unknown, path: string, out: string[]): string[] {
  if (typeof node === 'number' && typeof duck === 'number') {
    const exact = Number.isInteger(node) && Number.isInteger(duck);
    if (!(exact ? duck === node : duck === node || Math.abs(duck - node) <= 1e-12 * Math.max(Math.abs(duck), Math.abs(node))))
      out.push(`${path}: ${duck} ≠ ${node}`);
  } else if (Array.isArray(node)) {
    if (!Array.isArray(duck) || duck.length !== node.length) out.push(`${path}: length ${Array.isArray(duck) ? duck.length : '-'} ≠ ${node.length}`);
    else node.forEach((x, i) => differences(duck[i], x, `${path}[${i}]`, out));
  } else if (typeof node === 'object' && node !== null && typeof duck === 'object' && duck !== null) {
    const d = duck as Record<string, unknown>;
    const n = node as Record<string, unknown>;
    for (const key of new Set([...Object.keys(d), ...Object.keys(n)])) {
      if (key === 'invalidIndices' || key === 'invalidTickets') continue;
      if (!(key in d) || !(key in n)) out.push(`${path}.${key}: only in ${key in d ? 'duckdb' : 'node'}`);
      else differences(d[key], n[key], `${path}.${key}`, out);
    }
  } else if (duck !== node) out.push(`${path}: ${JSON.stringify(duck)} ≠ ${JSON.stringify(node)}`);
  return out;
}

const skipped = (doc: Report): Set<string> =>
  new Set(
    (typeof doc.source['note'] === 'string' ? doc.source['note'] : '')
      .replace(/^not computed with --engine duckdb: /, '')
      .split('; ')
      .map((s) => s.replace(/ \(.*$/, '')),
  );
const without = (o: Record<string, unknown> | undefined, names: Set<string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([k]) => !names.has(k)));

it('gives the node engine figures on random files of awkward cells', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.constantFrom('UTC', 'Europe/Berlin', '+05:30'), async (rows, zone) => {
      const path = file(`random-${n++}.csv`, csvOf(rows));
      const args = [
        path,
        '--on-invalid',
        'exclude',
        '--map',
        'handleTimeMs=handle_time_s',
        '--unit',
        'handleTimeMs=s',
        '--time-zone',
        zone,
        '--period',
        'week',
        '--by',
        'channel',
      ];
      const node = await report(args);
      const duck = await report([...args, '--engine', 'duckdb']);
      const names = skipped(duck);
      const diffs: string[] = [];
      differences(duck.records, node.records, 'records', diffs);
      differences(duck.excluded, without(node.excluded, names), 'excluded', diffs);
      for (const key of ['metrics', 'byPeriod', 'bySegment'] as const) differences(without(duck[key], names), without(node[key], names), key, diffs);
      expect(diffs).toEqual([]);
    }),
    { numRuns: 10 },
  );
}, 300_000);
