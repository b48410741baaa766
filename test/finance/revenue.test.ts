import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { revenue } from '../../src/finance/revenue.js';
import { thrown } from '../helpers.js';

const text = (d: { toString(): string } | null | undefined): string | undefined => d?.toString();

describe('revenue', () => {
  it('sums plain lines exactly when the running cents are handed over (past 2^53 cents)', () => {
    // 9,999,999,999,999.99 has 999,999,999,999,999 cents, just under the fast limit. By hand:
    // 25 × 9,999,999,999,999.99 = 249,999,999,999,999.75, about 2.5e16 cents: past 2^53 (≈ 9.007e15),
    // so the running cents are handed over to the exact sum several times on the way.
    const lines = Array.from({ length: 25 }, () => ({ amount: 9_999_999_999_999.99 }));
    expect(revenue({ lines }).value.toFixed()).toBe('249999999999999.75');
    // With a smaller amount between them, and a line of 3 decimals (the general path) in the middle.
    const mixed = [...lines.slice(0, 12), { amount: 0.005 }, ...lines.slice(12)];
    expect(revenue({ lines: mixed }).value.toFixed()).toBe('249999999999999.755');
    expect(revenue({ lines: mixed }).lineCount).toBe(26);
    // A run handed over onto a total already near the limit: 7 lines through the general loop (they
    // carry a currency), then 8 plain ones. By hand: 15 × 9,999,999,999,999.99 = 149,999,999,999,999.85
    // (14,999,999,999,999,985 cents: odd, and past 2^53, so a Number could not hold it).
    const eur = Array.from({ length: 7 }, () => ({ amount: 9_999_999_999_999.99, currency: 'EUR' }));
    const acc = revenue.accumulator.create({}).addAll(eur).addAll(lines.slice(0, 8));
    expect(acc.result().value.toFixed()).toBe('149999999999999.85');
  });

  it('totals lines exactly, per stream', () => {
    // subscriptions 0.1 + 0.2 = 0.3; add-ons 100 − 20 = 80; late fees 50; no stream 5 → 135.3.
    const r = revenue({
      lines: [
        { amount: 0.1, stream: 'subscriptions' },
        { amount: '0.2', stream: 'subscriptions' },
        { amount: '100.00', stream: 'add-ons' },
        { amount: -20, stream: 'add-ons' },
        { amount: new KpiDecimal(50), stream: 'late fees' },
        { amount: 5 },
      ],
    });
    expect(text(r.value)).toBe('135.3');
    expect(r.value).toBeInstanceOf(KpiDecimal);
    expect(r.lineCount).toBe(6);
    expect(r.byStream.map((s) => [s.stream, text(s.value), s.lineCount])).toEqual([
      ['add-ons', '80', 2],
      ['late fees', '50', 1],
      ['subscriptions', '0.3', 2],
      [null, '5', 1],
    ]);
    expect(r).toMatchObject({ byPeriod: null, undated: null, growth: null, period: null, timeZone: null, currency: null, round: null });
    expect(Object.isFrozen(r.byStream[0])).toBe(true);
  });

  it('gives 0 for no lines', () => {
    const r = revenue({ lines: [] });
    expect(text(r.value)).toBe('0');
    expect(r.byStream).toEqual([]);
    expect(revenue({ lines: [] }, { period: 'month' }).byPeriod).toEqual([]);
  });

  it('totals per month with the growth over the previous month, filling empty months', () => {
    // Jan 0.3; Feb nothing (filled, 0); Mar 100; Apr 30 (−20 + 50); an undated line 5.
    // Growth Feb: 0 − 0.3 = −0.3, −0.3/0.3 = −1; Mar: 100 − 0 = 100, relative null (from 0);
    // Apr: 30 − 100 = −70, −70/100 = −0.7.
    const r = revenue(
      {
        lines: [
          { amount: 0.1, stream: 'subscriptions', date: '2024-01-15' },
          { amount: '0.2', stream: 'subscriptions', date: new Date(Date.UTC(2024, 0, 31, 23, 59)) },
          { amount: '100.00', stream: 'add-ons', date: Date.UTC(2024, 2, 3) },
          { amount: -20, stream: 'add-ons', date: '2024-04-01T00:00:00Z' },
          { amount: 50, stream: 'late fees', date: '2024-04-09' },
          { amount: 5, stream: 'other' },
        ],
        currency: 'EUR',
      },
      { period: 'month' },
    );
    expect(text(r.value)).toBe('135.3');
    expect(r.currency).toBe('EUR');
    expect(r.byPeriod?.map((p) => [p.key, text(p.value), p.lineCount])).toEqual([
      ['2024-01', '0.3', 2],
      ['2024-02', '0', 0],
      ['2024-03', '100', 1],
      ['2024-04', '30', 2],
    ]);
    expect(
      r.byPeriod?.map((p) =>
        p.growth === null ? null : [p.growth.from, p.growth.to, text(p.growth.absolute), p.growth.relative === null ? null : text(p.growth.relative)],
      ),
    ).toEqual([null, ['2024-01', '2024-02', '-0.3', '-1'], ['2024-02', '2024-03', '100', null], ['2024-03', '2024-04', '-70', '-0.7']]);
    expect(r.byPeriod?.[3]?.byStream.map((s) => [s.stream, text(s.value)])).toEqual([
      ['add-ons', '-20'],
      ['late fees', '50'],
    ]);
    expect(r.growth).toEqual(r.byPeriod?.[3]?.growth);
    expect(r.undated && [text(r.undated.value), r.undated.lineCount]).toEqual(['5', 1]);
    expect(r.period).toBe('month');
    expect(r.timeZone).toBe('UTC');
    const sparse = revenue(
      {
        lines: [
          { amount: 1, date: '2024-01-01' },
          { amount: 3, date: '2024-03-01' },
        ],
      },
      { period: 'month', fill: false },
    );
    expect(sparse.byPeriod?.map((p) => p.key)).toEqual(['2024-01', '2024-03']);
    expect(text(sparse.growth?.relative)).toBe('2');
  });

  it('keeps a dated line in its period when an undated line comes between lines of that period', () => {
    // April: 1 + 4 = 5 in 2 lines; undated: 2 in 1 line.
    const r = revenue({ lines: [{ amount: 1, date: '2024-04-01' }, { amount: 2 }, { amount: 4, date: '2024-04-20' }] }, { period: 'quarter' });
    expect(r.byPeriod?.map((p) => [p.key, text(p.value), p.lineCount])).toEqual([['2024-Q2', '5', 2]]);
    expect(r.undated && [text(r.undated.value), r.undated.lineCount]).toEqual(['2', 1]);
  });

  it('places dates in local periods of the time zone', () => {
    // 2024-03-31T23:30Z is 01:30 on April 1 in Berlin (CEST); a zone-less date is read in Berlin too.
    const r = revenue(
      {
        lines: [
          { amount: 1, date: '2024-03-31T23:30:00Z' },
          { amount: 2, date: '2024-03-31 23:30' },
        ],
      },
      { period: 'month', timeZone: 'Europe/Berlin' },
    );
    expect(r.byPeriod?.map((p) => [p.key, text(p.value)])).toEqual([
      ['2024-03', '2'],
      ['2024-04', '1'],
    ]);
  });

  it('keeps cents next to huge amounts and reads any decimals', () => {
    const r = revenue({ lines: [{ amount: '1000000000000000000' }, { amount: 0.01 }, { amount: '0.005' }, { amount: '1e3' }, { amount: ' 2.5 ' }] });
    expect(text(r.value)).toBe('1000000000000001002.515');
  });

  it('stays exact past 2^53 cents and across chunks of lines', () => {
    // 10 × 9,999,999,999,999.99 = 99,999,999,999,999.9 (1e16 cents: beyond 2^53 ≈ 9.007e15).
    const big = revenue({ lines: Array.from({ length: 10 }, () => ({ amount: '9999999999999.99' })) });
    expect(text(big.value)).toBe('99999999999999.9');
    expect(text(revenue({ lines: Array.from({ length: 10 }, () => ({ amount: -9999999999999.99 })) }).value)).toBe('-99999999999999.9');
    for (const amount of ['9999999999999.99', 9999999999999.99]) {
      const dated = revenue({ lines: Array.from({ length: 10 }, () => ({ amount, date: '2024-05-01', currency: 'JPY' })) }, { period: 'month' });
      expect(text(dated.byPeriod?.[0]?.value)).toBe('99999999999999.9');
    }
    // 10,000 lines (several chunks), streams switching, amounts of 2 and 3 decimals:
    // line i is i cents (stream i % 3) plus, for every 7th line, 0.001 more.
    const lines = Array.from({ length: 10_000 }, (_, i) => ({
      amount: i % 7 === 0 ? (i / 100 + 0.001).toFixed(3) : i / 100,
      stream: ['x', 'y', 'z'][i % 3] as string,
      date: Date.UTC(2024, 0, 1) + i * 3_600_000,
    }));
    const ref = (keep: (i: number) => boolean): string => {
      let units = 0n;
      for (let i = 0; i < 10_000; i++) if (keep(i)) units += BigInt(i) * 10n + (i % 7 === 0 ? 1n : 0n);
      return new KpiDecimal(`${units}e-3`).toFixed();
    };
    for (const options of [undefined, { period: 'week' as const }]) {
      const r = revenue({ lines }, options);
      expect(r.value.toFixed()).toBe(ref(() => true));
      expect(r.byStream.map((s) => s.value.toFixed())).toEqual([0, 1, 2].map((k) => ref((i) => i % 3 === k)));
      expect(r.byStream.map((s) => s.lineCount)).toEqual([3334, 3333, 3333]);
    }
  });

  it('rounds every total only on request', () => {
    const r = revenue(
      {
        lines: [
          { amount: '0.125', stream: 'a', date: '2024-01-01' },
          { amount: '0.135', stream: 'b', date: '2024-02-01' },
        ],
      },
      { period: 'month', round: { places: 2 } },
    );
    // Half-even: 0.125 → 0.12, 0.135 → 0.14, total 0.26; growth 0.01 → 0.01, relative 0.01/0.125 = 0.08.
    expect(text(r.value)).toBe('0.26');
    expect(r.byStream.map((s) => text(s.value))).toEqual(['0.12', '0.14']);
    expect(text(r.growth?.absolute)).toBe('0.01');
    expect(text(r.growth?.relative)).toBe('0.08');
  });

  it('serialises money as strings', () => {
    const json = JSON.parse(JSON.stringify(revenue({ lines: [{ amount: 0.1 }, { amount: 0.2 }] })));
    expect(json.value).toBe('0.3');
    expect(json.byStream).toEqual([{ stream: null, value: '0.3', display: '0.30', lineCount: 2 }]);
  });

  it('rejects bad lines with their index, listing every problem', () => {
    const e = thrown(() =>
      revenue(
        {
          lines: [
            { amount: 'x', currency: 'EUR' },
            { amount: 1, currency: 'USD' },
            3 as never,
            { amount: 1, stream: 4 as never },
            { amount: 1, date: 'bad' },
            {} as never,
            { amount: 2 ** 60 },
          ],
        },
        { period: 'day' },
      ),
    );
    expect(e.fn).toBe('revenue');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid_value', ['lines', 0, 'amount']],
      ['inconsistent', ['lines', 1, 'currency']],
      ['invalid_type', ['lines', 2]],
      ['invalid_type', ['lines', 3, 'stream']],
      ['invalid_value', ['lines', 4, 'date']],
      ['missing', ['lines', 5, 'amount']],
      ['out_of_range', ['lines', 6, 'amount']],
    ]);
    expect(e.issues[6]?.message).toMatch(/pass the amount as a string or a Decimal/);
    // Without a period, dates are not read.
    expect(text(revenue({ lines: [{ amount: 1, date: 'bad' }] }).value)).toBe('1');
  });

  it('keeps the offending values in its errors, JSON or not', () => {
    const e = thrown(() => revenue({ lines: [{ amount: NaN }, { amount: 1, stream: {} as never }, { amount: 2 ** 60 }] }));
    expect(e.issues.map((i) => i.path)).toEqual([
      ['lines', 0, 'amount'],
      ['lines', 1, 'stream'],
      ['lines', 2, 'amount'],
    ]);
    expect(e.issues[0]?.input).toBeNaN();
    expect(e.issues[1]?.input).toEqual({});
    expect(e.issues[2]?.input).toBe(2 ** 60);
  });

  it('caps the listed issues and counts the rest', () => {
    const lines = Array.from({ length: 250 }, () => ({ amount: 0.1 + 0.2 }));
    const e = thrown(() => revenue({ lines }));
    expect(e.issues.length).toBe(100);
    expect(e.issueCount).toBe(250);
    const mixed = Array.from({ length: 150 }, (_, i) => ({ amount: 1, currency: i === 0 ? 'EUR' : 'USD' }));
    const m = thrown(() => revenue({ lines: mixed }));
    expect(m.issueCount).toBe(149);
  });

  it('rejects bad input and options', () => {
    expect(thrown(() => revenue({} as never)).path).toEqual(['lines']);
    expect(thrown(() => revenue({ lines: 'x' as never })).code).toBe('invalid_type');
    expect(thrown(() => revenue({ lines: [], total: 1 } as never)).path).toEqual(['total']);
    expect(thrown(() => revenue({ lines: [{ amount: 1, currency: 'EUR' }], currency: 'USD' })).path).toEqual(['lines', 0, 'currency']);
    expect(thrown(() => revenue({ lines: [], currency: 'euro' })).path).toEqual(['currency']);
    expect(thrown(() => revenue({ lines: [] }, { timeZone: 'Europe/Berlin' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenue({ lines: [] }, { period: 'year' as never })).path).toEqual(['options', 'period']);
    expect(thrown(() => revenue({ lines: [] }, { period: 'day', timeZone: 'Mars/Olympus' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenue({ lines: [] }, { period: 'day', fill: 1 as never })).path).toEqual(['options', 'fill']);
    expect(thrown(() => revenue({ lines: [] }, { round: 2 as never })).path).toEqual(['options', 'round']);
    expect(thrown(() => revenue({ lines: [] }, { round: { places: 2, digits: 3 } as never })).path).toEqual(['options', 'round', 'digits']);
    expect(thrown(() => revenue({ lines: [] }, { round: {} as never })).path).toEqual(['options', 'round', 'places']);
    expect(thrown(() => revenue({ lines: [] }, { periods: 'day' } as never)).path).toEqual(['options', 'periods']);
    const far = thrown(() =>
      revenue(
        {
          lines: [
            { amount: 1, date: '1900-01-01' },
            { amount: 1, date: '2200-01-01' },
          ],
        },
        { period: 'day' },
      ),
    );
    expect(far.path).toEqual(['options', 'fill']);
  });

  it('does not mutate its input', () => {
    const input = { lines: [{ amount: '1.50', stream: 'a', date: '2024-01-01' }] };
    const copy = structuredClone(input);
    revenue(input, { period: 'week' });
    expect(input).toEqual(copy);
  });
});
