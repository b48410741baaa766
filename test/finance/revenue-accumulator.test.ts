import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { revenue, revenueAccumulator } from '../../src/finance/revenue.js';
import { thrown } from '../helpers.js';

const text = (d: { toString(): string } | null | undefined): string | undefined => d?.toString();
const roundTrip = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

// The lines of the per-stream example in revenue.test.ts: Jan 0.1 + 0.2 = 0.3; Mar 100;
// Apr −20 + 50 = 30; one undated line of 5 → total 135.3.
const LINES = [
  { amount: 0.1, stream: 'subscriptions', date: '2024-01-15' },
  { amount: '0.2', stream: 'subscriptions', date: new Date(Date.UTC(2024, 0, 31, 23, 59)) },
  { amount: '100.00', stream: 'add-ons', date: Date.UTC(2024, 2, 3) },
  { amount: -20, stream: 'add-ons', date: '2024-04-01T00:00:00Z' },
  { amount: 50, stream: 'late fees', date: '2024-04-09' },
  { amount: 5, stream: 'other' },
];

describe('revenueAccumulator', () => {
  it('gives the one-pass result from shards merged directly and through JSON', () => {
    const a = revenueAccumulator.create({ period: 'month', currency: 'EUR' }).addAll(LINES.slice(0, 2));
    const b = revenueAccumulator.create({ period: 'month', currency: 'EUR' }).addAll(LINES.slice(2, 5), 2);
    const c = revenueAccumulator.create({ period: 'month', currency: 'EUR' }).add(LINES[5], 5);
    const merged = revenueAccumulator
      .fromJSON(roundTrip(b))
      .merge(revenueAccumulator.fromJSON(roundTrip(c)))
      .merge(a);
    const r = merged.result();
    expect(merged.n).toBe(6);
    expect(text(r.value)).toBe('135.3');
    expect(r.currency).toBe('EUR');
    expect(r.byPeriod?.map((p) => [p.key, text(p.value), p.lineCount])).toEqual([
      ['2024-01', '0.3', 2],
      ['2024-02', '0', 0],
      ['2024-03', '100', 1],
      ['2024-04', '30', 2],
    ]);
    expect(r.byStream.map((s) => [s.stream, text(s.value), s.lineCount])).toEqual([
      ['add-ons', '80', 2],
      ['late fees', '50', 1],
      ['other', '5', 1],
      ['subscriptions', '0.3', 2],
    ]);
    expect(r.undated && [text(r.undated.value), r.undated.lineCount]).toEqual(['5', 1]);
    // −70 / 100 from March to April.
    expect(text(r.growth?.relative)).toBe('-0.7');
    expect(roundTrip(r)).toEqual(roundTrip(revenue({ lines: LINES, currency: 'EUR' }, { period: 'month' })));
    expect(Object.isFrozen(r.byPeriod)).toBe(true);
  });

  it('keeps a small, plain JSON state in the envelope of every accumulator: one exact decimal string per period and stream', () => {
    const acc = revenueAccumulator
      .create({ period: 'month' })
      .addAll([
        { amount: 0.1, stream: 'a', date: '2024-01-02' },
        { amount: '0.2', stream: 'a', date: '2024-01-30' },
        { amount: '1e18', stream: 'b', date: '2024-02-01' },
        { amount: '0.005', stream: 'b', date: '2024-02-01', currency: 'USD' },
        { amount: 7 },
      ]);
    expect(acc.toJSON()).toEqual({
      format: 'kpi-kit/accumulator',
      version: 2,
      metric: 'revenue',
      // Normalised: the defaults of the period options filled in.
      options: { period: 'month', timeZone: 'UTC', fill: true },
      seen: 5,
      invalid: { count: 0, indices: [], listed: [] },
      state: {
        cells: [
          // 2024-01-01T00:00Z = 1704067200000 ms; 2024-02-01T00:00Z = 1706745600000 ms (by hand: 19723 and 19754 days).
          { period: null, startMs: null, stream: null, value: '7', lineCount: 1 },
          { period: '2024-01', startMs: 1_704_067_200_000, stream: 'a', value: '0.3', lineCount: 2 },
          { period: '2024-02', startMs: 1_706_745_600_000, stream: 'b', value: '1000000000000000000.005', lineCount: 2 },
        ],
        currencies: [{ code: 'USD', lineCount: 1, first: [3], invalid: 0, firstInvalid: [] }],
      },
    });
    // 10,000 lines in 3 streams over 12 months: 36 cells, whatever the number of lines.
    const many = revenueAccumulator.create({ period: 'month' });
    many.addAll(
      Array.from({ length: 10_000 }, (_, i) => ({
        amount: i / 100,
        stream: ['x', 'y', 'z'][Math.floor(i / 12) % 3] as string,
        date: Date.UTC(2024, i % 12, 1),
      })),
    );
    expect((many.toJSON().state as { cells: unknown[] }).cells.length).toBe(36);
    // Σ i/100 for i < 10,000 = 49,995,000 / 100 = 499,950.
    expect(text(many.result().value)).toBe('499950');
  });

  it('normalises its options: defaults filled in, only what means something, and read back as themselves', () => {
    const options = (o: unknown): unknown => revenueAccumulator.create(o as never).toJSON().options;
    expect(options(undefined)).toEqual({});
    expect(options({ round: { places: 2 }, currency: 'EUR' })).toEqual({ round: { places: 2, mode: 'ROUND_HALF_EVEN' }, currency: 'EUR' });
    expect(options({ period: 'week' })).toEqual({ period: 'week', timeZone: 'UTC', weekStartsOn: 1, fill: true });
    // The first day of the week means nothing for months.
    expect(options({ period: 'month', weekStartsOn: 0, timeZone: 'Europe/Berlin', fill: false })).toEqual({
      period: 'month',
      timeZone: 'Europe/Berlin',
      fill: false,
    });
    for (const o of [{}, { period: 'quarter', round: { places: 0, mode: 'ROUND_DOWN' } }, { period: 'week', weekStartsOn: 0, currency: 'JPY' }]) {
      const normalised = options(o);
      expect(options(normalised)).toEqual(normalised);
    }
    // Months with or without a first day of the week are the same options: they merge.
    const a = revenueAccumulator.create({ period: 'month', weekStartsOn: 0 }).add({ amount: 1, date: '2024-01-01' });
    expect(text(a.merge(revenueAccumulator.create({ period: 'month' }).add({ amount: 2, date: '2024-01-02' })).result().value)).toBe('3');
  });

  it('numbers lines: add gives the next index, addAll(lines, first) from first, and from n by default', () => {
    const acc = revenueAccumulator.create();
    acc
      .add({ amount: 1 })
      .addAll([{ amount: 2 }, { amount: 'x' }])
      .add({ amount: 0.1 + 0.2 }, 10)
      .addAll([{}], 20);
    expect(acc.n).toBe(5);
    const e = thrown(() => acc.result());
    expect(e.fn).toBe('revenue');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_value', ['lines', 2, 'amount']],
      ['out_of_range', ['lines', 10, 'amount']],
      ['missing', ['lines', 20, 'amount']],
    ]);
    expect(revenue.accumulator).toBe(revenueAccumulator);
  });

  it('lists invalid lines as one pass would, whatever the order of the merges', () => {
    // Lines 0–1 in EUR, lines 2–3 in USD with line 3 also malformed, line 4 not an object:
    // one pass takes EUR (line 0) as the currency, so lines 2 and 3 are wrong for their currency
    // (line 3's amount is not reported), and line 4 for its type.
    const lines: unknown[] = [
      { amount: 1, currency: 'EUR' },
      { amount: 2, currency: 'EUR' },
      { amount: 3, currency: 'USD' },
      { amount: 'x', currency: 'USD' },
      4,
    ];
    const oneLine = thrown(() => revenue({ lines: lines as never }));
    const front = revenueAccumulator.create().addAll(lines.slice(0, 2));
    const back = revenueAccumulator.create().addAll(lines.slice(2), 2);
    // The back shard alone takes USD and reports line 3's amount; merged, the currency decides.
    expect(thrown(() => revenueAccumulator.fromJSON(roundTrip(back)).result()).issues.map((i) => i.path)).toEqual([
      ['lines', 3, 'amount'],
      ['lines', 4],
    ]);
    const e = thrown(() => revenueAccumulator.fromJSON(roundTrip(back)).merge(front).result());
    expect(e.issueCount).toBe(3);
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['inconsistent', ['lines', 2, 'currency']],
      ['inconsistent', ['lines', 3, 'currency']],
      ['invalid_type', ['lines', 4]],
    ]);
    expect(e.issues[0]?.message).toBe(
      'currencies cannot be mixed: lines[2].currency is USD but lines[0].currency is EUR; convert the amounts to one currency first',
    );
    expect(e.message).toBe(oneLine.message);
    expect(e.issues.map((i) => i.message)).toEqual(oneLine.issues.map((i) => i.message));
    // The currency of the input decides over the lines'.
    const input = thrown(() => revenueAccumulator.create({ currency: 'USD' }).addAll(lines.slice(0, 3)).result());
    expect(input.issues.map((i) => i.path)).toEqual([
      ['lines', 0, 'currency'],
      ['lines', 1, 'currency'],
    ]);
    expect(input.issues[0]?.message).toMatch(/lines\[0\]\.currency is EUR but currency is USD/);
  });

  it('lists the first 100 problems by index across shards and counts all', () => {
    // 300 lines, every third one invalid (0.1 + 0.2 is not an exact decimal): 100 invalid lines,
    // indices 0, 3, …, 297; shards of 50 merged in reverse.
    const lines = Array.from({ length: 300 }, (_, i) => ({ amount: i % 3 === 0 ? 0.1 + 0.2 : 1 }));
    const extra = Array.from({ length: 50 }, () => ({ amount: 'bad' }));
    const shards = [0, 50, 100, 150, 200, 250].map((start) => revenueAccumulator.create().addAll(lines.slice(start, start + 50), start));
    const all = shards.reverse().reduce((into, s) => into.merge(s));
    all.addAll(extra, 300);
    const e = thrown(() => all.result());
    expect(e.issueCount).toBe(150);
    expect(e.issues.length).toBe(100);
    expect(e.issues[99]?.path).toEqual(['lines', 297, 'amount']);
    expect(e.issues.map((i) => i.message)).toEqual(thrown(() => revenue({ lines: [...lines, ...extra] as never })).issues.map((i) => i.message));
  });

  it('refuses to merge accumulators made with other options (code incompatible, naming the option)', () => {
    const month = revenueAccumulator.create({ period: 'month' });
    const pairs: [string, unknown, unknown][] = [
      ['period', { period: 'month' }, { period: 'week' }],
      ['period', {}, { period: 'day' }],
      ['timeZone', { period: 'month' }, { period: 'month', timeZone: 'Europe/Berlin' }],
      ['weekStartsOn', { period: 'week' }, { period: 'week', weekStartsOn: 0 }],
      ['fill', { period: 'month' }, { period: 'month', fill: false }],
      ['round', {}, { round: { places: 2 } }],
      ['round', { round: { places: 2 } }, { round: { places: 2, mode: 'ROUND_HALF_UP' } }],
      ['currency', { currency: 'EUR' }, { currency: 'USD' }],
      ['currency', { currency: 'EUR' }, {}],
    ];
    for (const [option, a, b] of pairs) {
      const e = thrown(() => revenueAccumulator.create(a as never).merge(revenueAccumulator.create(b as never)));
      expect(e.code).toBe('incompatible');
      expect(e.path).toEqual(['other', 'options', option]);
      expect(e.message).toContain(option);
      expect(e.fn).toBe('revenueAccumulator.merge');
    }
    expect(thrown(() => month.merge(revenueAccumulator.create({ period: 'week' }))).message).toBe(
      'revenueAccumulator.merge: cannot merge revenue accumulators made with different options: period is "month" here and "week" in the other',
    );
    // Nothing was merged.
    expect(month.n).toBe(0);
  });

  it('rejects bad indices, a bad collection, another kind of object and bad options', () => {
    const month = revenueAccumulator.create({ period: 'month' });
    expect(thrown(() => month.merge({} as never)).path).toEqual(['other']);
    expect(thrown(() => month.add({ amount: 1 }, -1)).path).toEqual(['index']);
    expect(thrown(() => month.addAll('x')).path).toEqual(['lines']);
    expect(thrown(() => month.addAll([], 1.5)).path).toEqual(['offset']);
    expect(thrown(() => revenueAccumulator.create({ timeZone: 'Europe/Berlin' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenueAccumulator.create({ currency: 'euro' })).path).toEqual(['options', 'currency']);
    expect(thrown(() => revenueAccumulator.create({ periods: 'day' } as never)).path).toEqual(['options', 'periods']);
    expect(revenueAccumulator.metric).toBe('revenue');
    expect(month.metric).toBe('revenue');
  });

  it('rejects a malformed or tampered JSON state with KpiInputError, naming every problem', () => {
    const good = roundTrip(
      revenueAccumulator
        .create({ period: 'month' })
        .addAll([{ amount: 1, stream: 'a', date: '2024-01-01', currency: 'EUR' }, { amount: 'x', currency: 'EUR' }, { amount: 2 }]),
    ) as Record<string, unknown>;
    const state = good['state'] as { cells: Record<string, unknown>[]; currencies: Record<string, unknown>[] };
    expect(state.currencies).toEqual([{ code: 'EUR', lineCount: 2, first: [0, 1], invalid: 1, firstInvalid: [1] }]);
    expect(revenueAccumulator.fromJSON(good).n).toBe(3);
    expect(roundTrip(revenueAccumulator.fromJSON(good))).toEqual(good);
    const issues = (json: unknown): unknown[] => {
      const e = thrown(() => revenueAccumulator.fromJSON(json));
      expect(e.fn).toBe('revenueAccumulator.fromJSON');
      return e.issues.map((i) => i.path);
    };
    const bad = (patch: Record<string, unknown>): unknown[] => issues({ ...good, ...patch });
    const badState = (patch: Record<string, unknown>): unknown[] => bad({ state: { ...state, ...patch } });
    const cell = { period: '2024-01', startMs: Date.UTC(2024, 0, 1), stream: 'a', value: '1', lineCount: 1 };
    const undated = { period: null, startMs: null, stream: null, value: '2', lineCount: 1 };
    const badCell = (patch: Record<string, unknown>): unknown[] => badState({ cells: [{ ...cell, ...patch }, undated] });

    // The envelope: one argument, a known format and version, this metric, normalised options.
    expect(thrown(() => revenueAccumulator.fromJSON(null)).path).toEqual([]);
    expect(bad({ format: 'kpi-kit/revenue' })).toEqual([['format']]);
    expect(bad({ version: 1 })).toEqual([['version']]);
    expect(bad({ metric: 'nps' })).toEqual([['metric']]);
    expect(bad({ options: { period: 'year' } })).toEqual([['options', 'period']]);
    expect(bad({ options: { period: 'month' } })).toEqual([['options', 'timeZone']]);
    expect(bad({ options: { period: 'month', timeZone: 'UTC', fill: true, weekStartsOn: 1 } })).toEqual([['options', 'weekStartsOn']]);
    expect(bad({ options: { period: 'month', timeZone: 'UTC', fill: true, round: { places: 2 } } })).toEqual([['options', 'round']]);
    // Counts: negative, NaN, fractional, of the wrong type, or not the lines of the state.
    for (const seen of [-1, NaN, 2.5, '3', null]) expect(bad({ seen })).toEqual([['seen']]);
    expect(bad({ seen: 4 })).toEqual([['seen']]);
    // Cells: exact decimal strings, counts ≥ 1, periods of the options, each period and stream once.
    for (const value of ['1,00', '1e3', '01', '1.50', '-0', ' 1', '', 1, null]) expect(badCell({ value })).toEqual([['state', 'cells', 0, 'value']]);
    for (const lineCount of [-1, NaN, 1.5, 0, '1', null]) expect(badCell({ lineCount })).toEqual([['state', 'cells', 0, 'lineCount']]);
    expect(badCell({ lineCount: 2 })).toEqual([['seen']]);
    expect(badCell({ period: '2024-02' })).toEqual([['state', 'cells', 0, 'period']]);
    expect(badCell({ startMs: Date.UTC(2024, 0, 2) })).toEqual([['state', 'cells', 0, 'period']]);
    expect(badCell({ period: null })).toEqual([['state', 'cells', 0, 'period']]);
    expect(badCell({ stream: 3 })).toEqual([['state', 'cells', 0, 'stream']]);
    expect(badCell({ extra: 1 })).toEqual([['state', 'cells', 0, 'extra']]);
    expect(badState({ cells: [cell, cell] })).toEqual([['state', 'cells', 1]]);
    // A hole is not skipped.
    // eslint-disable-next-line no-sparse-arrays
    expect(badState({ cells: [, undated] })).toEqual([['state', 'cells', 0]]);
    expect(badState({ cells: 'none', currencies: 'none' })).toEqual([
      ['state', 'cells'],
      ['state', 'currencies'],
    ]);
    expect(bad({ state: 'none' })).toEqual([['state']]);
    expect(bad({ state: { ...state, extra: [] } })).toEqual([['state', 'extra']]);
    // Currencies: valid codes, once each, counts and first indices that agree.
    const eur = state.currencies[0] as Record<string, unknown>;
    const badCurrency = (patch: Record<string, unknown>): unknown[] => badState({ currencies: [{ ...eur, ...patch }] });
    expect(badCurrency({ code: 'eur' })).toEqual([['state', 'currencies', 0, 'code']]);
    expect(badCurrency({ lineCount: -2 })).toEqual([['state', 'currencies', 0, 'lineCount']]);
    expect(badCurrency({ lineCount: 3 })).toEqual([['state', 'currencies', 0, 'first']]);
    expect(badCurrency({ first: [1, 0] })).toEqual([['state', 'currencies', 0, 'first']]);
    expect(badCurrency({ invalid: 3 })).toEqual([['state', 'currencies', 0, 'invalid']]);
    expect(badCurrency({ invalid: 0 })).toEqual([['state', 'currencies', 0, 'firstInvalid']]);
    // 3 valid lines in EUR, but the cells count 2 lines.
    expect(badCurrency({ lineCount: 3, first: [0, 1, 2], invalid: 0, firstInvalid: [] })).toEqual([['state', 'currencies']]);
    expect(badState({ currencies: [eur, eur] })).toEqual([['state', 'currencies', 1, 'code']]);
    // The invalid lines (the engine's list): their count must agree with seen.
    const invalid = good['invalid'] as { count: number; indices: number[]; listed: Record<string, unknown>[] };
    expect(invalid.count).toBe(1);
    expect(bad({ invalid: { ...invalid, count: 2 } })).toEqual([['invalid', 'indices']]);
    expect(bad({ invalid: { ...invalid, listed: [invalid.listed[0], invalid.listed[0]] } })).toEqual([['invalid', 'listed']]);
    expect(bad({ invalid: 'none' })).toEqual([['invalid']]);
    // The restored listing keeps the message and a JSON input.
    const restored = thrown(() => revenueAccumulator.fromJSON(good).result());
    expect(restored.issues[0]).toMatchObject({ path: ['lines', 1, 'amount'], input: 'x', code: 'invalid_value' });
  });

  it('refuses a state whose currencies count invalid lines that its invalid list does not have', () => {
    // Line 1 carries EUR but its amount is not money: one invalid line, noted under EUR.
    const acc = revenueAccumulator.create({}).addAll([
      { amount: 5, currency: 'EUR' },
      { amount: 'x', currency: 'EUR' },
    ]);
    const json = JSON.parse(JSON.stringify(acc)) as {
      invalid: { count: number; indices: number[] };
      state: { currencies: { invalid: number; firstInvalid: number[] }[] };
    };
    expect([json.invalid.count, json.state.currencies[0]!.invalid, json.state.currencies[0]!.firstInvalid]).toEqual([1, 1, [1]]);
    expect(revenueAccumulator.fromJSON(json).n).toBe(2);
    const elsewhere = structuredClone(json);
    elsewhere.state.currencies[0]!.firstInvalid = [0];
    const e = thrown(() => revenueAccumulator.fromJSON(elsewhere));
    expect([e.code, e.path]).toEqual(['inconsistent', ['state', 'currencies']]);
  });

  it('does not mutate the lines and keeps its result independent of later adds', () => {
    const lines = [{ amount: '1.50', stream: 'a', date: '2024-01-01' }];
    const copy = structuredClone(lines);
    const acc = revenueAccumulator.create({ period: 'week' }).addAll(lines);
    const first = acc.result();
    acc.add({ amount: 1, stream: 'a', date: '2024-01-02' });
    expect(lines).toEqual(copy);
    expect(text(first.value)).toBe('1.5');
    expect(text(acc.result().value)).toBe('2.5');
    expect(acc.result().value).toBeInstanceOf(KpiDecimal);
  });
});
