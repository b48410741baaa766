/**
 * Volume by channel (or any other dimension), with the keyed counting that the grouped count
 * metrics share (volume by channel, top topics, complaints): the `by` option, the key of a ticket,
 * counts per key given as input, and counts per key in an accumulator's JSON state.
 *
 * @module
 */
import { type ColumnView } from '../records/columns.js';
import { type IssueSpec, type KpiPath, KpiInputError } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type SegmentBy, type SegmentKey, compareKeys, readKey } from '../grouping/by-segment.js';
import { type RecordExcluded, type RecordMetricSpec, readRecordSettings, recordAccumulatorFactory } from './record-metric.js';
import { type Ticket, type TicketField, type TicketOptions, type TicketSettings, TICKET_FIELDS, type TicketColumns } from './ticket.js';
import {
  type AccumulatorFactory,
  type JsonValue,
  type WithAccumulator,
  restoreCountMap,
  withAccumulator,
  addRecords,
  isRowSource,
} from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/**
 * Counts per key given as input: an object (its keys are strings), or a `Map` whose keys may also
 * be finite numbers, booleans or `null` (the group of tickets without a value).
 */
export type KeyCounts = Readonly<Record<string, number>> | ReadonlyMap<SegmentKey, number>;

/** The validated `by` option of a grouped count metric. @internal */
export interface KeySettings {
  /** A ticket field name or a key function; `null` for the metric's own key (or no grouping). */
  readonly by: SegmentBy | null;
  /** How the result names the key: the field name, `'function'`, the metric's own key name, or `null`. */
  readonly byName: string | null;
}

/**
 * Reads `options.by`: a non-empty field name or a function. Absent, it is `fallback` (a field name,
 * `builtIn`, or `null` for no grouping); the name `builtIn` stands for the metric's own key. @internal
 */
export function readBy(fn: string, value: unknown, fallback: string | null, builtIn: string | null = null): KeySettings {
  const by = value ?? fallback;
  if (by === null) return { by: null, byName: null };
  if (typeof by === 'function') return { by: by as SegmentBy, byName: 'function' };
  if (typeof by === 'string' && by !== '') return { by: by === builtIn ? null : by, byName: by };
  return fail(fn, { code: 'invalid_type', path: ['options', 'by'], input: value, expected: 'a ticket field name or a key function (ticket, index) => key' });
}

/**
 * The `by` option, normalised: its name (the field name, the metric's own key name, or `null`
 * for no grouping), or `'function'` for a key function — which {@link keyFunctions} then gives, to
 * be compared by identity. @internal
 */
export function keyOptions(s: KeySettings): { readonly by: JsonValue } {
  return { by: s.byName };
}

/** The key function of `by`, if it is one (compared by identity in `merge`). @internal */
export function keyFunctions(s: KeySettings): { readonly [key: string]: unknown } {
  return typeof s.by === 'function' ? { by: s.by } : {};
}

/** `fields` plus the `by` field when it is a ticket field (so the guard checks its value). @internal */
export function withKeyField(fields: readonly TicketField[], s: KeySettings): readonly TicketField[] {
  const by = s.by;
  if (typeof by !== 'string' || !Object.hasOwn(TICKET_FIELDS, by) || fields.includes(by as TicketField)) return fields;
  return [...fields, by as TicketField];
}

/**
 * The key of a ticket under `s.by` (which must not be `null`), read by `readKey` of `bySegment`;
 * `undefined` when the value cannot be a key (see {@link keyIssues}). @internal
 */
export function keyOf(fn: string, t: Record<string, unknown>, s: KeySettings, index: number): SegmentKey | undefined {
  try {
    return readKey(fn, t, index, s.by as SegmentBy);
  } catch (error) {
    if (error instanceof KpiInputError) return undefined;
    throw error;
  }
}

/** Why a ticket's key is not valid (`path` is the ticket's path, `['tickets', i]`). @internal */
export function keyIssues(fn: string, t: Record<string, unknown>, s: KeySettings, path: KpiPath): IssueSpec[] {
  try {
    readKey(fn, t, path[path.length - 1] as number, s.by as SegmentBy);
    return [];
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return error.issues.map((i) => ({ code: i.code, path: typeof s.by === 'string' ? [...path, s.by] : path, input: i.input, detail: i.message }));
  }
}

/** Rejects a key function with count input (the counts are grouped already). @internal */
export function rejectKeyFunction(fn: string, s: KeySettings): void {
  if (typeof s.by === 'function') {
    fail(fn, {
      code: 'inconsistent',
      path: ['options', 'by'],
      input: s.by,
      detail: 'options.by cannot be a key function with count input: the counts are grouped already',
    });
  }
}

/** Whether a value can be a key: a string, a finite number, a boolean or null. @internal */
export function isKey(value: unknown): value is SegmentKey {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The JSON text of a key: `"email"`, `1`, `true`, `null` (so that every key's type round-trips). @internal */
export function encodeKey(key: SegmentKey): string {
  return JSON.stringify(key);
}

/** The key of {@link encodeKey}'s text, or `undefined` when the text is not one (or not written canonically). @internal */
export function decodeKey(text: string): SegmentKey | undefined {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isKey(key) && JSON.stringify(key) === text ? key : undefined;
}

/** Adds an issue for an encoded key that does not decode. @internal */
export function badKeyIssue(issues: IssueCollector, text: string, path: KpiPath): void {
  issues.add({ code: 'invalid_value', path: [...path, text], input: text, expected: 'a key written as JSON: a string, finite number, boolean or null' });
}

/** Counts per key as JSON: `{ [encodeKey(key)]: count }`. @internal */
export function countsToJSON(counts: ReadonlyMap<SegmentKey, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, count] of counts) out[encodeKey(key)] = count;
  return out;
}

/**
 * Restores {@link countsToJSON} output at `path` (at most `limit` keys), adding every problem to
 * `issues`: every key written canonically as JSON (so each key appears once), every count a
 * non-negative integer. @internal
 */
export function restoreKeyCounts(issues: IssueCollector, value: unknown, path: KpiPath, limit?: number): Map<SegmentKey, number> {
  const out = new Map<SegmentKey, number>();
  for (const [text, count] of restoreCountMap(issues, value, path, limit)) {
    const key = decodeKey(text);
    if (key === undefined) badKeyIssue(issues, text, path);
    else out.set(key, (out.get(key) ?? 0) + count);
  }
  return out;
}

/** Reads counts per key given as input (`counts` of the count form) at `path`, adding problems to `issues`. @internal */
export function readKeyCounts(issues: IssueCollector, value: unknown, path: KpiPath): Map<SegmentKey, number> {
  const out = new Map<SegmentKey, number>();
  let entries: Iterable<[unknown, unknown]>;
  if (value instanceof Map) entries = value as Map<unknown, unknown>;
  else if (isRecord(value)) entries = Object.entries(value);
  else {
    issues.add({ code: 'invalid_type', path, input: value, expected: 'an object of counts per key, or a Map from key to count' });
    return out;
  }
  for (const [key, count] of entries) {
    const at = [...path, typeof key === 'number' || typeof key === 'string' ? key : String(key)];
    if (!isKey(key)) {
      issues.add({ code: 'invalid_type', path: at, input: key, expected: 'a key: a string, finite number, boolean or null' });
      continue;
    }
    if (issues.check(count, COUNT, at)) out.set(key, count as number);
  }
  return out;
}

/** The keys with a count above 0, most first, then in key order (`null` last). @internal */
export function sortedCounts(counts: ReadonlyMap<SegmentKey, number>): [SegmentKey, number][] {
  const out: [SegmentKey, number][] = [];
  for (const entry of counts) if (entry[1] > 0) out.push(entry);
  return out.sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
}

/**
 * Counts the valid rows of `view` per key of `s.by` (a field; a key function is read row by row:
 * `null` is returned, and the rows are read one by one): a dictionary column counted per code,
 * then per entry; an array or a Float64Array per value. The guard has checked the field's values,
 * so every one is a key (a missing one is `null`). Returns the rows found invalid: none. @internal
 */
export function countKeys(state: Map<SegmentKey, number>, view: ColumnView, valid: Uint8Array, s: KeySettings): number[] | null {
  const by = s.by;
  if (typeof by !== 'string') return null;
  const add = (key: unknown, count: number): void => {
    const k = key === undefined || key === null ? null : (key as SegmentKey);
    if (count > 0) state.set(k, (state.get(k) ?? 0) + count);
  };
  const n = valid.length;
  if (!view.has(by)) {
    let count = 0;
    for (let i = 0; i < n; i++) count += valid[i] as number;
    add(null, count);
    return [];
  }
  const dict = view.dictionary(by);
  if (dict !== null) {
    const perCode = new Float64Array(dict.dictionary.length);
    let missing = 0;
    const { codes } = dict;
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) continue;
      const code = codes[i] as number;
      if (code < 0) missing++;
      else perCode[code] = (perCode[code] as number) + 1;
    }
    add(null, missing);
    dict.dictionary.forEach((key, code) => add(key, perCode[code] as number));
    return [];
  }
  const values: ArrayLike<unknown> | null = view.array(by) ?? view.float64(by);
  if (values === null) return null;
  const float = values instanceof Float64Array;
  const counts = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) continue;
    let v = values[i];
    if (float && v !== v) v = null;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const [key, count] of counts) add(key, count);
  return [];
}

/** The sum of the counts. @internal */
export function sumCounts(counts: ReadonlyMap<SegmentKey, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** Adds `from`'s counts into `into`. @internal */
export function mergeCounts(into: Map<SegmentKey, number>, from: ReadonlyMap<SegmentKey, number>): void {
  for (const [key, count] of from) into.set(key, (into.get(key) ?? 0) + count);
}

/** The `excluded` block of a result computed from counts: nothing is invalid. @internal */
export function noInvalid(): RecordExcluded {
  return { invalid: 0, invalidIndices: [], invalidTickets: [] };
}

/** Runs a grouped count metric over `tickets` (path `tickets` when it is not an array). @internal */
export function runKeyed<O, R>(fn: string, factory: AccumulatorFactory<O, R>, tickets: unknown, options: unknown): R {
  if (!Array.isArray(tickets) && !isRowSource(tickets))
    return fail(fn, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
  return addRecords(factory.create(options as O), tickets).result();
}

/** Options of {@link volumeByChannel}. */
export interface VolumeByChannelOptions extends TicketOptions {
  /**
   * What to count by: a ticket field name (default `'channel'`; any field, including ones outside
   * {@link Ticket}), or a function `(ticket, index) => key` as in `bySegment`. A key is a string, a
   * finite number, a boolean, or `null`/`undefined` (the group `null`: tickets without a value).
   * With count input only a name is accepted (it is echoed as `by`).
   */
  readonly by?: SegmentBy;
}

/** Input of {@link volumeByChannel}: tickets, or counts per key. */
export type VolumeByChannelInput = ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly counts: KeyCounts };

/** One group (channel) of {@link volumeByChannel}. */
export interface VolumeGroup {
  /** The key (channel); `null` for tickets without one. */
  readonly key: SegmentKey;
  /** Tickets with this key. */
  readonly count: number;
  /** count / total, in (0, 1]. */
  readonly share: number;
}

/** Result of {@link volumeByChannel}. */
export interface VolumeByChannelResult {
  /** Tickets counted (the same as `total`). */
  readonly value: number;
  /** Tickets counted: the sum of the groups' counts. */
  readonly total: number;
  /** One row per key with at least one ticket: most tickets first, then by key (`null` last); empty without tickets. */
  readonly groups: readonly VolumeGroup[];
  /** The key: `'channel'` (default), the field name given, or `'function'`. */
  readonly by: string;
  /** Tickets left out: only invalid ones (with `onInvalid: 'exclude'`). */
  readonly excluded: RecordExcluded;
}

interface Settings extends TicketSettings, KeySettings {}
type State = Map<SegmentKey, number>;

const FN = 'volumeByChannel';

function finish(counts: ReadonlyMap<SegmentKey, number>, by: string): Omit<VolumeByChannelResult, 'excluded'> {
  const total = sumCounts(counts);
  return { value: total, total, groups: sortedCounts(counts).map(([key, count]) => ({ key, count, share: count / total })), by };
}

const spec: RecordMetricSpec<Settings, State, VolumeByChannelResult> = {
  metric: FN,
  optionKeys: ['by'],
  settings: (fn, o, base) => ({ ...base, ...readBy(fn, o['by'], 'channel') }),
  fields: (s) => withKeyField(['createdAt'], s),
  required: () => ['createdAt'],
  init: () => new Map(),
  add(state, t, _times, s, index) {
    const key = keyOf(FN, t, s, index);
    if (key === undefined) return false;
    state.set(key, (state.get(key) ?? 0) + 1);
    return true;
  },
  explain: (t, _times, s, path) => keyIssues(FN, t, s, path),
  addColumns: (state, view, check, s) => countKeys(state, view, check.valid, s),
  merge: (into, from) => mergeCounts(into, from),
  result: (state, s) => finish(state, s.byName as string),
  toJSON: (state) => ({ counts: countsToJSON(state) }),
  restore: (json, _s, issues) => restoreKeyCounts(issues, isRecord(json) ? json['counts'] : undefined, ['state', 'counts']),
  options: keyOptions,
  functions: keyFunctions,
  counted: sumCounts,
};

/**
 * Mergeable accumulator of {@link volumeByChannel} (`create`, `add`, `addAll`, `merge`, `result`,
 * `toJSON`, `fromJSON`); its result equals {@link volumeByChannel} over all tickets added, in any
 * order or split. Its JSON state holds the count per key, each key written as JSON (`"\"email\""`,
 * `"1"`, `"true"`, `"null"`) so that keys keep their type through `toJSON` / `fromJSON`. With `by`
 * given as a function, `toJSON` throws (JSON cannot carry a function) and `merge` takes only an
 * accumulator made with the same function.
 *
 * @example
 * ```ts
 * import { volumeByChannelAccumulator } from 'kpi-kit';
 *
 * const a = volumeByChannelAccumulator.create().add({ createdAt: 0, channel: 'chat' });
 * const b = volumeByChannelAccumulator.create().add({ createdAt: 0, channel: 'email' }).add({ createdAt: 0, channel: 'chat' });
 * const merged = volumeByChannelAccumulator.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))).merge(b);
 * merged.result().groups.map((g) => g.count); // [2, 1]
 * ```
 */
export const volumeByChannelAccumulator: RecordMetricFactory<VolumeByChannelOptions, VolumeByChannelResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Volume by channel: how many tickets came through each channel, and each channel's share of all
 * tickets — or the same per any other dimension (`by`: a field such as `'priority'` or `'team'`, or
 * a key function). Tickets without a value for the key form the group `null`. Groups are sorted by
 * count (descending), then by key (strings, numbers and booleans in natural order, `null` last).
 * For volumes per period, run it per period (`byPeriod`), or per segment with `bySegment`.
 *
 * `value` is the number of tickets counted (`total`); each group's `share` is count / total, and
 * the shares sum to 1 (up to rounding) when there are tickets. Without tickets `groups` is empty.
 *
 * @param input - `{ tickets }` (each needs `createdAt`; the `by` field, when it is a ticket field,
 *   must have that field's type), or `{ counts }`: an object `{ email: 120, chat: 80 }` or a `Map`
 *   (whose keys may also be numbers, booleans or `null`). Keys with a count of 0 are not listed.
 * @param options - {@link VolumeByChannelOptions}: `by`, and the shared ticket options
 *   (`resolvedStatuses` is accepted for uniformity and has no effect here).
 * @returns {@link VolumeByChannelResult}.
 * @throws {@link KpiInputError} for a malformed ticket (path `tickets[i].field`), a key value that is
 *   not a string, finite number, boolean or null (path `tickets[i].<by>`, or `tickets[i]` for a key
 *   function) — with `onInvalid: 'exclude'` such tickets are left out and listed in `excluded` —,
 *   unknown or invalid options, counts that are not non-negative integers (path `counts.<key>`),
 *   and a key function with count input.
 * @see docs/metrics.md#volumebychannel (volume by channel).
 *
 * @example
 * ```ts
 * import { volumeByChannel } from 'kpi-kit';
 *
 * const r = volumeByChannel({
 *   tickets: [
 *     { createdAt: '2024-05-06T08:00:00Z', channel: 'chat' },
 *     { createdAt: '2024-05-06T09:00:00Z', channel: 'email' },
 *     { createdAt: '2024-05-06T10:00:00Z', channel: 'chat' },
 *     { createdAt: '2024-05-06T11:00:00Z' },
 *   ],
 * });
 * r.value; // 4
 * r.groups.map((g) => g.key); // ['chat', 'email', null]
 * r.groups.map((g) => g.share); // [0.5, 0.25, 0.25]
 * volumeByChannel({ counts: { email: 30, phone: 10 } }).groups[0]; // { key: 'email', count: 30, share: 0.75 }
 * ```
 */
export const volumeByChannel: WithAccumulator<
  (input: VolumeByChannelInput, options?: VolumeByChannelOptions) => VolumeByChannelResult,
  typeof volumeByChannelAccumulator
> = /* @__PURE__ */ withAccumulator(function volumeByChannel(input: VolumeByChannelInput, options?: VolumeByChannelOptions): VolumeByChannelResult {
  const record = withColumns(FN, TICKET_KIND, requireInput(FN, input));
  const form = selectForm(FN, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'counts', fields: ['counts'] },
  ]);
  if (form === 'tickets') return runKeyed(FN, volumeByChannelAccumulator, record['tickets'], options);
  const s = readRecordSettings(spec, options);
  rejectKeyFunction(FN, s);
  const issues = new IssueCollector(FN);
  const counts = readKeyCounts(issues, record['counts'], ['counts']);
  issues.throwIfAny();
  return deepFreeze({ ...finish(counts, s.byName as string), excluded: noInvalid() });
}, volumeByChannelAccumulator);
