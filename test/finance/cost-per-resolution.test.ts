import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { costPerResolution } from '../../src/finance/cost-per-resolution.js';
import { thrown } from '../helpers.js';

describe('costPerResolution', () => {
  it('divides the operating cost by the tickets (docs/metrics.md#costperresolution), exactly', () => {
    // salaries 42,000.00 + overheads 5,000.50 + technology 2,999.50 = 50,000.00; / 2,000 tickets = 25.
    const r = costPerResolution({
      costs: [
        { label: 'salaries', amount: '42000.00' },
        { label: 'overheads', amount: 5000.5 },
        { label: 'technology', amount: new KpiDecimal('2999.50') },
      ],
      ticketCount: 2000,
      resolved: 1600,
    });
    expect(r.value?.toString()).toBe('25');
    expect(r.value).toBeInstanceOf(KpiDecimal);
    expect(r.operatingCost.toString()).toBe('50000');
    expect(r.costs?.map((c) => [c.label, c.amount.toString()])).toEqual([
      ['salaries', '42000'],
      ['overheads', '5000.5'],
      ['technology', '2999.5'],
    ]);
    expect(r).toMatchObject({
      basis: 'tickets',
      denominator: 2000,
      ticketCount: 2000,
      resolved: 1600,
      currency: null,
      round: null,
      reason: null,
      display: '25.00',
    });
    expect(Object.keys(r)[0]).toBe('value');
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('divides by resolved tickets with basis "resolved"', () => {
    // 50,000 / 1,600 = 31.25.
    const r = costPerResolution({ operatingCost: '50000', ticketCount: 2000, resolved: 1600 }, { basis: 'resolved' });
    expect(r.value?.toString()).toBe('31.25');
    expect(r.basis).toBe('resolved');
    expect(r.denominator).toBe(1600);
    // ticketCount is optional for that basis.
    expect(costPerResolution({ operatingCost: 10, resolved: 4 }, { basis: 'resolved' }).value?.toString()).toBe('2.5');
  });

  it('sums repeated labels and credit lines exactly (0.1 + 0.2 is 0.3)', () => {
    const r = costPerResolution({
      costs: [
        { label: 'a', amount: 0.1 },
        { label: 'b', amount: 1 },
        { label: 'a', amount: '0.2' },
        { label: 'b', amount: -0.5 },
      ],
      ticketCount: 1,
    });
    expect(r.operatingCost.toString()).toBe('0.8');
    expect(r.costs?.map((c) => c.amount.toString())).toEqual(['0.3', '0.5']);
  });

  it('rounds only on request', () => {
    // 100 / 3 = 33.333…: exact to 60 digits by default; 33.33 half-even, 33.34 with ROUND_UP.
    expect(costPerResolution({ operatingCost: 100, ticketCount: 3 }).value?.toString()).toBe(`33.${'3'.repeat(58)}`);
    expect(costPerResolution({ operatingCost: 100, ticketCount: 3 }, { round: { places: 2 } }).value?.toString()).toBe('33.33');
    const up = costPerResolution({ operatingCost: 100, ticketCount: 3 }, { round: { places: 2, mode: 'ROUND_UP' } });
    expect(up.value?.toString()).toBe('33.34');
    expect(up.round).toEqual({ places: 2, mode: 'ROUND_UP' });
  });

  it('gives null with a reason for zero tickets, never Infinity', () => {
    const r = costPerResolution({ operatingCost: 100, ticketCount: 0 });
    expect(r.value).toBeNull();
    expect(r.reason).toBe('ticketCount is 0: the cost per ticket is undefined');
    expect(r.display).toBeNull();
    expect(costPerResolution({ operatingCost: 100, ticketCount: 5, resolved: 0 }, { basis: 'resolved' }).value).toBeNull();
  });

  it('serialises money as strings', () => {
    expect(JSON.parse(JSON.stringify(costPerResolution({ operatingCost: '0.3', ticketCount: 2, currency: 'EUR' })))).toMatchObject({
      value: '0.15',
      operatingCost: '0.3',
      currency: 'EUR',
    });
  });

  it('rejects bad input with KpiInputError naming every problem', () => {
    const e = thrown(() =>
      costPerResolution({
        costs: [
          { label: '', amount: 0.1 + 0.2, currency: 'EUR' },
          { label: 'x', amount: 1, currency: 'USD' },
        ],
        ticketCount: -1,
      }),
    );
    expect(e.fn).toBe('costPerResolution');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['ticketCount']],
      ['invalid_type', ['costs', 0, 'label']],
      ['out_of_range', ['costs', 0, 'amount']],
      ['inconsistent', ['costs', 1, 'currency']],
    ]);
    expect(e.issues[2]?.message).toMatch(/more than 15 significant digits/);
    expect(e.issues[3]?.message).toMatch(/currencies cannot be mixed/);
    expect(thrown(() => costPerResolution({ operatingCost: -1, ticketCount: 1 })).path).toEqual(['operatingCost']);
    expect(thrown(() => costPerResolution({ costs: [{ label: 'refund', amount: -1 }], ticketCount: 1 })).path).toEqual(['costs']);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1.5 })).code).toBe('not_integer');
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { basis: 'resolved' })).path).toEqual(['resolved']);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { basis: 'solved' as never })).path).toEqual(['options', 'basis']);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { round: { places: -1 } })).path).toEqual(['options', 'round', 'places']);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { round: { places: 2, mode: 'HALF' as never } })).path).toEqual([
      'options',
      'round',
      'mode',
    ]);
    expect(thrown(() => costPerResolution({ operatingCost: 1, costs: [], ticketCount: 1 })).code).toBe('ambiguous');
    expect(thrown(() => costPerResolution({ ticketCount: 1 } as never)).code).toBe('missing');
    expect(thrown(() => costPerResolution({ costs: 'x' as never, ticketCount: 1 })).path).toEqual(['costs']);
    expect(thrown(() => costPerResolution({ costs: [null as never], ticketCount: 1 })).path).toEqual(['costs', 0]);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1, currency: 'eur' })).path).toEqual(['currency']);
  });

  it('gives a display text rounded half away from zero to 2 places, or displayDecimals', () => {
    // 100 / 3 = 33.333… → '33.33'; 200 / 3 = 66.666… → '66.67'; 0.25 / 2 = 0.125 → '0.13' (half away
    // from zero, where half-even would give 0.12); 1 / 8 = 0.125 with 0 places → '0'.
    expect(costPerResolution({ operatingCost: 100, ticketCount: 3 }).display).toBe('33.33');
    expect(costPerResolution({ operatingCost: 200, ticketCount: 3 }).display).toBe('66.67');
    expect(costPerResolution({ operatingCost: '0.25', ticketCount: 2 }).display).toBe('0.13');
    expect(costPerResolution({ operatingCost: '0.25', ticketCount: 2 }, { round: { places: 2 } }).value?.toString()).toBe('0.12');
    expect(costPerResolution({ operatingCost: 1, ticketCount: 8 }, { displayDecimals: 0 }).display).toBe('0');
    expect(costPerResolution({ operatingCost: 10, ticketCount: 4 }, { displayDecimals: 3 }).display).toBe('2.500');
    // The value stays exact whatever the display.
    expect(costPerResolution({ operatingCost: 100, ticketCount: 3 }, { displayDecimals: 0 }).value?.toString()).toBe(`33.${'3'.repeat(58)}`);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { displayDecimals: 1.5 })).path).toEqual(['options', 'displayDecimals']);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { displayDecimals: 101 })).code).toBe('out_of_range');
  });

  it('names the renamed fields in its error', () => {
    // tickets (a count) is ticketCount; the option denominator is basis.
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1, tickets: 1 } as never)).issues.map((i) => i.path)).toEqual([['tickets']]);
    expect(thrown(() => costPerResolution({ operatingCost: 1, ticketCount: 1 }, { denominator: 'resolved' } as never)).path).toEqual([
      'options',
      'denominator',
    ]);
  });

  it('does not mutate its input', () => {
    const input = { costs: [{ label: 'a', amount: '1.50' }], ticketCount: 3 };
    const copy = structuredClone(input);
    costPerResolution(input);
    expect(input).toEqual(copy);
  });

  it('asks for ticketCount, or basis resolved, when only resolved is given under the default basis', () => {
    const e = thrown(() => costPerResolution({ operatingCost: '100', resolved: 3 }));
    expect([e.code, e.path]).toEqual(['missing', ['ticketCount']]);
    expect(e.message).toContain("pass { basis: 'resolved' }");
    // With the basis given, resolved alone is enough: 100 / 3 = 33.33 for display.
    expect(costPerResolution({ operatingCost: '100', resolved: 3 }, { basis: 'resolved' }).display).toBe('33.33');
  });
});
