/**
 * `kpi-kit report --engine duckdb` gives the report of `--engine node` on the same file: the same
 * document (records, metrics, per period, per segment, per period and segment, excluded counts),
 * counts and ms sums exactly, means, quantiles and shares within 1e-12 relative — on a generated
 * help-desk CSV, the same data as Parquet, and a file of hand-made awkward cells. Metrics without
 * SQL are named in `source.note`, never silently dropped.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPLIT_SEGMENTS, duckdbLoader, isParquetPath, sqlPlan } from '../../src/cli/engine-duckdb.js';
import { cli, fixture, report, tempDir, type Report } from './helpers.js';
import { SQL_METRICS } from '../../src/sql/index.js';

const file = tempDir();
const root = fileURLToPath(new URL('../../', import.meta.url));
let csv = '';
let parquet = '';

beforeAll(async () => {
  csv = file('tickets.csv');
  const made = spawnSync(process.execPath, [join(root, 'scripts/make-cli-csv.mjs'), csv, '3000'], { encoding: 'utf8' });
  expect(made.status).toBe(0);
  parquet = file('tickets.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`);
  connection.closeSync();
  instance.closeSync();
});

const realLoad = duckdbLoader.load;
afterEach(() => {
  duckdbLoader.load = realLoad;
});

/**
 * The differences between two report values: numbers that are integers on both sides (counts, ms
 * sums of whole-ms data) must be equal, other numbers within 1e-12 relative; `skip` says which
 * keys are not compared (the listed invalid tickets, which --engine duckdb counts but does not list).
 */
function differences(duck: unknown, node: unknown, path: string, out: string[]): string[] {
  if (typeof node === 'number' && typeof duck === 'number') {
    const exact = Number.isInteger(node) && Number.isInteger(duck);
    const close = exact ? duck === node : duck === node || Math.abs(duck - node) <= 1e-12 * Math.max(Math.abs(duck), Math.abs(node));
    if (!close) out.push(`${path}: ${duck} ≠ ${node}`);
  } else if (Array.isArray(node)) {
    if (!Array.isArray(duck) || duck.length !== node.length) out.push(`${path}: ${JSON.stringify(duck)?.slice(0, 80)} ≠ ${JSON.stringify(node).slice(0, 80)}`);
    else node.forEach((x, i) => differences(duck[i], x, `${path}[${i}]`, out));
  } else if (typeof node === 'object' && node !== null) {
    if (typeof duck !== 'object' || duck === null) out.push(`${path}: ${JSON.stringify(duck)} is not an object`);
    else {
      const d = duck as Record<string, unknown>;
      const n = node as Record<string, unknown>;
      for (const key of new Set([...Object.keys(d), ...Object.keys(n)])) {
        if (key === 'invalidIndices' || key === 'invalidTickets') continue;
        if (!(key in d) || !(key in n)) out.push(`${path}.${key}: only in ${key in d ? 'duckdb' : 'node'}`);
        else differences(d[key], n[key], `${path}.${key}`, out);
      }
    }
  } else if (duck !== node) out.push(`${path}: ${JSON.stringify(duck)} ≠ ${JSON.stringify(node)}`);
  return out;
}

/** The metrics the note of a duckdb report names as not computed. */
function notComputed(doc: Report): string[] {
  const note = doc.source['note'];
  if (typeof note !== 'string') return [];
  return note
    .replace(/^not computed with --engine duckdb: /, '')
    .split('; ')
    .map((s) => s.replace(/ \(.*$/, ''));
}

/** Both engines on the same file (`node` reads `nodeFile`, a CSV): the duckdb report and the differences. */
async function compare(duckFile: string, nodeFile: string, args: readonly string[]): Promise<{ duck: Report; node: Report; diffs: string[] }> {
  const node = await report([nodeFile, ...args]);
  const duck = await report([duckFile, '--engine', 'duckdb', ...args]);
  const skipped = new Set(notComputed(duck));
  const pick = (doc: Report, key: 'metrics' | 'byPeriod' | 'bySegment') =>
    Object.fromEntries(Object.entries(doc[key] ?? {}).filter(([name]) => !skipped.has(name))) as Record<string, unknown>;
  const diffs: string[] = [];
  differences(duck.records, node.records, 'records', diffs);
  differences(duck.excluded, Object.fromEntries(Object.entries(node.excluded).filter(([name]) => !skipped.has(name))), 'excluded', diffs);
  for (const key of ['metrics', 'byPeriod', 'bySegment'] as const) differences(pick(duck, key), pick(node, key), key, diffs);
  // Every metric of the node engine is in the duckdb report, or named in its note.
  for (const name of Object.keys(node.metrics)) if (!(name in duck.metrics) && !skipped.has(name)) diffs.push(`${name}: dropped without a note`);
  return { duck, node, diffs };
}

describe('--engine duckdb gives the node engine figures', () => {
  const cases: readonly (readonly string[])[] = [
    [],
    ['--period', 'month'],
    ['--by', 'channel'],
    ['--period', 'week', '--by', 'team', '--percentiles', '50,99'],
    ['--as-of', '2024-06-01', '--sla', 'first-response=4h', '--sla', 'urgent:resolution=8h', '--period', 'quarter'],
    ['--time-zone', 'America/New_York', '--period', 'day', '--by', 'reopened'],
    ['--calendar', fixture('business-hours.json'), '--period', 'month', '--by', 'priority'],
    // Segments that are numbers, and the segment of tickets without a contact count (null).
    ['--by', 'contactCount', '--period', 'week', '--week-starts-on', '0'],
  ];
  for (const args of cases) {
    it(`on a generated CSV, ${args.join(' ') || 'no grouping'}`, async () => {
      const { duck, diffs } = await compare(csv, csv, ['--on-invalid', 'exclude', ...args]);
      expect(diffs).toEqual([]);
      expect(duck.source['engine']).toBe('duckdb');
      expect(duck.errors).toEqual([]);
    }, 60_000);
  }

  it('on the same data as Parquet (typed columns), per period and channel', async () => {
    const { duck, diffs } = await compare(parquet, csv, ['--on-invalid', 'exclude', '--period', 'month', '--by', 'channel']);
    expect(diffs).toEqual([]);
    expect(duck.source['format']).toBe('parquet');
  }, 60_000);

  it("on Parquet's own types (the node engine reading the same records as NDJSON)", async () => {
    // TIMESTAMP (a wall-clock time), epoch ms, DATE, numbers, booleans, counts as numbers, labels as numbers.
    const typed = file('typed.parquet');
    const ndjson = file('typed.ndjson');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES
        (TIMESTAMP '2024-03-01 09:00:00', 1709285400000, DATE '2024-03-02', 'Solved', 1, 720000.0, 1, 0, TRUE, FALSE, 4.0),
        (TIMESTAMP '2024-03-01 10:00:00', 1709290800000, NULL, 'Open', 2, 180000.0, 2, 2, FALSE, TRUE, NULL),
        (TIMESTAMP '2024-03-02 00:00:00', NULL, DATE '2024-03-05', 'closed', 2, -5.0, 1, 1, NULL, FALSE, 3.0),
        (TIMESTAMP '2024-03-03 09:00:00', 1709456400000, DATE '2024-03-04', 'solved', 3, 60000.5, 1, -1, TRUE, TRUE, 5.0),
        (TIMESTAMP '2024-03-04 09:00:00', 99999999999999999, DATE '2024-03-04', 'solved', 3, 1.0, 1, 1, TRUE, TRUE, 2.5),
        (TIMESTAMP '2024-03-05 09:00:00', 1709629800000, DATE '2024-03-06', 'Solved', 1, 2.0, 3, 1, TRUE, FALSE, 1.0)
      ) AS v("createdAt", "firstResponseAt", "resolvedAt", "status", "channel", "handleTimeMs", "contactCount", "reopened", "complaint", "firstContactResolved", "csat")`);
    await connection.run(`COPY t TO '${typed}' (FORMAT parquet)`);
    await connection.run(`COPY t TO '${ndjson}' (FORMAT json)`);
    connection.closeSync();
    instance.closeSync();
    for (const zone of ['UTC', 'Asia/Kolkata', '+05:30']) {
      const { duck, node, diffs } = await compare(typed, ndjson, ['--on-invalid', 'exclude', '--time-zone', zone, '--period', 'day', '--by', 'channel']);
      expect(diffs).toEqual([]);
      // Rows 3 (a negative duration), 4 (reopened -1: not a count) and 5 (epoch ms beyond the range of Date) cannot be read.
      expect(node.excluded['rows']).toBe(3);
      expect(duck.source['problems']).toBe(node.source['problems']);
    }
  }, 60_000);

  it('on Parquet columns of other types: booleans as binary CSAT, text, and types no field takes', async () => {
    const typed = file('other.parquet');
    const ndjson = file('other.ndjson');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE t AS SELECT * FROM (VALUES
        ('2024-03-01 09:00:00', TRUE, 'yes', NULL, 'Solved'),
        ('2024-03-01T10:00:00Z', FALSE, 'no', NULL, 'Open'),
        ('2024-03-02', NULL, 'maybe', NULL, 'Solved'),
        ('2024-03-02 11:00:00', TRUE, NULL, TRUE, 'Solved')
      ) AS v("createdAt", "csat", "reopened", "closedAt", "status")`);
    await connection.run(`COPY t TO '${typed}' (FORMAT parquet)`);
    await connection.run(`COPY t TO '${ndjson}' (FORMAT json)`);
    connection.closeSync();
    instance.closeSync();
    const { duck, diffs } = await compare(typed, ndjson, ['--on-invalid', 'exclude', '--csat-scale', 'binary', '--by', 'status']);
    expect(diffs).toEqual([]);
    // "maybe" is no boolean; a closedAt of TRUE is no timestamp.
    expect(duck.excluded['rows']).toBe(2);
    expect(duck.metrics['csat'].n).toBe(2);
  }, 60_000);

  it('computes every metric of the node engine through its SQL (backlog, brought by --as-of, included): none left to name in the note', async () => {
    const { duck, node, diffs } = await compare(csv, csv, ['--on-invalid', 'exclude', '--as-of', '2024-06-01']);
    expect(diffs).toEqual([]);
    // The node engine's metrics that have no SQL (read off SQL_METRICS, not off the engine's own planning): none.
    const withoutSql = Object.keys(node.metrics).filter((name) => !(SQL_METRICS as readonly string[]).includes(name));
    expect(withoutSql).toEqual([]);
    expect(notComputed(duck)).toEqual([]);
    expect(duck.source['note']).toBeUndefined();
    // The same metrics, with the node engine's figures (diffs above): backlog, topTopics, complaints, resolutionConsistency among them.
    expect(Object.keys(duck.metrics).sort()).toEqual(Object.keys(node.metrics).sort());
    for (const name of ['backlog', 'topTopics', 'complaints', 'resolutionConsistency']) expect(name in duck.metrics, name).toBe(true);
  }, 60_000);

  it('names a split metric per segment it does not run, past MAX_SPLIT_SEGMENTS segments', async () => {
    // Nearly every one of the 3,000 tickets has a customer of its own: volumeByChannel (one query per segment) is not run per customer.
    const duck = await report([csv, '--engine', 'duckdb', '--on-invalid', 'exclude', '--by', 'customerId']);
    expect(duck.source['note']).toContain(`volumeByChannel per customerId (more than ${MAX_SPLIT_SEGMENTS} segments)`);
    expect(duck.bySegment?.['volumeByChannel']).toBeUndefined();
    expect(duck.metrics['volumeByChannel'].total).toBe(3000);
    expect(duck.bySegment?.['firstResponseTime'].segments.length).toBeGreaterThan(MAX_SPLIT_SEGMENTS);
  }, 60_000);

  it('leaves a metric out when its SQL does not take one of its options (and only then)', () => {
    // resolvedStatuses, onInvalid and timeZone change nothing in the figures where the SQL does not take them.
    expect(sqlPlan('firstResponseTime', { percentiles: [90], resolvedStatuses: ['done'], onInvalid: 'exclude', timeZone: 'UTC' }, null)).toEqual({
      sql: 'firstResponseTime',
      options: { percentiles: [90] },
    });
    expect(sqlPlan('firstResponseTime', { percentiles: [90], top: 3 }, null)).toEqual({ reason: 'top: not in its SQL' });
    expect(sqlPlan('noSuchMetric', {}, null)).toEqual({ reason: 'no SQL' });
    // An option the SQL refuses for its value: the metric is left out with the reason.
    expect(sqlPlan('firstResponseTime', { percentiles: [150] }, null)).toHaveProperty('reason');
  });

  it('counts the rows and tickets the node engine lists, with the same excluded figures', async () => {
    // Hand-made cells: a month 13, a negative duration, "maybe" as a boolean, "abc" as CSAT, 1.5
    // contacts, a decimal comma; and readable ones: spaces around cells, "t"/"z" in lower case,
    // "TRUE", "Y", a date alone, 4 fraction digits, a count of reopenings (2), white space only.
    const tricky = file(
      'tricky.csv',
      [
        'id,created_at,first_response_at,resolved_at,status,channel,handle_time_min,contacts,reopened,csat,complaint',
        '1,2024-03-01 09:00:00,2024-03-01 09:30:00,2024-03-02 10:00:00,Solved,email,12.5,1,false,5,no',
        '2, 2024-03-01T10:00:00+01:00 ,2024-03-01t10:45:00z,,Open,chat, 3 ,2,TRUE,,Y',
        '3,2024-03-02,2024-03-02 08:00:00.123,2024-03-05 12:00:00,closed,Chat,7,1,2,4,0',
        '4,2024-13-01 00:00:00,,,Open,email,1,1,false,3,false',
        '5,2024-03-03 09:00:00,2024-03-03 08:00:00,2024-03-04 09:00,solved,phone,-4,1,false,2,true',
        '6,2024-03-04 09:00:00,2024-03-04 09:10:00,2024-03-04 10:00:00,Solved,,0x10,1,maybe,9,false',
        '7,2024-03-04 09:00:00,2024-03-04 09:10:00,2024-03-04 10:00:00,Solved,web,1e1,3,1,abc,false',
        '8,2024-03-05 09:00:00,2024-03-05 09:10:00,2024-03-05 10:00:00,Solved,web,2,1.5,0,1,false',
        '9,2024-03-05 09:00:00,2024-03-05 09:10:00,"2024-03-05 10:00:00",Solved,web,"2,5",1,yes,5,false',
        '10,2024-03-31 02:30:00,2024-03-31 03:30:00,2024-03-31 04:00:00,Solved,web,2,1,no,5,f',
        '11,2024-03-06 09:00:00,2024-03-06 09:10:00,2024-03-06 10:00:00,Solved,web,   ,1,,   ,',
        // No creation time: undated, and invalid for every metric that needs it.
        '12,,2024-03-06 09:10:00,,Open,web,1,1,false,4,false',
        '',
      ].join('\n'),
    );
    const units = ['--map', 'handleTimeMs=handle_time_min', '--unit', 'handleTimeMs=min', '--on-invalid', 'exclude'];
    for (const zone of ['UTC', 'Europe/Berlin', '-03:00']) {
      const { duck, node, diffs } = await compare(tricky, tricky, [...units, '--time-zone', zone, '--period', 'week', '--by', 'channel']);
      expect(diffs).toEqual([]);
      // Rows 4 to 9 cannot be read, row 12 is invalid for the metrics (the node engine lists them; duckdb counts them).
      expect([...new Set(node.errors.map((e) => e.row))]).toEqual([4, 5, 6, 7, 8, 9, 12]);
      expect(duck.excluded['rows']).toBe(6);
      const uncomputed = notComputed(duck).reduce((sum, name) => sum + (node.excluded[name] ?? 0), 0);
      expect(duck.source['problems']).toBe((node.source['problems'] as number) - uncomputed);
    }
  }, 60_000);

  it('regression: reads a zone written right after the minutes (DuckDB casts it only with seconds)', async () => {
    // Found by engine-duckdb.property.test.ts: " 2024-03-01t00:00z " is 2024-03-01T00:00:00Z for the node engine.
    const zoned = file('zoned.csv', 'created_at,first_response_at\n2024-03-01T00:00:00Z, 2024-03-01t00:30z \n2024-03-01 01:00:00,2024-03-01 02:00+01:00\n');
    const { duck, diffs } = await compare(zoned, zoned, ['--on-invalid', 'exclude']);
    expect(diffs).toEqual([]);
    expect(duck.excluded['rows']).toBe(0);
    // 30 min, and 0 min (02:00+01:00 is 01:00Z): a mean of 15 min.
    expect(duck.metrics['firstResponseTime'].value).toBe(15 * 60_000);
  });

  it('reads gzip CSV, TSV and other delimiters, and presets with their units, missing values and binary CSAT', async () => {
    const zendesk = file('zendesk.csv.gz', gzipSync(readFileSync(fixture('zendesk.csv'))));
    const cases: [string, string, string[]][] = [
      [zendesk, fixture('zendesk.csv'), ['--period', 'month']],
      [fixture('tickets.tsv'), fixture('tickets.tsv'), ['--delimiter', 'tab', '--by', 'channel']],
      [fixture('tickets-semicolon.csv'), fixture('tickets-semicolon.csv'), ['--delimiter', ';']],
      [fixture('freshdesk.csv'), fixture('freshdesk.csv'), ['--resolved-status', 'Resolved', '--by', 'channel']],
    ];
    for (const [duckFile, nodeFile, args] of cases) {
      const { duck, diffs } = await compare(duckFile, nodeFile, ['--on-invalid', 'exclude', ...args]);
      expect(diffs, duckFile).toEqual([]);
      expect(duck.records).toBeGreaterThan(0);
    }
  }, 60_000);

  it('reads a zone-less time in the repeated hour of a change to winter time as the earlier instant, as the node engine does', async () => {
    // Berlin, 27 October 2024: 03:00 CEST (01:00Z) became 02:00 CET; 02:30 is 00:30Z (CEST) or 01:30Z (CET).
    const rows = [
      ['2024-10-27 02:30:00', '2024-10-27 03:10:00'], // 00:30Z → 02:10Z: 100 min
      ['2024-10-27 02:00:00', '2024-10-27 02:59:59'], // 00:00Z → 00:59:59Z: 59 min 59 s
      ['2024-03-31 02:30:00', '2024-03-31 03:30:00'], // a time in the gap of the change to summer time: 01:30Z → 01:30Z: 0
    ];
    const dst = file('dst.csv', ['created_at,first_response_at', ...rows.map((r) => r.join(',')), ''].join('\n'));
    const typed = file('dst.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const values = rows.map(([a, b]) => `(TIMESTAMP '${a}', TIMESTAMP '${b}')`).join(', ');
    await connection.run(`COPY (SELECT * FROM (VALUES ${values}) AS t(created_at, first_response_at)) TO '${typed}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    for (const duckFile of [dst, typed]) {
      const { duck, diffs } = await compare(duckFile, dst, ['--time-zone', 'Europe/Berlin']);
      expect(diffs).toEqual([]);
      expect(duck.metrics['firstResponseTime'].total).toBe(100 * 60_000 + 3_599_000);
    }
  });

  it('counts CSV rows of the wrong width as rows left out', async () => {
    const { duck, diffs } = await compare(fixture('wrong-width.csv'), fixture('wrong-width.csv'), ['--on-invalid', 'exclude']);
    expect(diffs).toEqual([]);
    expect(duck.excluded['rows']).toBe(1);
  });
});

describe('--engine duckdb refuses what it cannot read, with exit 2', () => {
  it('names npm install @duckdb/node-api when the package is missing', async () => {
    duckdbLoader.load = () => Promise.reject(new Error("Cannot find package '@duckdb/node-api'"));
    const r = await cli(['report', fixture('tickets.csv'), '--engine', 'duckdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('npm install @duckdb/node-api');
  });

  it('is in the help, with an example', async () => {
    const r = await cli(['report', '--help']);
    expect(r.stdout).toContain('--engine <engine>');
    expect(r.stdout).toContain('kpi-kit report tickets.parquet --engine duckdb');
    const bad = await cli(['report', fixture('tickets.csv'), '--engine', 'spark']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are node, duckdb');
  });

  it('reads Parquet only with --engine duckdb', async () => {
    const r = await cli(['report', parquet]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Parquet files are read with --engine duckdb only');
    expect(isParquetPath('x.PARQUET')).toBe(true);
    expect(isParquetPath('x.csv')).toBe(false);
  });

  it('refuses standard input, JSON, histories and a missing file', async () => {
    const cases: [string[], RegExp][] = [
      [['-'], /not standard input/],
      [[fixture('tickets.ndjson')], /reads CSV, TSV and Parquet files/],
      [[fixture('tickets.csv'), '--events', fixture('tickets.csv')], /--engine node only/],
      [[file('missing.csv')], /no such file/],
      [[fixture('empty.csv')], /is empty/],
      [[fixture('broken-quote.csv'), '--on-invalid', 'exclude'], /not readable CSV at line 3/],
      [[fixture('tickets.csv'), '--delimiter', '"'], /--delimiter must be one character/],
      [[fixture('tickets.csv'), '--by', 'team'], /--by team: no column is mapped/],
      [[parquet, '--input-format', 'csv'], /is a Parquet file/],
      [[file('.')], /is a directory/],
      [[file('not.gz', 'plain text'), '--input-format', 'csv'], /not valid gzip/],
      [[file('bad.parquet', 'not parquet')], /DuckDB cannot read it/],
      [[file('header.csv', 'created_at,"topic\n')], /not readable CSV in its header/],
      [[file('nocreated.csv', 'a,b\n1,2\n')], /no column for createdAt/],
      [[file('twice.csv', 'created_at,channel,created_at\n2024-05-01T09:00:00Z,chat,x\n')], /the header names "created_at" \(2 times/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['report', ...args, '--engine', 'duckdb']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('with --on-invalid fail: a cell that cannot be read (named with its column and the node message), a ticket a metric rejects', async () => {
    const bad = file('bad.csv', 'created_at,csat\n2024-05-01T09:00:00Z,5\n2024-05-01T10:00:00Z,great\n');
    const r = await cli(['report', bad, '--engine', 'duckdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('column "csat": "great" — csat must be a number, got "great" (1 row cannot be read');
    const early = file('early.csv', 'created_at,first_response_at\n2024-05-01T09:00:00Z,2024-05-01T08:00:00Z\n');
    const e = await cli(['report', early, '--engine', 'duckdb']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('firstResponseTime: 1 ticket is invalid for this metric');
    const wide = await cli(['report', fixture('wrong-width.csv'), '--engine', 'duckdb']);
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('Expected Number of Columns: 2 Found: 3');
  });
});

it('runs DuckDB with --workers threads, in a temporary directory it removes', async () => {
  const seen: Record<string, string>[] = [];
  duckdbLoader.load = async () => {
    const api = await import('@duckdb/node-api');
    return {
      DuckDBInstance: {
        create: (path: string, options: Record<string, string>) => {
          seen.push(options);
          return api.DuckDBInstance.create(path, options);
        },
      },
    };
  };
  const doc = await report([fixture('tickets.csv'), '--engine', 'duckdb', '--workers', '3']);
  expect(doc.records).toBe(8);
  expect(seen[0]?.['threads']).toBe('3');
  expect(spawnSync('test', ['-e', seen[0]?.['temp_directory'] ?? '/']).status).toBe(1);
});
