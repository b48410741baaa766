/**
 * How each family describes its accumulator factories to the one property suite that runs over
 * every factory of the library (test/core/accumulators.property.test.ts). A family exports an
 * array of cases from test/<family>/accumulator-cases.ts; the suite fails when an exported
 * factory has no case.
 */
import type fc from 'fast-check';
import type { AccumulatorFactory } from '../src/core/accumulator.js';

/** One accumulator factory, with generators the suite draws from. */
export interface AccumulatorCase {
  /** The export name of the factory (`npsAccumulator`, `byPeriodAccumulator`, ...). */
  readonly name: string;
  /**
   * Makes an accumulator with `options`. Usually `(o) => factory.create(o)`; the grouped ones bind
   * their metric.
   */
  readonly create: (options: unknown) => ReturnType<AccumulatorFactory<unknown, unknown>['create']>;
  /** Restores one from JSON (usually `(json) => factory.fromJSON(json)`). */
  readonly fromJSON: (json: unknown) => ReturnType<AccumulatorFactory<unknown, unknown>['fromJSON']>;
  /**
   * Valid option sets, and for each the records to add: an array that the accumulator made with
   * those options must accept (invalid records included where the options keep them, e.g.
   * `onInvalid: 'exclude'`), of any length from 0.
   */
  readonly input: fc.Arbitrary<{ readonly options: unknown; readonly records: readonly unknown[] }>;
  /**
   * Pairs of option sets that differ in one normalised option: merging accumulators made with them
   * must throw `'incompatible'`. At least one pair per option the metric has.
   */
  readonly incompatible: readonly (readonly [unknown, unknown])[];
}
