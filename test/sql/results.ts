/**
 * Comparing what runMetrics, runMetricGroups and runMetricsByPeriod return from SQL with what the
 * TypeScript functions return over the same records.
 */
import { expect } from 'vitest';
import { byPeriod } from '../../src/index.js';

/**
 * Equal, numbers within 1e-12 relative (means and quantiles: one rounding may differ), everything
 * else exactly; objects with the same keys.
 */
export function same(actual: unknown, expected: unknown, path = 'result'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(actual), Math.abs(expected)));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual, path).toBe('object');
    expect(actual, path).not.toBeNull();
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) same((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(actual, path).toBe(expected);
}

/** A TypeScript result with its listed invalid records taken out (SQL rows are counted, not listed). */
export function unlisted(r: unknown): unknown {
  const e = (r as { excluded?: Record<string, unknown> }).excluded;
  return e === undefined ? r : { ...(r as object), excluded: { ...e, invalidIndices: [], invalidTickets: [] } };
}

/**
 * What runMetricGroups returns per period, from the TypeScript function `f` through byPeriod
 * (`fill: false`, invalid records excluded): one group per period, then the undated records when
 * there are any, each result unlisted.
 */
export function periodGroups(
  f: unknown,
  records: readonly Record<string, unknown>[],
  grouping: { readonly period: string; readonly timeZone: string },
  options: Record<string, unknown>,
): { period: string | null; count: number; result: unknown }[] {
  const ours = byPeriod(f as never, records, { ...grouping, fill: false } as never, { ...options, onInvalid: 'exclude' } as never) as unknown as {
    periods: { key: string; count: number; result: unknown }[];
    undated: { count: number; result: unknown } | null;
  };
  return [
    ...ours.periods.map((p) => ({ period: p.key, count: p.count, result: unlisted(p.result) })),
    ...(ours.undated !== null && ours.undated.count > 0 ? [{ period: null, count: ours.undated.count, result: unlisted(ours.undated.result) }] : []),
  ];
}

/** The records `f` accepts one at a time (it throws for an invalid one): those `onInvalid: 'exclude'` keeps. */
export function accepted<T>(records: readonly T[], f: (one: T[]) => unknown): T[] {
  return records.filter((r) => {
    try {
      f([r]);
      return true;
    } catch {
      return false;
    }
  });
}
