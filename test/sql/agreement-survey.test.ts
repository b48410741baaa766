/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for esat, enps and sentimentScore
 * over answer columns: random answer sets (off-scale, fractional and missing answers; labels in
 * other cases, with spaces, empty or unknown; ties) go through esat, enps and sentimentScore (over
 * the valid answers: the TypeScript functions reject an invalid one) and through the SQL
 * `metricSql` writes, on both engines, whole, per period and per segment; and through runMetrics
 * and runMetricGroups, whose results must equal the TypeScript functions' (toEqual). Counts must be
 * equal, means, shares and standard deviations within 1e-12 relative; the sentiment score is the
 * same double.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError, enps, esat, periodOf, sentimentScore } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { metricSql } from '../../src/sql/index.js';
import { type Engine, type Row, bothEngines, timestampsOf, withDuckdb } from './engines.js';
import { type Rec, close, instant, load, orNull } from './records.js';
import { thrown } from '../helpers.js';

const engines = bothEngines();

/** The columns of the test table. */
const COLUMNS = [
  { name: 'createdAt', type: 'timestamp' },
  { name: 'esat', type: 'number' },
  { name: 'enps', type: 'number' },
  { name: 'sentiment', type: 'text' },
  { name: 'team', type: 'text' },
] as const;

/** One answer row: an employee survey answer (1–5 / 0–10 and beyond), an eNPS answer, a message's label. */
const answerRow: fc.Arbitrary<Rec> = fc.record({
  createdAt: orNull(instant, 1),
  esat: orNull(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1, max: 11 }) }, { weight: 1, arbitrary: fc.constantFrom(2.5, 0.5) })),
  enps: orNull(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1, max: 11 }) }, { weight: 1, arbitrary: fc.constant(7.5) })),
  sentiment: orNull(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom('positive', 'neutral', 'negative') },
      { weight: 1, arbitrary: fc.constantFrom('Positive', 'NEGATIVE', 'positive ', '', 'mixed') },
    ),
  ),
  team: orNull(fc.constantFrom('hr', 'it', 'ops')),
});
const answerRows = fc.array(answerRow, { maxLength: 40 });

/** esat's options: scales and satisfied sets (binary reads the answers 1 and 0). */
const esatOptions = fc.constantFrom<Record<string, unknown>>(
  {},
  { scale: '1-5', satisfied: { atLeast: 3 } },
  { scale: '1-7' },
  { scale: '0-10', satisfied: [9, 10] },
  { scale: '1-3' },
  { scale: 'binary' },
);
const enpsOptions = fc.constantFrom<Record<string, unknown>>({}, { scale: '1-10' }, { scale: '0-10' });
/** Weights whose weighted sums round (thirds, tenths), and the default. */
const sentimentOptions = fc.constantFrom<Record<string, unknown>>(
  {},
  { weights: { positive: 1, neutral: 0.5, negative: -0.3 } },
  { weights: { neutral: 0.1 } },
  { weights: { positive: 1 / 3, neutral: -0.2, negative: -2 / 3 } },
  { weights: { positive: 0.7, negative: -1 } },
);

/** A record's answer is valid for `f` when `f` over it alone does not throw. */
function validFor(f: (x: unknown) => unknown, x: unknown): boolean {
  try {
    f(x);
    return true;
  } catch {
    return false;
  }
}

/** The given answers of `field` split: the valid ones (for `f`), how many invalid, how many missing. */
function answersOf(recs: readonly Rec[], field: string, f: (x: unknown) => unknown) {
  const given = recs.map((r) => r[field] ?? null).filter((x) => x !== null);
  return { valid: given.filter((x) => validFor(f, x)), invalid: given.filter((x) => !validFor(f, x)).length, missing: recs.length - given.length };
}

/** The TypeScript results over the valid answers of the records, and the exclusion counts. */
function expected(recs: readonly Rec[], eo: Record<string, unknown>, no: Record<string, unknown>, so: Record<string, unknown>) {
  const e = answersOf(recs, 'esat', (x) => esat({ responses: [x] as number[] }, eo));
  const n = answersOf(recs, 'enps', (x) => enps({ responses: [x] as number[] }, no));
  const s = answersOf(recs, 'sentiment', (x) => sentimentScore({ labels: [x] as 'positive'[] }, so));
  return {
    esat: { result: esat({ responses: e.valid as number[] }, eo), invalid: e.invalid, missing: e.missing },
    enps: { result: enps({ responses: n.valid as number[] }, no), invalid: n.invalid, missing: n.missing },
    sentimentScore: { result: sentimentScore({ labels: s.valid as 'positive'[] }, so), invalid: s.invalid, missing: s.missing },
  };
}
type Expected = ReturnType<typeof expected>;

/** The three rows of one group equal the TypeScript results. */
function same(rows: { esat: Row; enps: Row; sentimentScore: Row }, x: Expected, count: number, what: string): void {
  const { esat: re, enps: rn, sentimentScore: rs } = rows;
  const e = x.esat.result;
  for (const row of [re, rn, rs]) expect(row['count'], `${what} count`).toBe(count);
  expect([re['n'], re['satisfied'], re['unanswered'], re['invalid'], re['reason']], `${what} esat counts`).toEqual([
    e.n,
    e.satisfied,
    x.esat.missing,
    x.esat.invalid,
    e.reason,
  ]);
  for (const d of e.distribution ?? []) expect(re[`score${d.score}`], `${what} esat score${d.score}`).toBe(d.count);
  close(re['value'], e.value, `${what} esat value`);
  close(re['mean'], e.mean, `${what} esat mean`);
  close(re['standardDeviation'], e.standardDeviation, `${what} esat standardDeviation`);
  const n = x.enps.result;
  expect([rn['n'], rn['promoters'], rn['passives'], rn['detractors'], rn['unanswered'], rn['invalid'], rn['reason']], `${what} enps counts`).toEqual([
    n.n,
    n.promoters,
    n.passives,
    n.detractors,
    x.enps.missing,
    x.enps.invalid,
    n.reason,
  ]);
  for (const k of ['value', 'promoterShare', 'passiveShare', 'detractorShare'] as const) close(rn[k], n[k], `${what} enps ${k}`);
  const s = x.sentimentScore.result;
  expect([rs['n'], rs['positive'], rs['neutral'], rs['negative'], rs['unlabelled'], rs['invalid'], rs['reason']], `${what} sentiment counts`).toEqual([
    s.n,
    s.positive,
    s.neutral,
    s.negative,
    x.sentimentScore.missing,
    x.sentimentScore.invalid,
    s.reason,
  ]);
  // The same operations on the same doubles: the same score, to the last bit.
  expect(rs['value'], `${what} sentiment value`).toBe(s.value);
  for (const k of ['positiveShare', 'neutralShare', 'negativeShare'] as const) close(rs[k], s[k], `${what} sentiment ${k}`);
}

/** The rows of the three metrics' queries on an engine, keyed by their group. */
async function rowsOf(engine: Engine, o: Record<string, unknown>, eo: Record<string, unknown>, no: Record<string, unknown>, so: Record<string, unknown>) {
  const run = async (metric: 'esat' | 'enps' | 'sentimentScore', own: Record<string, unknown>) =>
    engine.rows(metricSql(metric, { dialect: engine.dialect, from: 't', ...o, ...own }));
  return { esat: await run('esat', eo), enps: await run('enps', no), sentimentScore: await run('sentimentScore', so) };
}

describe('metricSql of esat, enps and sentimentScore on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  it('over all the rows: counts per point, per group and per label, the exclusions, shares, means, the score', async () => {
    await fc.assert(
      fc.asyncProperty(answerRows, esatOptions, enpsOptions, sentimentOptions, async (recs, eo, no, so) => {
        const x = expected(recs, eo, no, so);
        for (const engine of engines) {
          await load(engine, recs, false, COLUMNS);
          const got = await rowsOf(engine, {}, eo, no, so);
          expect([got.esat.length, got.enps.length, got.sentimentScore.length]).toEqual([1, 1, 1]);
          same({ esat: got.esat[0] as Row, enps: got.enps[0] as Row, sentimentScore: got.sentimentScore[0] as Row }, x, recs.length, engine.dialect);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('per period (day, week from any weekday, month, quarter; UTC, DST zones, a fixed offset) and per segment, as periodOf places the rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        answerRows,
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        esatOptions,
        enpsOptions,
        sentimentOptions,
        async (recs, period, timeZone, weekStartsOn, split, epoch, eo, no, so) => {
          // Each row's group: its period's key (null without createdAt) and, split, its team.
          const keyOf = (r: Rec): string =>
            JSON.stringify([
              r['createdAt'] === null ? null : periodOf(r['createdAt'] as number, { period, timeZone, weekStartsOn: weekStartsOn as 0 }).key,
              ...(split ? [r['team']] : []),
            ]);
          const groups = new Map<string, Rec[]>();
          for (const r of recs) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
          for (const engine of engines) {
            await load(engine, recs, epoch, COLUMNS);
            const o = { period, timeZone, weekStartsOn, timestamps: timestampsOf(epoch), ...(split ? { by: 'team' } : {}) };
            const got = await rowsOf(engine, o, eo, no, so);
            const keyed = (rows: Row[]) => new Map(rows.map((r) => [JSON.stringify([r['period'], ...(split ? [r['segment']] : [])]), r]));
            const byMetric = { esat: keyed(got.esat), enps: keyed(got.enps), sentimentScore: keyed(got.sentimentScore) };
            for (const m of [byMetric.esat, byMetric.enps, byMetric.sentimentScore])
              expect([...m.keys()].sort(), `${engine.dialect} groups`).toEqual([...groups.keys()].sort());
            for (const [key, mine] of groups) {
              const rows = {
                esat: byMetric.esat.get(key) as Row,
                enps: byMetric.enps.get(key) as Row,
                sentimentScore: byMetric.sentimentScore.get(key) as Row,
              };
              same(rows, expected(mine, eo, no, so), mine.length, `${engine.dialect} ${key}`);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the worked examples of esat, enps and sentimentScore (their documentation), written by hand', async () => {
    // esat [5, 4, 3, 4, 2]: 3 of 5 in {4, 5} → 0.6; enps [9, 10, 7, 4, 6]: (2 − 2)/5 → 0;
    // labels [positive, negative, positive, neutral]: (2 − 1)/4 → 0.25.
    const query = `SELECT * FROM (VALUES (5, 9, 'positive'), (4, 10, 'negative'), (3, 7, 'positive'), (4, 4, 'neutral'), (2, 6, NULL)) AS v(esat, enps, label)`;
    for (const engine of engines) {
      const from = { query };
      const [e] = await engine.rows(metricSql('esat', { dialect: engine.dialect, from }));
      expect(e).toMatchObject({ count: 5, value: 0.6, n: 5, satisfied: 3, reason: null, score1: 0, score2: 1, score3: 1, score4: 2, score5: 1 });
      const [n] = await engine.rows(metricSql('enps', { dialect: engine.dialect, from }));
      expect(n).toMatchObject({ value: 0, n: 5, promoters: 2, passives: 1, detractors: 2, promoterShare: 0.4 });
      const [s] = await engine.rows(metricSql('sentimentScore', { dialect: engine.dialect, from, columns: { sentiment: 'label' } }));
      expect(s).toEqual({
        count: 5,
        value: 0.25,
        reason: null,
        n: 4,
        positive: 2,
        neutral: 1,
        negative: 1,
        positiveShare: 0.5,
        neutralShare: 0.25,
        negativeShare: 0.25,
        unlabelled: 1,
        invalid: 0,
      });
    }
  });

  it('no answers: the reasons name ESAT, eNPS and the sentiment score, as the TypeScript functions', async () => {
    const query = `SELECT * FROM (VALUES (CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS TEXT))) AS v(esat, enps, sentiment)`;
    for (const engine of engines) {
      const from = { query };
      const [e] = await engine.rows(metricSql('esat', { dialect: engine.dialect, from }));
      const [n] = await engine.rows(metricSql('enps', { dialect: engine.dialect, from }));
      const [s] = await engine.rows(metricSql('sentimentScore', { dialect: engine.dialect, from }));
      expect([e?.['value'], e?.['reason'], e?.['unanswered']]).toEqual([null, 'no responses: the ESAT is undefined', 1]);
      expect([n?.['value'], n?.['reason'], n?.['unanswered']]).toEqual([null, 'no answers: the eNPS is undefined', 1]);
      expect([s?.['value'], s?.['reason'], s?.['unlabelled']]).toEqual([null, 'no labelled messages: the sentiment score is undefined', 1]);
    }
  });

  it('a source without the answer or label column (columns: null): every row unanswered or unlabelled, on both engines', async () => {
    // Regression: the missing column was an untyped NULL, which PostgreSQL reads as text and cannot compare with a scale point.
    const query = `SELECT * FROM (VALUES (1), (2)) AS v(x)`;
    const columns = { csat: null, esat: null, nps: null, enps: null, ces: null, sentiment: null };
    for (const engine of engines) {
      for (const metric of ['csat', 'esat', 'nps', 'enps', 'ces', 'sentimentScore'] as const) {
        const [row] = await engine.rows(metricSql(metric, { dialect: engine.dialect, from: { query }, columns }));
        const missing = metric === 'sentimentScore' ? 'unlabelled' : 'unanswered';
        expect([row?.['count'], row?.['n'], row?.[missing], row?.['invalid'], row?.['value']], `${engine.dialect} ${metric}`).toEqual([2, 0, 2, 0, null]);
      }
      const [binary] = await engine.rows(metricSql('esat', { dialect: engine.dialect, from: { query }, columns, scale: 'binary' }));
      expect([binary?.['n'], binary?.['unanswered']]).toEqual([0, 2]);
    }
  });

  it('rejects the options the TypeScript functions reject, naming the metric and the path', () => {
    const base = { dialect: 'duckdb' as const, from: 't' };
    const w = thrown(() => metricSql('sentimentScore', { ...base, weights: { positive: 2 } }));
    expect(w.issues[0]?.path).toEqual(['options', 'weights', 'positive']);
    expect(thrown(() => metricSql('sentimentScore', { ...base, weights: { mixed: 0.5 } })).issues[0]?.path).toEqual(['options', 'weights', 'mixed']);
    const e = thrown(() => metricSql('esat', { ...base, scale: '1-5', satisfied: [6] }));
    expect(e.message).toMatch(/^esat/);
    expect(thrown(() => metricSql('enps', { ...base, scale: '1-5' })).message).toMatch(/^enps/);
    // Each reads its own options only.
    expect(thrown(() => metricSql('enps', { ...base, satisfied: [9] })).issues[0]?.path).toEqual(['options', 'satisfied']);
    expect(thrown(() => metricSql('esat', { ...base, weights: {} })).issues[0]?.path).toEqual(['options', 'weights']);
  });
});

describe('runMetrics and runMetricGroups give the results of esat, enps and sentimentScore', () => {
  it('whole, and per period and segment: toEqual the TypeScript functions over the valid answers; invalid rows an error unless excluded', async () => {
    await withDuckdb(async ({ connection, engine }) => {
      await fc.assert(
        fc.asyncProperty(
          answerRows,
          esatOptions,
          enpsOptions.chain((o) => fc.constantFrom({ ...o }, { ...o, intervalMethod: 'adjusted-wald', confidence: 0.9 })),
          sentimentOptions.chain((o) => fc.constantFrom({ ...o }, { ...o, confidence: 0.8 })),
          fc.constantFrom<'month' | 'quarter'>('month', 'quarter'),
          async (recs, eo, no, so, period) => {
            await load(engine, recs, false, COLUMNS);
            const x = expected(recs, eo, no, so);
            const got = await runMetrics({ esat: eo, enps: no, sentimentScore: so }, 't', { connection, onInvalid: 'exclude' });
            expect(got.esat).toEqual(x.esat.result);
            expect(got.enps).toEqual(x.enps.result);
            expect(got.sentimentScore).toEqual(x.sentimentScore.result);
            expect(Object.isFrozen(got.sentimentScore)).toBe(true);
            if (x.sentimentScore.invalid > 0) {
              await expect(runMetrics({ sentimentScore: so }, 't', { connection })).rejects.toThrow(/sentimentScore: \d+ invalid rows?/);
            }
            // Per month (or quarter) and team.
            const groups = await runMetricGroups('sentimentScore', 't', { connection, onInvalid: 'exclude', period, by: 'team', ...so });
            const esatGroups = await runMetricGroups('esat', 't', { connection, onInvalid: 'exclude', period, ...eo });
            const enpsGroups = await runMetricGroups('enps', 't', { connection, onInvalid: 'exclude', by: 'team', ...no });
            const periodKey = (r: Rec) => (r['createdAt'] === null ? null : periodOf(r['createdAt'] as number, { period }).key);
            for (const g of groups) {
              const mine = recs.filter((r) => periodKey(r) === g.period && r['team'] === g.segment);
              expect(g.count).toBe(mine.length);
              expect(g.result).toEqual(expected(mine, eo, no, so).sentimentScore.result);
            }
            expect(groups.reduce((t, g) => t + g.count, 0)).toBe(recs.length);
            for (const g of esatGroups)
              expect(g.result).toEqual(
                expected(
                  recs.filter((r) => periodKey(r) === g.period),
                  eo,
                  no,
                  so,
                ).esat.result,
              );
            for (const g of enpsGroups)
              expect(g.result).toEqual(
                expected(
                  recs.filter((r) => r['team'] === g.segment),
                  eo,
                  no,
                  so,
                ).enps.result,
              );
            expect(esatGroups.reduce((t, g) => t + g.count, 0)).toBe(recs.length);
            expect(enpsGroups.reduce((t, g) => t + g.count, 0)).toBe(recs.length);
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  it('the worked examples: ESAT 0.6 with its Wilson interval, eNPS 0, sentiment 0.25 with its Wald interval', async () => {
    const query = `SELECT * FROM (VALUES (5, 9, 'positive'), (4, 10, 'negative'), (3, 7, 'positive'), (4, 4, 'neutral'), (2, 6, NULL)) AS v(esat, enps, sentiment)`;
    const r = await runMetrics(['esat', 'enps', 'sentimentScore'], { query });
    expect(r.esat).toEqual(esat({ responses: [5, 4, 3, 4, 2] }));
    expect(r.esat.value).toBe(0.6);
    expect(r.enps).toEqual(enps({ responses: [9, 10, 7, 4, 6] }));
    expect(r.enps.value).toBe(0);
    expect(r.sentimentScore).toEqual(sentimentScore({ labels: ['positive', 'negative', 'positive', 'neutral'] }));
    // (2 − 1)/4 = 0.25; SE = √((3/4 − 0.25²)/4) = √(0.6875/4) ≈ 0.41458.
    expect(r.sentimentScore.value).toBe(0.25);
    expect(r.sentimentScore.standardError).toBeCloseTo(Math.sqrt(0.6875 / 4), 15);
    // An unknown label: an error by default, as sentimentScore({ labels }) raises one.
    const bad = `SELECT * FROM (VALUES ('positive'), ('Positive')) AS v(sentiment)`;
    expect(() => sentimentScore({ labels: ['positive', 'Positive' as 'positive'] })).toThrow(KpiInputError);
    await expect(runMetrics(['sentimentScore'], { query: bad })).rejects.toThrow(/1 invalid row/);
    expect((await runMetrics(['sentimentScore'], { query: bad }, { onInvalid: 'exclude' })).sentimentScore).toEqual(sentimentScore({ labels: ['positive'] }));
  });

  it('no answers: the empty results of esat, enps and sentimentScore, reasons and all', async () => {
    const query = `SELECT * FROM (VALUES (CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS TEXT))) AS v(esat, enps, sentiment)`;
    const r = await runMetrics({ esat: { confidence: 0.9 }, enps: {}, sentimentScore: { weights: { neutral: 0.5 } } }, { query });
    expect(r.esat).toEqual(esat({ responses: [] }, { confidence: 0.9 }));
    expect(r.esat.reason).toBe('no responses: the ESAT is undefined');
    expect(r.enps).toEqual(enps({ responses: [] }));
    expect(r.enps.reason).toBe('no answers: the eNPS is undefined');
    expect(r.sentimentScore).toEqual(sentimentScore({ labels: [] }, { weights: { neutral: 0.5 } }));
  });
});
