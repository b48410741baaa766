import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { ces, compareProportions, csat, nps, sentimentScore } from '../../src/survey/index.js';
import {
  CesInputSchema,
  CesOptionsSchema,
  CompareProportionsInputSchema,
  CsatInputSchema,
  CsatOptionsSchema,
  NpsInputSchema,
  NpsOptionsSchema,
  SentimentInputSchema,
  SentimentOptionsSchema,
} from '../../src/schemas/index.js';

/** Whether the function accepts the input (throws no KpiInputError). */
function accepts(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof KpiInputError) return false;
    throw e;
  }
}

/** A field value: usually a valid count, sometimes every kind of invalid value, sometimes absent. */
const field = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, Number.NaN, Infinity, '3', null, true, 2 ** 60) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const answer = (min: number, max: number) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 2.5, Number.NaN, '5', null, undefined, -0) },
  );
const answers = (min: number, max: number) =>
  fc.oneof(fc.array(answer(min, max), { maxLength: 8 }), fc.constantFrom('x', 5, null, new BigInt64Array(1), new Int8Array([min])));
const shareOption = fc.oneof(fc.double({ min: 0, max: 1 }), fc.constantFrom(0, 1, -0.1, 1.5, Number.NaN, '0.9', undefined));

const agree = (schema: { safeParse(v: unknown): { success: boolean } }, input: unknown, run: () => unknown): void => {
  const shown = JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  expect(schema.safeParse(input).success, shown).toBe(accepts(run));
};

describe('exported zod schemas accept exactly what the functions accept', () => {
  it('NpsInputSchema ≡ nps guards (both forms, mixed forms, bad fields)', () => {
    const input = fc.record({ responses: answers(0, 10), promoters: field, passives: field, detractors: field, note: fc.string() }, { requiredKeys: [] });
    fc.assert(
      fc.property(input, (x) => agree(NpsInputSchema, x, () => nps(x as never))),
      { numRuns: 500 },
    );
  });

  it('NpsOptionsSchema ≡ nps option checks', () => {
    const options = fc.record(
      {
        confidence: shareOption,
        intervalMethod: fc.constantFrom('wald', 'adjusted-wald', 'exact', undefined),
        interval: fc.constantFrom('wald', undefined),
        scale: fc.constantFrom('0-10', '1-10', '1-5', undefined),
        confidnce: fc.constant(0.9),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(options, (o) => agree(NpsOptionsSchema, o, () => nps({ responses: [] }, o as never))));
  });

  it('CsatInputSchema ≡ csat guards on the default scale', () => {
    const counts = fc.dictionary(fc.constantFrom('1', '2', '5', '6', '05', 'x'), field, { maxKeys: 3 });
    const input = fc.record({ responses: answers(1, 5), counts, satisfied: field, total: field }, { requiredKeys: [] });
    fc.assert(
      fc.property(input, (x) => agree(CsatInputSchema, x, () => csat(x as never))),
      { numRuns: 500 },
    );
  });

  it('CsatOptionsSchema ≡ csat option checks (scale, confidence)', () => {
    const options = fc.record(
      {
        scale: fc.constantFrom('1-5', '1-7', 'binary', '2-9', { min: 1, max: 4 }, { min: 1.5, max: 4 }, undefined),
        confidence: shareOption,
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(options, (o) => agree(CsatOptionsSchema, o, () => csat({ responses: [] }, o as never))));
  });

  it('CesInputSchema / CesOptionsSchema ≡ ces guards', () => {
    const input = fc.record({ responses: answers(1, 7), counts: fc.dictionary(fc.constantFrom('1', '7', '8'), field, { maxKeys: 2 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(input, (x) => agree(CesInputSchema, x, () => ces(x as never))),
      { numRuns: 300 },
    );
    const options = fc.record(
      {
        direction: fc.constantFrom('higher-is-easier', 'higher-is-harder', 'up', undefined),
        confidence: shareOption,
        scale: fc.constantFrom('1-5', '1-7', 'binary', undefined),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(options, (o) => agree(CesOptionsSchema, o, () => ces({ responses: [] }, o as never))));
  });

  it('SentimentInputSchema / SentimentOptionsSchema ≡ sentimentScore guards', () => {
    const label = fc.oneof(fc.constantFrom('positive', 'neutral', 'negative'), fc.constantFrom('happy', 1, null));
    const input = fc.record(
      { positive: field, neutral: field, negative: field, labels: fc.oneof(fc.array(label, { maxLength: 5 }), fc.constant('x')) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (x) => agree(SentimentInputSchema, x, () => sentimentScore(x as never))),
      { numRuns: 300 },
    );
    const weight = fc.oneof(fc.double({ min: -1, max: 1 }), fc.constantFrom(-1.5, 2, Number.NaN, 'x', undefined));
    const options = fc.record(
      { weights: fc.record({ positive: weight, neutral: weight, negative: weight, happy: weight }, { requiredKeys: [] }), confidence: shareOption },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(options, (o) => agree(SentimentOptionsSchema, o, () => sentimentScore({ labels: [] }, o as never))));
  });

  it('CompareProportionsInputSchema ≡ compareProportions guards (counts, csat results, mixed fields)', () => {
    const side = fc.oneof(
      fc.record({ successes: field, total: field }, { requiredKeys: [] }),
      fc.record({ satisfied: field, n: field, total: field, successes: field, value: fc.constant(0.5) }, { requiredKeys: [] }),
      fc.constantFrom(null, 3, undefined),
    );
    fc.assert(
      fc.property(fc.record({ a: side, b: side }), (x) => agree(CompareProportionsInputSchema, x, () => compareProportions(x as never))),
      { numRuns: 300 },
    );
  });
});
