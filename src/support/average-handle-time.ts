/**
 * Average handle time.
 *
 * @module
 */
import { type IssueSpec, type KpiIssue, type KpiPath, KpiInputError } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord } from '../core/validate.js';
import {
  type DurationMetricSpec,
  type DurationOptions,
  type DurationResult,
  INVALID,
  durationAccumulatorFactory,
  excludedCode,
  readDurationSettings,
  msColumns,
  runDurationMetric,
} from './duration-metric.js';
import { NO_DURATIONS } from './durations.js';
import { type Ticket, MAX_DURATION_MS, type TicketColumns } from './ticket.js';
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link averageHandleTime}. */
export type AverageHandleTimeOptions = DurationOptions;

/**
 * A contact as {@link averageHandleTime} reads it: its `handleTimeMs` (talk + hold + after-contact
 * work, in ms); its other fields (`offeredAt`, `agent`, ...) are not read.
 */
export type HandledContact = Pick<Ticket, 'handleTimeMs'> & { readonly [field: string]: unknown };

/**
 * Input of {@link averageHandleTime}: tickets or contacts with `handleTimeMs`, a column of handle
 * times, or totals (`totalHandleTimeMs` over `handled` contacts).
 */
export type AverageHandleTimeInput =
  | { readonly tickets: readonly Pick<Ticket, 'handleTimeMs'>[] }
  | { readonly columns: TicketColumns }
  | { readonly contacts: readonly HandledContact[] }
  | { readonly durations: ArrayLike<number>; readonly noHandleTime?: number }
  | { readonly totalHandleTimeMs: number; readonly handled: number };

/** Result of {@link averageHandleTime}; `excluded.noHandleTime` counts records (tickets or contacts) without `handleTimeMs`. */
export type AverageHandleTimeResult = DurationResult<'noHandleTime'>;

const NO_HANDLE_TIME = excludedCode(0);

const spec: DurationMetricSpec<'noHandleTime'> = {
  metric: 'averageHandleTime',
  excludedKeys: ['noHandleTime'],
  fields: ['handleTimeMs'],
  required: [],
  calendar: false,
  extraOptions: {},
  read(t) {
    const ms = t['handleTimeMs'];
    if (ms === undefined || ms === null) return NO_HANDLE_TIME;
    return typeof ms === 'number' && ms >= 0 && ms <= MAX_DURATION_MS ? ms : INVALID;
  },
  readColumns: (view, _settings, out) => msColumns(view, 'handleTimeMs', false, out),
  explain: () => [],
};

/** A path of a ticket's problem, for contacts: `tickets[i]...` becomes `contacts[i]...`. */
function toContactPath(path: KpiPath): KpiPath {
  return path[0] === 'tickets' ? ['contacts', ...path.slice(1)] : path;
}
function toContactMessage(message: string): string {
  return message.replace(/\btickets\[(\d+)\]/g, 'contacts[$1]');
}
function toContactIssue(i: KpiIssue): IssueSpec {
  return { code: i.code, path: toContactPath(i.path), input: i.input, detail: toContactMessage(i.message) };
}

/**
 * Handle time over `{ contacts }`: the same records as `{ tickets }` (only `handleTimeMs` is
 * read), with problems named `contacts[i]` in errors and in `excluded.invalidTickets`.
 */
function fromContacts(input: Record<string, unknown>, options: unknown): AverageHandleTimeResult {
  const fn = spec.metric;
  for (const key of ['tickets', 'durations', 'noHandleTime'] as const) {
    if (input[key] !== undefined) {
      fail(fn, {
        code: 'ambiguous',
        path: [key],
        input: input[key],
        detail: `give either contacts or ${key === 'noHandleTime' ? 'durations' : key}, not both`,
      });
    }
  }
  const contacts = input['contacts'];
  if (!Array.isArray(contacts)) return fail(fn, { code: 'invalid_type', path: ['contacts'], input: contacts, expected: 'an array of contacts' });
  let r: AverageHandleTimeResult;
  try {
    r = runDurationMetric(spec, { tickets: contacts }, options);
  } catch (error) {
    if (error instanceof KpiInputError && error.issues.some((i) => i.path[0] === 'tickets')) {
      throw new KpiInputError(fn, error.issues.map(toContactIssue), error.issueCount);
    }
    throw error;
  }
  if (r.excluded.invalid === 0) return r;
  return deepFreeze({
    ...r,
    excluded: {
      ...r.excluded,
      invalidTickets: r.excluded.invalidTickets.map((t) => ({
        index: t.index,
        issues: t.issues.map((i) => ({ ...i, path: toContactPath(i.path), message: toContactMessage(i.message) })),
      })),
    },
  });
}

function fromTotals(input: Record<string, unknown>, options: unknown): AverageHandleTimeResult {
  const fn = spec.metric;
  const settings = readDurationSettings(spec, options);
  const issues = new IssueCollector(fn);
  for (const key of Object.keys(input)) {
    if (key !== 'totalHandleTimeMs' && key !== 'handled') {
      issues.add({ code: 'ambiguous', path: [key], input: input[key], detail: `${fn}: ${key} cannot be given with totalHandleTimeMs and handled` });
    }
  }
  const total = input['totalHandleTimeMs'];
  const handled = input['handled'];
  if (total === undefined) issues.add({ code: 'missing', path: ['totalHandleTimeMs'], input: total, expected: 'a duration in ms' });
  else if (!(typeof total === 'number' && total >= 0 && Number.isFinite(total))) {
    issues.add({
      code: typeof total === 'number' ? 'out_of_range' : 'invalid_type',
      path: ['totalHandleTimeMs'],
      input: total,
      expected: 'a duration in ms (a finite number ≥ 0)',
    });
  }
  if (handled === undefined) issues.add({ code: 'missing', path: ['handled'], input: handled, expected: 'a non-negative integer' });
  else issues.check(handled, COUNT, ['handled']);
  issues.throwIfAny();
  const n = handled as number;
  if (n === 0 && (total as number) > 0) {
    issues.add({
      code: 'inconsistent',
      path: ['totalHandleTimeMs'],
      input: total,
      detail: `${fn}: totalHandleTimeMs (${String(total)}) cannot be positive with handled 0`,
    });
    issues.throwIfAny();
  }
  const mean = n === 0 ? null : (total as number) / n;
  const percentiles: Record<string, null> = {};
  for (const p of settings.percentiles) percentiles[`p${String(p)}`] = null;
  return deepFreeze({
    value: mean,
    reason: n === 0 ? NO_DURATIONS : null,
    n,
    mean,
    median: null,
    percentiles,
    min: null,
    max: null,
    total: total as number,
    withinTarget: null,
    excluded: { noHandleTime: 0, invalid: 0, invalidIndices: [], invalidTickets: [] },
    time: 'calendar' as const,
  });
}

/**
 * Mergeable accumulator of {@link averageHandleTime} over tickets (`create`, `add`, `addAll`,
 * `merge`, `result`, `toJSON`, `fromJSON`).
 *
 * @example
 * ```ts
 * import { averageHandleTimeAccumulator } from 'kpi-kit';
 *
 * const acc = averageHandleTimeAccumulator.create();
 * acc.add({ handleTimeMs: 300_000 }).add({ handleTimeMs: 500_000 }).add({});
 * acc.result().value; // 400000
 * acc.result().excluded.noHandleTime; // 1
 * ```
 */
export const averageHandleTimeAccumulator: RecordMetricFactory<
  AverageHandleTimeOptions,
  DurationResult<'noHandleTime'>,
  TicketTimestampField
> = /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Average handle time (AHT): (talk + hold + after-contact work) / handled contacts, in ms. Each
 * record's `handleTimeMs` is its talk + hold + after-contact work; the result also gives median,
 * percentiles, min and max. From totals (`{ totalHandleTimeMs, handled }`) only the mean exists.
 *
 * One implementation for tickets and contacts: `{ contacts }` takes the same records as
 * `{ tickets }` (only `handleTimeMs` is read; records without it are counted in
 * `excluded.noHandleTime`), and names a bad one `contacts[i]` in errors and in
 * `excluded.invalidTickets`. Its accumulator (`averageHandleTime.accumulator`, which `byPeriod` and
 * `bySegment` drive) reads records as tickets: per period, place contacts with `at`.
 *
 * @param input - `{ tickets }`, `{ contacts }`, `{ durations, noHandleTime? }` or
 *   `{ totalHandleTimeMs, handled }`.
 * @param options - {@link AverageHandleTimeOptions} (`percentiles`, `targetMs`, `onInvalid`).
 * @returns {@link AverageHandleTimeResult}; `value` is `null` when nothing was handled.
 * @throws {@link KpiInputError} for a negative, non-finite or non-numeric handle time (path
 *   `tickets[i].handleTimeMs` or `contacts[i].handleTimeMs`; with `onInvalid: 'exclude'` the record
 *   is left out and listed in `excluded`), for more than one input form (`'ambiguous'`), or totals
 *   that are not a duration and a count.
 * @see docs/metrics.md#averagehandletime.
 *
 * @example
 * ```ts
 * import { averageHandleTime } from 'kpi-kit';
 *
 * // 6 min talk + 1 min hold + 3 min wrap-up = 10 min, and a 6-minute contact: AHT 8 min.
 * const minute = 60_000;
 * averageHandleTime({ tickets: [{ handleTimeMs: 10 * minute }, { handleTimeMs: 6 * minute }] }).value; // 480000
 * averageHandleTime({ totalHandleTimeMs: 16 * minute, handled: 2 }).value; // 480000
 * averageHandleTime({ contacts: [{ offeredAt: 0, handleTimeMs: 10 * minute }, { offeredAt: 0, handleTimeMs: 6 * minute }] }).value; // 480000
 * ```
 */
export const averageHandleTime: WithAccumulator<
  (input: AverageHandleTimeInput, options?: AverageHandleTimeOptions) => AverageHandleTimeResult,
  typeof averageHandleTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function averageHandleTime(input: AverageHandleTimeInput, options?: AverageHandleTimeOptions): AverageHandleTimeResult {
  const record: unknown = input;
  if (isRecord(record) && (record['totalHandleTimeMs'] !== undefined || record['handled'] !== undefined)) {
    return fromTotals(record, options);
  }
  if (isRecord(record) && record['contacts'] !== undefined) return fromContacts(record, options);
  return runDurationMetric(spec, input, options);
}, averageHandleTimeAccumulator);
