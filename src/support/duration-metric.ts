/**
 * The engine shared by the duration metrics (first response, resolution and handle time): the
 * validated single pass over tickets, the columnar `durations` form, the mergeable accumulator and
 * the result.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, fail, isArrayLike, isRecord, readOffset, readOptions } from '../core/validate.js';
import {
  type InvalidTicket,
  type OnInvalid,
  type TicketField,
  type TicketSettings,
  InvalidTickets,
  MAX_DURATION_MS,
  TICKET_OPTION_KEYS,
  TimestampReader,
  readTicketSettings,
  ticketIssues,
} from './ticket.js';
import { type DurationSummary, DurationSample, readPercentiles } from './durations.js';
import { type GroupFigures, groupedFigures } from './grouped-summary.js';

/** A calendar that counts business time between two instants (see `businessCalendar`). */
export interface DurationCalendar {
  /** Business ms between two epoch-ms instants. */
  duration(startMs: number, endMs: number): number;
}

/**
 * What a ticket gave: a duration ≥ 0, INVALID, or `excludedCode(k)` for the k-th reason of
 * `excludedKeys`.
 */
export const INVALID = -100;
/** The code of the k-th exclusion reason: −1 − k. */
export function excludedCode(k: number): number {
  return -1 - k;
}

/** The validated settings of one duration metric call. */
export interface DurationSettings extends TicketSettings {
  readonly percentiles: readonly number[];
  readonly calendar: DurationCalendar | null;
  readonly targetMs: number | null;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** What a metric plugs into the engine. @internal */
export interface DurationMetricSpec<X extends string> {
  /** The public name, used in errors and JSON. */
  readonly metric: string;
  /** Why tickets without a duration are left out (`unanswered`, `unresolved`, ...); the first is the one a `durations` input counts. */
  readonly excludedKeys: readonly X[];
  /** The ticket fields the metric reads (with these settings), and those it requires. */
  readonly fields: readonly TicketField[] | ((settings: DurationSettings) => readonly TicketField[]);
  readonly required: readonly TicketField[];
  /** Whether the metric accepts a business-hours `calendar`. */
  readonly calendar: boolean;
  /** Extra options: name → validator returning the value (or throwing). */
  readonly extraOptions: Readonly<Record<string, (fn: string, value: unknown) => unknown>>;
  /** Reads one ticket: a duration ≥ 0, an excluded code or INVALID (then the slow path finds why). */
  read(ticket: Record<string, unknown>, reader: TimestampReader, settings: DurationSettings): number;
  /**
   * The metric's own reasons a ticket is invalid, beyond those of `ticketIssues` (which are
   * checked first): e.g. a paused time longer than the resolution time.
   */
  explain(ticket: Record<string, unknown>, reader: TimestampReader, settings: DurationSettings, path: KpiPath): IssueSpec[];
}

/** The result of a duration metric. */
export type DurationResult<X extends string> = DurationSummary & {
  /** Tickets with a duration within `targetMs`, when a target was given. */
  readonly withinTarget: { readonly count: number; readonly share: number | null; readonly targetMs: number } | null;
  /** Tickets left out, by reason; `invalid` ones only with `onInvalid: 'exclude'`. */
  readonly excluded: Readonly<Record<X, number>> & {
    readonly invalid: number;
    /** Index of every invalid ticket. */
    readonly invalidIndices: readonly number[];
    /** The first 100 invalid tickets with their issues. */
    readonly invalidTickets: readonly InvalidTicket[];
  };
  /** `'calendar'` or `'business-hours'`. */
  readonly time: 'calendar' | 'business-hours';
};

/** The JSON state of a duration accumulator. */
export interface DurationAccumulatorJSON {
  readonly metric: string;
  readonly durations: readonly number[];
  readonly excluded: readonly number[];
  readonly invalid: { readonly count: number; readonly indices: readonly number[]; readonly listed: readonly InvalidTicket[] };
  readonly seen: number;
}

/** A mergeable accumulator of a duration metric. */
export interface DurationAccumulator<X extends string> {
  /** The metric it computes. */
  readonly metric: string;
  /** Tickets added so far (measured, excluded and invalid). */
  readonly n: number;
  /** Adds one ticket; `index` (default: the count so far) names it in errors and in `excluded`. */
  add(ticket: unknown, index?: number): this;
  /**
   * Adds many tickets in one validated pass; ticket i is named `offset + i` in errors and in
   * `excluded` (default `offset`: the count so far, so that consecutive calls number tickets as
   * one array would; a shard passes its position in the whole).
   */
  addAll(tickets: readonly unknown[], offset?: number): this;
  /** Adds another accumulator's state (same metric and options). */
  merge(other: DurationAccumulator<X>): this;
  /** A hint that about `tickets` more tickets will be added or merged (sizes the durations once). */
  reserve(tickets: number): void;
  /** The metric over everything added and merged. */
  result(): DurationResult<X>;
  /** A plain JSON state; restore it with `fromJSON`. */
  toJSON(): DurationAccumulatorJSON;
}

/** Options common to the duration metrics. */
export interface DurationOptions {
  /** Percentiles to report, in percent (0–100 exclusive). Default `[90]`. The median is always given. */
  readonly percentiles?: readonly number[];
  /** A target in ms: the result then gives how many durations are within it (≤ target) and their share. */
  readonly targetMs?: number;
  /** Statuses that mean resolved (case-insensitive). Default `['solved', 'closed', 'resolved']`. */
  readonly resolvedStatuses?: readonly string[];
  /** Time zone of zone-less timestamp strings. Default `'UTC'`. */
  readonly timeZone?: string;
  /** `'throw'` (default) or `'exclude'` invalid tickets (then counted and listed in `excluded`). */
  readonly onInvalid?: OnInvalid;
}

/** Reads a `calendar` option (a `businessCalendar()`), or null. @internal */
export function readCalendar(fn: string, value: unknown): DurationCalendar | null {
  if (value === undefined) return null;
  if (isRecord(value) && typeof (value as { duration?: unknown }).duration === 'function') return value as unknown as DurationCalendar;
  return fail(fn, { code: 'invalid_type', path: ['options', 'calendar'], input: value, expected: 'a calendar made by businessCalendar()' });
}

/** Validates the options of a duration metric. */
export function readDurationSettings<X extends string>(spec: DurationMetricSpec<X>, options: unknown): DurationSettings {
  const fn = spec.metric;
  const keys = [...TICKET_OPTION_KEYS, 'percentiles', 'targetMs', ...(spec.calendar ? ['calendar'] : []), ...Object.keys(spec.extraOptions)];
  const o = readOptions(fn, options, keys);
  const base = readTicketSettings(fn, o);
  const target = o['targetMs'];
  if (target !== undefined && !(typeof target === 'number' && target >= 0 && target <= MAX_DURATION_MS)) {
    fail(fn, { code: typeof target === 'number' ? 'out_of_range' : 'invalid_type', path: ['options', 'targetMs'], input: target, expected: 'a duration in ms (a finite number ≥ 0)' });
  }
  const extra: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(spec.extraOptions)) extra[key] = read(fn, o[key]);
  return new Settings(base, readPercentiles(fn, o['percentiles']), spec.calendar ? readCalendar(fn, o['calendar']) : null, (target as number | undefined) ?? null, extra);
}

/**
 * Settings as a class: every instance has the same shape from its construction, so that the hot
 * loops reading them see one map (object literals built by spreading did not, and their reads
 * were deoptimised again and again).
 */
class Settings implements DurationSettings {
  readonly resolvedStatuses: readonly string[];
  readonly timeZone: string;
  readonly onInvalid: OnInvalid;

  constructor(
    base: TicketSettings,
    readonly percentiles: readonly number[],
    readonly calendar: DurationCalendar | null,
    readonly targetMs: number | null,
    readonly extra: Readonly<Record<string, unknown>>,
  ) {
    this.resolvedStatuses = base.resolvedStatuses;
    this.timeZone = base.timeZone;
    this.onInvalid = base.onInvalid;
  }
}

class Accumulator<X extends string> implements DurationAccumulator<X> {
  readonly metric: string;
  private readonly sample = new DurationSample();
  private readonly excluded: number[];
  private seen = 0;
  private readonly invalid: InvalidTickets;
  private readonly reader: TimestampReader;
  private readonly fields: readonly TicketField[];
  private route: RouteState | null = null;

  constructor(
    private readonly spec: DurationMetricSpec<X>,
    private readonly settings: DurationSettings,
  ) {
    this.metric = spec.metric;
    this.excluded = spec.excludedKeys.map(() => 0);
    this.invalid = new InvalidTickets(spec.metric, settings.onInvalid);
    this.reader = new TimestampReader(settings.timeZone);
    this.fields = typeof spec.fields === 'function' ? spec.fields(settings) : spec.fields;
  }

  get n(): number {
    return this.seen;
  }

  /**
   * Starts routing `tickets` (see {@link routeDurations}): this accumulator, empty, will become the
   * merge of the parts the tickets are routed to. @internal
   */
  routeStart(tickets: readonly unknown[]): void {
    if (this.seen !== 0 || this.sample.n !== 0) throw new Error('kpi-kit internal error: routing into a non-empty accumulator');
    this.route = { tickets, values: new Float64Array(tickets.length), codes: new Uint8Array(tickets.length), n: 0, min: Infinity, max: -Infinity, counts: null, excluded: [], invalid: [], maxCode: 0 };
  }

  /**
   * Reads every ticket (see {@link routeDurations}), each with its part code from `placer`; stops at
   * the first ticket whose code is negative and returns its index (else the number of tickets).
   * @internal
   */
  routeAll(placer: TicketPlacer): number {
    const r = this.route as RouteState;
    const { spec, reader, settings } = this;
    const tickets = r.tickets;
    const values = r.values;
    let codes = r.codes;
    let maxCode = r.maxCode;
    let n = r.n;
    let min = r.min;
    let max = r.max;
    const len = tickets.length;
    for (let i = 0; i < len; i++) {
      const t: unknown = tickets[i];
      let code: number;
      let d: number;
      if (typeof t === 'object' && t !== null) {
        code = placer.code(placer.instant(t), t, i);
        d = spec.read(t as Record<string, unknown>, reader, settings);
      } else {
        code = placer.code(NaN, t, i);
        d = INVALID;
      }
      if (code < 0) {
        r.n = n;
        r.maxCode = maxCode;
        r.min = min;
        r.max = max;
        return i;
      }
      if (code > maxCode) {
        // A new part: wider codes when they no longer fit.
        maxCode = code;
        r.n = n;
        this.routeCode(code);
        codes = r.codes;
      }
      if (d >= 0) {
        values[n] = d;
        codes[n++] = code;
        if (d < min) min = d;
        if (d > max) max = d;
      } else if (d === INVALID) {
        // Raised at once when invalid tickets throw (so errors come in ticket order); else listed later by its part.
        if (settings.onInvalid === 'throw') this.reportInvalid(t, i, ['tickets', i]);
        r.invalid.push(i, code);
      } else {
        const k = this.excluded.length;
        const at = code * k + (-1 - d);
        while (r.excluded.length <= at) r.excluded.push(0);
        (r.excluded[at] as number)++;
      }
    }
    r.n = n;
    r.maxCode = maxCode;
    r.min = min;
    r.max = max;
    return len;
  }

  /**
   * Per code: the measured tickets (one tight pass over the codes: cheaper than a count per ticket
   * in the routing loop), and all tickets seen (measured, excluded and invalid). @internal
   */
  routeCounts(): Float64Array {
    return this.routeTally().measured;
  }

  /** Tickets seen per code (see {@link routeCounts}). @internal */
  routeSeen(): Float64Array {
    return this.routeTally().seen;
  }

  private routeTally(): { readonly measured: Float64Array; readonly seen: Float64Array } {
    const r = this.route as RouteState;
    if (r.counts !== null) return r.counts;
    const measured = new Float64Array(r.maxCode + 1);
    countCodes(r.codes, r.n, measured);
    const seen = measured.slice();
    const k = this.excluded.length;
    for (let at = 0; at < r.excluded.length; at++) {
      const code = Math.floor(at / k);
      seen[code] = (seen[code] as number) + (r.excluded[at] as number);
    }
    for (let j = 1; j < r.invalid.length; j += 2) seen[r.invalid[j] as number] = (seen[r.invalid[j] as number] as number) + 1;
    r.counts = { measured, seen };
    return r.counts;
  }

  /** Makes room for part codes up to `code` (8 bits to begin with, then 16, then 32). */
  private routeCode(code: number): void {
    const r = this.route as RouteState;
    const bits = r.codes instanceof Uint8Array ? 8 : r.codes instanceof Uint16Array ? 16 : 32;
    if (code < 2 ** bits || bits === 32) return;
    const wide = code < 65_536 ? new Uint16Array(r.values.length) : new Int32Array(r.values.length);
    wide.set(r.codes.subarray(0, r.n));
    r.codes = wide;
  }

  /**
   * Ends routing: `parts[c]` (new, empty, same metric and options; `null` for a code no ticket had)
   * receives the tickets of code c, `seen[c]` of them, and this accumulator becomes their merge.
   * The durations stay in one buffer, this accumulator's, ordered part after part; each part's
   * storage is its range of it, so take the parts' results before this one's (a result reorders the
   * durations it summarises). @internal
   */
  routeFinish(parts: readonly (Accumulator<X> | null)[], seen: ArrayLike<number>): void {
    const r = this.route as RouteState;
    const stats = this.routeCounts();
    this.route = null;
    const partOf = (code: number): Accumulator<X> => {
      const part = parts[code];
      if (part === undefined || part === null) throw new Error(`kpi-kit internal error: no part for code ${code}`);
      return part;
    };
    const { values, codes } = r;
    const k = this.excluded.length;
    const settle = (): void => {
      for (let code = 0; code <= r.maxCode; code++) {
        if (parts[code] === null) continue;
        const part = partOf(code);
        for (let x = 0; x < k; x++) part.excluded[x] = r.excluded[code * k + x] ?? 0;
        part.seen = seen[code] as number;
      }
      for (let j = 0; j < r.invalid.length; j += 2) {
        const index = r.invalid[j] as number;
        partOf(r.invalid[j + 1] as number).reportInvalid(r.tickets[index], index, ['tickets', index]);
      }
    };
    // Without a target to count against: every part's figures from one histogram pass, no
    // durations moved (see groupedFigures); integers only, else the ordering below.
    const probs = [0.5, ...this.settings.percentiles.map((p) => p / 100)];
    const grouped = this.settings.targetMs === null ? groupedFigures(values, codes, r.n, r.maxCode + 1, probs, r.min, r.max) : null;
    if (grouped !== null) {
      const empty = new Float64Array(0);
      for (let code = 0; code <= r.maxCode; code++) {
        if (parts[code] === null) continue;
        const f = grouped.groups[code] as GroupFigures;
        partOf(code).sample.preset(empty, f.n, f.sum, f.min, f.max, probs, f.quantiles);
      }
      settle();
      const u = grouped.union;
      this.sample.preset(values, u.n, u.sum, u.min, u.max, probs, u.quantiles);
      this.mergeParts(parts);
      return;
    }
    // Each duration moved to its part's range, part after part, in place (a one-digit American
    // flag sort: every swap puts one duration in its final range).
    const start = new Float64Array(r.maxCode + 2);
    for (let c = 0; c <= r.maxCode; c++) start[c + 1] = (start[c] as number) + (stats[c] as number);
    const next = start.slice();
    for (let c = 0; c <= r.maxCode; c++) {
      const end = start[c + 1] as number;
      let i = next[c] as number;
      while (i < end) {
        const x = codes[i] as number;
        if (x === c) {
          i++;
          continue;
        }
        const j = next[x] as number;
        next[x] = j + 1;
        const v = values[i] as number;
        values[i] = values[j] as number;
        values[j] = v;
        codes[i] = codes[j] as number;
        codes[j] = x;
      }
    }
    for (let code = 0; code <= r.maxCode; code++) {
      if (parts[code] === null) continue;
      partOf(code).sample.fill(values.subarray(start[code] as number, start[code + 1] as number));
    }
    settle();
    const present = parts.filter((p): p is Accumulator<X> => p !== null);
    this.sample.adopt(values, present.map((p) => p.sample));
    this.mergeParts(parts);
  }

  /** Adds the parts' excluded, seen and invalid tickets to this accumulator's (routing's end). */
  private mergeParts(parts: readonly (Accumulator<X> | null)[]): void {
    for (const part of parts) {
      if (part === null) continue;
      part.excluded.forEach((count, x) => {
        this.excluded[x] = (this.excluded[x] as number) + count;
      });
      this.seen += part.seen;
      this.invalid.merge(part.invalid);
    }
  }

  reserve(tickets: number): void {
    if (Number.isSafeInteger(tickets) && tickets > 0) this.sample.grow(this.sample.n + tickets, true);
  }

  add(ticket: unknown, index?: number): this {
    this.one(ticket, index ?? this.seen);
    this.seen++;
    return this;
  }

  addAll(tickets: readonly unknown[], offset?: number): this {
    if (!Array.isArray(tickets)) {
      return fail(this.metric, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
    }
    const base = readOffset(this.metric, offset, this.seen);
    const { spec, settings, reader, sample } = this;
    const len = tickets.length;
    // Exactly the size needed for a first call (one array: no spare room), by doubling after it
    // (batches of a stream: amortised, not a copy of everything so far on every call).
    sample.grow(sample.n + len, this.seen === 0);
    const excluded = this.excluded;
    for (let i = 0; i < len; i++) {
      const t: unknown = tickets[i];
      const d = typeof t === 'object' && t !== null ? spec.read(t as Record<string, unknown>, reader, settings) : INVALID;
      if (d >= 0) sample.push(d);
      else if (d === INVALID) this.reportInvalid(t, base + i, ['tickets', base + i]);
      else (excluded[-1 - d] as number)++;
    }
    this.seen += len;
    return this;
  }

  private one(t: unknown, index: number): void {
    const d = typeof t === 'object' && t !== null ? this.spec.read(t as Record<string, unknown>, this.reader, this.settings) : INVALID;
    if (d >= 0) this.sample.push(d);
    else if (d === INVALID) this.reportInvalid(t, index, ['tickets', index]);
    else (this.excluded[-1 - d] as number)++;
  }

  private reportInvalid(t: unknown, index: number, path: KpiPath): void {
    let specs = ticketIssues(t, this.fields, this.spec.required, this.reader, path);
    if (specs.length === 0) specs = this.spec.explain(t as Record<string, unknown>, this.reader, this.settings, path);
    if (specs.length === 0) throw new Error(`kpi-kit internal error: ${this.metric} rejected ticket ${index} without a reason`);
    this.invalid.report(index, specs);
  }

  merge(other: DurationAccumulator<X>): this {
    if (!(other instanceof Accumulator) || other.metric !== this.metric) {
      return fail(this.metric, { code: 'invalid_type', path: ['other'], input: other, expected: `a ${this.metric} accumulator` });
    }
    const o = other as Accumulator<X>;
    this.sample.merge({ values: o.sample.values, n: o.sample.n });
    o.excluded.forEach((count, k) => {
      this.excluded[k] = (this.excluded[k] as number) + count;
    });
    this.seen += o.seen;
    this.invalid.merge(o.invalid);
    return this;
  }

  result(): DurationResult<X> {
    const { sample, settings } = this;
    // The summary reorders the stored durations in place (selection), which leaves their set — all
    // the accumulator's state that matters — as it was: no copy is needed to go on adding.
    const summary = sample.summary(settings.percentiles);
    let withinTarget: DurationResult<X>['withinTarget'] = null;
    if (settings.targetMs !== null) {
      let count = 0;
      const values = sample.values;
      for (let i = 0; i < sample.n; i++) if ((values[i] as number) <= settings.targetMs) count++;
      withinTarget = { count, share: sample.n === 0 ? null : count / sample.n, targetMs: settings.targetMs };
    }
    return deepFreeze({
      ...summary,
      withinTarget,
      excluded: {
        ...Object.fromEntries(this.spec.excludedKeys.map((key, k) => [key, this.excluded[k]])),
        invalid: this.invalid.count,
        // In index order, whatever order shards were merged in.
        invalidIndices: [...this.invalid.indices].sort((a, b) => a - b),
        invalidTickets: [...this.invalid.listed].sort((a, b) => a.index - b.index),
      } as DurationResult<X>['excluded'],
      time: settings.calendar === null ? 'calendar' : 'business-hours',
    });
  }

  toJSON(): DurationAccumulatorJSON {
    return {
      metric: this.metric,
      durations: this.sample.toArray(),
      excluded: [...this.excluded],
      invalid: this.invalid.toJSON(),
      seen: this.seen,
    };
  }

  /** Takes a validated column of durations and the count of tickets without one. */
  takeDurations(values: ArrayLike<number>, excluded: number): this {
    this.sample.merge({ values });
    this.excluded[0] = (this.excluded[0] as number) + excluded;
    this.seen += values.length + excluded;
    return this;
  }

  /** Restores a state (validated). */
  restore(json: unknown): this {
    const fn = `${this.metric}Accumulator.fromJSON`;
    if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: 'an object' });
    const issues = new IssueCollector(fn);
    if (json['metric'] !== this.metric) issues.add({ code: 'invalid_value', path: ['metric'], input: json['metric'], expected: `"${this.metric}"` });
    const durations = json['durations'];
    if (!Array.isArray(durations) || !durations.every((d: unknown) => typeof d === 'number' && d >= 0 && d <= MAX_DURATION_MS)) {
      issues.add({ code: 'invalid_value', path: ['durations'], input: durations, expected: 'an array of durations in ms' });
    }
    const excluded = json['excluded'];
    if (!(Array.isArray(excluded) && excluded.length === this.excluded.length)) {
      issues.add({ code: 'invalid_value', path: ['excluded'], input: excluded, expected: `an array of ${this.excluded.length} counts` });
    } else {
      excluded.forEach((c: unknown, k) => issues.check(c, COUNT, ['excluded', k]));
    }
    issues.check(json['seen'], COUNT, ['seen']);
    const invalid = json['invalid'];
    const invalidOk =
      isRecord(invalid) && Number.isSafeInteger(invalid['count']) && Array.isArray(invalid['indices']) && Array.isArray(invalid['listed']);
    if (!invalidOk) issues.add({ code: 'invalid_value', path: ['invalid'], input: invalid, expected: '{ count, indices, listed }' });
    issues.throwIfAny();
    this.sample.merge({ values: durations as number[] });
    (excluded as number[]).forEach((c, k) => {
      this.excluded[k] = c;
    });
    this.seen = json['seen'] as number;
    this.invalid.merge(invalid as unknown as InvalidTickets);
    return this;
  }
}

/** The accumulator factory of a duration metric. */
export interface DurationAccumulatorFactory<O, X extends string> {
  /** A new, empty accumulator with these options. */
  create(options?: O): DurationAccumulator<X>;
  /** An accumulator restored from `toJSON()` output; pass the same options it was created with. */
  fromJSON(json: unknown, options?: O): DurationAccumulator<X>;
}

/** Makes the accumulator factory of a metric. @internal */
export function durationAccumulatorFactory<O, X extends string>(spec: DurationMetricSpec<X>): DurationAccumulatorFactory<O, X> {
  return Object.freeze({
    create: (options?: O) => new Accumulator(spec, readDurationSettings(spec, options)),
    fromJSON: (json: unknown, options?: O) => new Accumulator(spec, readDurationSettings(spec, options)).restore(json),
  });
}

/**
 * Runs a duration metric over its input: `{ tickets }` (records) or `{ durations, <excludedKey>? }`
 * (a column of durations in ms, e.g. a Float64Array, plus the count of tickets without one).
 * @internal
 */
export function runDurationMetric<X extends string>(spec: DurationMetricSpec<X>, input: unknown, options: unknown): DurationResult<X> {
  const fn = spec.metric;
  if (!isRecord(input)) return fail(fn, { code: 'invalid_type', path: [], input, expected: `an object: { tickets } or { durations, ${spec.excludedKeys[0]} }` });
  const settings = readDurationSettings(spec, options);
  const hasTickets = input['tickets'] !== undefined;
  const hasDurations = input['durations'] !== undefined;
  if (hasTickets === hasDurations) {
    return fail(fn, {
      code: hasTickets ? 'ambiguous' : 'missing',
      path: [],
      input,
      detail: hasTickets
        ? `${fn}: give either tickets or durations, not both`
        : `${fn}: input needs tickets (an array of tickets) or durations (durations in ms)`,
    });
  }
  const acc = new Accumulator(spec, settings);
  if (hasTickets) {
    const tickets = input['tickets'];
    if (!Array.isArray(tickets)) return fail(fn, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
    return acc.addAll(tickets).result();
  }
  if (settings.calendar !== null) {
    return fail(fn, { code: 'invalid_value', path: ['options', 'calendar'], input: settings.calendar, detail: `${fn}: business hours need timestamps; durations cannot be converted to business time` });
  }
  const durations = input['durations'];
  if (!isArrayLike(durations)) return fail(fn, { code: 'invalid_type', path: ['durations'], input: durations, expected: 'an array or typed array of durations in ms' });
  const issues = new IssueCollector(fn);
  const key = spec.excludedKeys[0] as X;
  const excluded = input[key] ?? 0;
  issues.check(excluded, COUNT, [key]);
  let bad = 0;
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i];
    if (!(typeof d === 'number' && d >= 0 && d <= MAX_DURATION_MS)) {
      if (bad++ < 100) {
        issues.add({ code: typeof d === 'number' ? (Number.isFinite(d) ? 'out_of_range' : 'not_finite') : 'invalid_type', path: ['durations', i], input: d, expected: 'a duration in ms: a finite number ≥ 0' });
      } else {
        issues.addUnlisted(1);
      }
    }
  }
  issues.throwIfAny();
  return acc.takeDurations(durations as ArrayLike<number>, excluded as number).result();
}

/**
 * Routes tickets into many accumulators of one duration metric in one pass (byPeriod): `total` (new
 * and empty) reads each ticket once, keeps its duration with the ticket's part code, and at the end
 * hands every part its tickets and becomes the merge of all of them — without a second pass over the
 * tickets. Returns `null` (nothing done) when `total` is not a duration accumulator. @internal
 */
export function routeDurations(
  total: unknown,
  tickets: readonly unknown[],
): {
  /**
   * Reads every ticket, placed by `placer.code(ticket, index)` in the part of that code; stops at
   * the first negative code and returns that ticket's index (else the number of tickets).
   */
  addAll(placer: TicketPlacer): number;
  /** Tickets seen per part code (measured, excluded and invalid), once `addAll` is done. */
  seen(): ArrayLike<number>;
  /** Hands `parts[code]` its tickets (`seen[code]` of them; `null`: no such code) and makes `total` their merge. */
  finish(parts: readonly unknown[], seen: ArrayLike<number>): void;
} | null {
  if (!(total instanceof Accumulator)) return null;
  const all = total as Accumulator<string>;
  all.routeStart(tickets);
  return {
    addAll: (placer) => all.routeAll(placer),
    seen: () => all.routeSeen(),
    finish: (parts, seen) => {
      if (!parts.every((p) => p === null || (p instanceof Accumulator && p.metric === all.metric))) throw new Error('kpi-kit internal error: routed parts of another metric');
      all.routeFinish(parts as (Accumulator<string> | null)[], seen);
    },
  };
}

/**
 * What places tickets in parts (byPeriod's periods): `instant(ticket)` reads the placing instant
 * when it is plain epoch ms (else NaN), then `code(instant, ticket, index)` gives a part code ≥ 0,
 * or −1 to stop. Both small enough to be inlined into the routing loop.
 */
export interface TicketPlacer {
  instant(ticket: object): number;
  code(instant: number, ticket: unknown, index: number): number;
}

/** The state of a routing pass (see {@link routeDurations}). */
interface RouteState {
  readonly tickets: readonly unknown[];
  /** The measured durations, in ticket order. */
  readonly values: Float64Array;
  /** The part code of each measured duration. */
  codes: Uint8Array | Uint16Array | Int32Array;
  /** Per code, once counted: measured tickets, then excluded and invalid ones (see `routeCounts`). */
  counts: { readonly measured: Float64Array; readonly seen: Float64Array } | null;
  n: number;
  /** Bounds of the measured durations. */
  min: number;
  max: number;
  /** Excluded counts: code × reasons + reason. */
  readonly excluded: number[];
  /** Invalid tickets to list (when they do not throw): index, code, index, code, ... */
  readonly invalid: number[];
  maxCode: number;
}

/** Durations per part code (a function of its own, so that it is optimised whole, not on the fly). */
function countCodes(codes: ArrayLike<number>, n: number, measured: Float64Array): void {
  for (let j = 0; j < n; j++) measured[codes[j] as number] = (measured[codes[j] as number] as number) + 1;
}
