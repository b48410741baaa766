/**
 * metricSql: the worked examples of docs/metrics.md through DuckDB, quoting (names and paths are
 * never SQL), sources, and the options it rejects.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricSqlOptions, SQL_METRICS, metricSql } from '../../src/sql/index.js';
import { type Engine, duckdb } from './engines.js';
import { thrown } from '../helpers.js';

let duck: Engine;
const dir = mkdtempSync(join(tmpdir(), "kpi-kit-sql-'quote"));
beforeAll(async () => {
  duck = await duckdb();
});
afterAll(async () => {
  await duck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The worked example of docs/metrics.md#firstresponsetime: created 08:00, reply 10:00 → 2 h; one answered in 1 h; one unanswered. */
const EXAMPLE = `SELECT * FROM (VALUES
  (TIMESTAMPTZ '2024-05-06 08:00:00Z', TIMESTAMPTZ '2024-05-06 10:00:00Z', NULL::DOUBLE),
  (TIMESTAMPTZ '2024-05-06 09:00:00Z', NULL, 3600000),
  (TIMESTAMPTZ '2024-05-06 11:00:00Z', NULL, NULL)) AS v("createdAt", "firstResponseAt", "firstResponseMs")`;

describe('metricSql', () => {
  it('first response time of the docs/metrics.md example: mean 1.5 h, median 1.5 h, max 2 h, one unanswered', async () => {
    const [row] = await duck.rows(metricSql('firstResponseTime', { dialect: 'duckdb', from: { query: EXAMPLE } }));
    // (2 h + 1 h) / 2 = 1.5 h = 5,400,000 ms; p90 of {1 h, 2 h} = 1 h + 0.9 × 1 h = 6,840,000 ms (R type 7).
    expect(row).toEqual({
      count: 3,
      value: 5_400_000,
      reason: null,
      n: 2,
      mean: 5_400_000,
      median: 5_400_000,
      p90: 6_840_000,
      min: 3_600_000,
      max: 7_200_000,
      total: 10_800_000,
      unanswered: 1,
      invalid: 0,
    });
  });

  it('reads TIMESTAMP columns without a zone as UTC, as zone-less strings are read by default', async () => {
    const naive = EXAMPLE.replaceAll('TIMESTAMPTZ', 'TIMESTAMP').replaceAll(':00Z', ':00');
    const [a] = await duck.rows(metricSql('firstResponseTime', { dialect: 'duckdb', from: { query: naive } }));
    const [b] = await duck.rows(metricSql('firstResponseTime', { dialect: 'duckdb', from: { query: EXAMPLE } }));
    expect(a).toEqual(b);
    // Months of TIMESTAMP '2024-05-06 08:00' in Asia/Tokyo (+09:00, no DST): 17:00 on 6 May, still May.
    expect(
      (await duck.rows(metricSql('firstResponseTime', { dialect: 'duckdb', from: { query: naive }, period: 'month', timeZone: 'Asia/Tokyo' }))).map(
        (r) => r['period'],
      ),
    ).toEqual(['2024-05']);
  });

  it('reads a CSV file by read_csv, its path an escaped literal (a quote in the directory name)', async () => {
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, 'created,answered\n2024-05-06T08:00:00Z,2024-05-06T10:00:00Z\n2024-05-06T09:00:00Z,\n');
    const sql = metricSql('firstResponseTime', {
      dialect: 'duckdb',
      from: { csv: file },
      columns: { createdAt: 'created', firstResponseAt: 'answered', firstResponseMs: null },
      percentiles: [50, 99.9],
      targetMs: 7_200_000,
    });
    expect(sql).toContain(`read_csv('${file.replace(/'/g, "''")}')`);
    const [row] = await duck.rows(sql);
    expect(row).toMatchObject({
      count: 2,
      n: 1,
      value: 7_200_000,
      p50: 7_200_000,
      'p99.9': 7_200_000,
      withinTargetCount: 1,
      withinTargetShare: 1,
      unanswered: 1,
    });
  });

  it('quotes names: a table name or column holding SQL stays a name', async () => {
    await duck.exec('CREATE TABLE keep (x INTEGER)');
    const evil = 'keep"; DROP TABLE keep; --';
    const sql = metricSql('resolutionRate', { dialect: 'duckdb', from: evil, columns: { status: 'st"atus' } });
    expect(sql).toContain('"keep""; DROP TABLE keep; --" AS "source"');
    expect(sql).toContain('CAST("st""atus" AS TEXT)');
    await expect(duck.rows(sql)).rejects.toThrow(/keep"; DROP TABLE keep; --/);
    expect(await duck.rows('SELECT count(*) AS n FROM keep')).toEqual([{ n: 0 }]);
  });

  it('names a table by its parts: a string split at dots, or an array of parts that may hold dots', () => {
    expect(metricSql('nps', { dialect: 'postgres', from: 'analytics.survey' })).toContain('FROM "analytics"."survey" AS "source"');
    expect(metricSql('nps', { dialect: 'postgres', from: { table: ['my.schema', 'survey'] } })).toContain('FROM "my.schema"."survey" AS "source"');
    expect(metricSql('ces', { dialect: 'duckdb', from: { parquet: ['a.parquet', "b'.parquet"] } })).toContain(`read_parquet(['a.parquet', 'b''.parquet'])`);
  });

  it('the binary CSAT scale reads good/bad, true/false and 1/0; answers elsewhere are invalid', async () => {
    const query = `SELECT * FROM (VALUES ('good'), ('bad'), ('true'), ('1'), ('0'), ('GOOD'), (NULL)) AS v(csat)`;
    const [row] = await duck.rows(metricSql('csat', { dialect: 'duckdb', from: { query }, scale: 'binary' }));
    // good, true, 1 → 3 good; bad, 0 → 2 bad; 'GOOD' is not an answer of the scale (as in TypeScript); one unanswered.
    expect(row).toMatchObject({ n: 5, satisfied: 3, value: 0.6, score0: 2, score1: 3, invalid: 1, unanswered: 1 });
  });

  it('lists every metric it writes', () => {
    expect(SQL_METRICS).toEqual([
      'firstResponseTime',
      'resolutionTime',
      'averageHandleTime',
      'firstResolutionTime',
      'requesterWaitTime',
      'agentWaitTime',
      'onHoldTime',
      'agentWorkTime',
      'resolutionRate',
      'reopenRate',
      'firstContactResolution',
      'repliesPerTicket',
      'reopensPerTicket',
      'slaCompliance',
      'volumeByChannel',
      'complaints',
      'topTopics',
      'resolutionConsistency',
      'backlog',
      'ticketsPerHour',
      'abandonmentRate',
      'averageSpeedOfAnswer',
      'serviceLevel',
      'churnRate',
      'retentionRate',
      'revenueChurn',
      'revenueRetention',
      'cohortRetention',
      'csat',
      'esat',
      'nps',
      'enps',
      'ces',
      'sentimentScore',
    ]);
  });

  it('rejects what it cannot write, with the path of the option', () => {
    const base: MetricSqlOptions = { dialect: 'duckdb', from: 't' };
    const cases: [() => unknown, string, RegExp][] = [
      [() => metricSql('handleTime' as never, base), 'metric', /one of firstResponseTime/],
      [() => metricSql('csat', undefined as never), 'options', /dialect, from/],
      [() => metricSql('csat', 'x' as never), 'options', /an object/],
      [() => metricSql('csat', { ...base, dialect: 'mysql' as never }), 'options.dialect', /duckdb, postgres/],
      [() => metricSql('csat', { from: 't' } as never), 'options.dialect', /duckdb, postgres/],
      [() => metricSql('csat', { ...base, from: undefined as never }), 'options.from', /table name/],
      [() => metricSql('csat', { ...base, from: { sql: 'x' } as never }), 'options.from', /table name/],
      [() => metricSql('csat', { ...base, from: '' }), 'options.from', /non-empty string/],
      [() => metricSql('csat', { ...base, from: { table: [] } }), 'options.from.table', /one to three/],
      [() => metricSql('csat', { ...base, from: { table: ['a', 'b\0'] } }), 'options.from.table[1]', /NUL/],
      [() => metricSql('csat', { ...base, from: { csv: [] } }), 'options.from.csv', /non-empty array/],
      [() => metricSql('csat', { ...base, dialect: 'postgres', from: { parquet: 'x.parquet' } }), 'options.from.parquet', /needs DuckDB/],
      [() => metricSql('csat', { ...base, columns: 'x' as never }), 'options.columns', /field → column/],
      [() => metricSql('csat', { ...base, columns: { createdAtt: 'x' } }), 'options.columns.createdAtt', /a record field: createdAt/],
      [() => metricSql('csat', { ...base, columns: { csat: 5 as never } }), 'options.columns.csat', /column or table name/],
      [() => metricSql('csat', { ...base, timestamps: 'unix' as never }), 'options.timestamps', /epoch-ms/],
      [() => metricSql('csat', { ...base, period: 'year' as never }), 'options.period', /quarter/],
      [() => metricSql('csat', { ...base, weekStartsOn: 7 }), 'options.weekStartsOn', /0 \(Sunday\)/],
      [() => metricSql('csat', { ...base, at: 'csat' as never }), 'options.at', /timestamp field/],
      [() => metricSql('csat', { ...base, by: '' }), 'options.by', /field name/],
      [() => metricSql('csat', { ...base, timeZone: 'Mars/Olympus' }), 'options.timeZone', /IANA/],
      [() => metricSql('csat', { ...base, percentiles: [90] }), 'options.percentiles', /unknown|not an option|percentiles/],
      [() => metricSql('firstResponseTime', { ...base, percentiles: [100] }), 'options.percentiles[0]', /between 0 and 100/],
      [() => metricSql('firstResponseTime', { ...base, targetMs: -1 }), 'options.targetMs', /duration/],
      [() => metricSql('firstResponseTime', { ...base, targetMs: 'x' as never }), 'options.targetMs', /duration/],
      [() => metricSql('resolutionTime', { ...base, excludePaused: 1 as never }), 'options.excludePaused', /true or false/],
      [() => metricSql('resolutionRate', { ...base, resolvedStatuses: [] }), 'options.resolvedStatuses', /non-empty array/],
      [() => metricSql('csat', { ...base, scale: '1-4' }), 'options.scale', /scale|1-5/],
    ];
    for (const [f, path, message] of cases) {
      const e = thrown(f);
      expect(
        e.issues.map((i) => i.path.join('.').replace(/\.(\d+)/g, '[$1]')),
        String(f),
      ).toContain(path);
      expect(e.message, String(f)).toMatch(message);
    }
  });
});
