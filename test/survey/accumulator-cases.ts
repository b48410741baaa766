/**
 * The survey family's accumulator factories, described for the property suite that runs over
 * every factory of the library (see test/accumulator-case.ts): valid option sets with answers on
 * their scale, and pairs of option sets that differ in one normalised option.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import { cesAccumulator, csatAccumulator, enpsAccumulator, esatAccumulator, npsAccumulator } from '../../src/survey/index.js';

/** Drops the keys whose value is `undefined` (options are left out, not given as undefined). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a case's `input` draws. */
type Input = { readonly options: unknown; readonly records: readonly unknown[] };

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** A confidence level: common ones, and any strictly between 0 and 1 (far enough from both). */
const confidence = fc.oneof(fc.constantFrom(0.8, 0.9, 0.95, 0.99), fc.double({ min: 0.01, max: 0.999, noNaN: true }));

/** Answers: integers from `min` to `max`, of any length from 0. */
const answers = (min: number, max: number) => fc.array(fc.integer({ min, max }), { maxLength: 60 });

/** A custom `{ min, max }` scale (2 to 15 points, possibly a named scale's range). */
const customScale = fc
  .record({ min: fc.integer({ min: -5, max: 5 }), points: fc.integer({ min: 2, max: 15 }) })
  .map(({ min, points }) => ({ min, max: min + points - 1 }));

/** A set of scale points as an option: a non-empty list (any order, repeats), `{ atLeast }` or `{ atMost }`. */
const pointSet = (min: number, max: number) =>
  fc.oneof(
    fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 6 }),
    fc.integer({ min, max }).map((atLeast) => ({ atLeast })),
    fc.integer({ min, max }).map((atMost) => ({ atMost })),
  );

const NAMED_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  '0-10': [0, 10],
  '1-10': [1, 10],
  '1-3': [1, 3],
  '1-5': [1, 5],
  '1-7': [1, 7],
};

/** The answer range of a non-binary scale option (named or custom), `fallback` when none is given. */
function rangeOf(scale: string | { min: number; max: number } | undefined, fallback: string): readonly [number, number] {
  if (scale === undefined) return NAMED_RANGES[fallback] as readonly [number, number];
  return typeof scale === 'string' ? (NAMED_RANGES[scale] as readonly [number, number]) : [scale.min, scale.max];
}

const npsInput: fc.Arbitrary<Input> = fc
  .record({ confidence: maybe(confidence), intervalMethod: maybe(fc.constantFrom('wald', 'adjusted-wald')), scale: maybe(fc.constantFrom('0-10', '1-10')) })
  .chain((o) => {
    const [min, max] = rangeOf(o.scale, '0-10');
    return answers(min, max).map((records) => ({ options: defined(o), records }));
  });

const npsIncompatible = [
  [{ confidence: 0.9 }, {}],
  [{ intervalMethod: 'adjusted-wald' }, { intervalMethod: 'wald' }],
  [{ scale: '1-10' }, {}],
] as const;

const BINARY_RATINGS = ['good', 'bad', true, false, 1, 0] as const;

const csatInput: fc.Arbitrary<Input> = fc
  .record({
    scale: maybe(fc.oneof(fc.constantFrom('0-10', '1-10', '1-3', '1-5', '1-7', 'binary'), customScale)),
    confidence: maybe(confidence),
    withSatisfied: fc.boolean(),
  })
  .chain(({ scale, confidence: c, withSatisfied }): fc.Arbitrary<Input> => {
    if (scale === 'binary') {
      const satisfied = withSatisfied ? fc.array(fc.constantFrom(...BINARY_RATINGS), { minLength: 1, maxLength: 3 }) : fc.constant(undefined);
      return fc
        .record({ satisfied, records: fc.array(fc.constantFrom(...BINARY_RATINGS), { maxLength: 60 }) })
        .map(({ satisfied: s, records }) => ({ options: defined({ scale, satisfied: s, confidence: c }), records }));
    }
    const [min, max] = rangeOf(scale, '1-5');
    const satisfied = withSatisfied ? pointSet(min, max) : fc.constant(undefined);
    return fc
      .record({ satisfied, records: answers(min, max) })
      .map(({ satisfied: s, records }) => ({ options: defined({ scale, satisfied: s, confidence: c }), records }));
  });

const csatIncompatible = [
  [{ satisfied: [4, 5] }, { satisfied: [5] }],
  [{ scale: '1-7' }, {}],
  [{ scale: 'binary' }, { scale: { min: 0, max: 1 } }],
  [{ confidence: 0.8 }, { confidence: 0.95 }],
] as const;

const cesInput: fc.Arbitrary<Input> = fc
  .record({
    scale: maybe(fc.oneof(fc.constantFrom('1-5', '1-7', '1-10', '0-10'), customScale)),
    direction: maybe(fc.constantFrom('higher-is-easier', 'higher-is-harder')),
    confidence: maybe(confidence),
    withEasy: fc.boolean(),
  })
  .chain(({ scale, direction, confidence: c, withEasy }) => {
    const [min, max] = rangeOf(scale, '1-7');
    return fc
      .record({ easy: withEasy ? pointSet(min, max) : fc.constant(undefined), records: answers(min, max) })
      .map(({ easy, records }) => ({ options: defined({ scale, direction, easy, confidence: c }), records }));
  });

const cesIncompatible = [
  [{ scale: '1-5' }, {}],
  [{ direction: 'higher-is-harder', easy: [5, 6, 7] }, { easy: [5, 6, 7] }],
  [{ easy: { atLeast: 6 } }, {}],
  [{ confidence: 0.9 }, {}],
] as const;

/** One case per survey accumulator factory. */
export const surveyAccumulatorCases: AccumulatorCase[] = [
  {
    name: 'npsAccumulator',
    create: (o) => npsAccumulator.create(o as never),
    fromJSON: (j) => npsAccumulator.fromJSON(j),
    input: npsInput,
    incompatible: npsIncompatible,
  },
  {
    name: 'enpsAccumulator',
    create: (o) => enpsAccumulator.create(o as never),
    fromJSON: (j) => enpsAccumulator.fromJSON(j),
    input: npsInput,
    incompatible: npsIncompatible,
  },
  {
    name: 'csatAccumulator',
    create: (o) => csatAccumulator.create(o as never),
    fromJSON: (j) => csatAccumulator.fromJSON(j),
    input: csatInput,
    incompatible: csatIncompatible,
  },
  {
    name: 'esatAccumulator',
    create: (o) => esatAccumulator.create(o as never),
    fromJSON: (j) => esatAccumulator.fromJSON(j),
    input: csatInput,
    incompatible: csatIncompatible,
  },
  {
    name: 'cesAccumulator',
    create: (o) => cesAccumulator.create(o as never),
    fromJSON: (j) => cesAccumulator.fromJSON(j),
    input: cesInput,
    incompatible: cesIncompatible,
  },
];
