/**
 * What the grouped accumulators share: the metric they drive, and their parts (one accumulator of
 * the metric per period or segment) in their JSON state.
 *
 * @module
 */
import {
  type Accumulator,
  type AccumulatorFactory,
  type JsonValue,
  ACCUMULATOR_FORMAT,
  ACCUMULATOR_VERSION,
  type Engine,
  restorePart,
} from '../core/accumulator.js';
import { type IssueCollector, fail, isRecord } from '../core/validate.js';
import { type KpiPath, KpiInputError } from '../core/errors.js';
import { type RecordMetricFactory } from '../records/metric-records.js';

/**
 * A metric `bySegment` and `byPeriod` can drive: a ticket metric, or a contact metric
 * (`abandonmentRate`, `serviceLevel`, `averageSpeedOfAnswer`), with its `accumulator`. `F`: the
 * timestamp fields its records can be placed by (declared by `accumulator.records`).
 */
export interface SegmentableMetric<O, R, F extends string = string> {
  readonly accumulator: RecordMetricFactory<O, R, F>;
}

/** Validates the metric argument of bySegment / byPeriod. @internal */
export function requireMetric<O, R>(fn: string, metric: unknown): RecordMetricFactory<O, R> {
  const accumulator = (metric as { accumulator?: unknown } | null | undefined)?.accumulator;
  if (
    (typeof metric === 'function' || isRecord(metric)) &&
    isRecord(accumulator) &&
    typeof accumulator['create'] === 'function' &&
    typeof accumulator['fromJSON'] === 'function' &&
    typeof accumulator['metric'] === 'string' &&
    isRecord(accumulator['records'])
  ) {
    return accumulator as unknown as RecordMetricFactory<O, R>;
  }
  return fail(fn, {
    code: 'invalid_type',
    path: ['metric'],
    input: metric,
    expected: 'a ticket or contact metric of kpi-kit (like firstResponseTime or abandonmentRate)',
  });
}

/** A part's state in its parent's JSON: the metric's own state, its options left out (the parent holds them). */
export function childState(acc: Accumulator<unknown>): JsonValue {
  const { seen, invalid, state } = acc.toJSON();
  return { seen, invalid: invalid as unknown as JsonValue, state };
}

/**
 * Restores one part of a grouped accumulator from `childState` output: the metric's own
 * `fromJSON` validates it (its problems added to `issues` under `path`); `null` when invalid.
 * A part holds at least one record. @internal
 */
export function restoreChild<R>(
  factory: AccumulatorFactory<unknown, R>,
  options: JsonValue,
  json: unknown,
  path: KpiPath,
  issues: IssueCollector,
): Engine<unknown, R> | null {
  if (!isRecord(json) || json['seen'] === 0) {
    issues.add({ code: 'invalid_value', path, input: json, expected: "{ seen, invalid, state }: a part's state, with at least one record" });
    return null;
  }
  try {
    const env = {
      format: ACCUMULATOR_FORMAT,
      version: ACCUMULATOR_VERSION,
      metric: factory.metric,
      options,
      seen: json['seen'],
      invalid: json['invalid'],
      state: json['state'],
    };
    // A part may list fewer of its invalid records than an accumulator alone (see ListingBound).
    const restore = (j: unknown): Engine<unknown, R> => factory.fromJSON(j) as unknown as Engine<unknown, R>;
    return restorePart(restore, env) ?? restore(env);
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    for (const issue of error.issues) issues.add({ code: issue.code, path: [...path, ...issue.path], input: issue.input, detail: issue.message });
    return null;
  }
}

/**
 * Rows split into groups (a counting sort): `slots[i]` is row i's group (0 to `groups` − 1);
 * `order` lists the rows group by group, each group's rows in row order, group g being
 * `order[starts[g]]`, ..., `order[starts[g + 1] − 1]`. `counts` (each group's rows, when the
 * caller counted them while placing rows in groups) saves the counting pass. @internal
 */
export function groupRows(slots: Int32Array, groups: number, counts?: Int32Array): { readonly order: Int32Array; readonly starts: Int32Array } {
  const starts = new Int32Array(groups + 1);
  if (counts === undefined) {
    for (let i = 0; i < slots.length; i++) {
      const g = (slots[i] as number) + 1;
      starts[g] = (starts[g] as number) + 1;
    }
  } else for (let g = 0; g < groups; g++) starts[g + 1] = counts[g] as number;
  for (let g = 0; g < groups; g++) starts[g + 1] = (starts[g + 1] as number) + (starts[g] as number);
  const next = starts.slice(0, groups);
  const order = new Int32Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const g = slots[i] as number;
    const at = next[g] as number;
    order[at] = i;
    next[g] = at + 1;
  }
  return { order, starts };
}
