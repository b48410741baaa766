import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { revenue, revenueAccumulator } from '../../src/finance/revenue.js';
import { thrown } from '../helpers.js';

const text = (d: { toString(): string } | null | undefined): string | undefined => d?.toString();
const roundTrip = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

// The lines of the seed 003 §5 example in revenue.test.ts: Jan 0.1 + 0.2 = 0.3; Mar 100;
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
    const merged = revenueAccumulator.fromJSON(roundTrip(b)).merge(revenueAccumulator.fromJSON(roundTrip(c))).merge(a);
    const r = merged.result();
    expect(merged.n).toBe(6);
    expect(text(r.value)).toBe('135.3');
    expect(r.currency).toBe('EUR');
    expect(r.byPeriod?.map((p) => [p.key, text(p.value), p.lines])).toEqual([
      ['2024-01', '0.3', 2],
      ['2024-02', '0', 0],
      ['2024-03', '100', 1],
      ['2024-04', '30', 2],
    ]);
    expect(r.byStream.map((s) => [s.stream, text(s.value), s.lines])).toEqual([
      ['add-ons', '80', 2],
      ['late fees', '50', 1],
      ['other', '5', 1],
      ['subscriptions', '0.3', 2],
    ]);
    expect(r.undated && [text(r.undated.value), r.undated.lines]).toEqual(['5', 1]);
    // −70 / 100 from March to April.
    expect(text(r.growth?.relative)).toBe('-0.7');
    expect(roundTrip(r)).toEqual(roundTrip(revenue({ lines: LINES, currency: 'EUR' }, { period: 'month' })));
    expect(Object.isFrozen(r.byPeriod)).toBe(true);
  });

  it('keeps a small, plain JSON state: one exact decimal string per period and stream', () => {
    const acc = revenueAccumulator.create({ period: 'month' }).addAll([
      { amount: 0.1, stream: 'a', date: '2024-01-02' },
      { amount: '0.2', stream: 'a', date: '2024-01-30' },
      { amount: '1e18', stream: 'b', date: '2024-02-01' },
      { amount: '0.005', stream: 'b', date: '2024-02-01', currency: 'USD' },
      { amount: 7 },
    ]);
    expect(acc.toJSON()).toEqual({
      metric: 'revenue',
      options: { period: 'month' },
      lines: 5,
      cells: [
        // 2024-01-01T00:00Z = 1704067200000 ms; 2024-02-01T00:00Z = 1706745600000 ms (by hand: 19723 and 19754 days).
        { period: null, startMs: null, stream: null, value: '7', lines: 1 },
        { period: '2024-01', startMs: 1_704_067_200_000, stream: 'a', value: '0.3', lines: 2 },
        { period: '2024-02', startMs: 1_706_745_600_000, stream: 'b', value: '1000000000000000000.005', lines: 2 },
      ],
      currencies: [{ code: 'USD', lines: 1, first: [3] }],
      invalid: { counts: [], listed: [] },
    });
    // 10,000 lines in 3 streams over 12 months: 36 cells, whatever the number of lines.
    const many = revenueAccumulator.create({ period: 'month' });
    many.addAll(Array.from({ length: 10_000 }, (_, i) => ({ amount: i / 100, stream: ['x', 'y', 'z'][Math.floor(i / 12) % 3] as string, date: Date.UTC(2024, i % 12, 1) })));
    expect(many.toJSON().cells.length).toBe(36);
    // Σ i/100 for i < 10,000 = 49,995,000 / 100 = 499,950.
    expect(text(many.result().value)).toBe('499950');
  });

  it('numbers lines: add gives the next index, addAll(lines, first) from first, and from n by default', () => {
    const acc = revenueAccumulator.create();
    acc.add({ amount: 1 }).addAll([{ amount: 2 }, { amount: 'x' }]).add({ amount: 0.1 + 0.2 }, 10).addAll([{}], 20);
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
    expect(e.issues[0]?.message).toBe('currencies cannot be mixed: lines[2].currency is USD but lines[0].currency is EUR; convert the amounts to one currency first');
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

  it('rejects other options, bad indices and a bad collection', () => {
    const month = revenueAccumulator.create({ period: 'month' });
    const e = thrown(() => month.merge(revenueAccumulator.create({ period: 'week' })));
    expect(e.code).toBe('inconsistent');
    expect(e.message).toMatch(/same options/);
    expect(thrown(() => month.merge({} as never)).path).toEqual(['other']);
    expect(thrown(() => revenueAccumulator.create({ period: 'month', currency: 'USD' }).merge(month)).code).toBe('inconsistent');
    expect(thrown(() => month.add({ amount: 1 }, -1)).path).toEqual(['index']);
    expect(thrown(() => month.addAll('x' as never)).path).toEqual(['lines']);
    expect(thrown(() => month.addAll([], 1.5)).path).toEqual(['offset']);
    expect(thrown(() => revenueAccumulator.create({ timeZone: 'Europe/Berlin' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenueAccumulator.create({ currency: 'euro' })).path).toEqual(['options', 'currency']);
    expect(thrown(() => revenueAccumulator.create({ periods: 'day' } as never)).path).toEqual(['options', 'periods']);
  });

  it('rejects a malformed JSON state, naming every problem', () => {
    const good = roundTrip(
      revenueAccumulator
        .create({ period: 'month' })
        .addAll([{ amount: 1, stream: 'a', date: '2024-01-01', currency: 'EUR' }, { amount: 'x' }]),
    ) as Record<string, unknown>;
    expect(revenueAccumulator.fromJSON(good).n).toBe(2);
    const bad = (patch: Record<string, unknown>): unknown[] => thrown(() => revenueAccumulator.fromJSON({ ...good, ...patch })).issues.map((i) => i.path);
    expect(thrown(() => revenueAccumulator.fromJSON(null)).path).toEqual([]);
    expect(bad({ metric: 'nps' })).toEqual([['metric']]);
    expect(bad({ options: { period: 'year' } })).toEqual([['options', 'period']]);
    expect(bad({ lines: -1 })).toEqual([['lines']]);
    const cell = { period: '2024-01', startMs: Date.UTC(2024, 0, 1), stream: 'a', value: '1', lines: 1 };
    expect(bad({ cells: [{ ...cell, value: '1,00' }] })).toEqual([['cells', 0, 'value']]);
    expect(bad({ cells: [{ ...cell, period: '2024-02' }] })).toEqual([['cells', 0, 'period']]);
    expect(bad({ cells: [{ ...cell, stream: 3 }] })).toEqual([['cells', 0, 'stream']]);
    expect(bad({ cells: [cell, cell] })).toEqual([['cells', 1]]);
    expect(bad({ cells: [{ ...cell, lines: 5 }] })).toEqual([['lines']]);
    expect(bad({ currencies: [{ code: 'EUR', lines: 2, first: [0] }] })).toEqual([['currencies', 0]]);
    expect(bad({ currencies: [{ code: 'eur', lines: 1, first: [0] }] })).toEqual([['currencies', 0]]);
    expect(revenueAccumulator.fromJSON({ ...good, invalid: { counts: [], listed: [] } }).n).toBe(2);
    const listed = (good['invalid'] as { listed: Record<string, unknown>[] }).listed;
    expect(listed.length).toBe(1);
    expect(bad({ invalid: { counts: [{ currency: null, lines: 1 }], listed: [listed[0], listed[0]] } })).toEqual([['invalid', 'listed', 1]]);
    expect(bad({ invalid: { counts: [], listed } })).toEqual([['invalid', 'counts']]);
    expect(bad({ invalid: { counts: [{ currency: null, lines: 1 }], listed: [{ ...listed[0], code: 'oops' }] } })).toEqual([['invalid', 'listed', 0]]);
    expect(bad({ invalid: 'none' })).toEqual([['invalid']]);
    expect(bad({ cells: 'none', currencies: 'none' })).toEqual([['cells'], ['currencies']]);
    // The restored listing keeps the message and a JSON input.
    const restored = thrown(() => revenueAccumulator.fromJSON(good).result());
    expect(restored.issues[0]).toMatchObject({ path: ['lines', 1, 'amount'], input: 'x', code: 'invalid_value' });
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
