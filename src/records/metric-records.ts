/**
 * What every record metric declares, whatever its record kind (tickets, contacts, ...), so that
 * `byPeriod` and `bySegment` can drive any of them: the metric function carries its accumulator
 * factory as `metric.accumulator`, and the factory says which records it reads (`records`).
 *
 * @module
 */
import { type AccumulatorFactory } from '../core/accumulator.js';

/**
 * The records a metric reads, as `byPeriod` and `bySegment` need to know them: their name, the
 * timestamp fields that can place a record in a period (the first is the default `at`), and the
 * timestamp every record needs, which the metric itself checks.
 */
export interface MetricRecords<F extends string = string> {
  /** One record's name in messages: `'ticket'`, `'contact'`. */
  readonly record: string;
  /** The records' name in inputs and error paths: `'tickets'`, `'contacts'`. */
  readonly collection: string;
  /** The timestamp fields `byPeriod` can place records by; the first is the default. */
  readonly timestampFields: readonly F[];
  /**
   * The timestamp every record needs: placed by it, a record where it is missing or unreadable is
   * left undated, so that the metric reports it as invalid (under its `onInvalid`).
   */
  readonly required: F;
}

/**
 * The accumulator factory of a record metric: the one {@link AccumulatorFactory} contract, plus the
 * records it reads.
 */
export type RecordMetricFactory<O, R, F extends string = string> = AccumulatorFactory<O, R> & {
  /** The records the metric reads (tickets or contacts) and the timestamps that can place them. */
  readonly records: MetricRecords<F>;
};
