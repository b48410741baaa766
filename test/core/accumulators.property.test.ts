/**
 * The one property suite over every accumulator factory of the library (each family describes its
 * factories in test/<family>/accumulator-cases.ts). For every factory:
 *
 * - any split of the records, each shard numbered by its offset, sent through
 *   `JSON.parse(JSON.stringify(...))` and `fromJSON`, merged in any order, gives the one-pass result
 *   (deep-equal, invalid records included; or the same KpiInputError when the one pass raises it);
 * - the normalised options read back as themselves (`create(state.options)` has the same options);
 * - merging accumulators made with two different option sets throws `'incompatible'`;
 * - a state with one field tampered throws KpiInputError (NaN, an object or an array in place of a
 *   value, an unknown version, an element added to an array of the state), or at worst gives a
 *   result without NaN or Infinity (a value replaced by another plausible one: -1, null, 'x').
 *
 * Adding a factory to the library without a case here fails the first test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as kpi from '../../src/index.js';
import { KpiInputError } from '../../src/core/errors.js';
import { ALL_ACCUMULATOR_CASES } from '../accumulator-cases.js';
import { thrown } from '../helpers.js';

const CASES = ALL_ACCUMULATOR_CASES;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A result or the error message, as plain JSON (Decimal values as their strings). */
function outcome(run: () => unknown): unknown {
  try {
    return { result: JSON.parse(JSON.stringify(run())) as unknown };
  } catch (error) {
    if (error instanceof KpiInputError) return { error: error.message, issues: error.issues.map((i) => [i.code, i.path]) };
    throw error;
  }
}

/** Splits `records` at the sorted cut points into shards with their offsets. */
function shardsOf(records: readonly unknown[], cuts: readonly number[]): { readonly offset: number; readonly records: readonly unknown[] }[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, records.length)))].sort((a, b) => a - b);
  const out: { offset: number; records: readonly unknown[] }[] = [];
  let start = 0;
  for (const p of [...points, records.length]) {
    out.push({ offset: start, records: records.slice(start, p) });
    start = p;
  }
  return out;
}

/** Every leaf (and every array) of a JSON value, with its path. */
function walk(
  value: Json,
  path: (string | number)[] = [],
  out: { path: (string | number)[]; value: Json }[] = [],
): { path: (string | number)[]; value: Json }[] {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k], out);
  return out;
}

function setAt(root: Json, path: readonly (string | number)[], value: unknown): Json {
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let at = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = value;
  return copy;
}

function getAt(root: Json, path: readonly (string | number)[]): unknown {
  let at: unknown = root;
  for (const p of path) at = (at as Record<string | number, unknown>)[p];
  return at;
}

/** Whether a JSON-able value holds NaN or ±Infinity anywhere. */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}

describe('every accumulator factory of the library', () => {
  it('has a case in this suite (and every case names an export)', () => {
    // Every export with a fromJSON is an accumulator factory, but ExactSum (a sum, not a metric).
    const exported = Object.entries(kpi)
      .filter(
        ([name, v]) =>
          (typeof v === 'object' || typeof v === 'function') &&
          v !== null &&
          typeof (v as { fromJSON?: unknown }).fromJSON === 'function' &&
          name !== 'ExactSum',
      )
      .map(([name]) => name)
      .sort();
    expect(exported.length).toBeGreaterThan(25);
    expect(CASES.map((c) => c.name).sort()).toEqual(exported);
  });

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('any split, through JSON, merged in any order = one pass', () => {
      fc.assert(
        fc.property(c.input, fc.array(fc.nat({ max: 60 }), { maxLength: 4 }), fc.nat(), ({ options, records }, cuts, seed) => {
          const one = outcome(() => c.create(options).addAll(records).result());
          const shards = shardsOf(records, cuts).map(({ offset, records: part }) =>
            c.fromJSON(JSON.parse(JSON.stringify(c.create(options).addAll(part, offset).toJSON()))),
          );
          // A permutation of the shards from the seed: the first is the one merged into.
          const order = shards
            .map((s, i) => ({ s, k: (i * 7919 + seed) % 104_729 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.s);
          const merged = order.slice(1).reduce((acc, s) => acc.merge(s as never), order[0] as (typeof order)[number]);
          expect(merged.n).toBe(records.length);
          expect(outcome(() => merged.result())).toEqual(one);
        }),
        { numRuns: 60 },
      );
    });

    it('normalised options read back as themselves', () => {
      fc.assert(
        fc.property(c.input, ({ options }) => {
          const normalised = c.create(options).toJSON().options;
          expect(c.create(normalised).toJSON().options).toEqual(normalised);
        }),
        { numRuns: 40 },
      );
    });

    it.each(c.incompatible.map((pair, i) => [i, pair] as const))('options pair %i cannot be merged', (_i, [a, b]) => {
      const e = thrown(() => c.create(a).merge(c.create(b)));
      expect(e.code).toBe('incompatible');
      const back = thrown(() => c.create(b).merge(c.create(a)));
      expect(back.code).toBe('incompatible');
    });

    it('a tampered state throws KpiInputError, or at worst gives no NaN', () => {
      fc.assert(
        fc.property(c.input, fc.nat(), fc.constantFrom<unknown>(NaN, {}, [], -1, null, 'x', 'grow'), ({ options, records }, pick, replacement) => {
          const json = JSON.parse(JSON.stringify(c.create(options).addAll(records).toJSON())) as Json;
          const places = walk(json).filter(({ path }) => path.length > 0 && path[0] !== 'format' && path[0] !== 'metric');
          const arrays = places.filter(
            ({ value, path }) =>
              Array.isArray(value) && value.length > 0 && (path[0] === 'state' || path[0] === 'invalid') && !path.includes('issues') && !path.includes('path'),
          );
          let tampered: Json;
          let strict: boolean;
          if (replacement === 'grow') {
            if (arrays.length === 0) return;
            const { path, value } = arrays[pick % arrays.length] as { path: (string | number)[]; value: Json[] };
            tampered = setAt(json, path, [...value, value[value.length - 1] as Json]);
            strict = true;
          } else {
            const leaves = places.filter(({ value }) => typeof value !== 'object' || value === null);
            if (leaves.length === 0) return;
            const { path } = leaves[pick % leaves.length] as { path: (string | number)[] };
            if (Object.is(getAt(json, path), replacement)) return;
            tampered = setAt(json, path, replacement);
            strict = typeof replacement === 'number' ? Number.isNaN(replacement) : typeof replacement === 'object' && replacement !== null;
          }
          if (strict) {
            thrown(() => c.fromJSON(tampered));
            return;
          }
          let restored;
          try {
            restored = c.fromJSON(tampered);
          } catch (error) {
            if (error instanceof KpiInputError) return;
            throw error;
          }
          const r = outcome(() => restored.result());
          expect(hasNonFinite(r)).toBe(false);
        }),
        { numRuns: 150 },
      );
    });

    it('an unknown version or format, or another metric, is refused', () => {
      const json = JSON.parse(JSON.stringify(c.create(fc.sample(c.input, 1)[0]!.options).toJSON())) as Record<string, unknown>;
      // Layout 1 (before the 1.0 renames of option and state fields) and any later layout are refused.
      expect(json['version']).toBe(2);
      for (const version of [1, 3, '2']) expect(thrown(() => c.fromJSON({ ...json, version })).path).toEqual(['version']);
      expect(thrown(() => c.fromJSON({ ...json, format: 'other' })).path).toEqual(['format']);
      expect(thrown(() => c.fromJSON({ ...json, metric: 'other' })).path).toEqual(['metric']);
      expect(thrown(() => c.fromJSON([json])).code).toBe('invalid_type');
    });
  });
});
