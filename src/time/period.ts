/**
 * Calendar periods (day, ISO or custom week, month, quarter) that begin at local midnight in an IANA
 * time zone, and a fast bucketer that places instants in them without allocating.
 *
 * @module
 */
import { type KpiPath } from '../core/errors.js';
import { IssueCollector, checkRule, describeRule, fail, integerRange, isRecord, readOptions } from '../core/validate.js';
import { type TimestampInput, TimestampReader, readTimeZone, timestampIssue } from './timestamp.js';
import { ZoneOffsets } from './zone.js';

/** The length of a period: a calendar day, week, month or quarter. */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter';

/** The period units, in order of length. */
export const PERIOD_UNITS: readonly PeriodUnit[] = Object.freeze(['day', 'week', 'month', 'quarter']);

/** Options of {@link periodBucketer} and {@link periodOf}. */
export interface PeriodOptions {
  /** The length of the periods: `'day'`, `'week'`, `'month'` or `'quarter'`. Required. */
  readonly period: PeriodUnit;
  /**
   * IANA time zone in which periods begin at local midnight (`'Europe/Berlin'`, or a UTC offset
   * like `'+05:30'`). Default `'UTC'`. Zone-less timestamp strings are read in it too.
   */
  readonly timeZone?: string;
  /**
   * First day of the week, 0 = Sunday … 6 = Saturday. Default 1 (Monday, ISO 8601). Only weeks
   * use it; the other units accept and ignore it.
   */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** One period: its label and the instants it covers, `[startMs, endMs)`. */
export interface Period {
  /**
   * Its label: day `'2024-03-31'`; week `'2024-03-25'` (the date of its first day); month
   * `'2024-03'`; quarter `'2024-Q1'`. Years outside 0000–9999 are written with a sign and six
   * digits, as `Date.prototype.toISOString` does (`'+012345-01'`).
   */
  readonly key: string;
  /** Epoch ms of its first instant: local midnight of its first day (see {@link periodBucketer}). */
  readonly startMs: number;
  /** Epoch ms just after its last instant: the `startMs` of the next period. */
  readonly endMs: number;
}

/** Places instants in periods; made by {@link periodBucketer}. */
export interface PeriodBucketer {
  /** The period unit (`options.period`; named `unit` here, beside the method `period`). */
  readonly unit: PeriodUnit;
  /** The time zone in which periods begin. */
  readonly timeZone: string;
  /** First day of the week (0 = Sunday … 6 = Saturday); used by weeks only. */
  readonly weekStartsOn: number;
  /**
   * The ordinal of the period containing the instant `ms` (epoch ms): an integer; consecutive
   * periods differ by 1 (days or weeks counted from 1970-01-01, months and quarters from year 0).
   * The last period found is cached, so runs of instants in one period (sorted exports) cost two
   * comparisons.
   * @throws {@link KpiInputError} when `ms` is not a finite number within ±8.64e15 (the range of `Date`).
   */
  indexOf(ms: number): number;
  /**
   * The period with that ordinal: its key and `[startMs, endMs)`.
   * @throws {@link KpiInputError} when `index` is not an integer ordinal of a period within the range of `Date`.
   */
  period(index: number): Period;
}

const DAY_MS = 86_400_000;
/** The largest |epoch ms| a `Date` can hold. */
const MAX_EPOCH_MS = 8.64e15;
/** The largest |day number| of an ordinal accepted by `period` (a period may start before -8.64e15 ms). */
const MAX_DAY = MAX_EPOCH_MS / DAY_MS + 100;
/**
 * Before this instant every zone keeps its first (local mean time) offset (see the time-zone
 * module); after it the zone's own offsets apply, DST included, to the end of the range of Date.
 */
const OFFSETS_FROM = Date.UTC(1800, 0, 1);
/** Wall times whose instant `ZoneOffsets.utcOfWall` computes (it reads offsets a day either side). */
const WALL_FROM = OFFSETS_FROM + 2 * DAY_MS;
/** The most period starts a bucketer keeps (1 MB); periods beyond that window are computed each time. */
const MAX_TABLE = 131_072;

/** Months from January of year 0 to January 1970: the month ordinal of 1970-01. */
const MONTHS_TO_1970 = 1970 * 12;

const UNIT_DAY = 0;
const UNIT_WEEK = 1;
const UNIT_MONTH = 2;
const UNIT_QUARTER = 3;

const PERIOD_EXPECTED = "one of 'day', 'week', 'month', 'quarter'";
const WEEK_START_RULE = integerRange(0, 6);

/** The validated period options. @internal */
export interface PeriodSettings {
  readonly period: PeriodUnit;
  readonly timeZone: string;
  readonly weekStartsOn: number;
}

/**
 * Validates period options: an object with known keys only (those of {@link PeriodOptions} and
 * `extraKeys`), a period unit, a time zone and a week start. Returns the settings and the options
 * object, for the caller's own keys.
 * @internal
 */
export function readPeriodOptions(
  fn: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): { readonly settings: PeriodSettings; readonly options: Record<string, unknown> } {
  if (!isRecord(options)) {
    return fail(fn, { code: 'invalid_type', path: ['options'], input: options, expected: "an options object like { period: 'month' }" });
  }
  const o = readOptions(fn, options, ['period', 'timeZone', 'weekStartsOn', ...extraKeys]);
  const issues = new IssueCollector(fn);
  const period = o['period'];
  if (period === undefined) issues.add({ code: 'missing', path: ['options', 'period'], input: period, expected: PERIOD_EXPECTED });
  else if (!PERIOD_UNITS.includes(period as PeriodUnit))
    issues.add({ code: 'invalid_value', path: ['options', 'period'], input: period, expected: PERIOD_EXPECTED });
  const weekStartsOn = o['weekStartsOn'] ?? 1;
  const code = checkRule(WEEK_START_RULE, weekStartsOn);
  if (code !== null) {
    issues.add({
      code,
      path: ['options', 'weekStartsOn'],
      input: weekStartsOn,
      expected: `${describeRule(WEEK_START_RULE)} (0 = Sunday, 1 = Monday, … 6 = Saturday)`,
    });
  }
  issues.throwIfAny();
  const timeZone = readTimeZone(fn, o['timeZone']);
  return { settings: { period: period as PeriodUnit, timeZone, weekStartsOn: weekStartsOn as number }, options: o };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). Howard Hinnant's
 * `days_from_civil` (http://howardhinnant.github.io/date_algorithms.html), exact for any integer year.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146_097 + doe - 719_468;
}

/**
 * Months since January of year 0 (year · 12 + month − 1) of the date `day` days after 1970-01-01.
 * Hinnant's `civil_from_days`, keeping only the year and month: pure integer arithmetic, no allocation.
 */
function monthOrdinalOfDay(day: number): number {
  const z = day + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097; // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365); // [0, 399]
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], 0 = March
  // Years run from March: January and February (mp 10, 11) belong to the next civil year.
  return (era * 400 + yoe + (mp >= 10 ? 1 : 0)) * 12 + (mp < 10 ? mp + 2 : mp - 10);
}

/** The civil date of the day `day` days after 1970-01-01 (for keys; allocates). */
function civilOfDay(day: number): { readonly year: number; readonly month: number; readonly day: number } {
  const ordinal = monthOrdinalOfDay(day);
  const year = Math.floor(ordinal / 12);
  const month = ordinal - year * 12 + 1;
  return { year, month, day: day - daysFromCivil(year, month, 1) + 1 };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Day-table marks: not looked up yet, and a UTC day holding a period boundary. */
const UNKNOWN = -2_147_483_648;
const STRADDLES = -2_147_483_647;
/** The day table covers at most 2^20 days (about 2,870 years; 4 MB). */
const MAX_DAY_TABLE = 1 << 20;

/** A year as ISO 8601 writes it: four digits, or a sign and six digits outside 0000–9999. */
function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

function dateKey(day: number): string {
  const c = civilOfDay(day);
  return `${yearText(c.year)}-${pad2(c.month)}-${pad2(c.day)}`;
}

class Bucketer implements PeriodBucketer {
  private readonly zone: ZoneOffsets;
  /** The unit as a number, for the switches of the hot path. */
  private readonly code: number;
  /** The cached period: ordinal `lastIndex` covers [lastStart, lastEnd). */
  private lastStart = 0;
  private lastEnd = 0;
  private lastIndex = 0;
  /** Starts (epoch ms) of the periods with ordinals [base, base + starts.length), NaN until computed. */
  private starts = new Float64Array(0);
  /** Per UTC day (from dayBase): the ordinal of the period holding the whole day, or UNKNOWN / STRADDLES. */
  private days = new Int32Array(0);
  private dayBase = 0;
  private base = 0;
  /** The offset (ms) used before OFFSETS_FROM. */
  private offsetBefore = NaN;

  constructor(
    readonly unit: PeriodUnit,
    readonly timeZone: string,
    readonly weekStartsOn: number,
  ) {
    this.zone = new ZoneOffsets(timeZone);
    this.code = PERIOD_UNITS.indexOf(unit);
  }

  /** The start (epoch ms) of the period with ordinal `index` (from the table; no allocation). @internal */
  periodStart(index: number): number {
    return this.start(index);
  }

  /**
   * The period of a whole UTC day (`Math.floor(ms / 86_400_000)`) from the day table, or NaN when
   * the day is not in the table yet or holds a period boundary (then call `indexOf`). Takes and
   * returns small integers, so that hot loops pass no boxed doubles. @internal
   */
  dayIndex(day: number): number {
    const d = day - this.dayBase;
    if (d >= 0 && d < this.days.length) {
      const k = this.days[d] as number;
      if (k > STRADDLES) return k;
    }
    return NaN;
  }

  indexOf(ms: number): number {
    if (ms >= this.lastStart && ms < this.lastEnd) return this.lastIndex;
    // Unsorted input: the period of each UTC day without a period boundary is kept in a table.
    const d = Math.floor(ms / DAY_MS) - this.dayBase;
    if (d >= 0 && d < this.days.length) {
      const k = this.days[d] as number;
      if (k > STRADDLES) return k;
    }
    return this.locateDay(ms);
  }

  /** `locate`, then notes in the day table whether the whole UTC day of `ms` lies in that period. */
  private locateDay(ms: number): number {
    const k = this.locate(ms);
    const day = Math.floor(ms / DAY_MS);
    let d = day - this.dayBase;
    if (d < 0 || d >= this.days.length) {
      if (!this.growDays(day)) return k;
      d = day - this.dayBase;
    }
    this.days[d] = this.lastStart <= day * DAY_MS && this.lastEnd >= (day + 1) * DAY_MS ? k : STRADDLES;
    return k;
  }

  /** Widens the day table to hold `day` (doubling, at most MAX_DAY_TABLE days); false when it cannot. */
  private growDays(day: number): boolean {
    const old = this.days;
    if (old.length === 0) {
      this.dayBase = day - 512;
      this.days = new Int32Array(1024).fill(UNKNOWN);
      return true;
    }
    const from = Math.min(this.dayBase, day);
    const to = Math.max(this.dayBase + old.length, day + 1);
    let size = old.length;
    while (size < to - from) size *= 2;
    if (size > MAX_DAY_TABLE) return false;
    const base = day < this.dayBase ? to - size : from;
    const next = new Int32Array(size).fill(UNKNOWN);
    next.set(old, this.dayBase - base);
    this.days = next;
    this.dayBase = base;
    return true;
  }

  period(index: number): Period {
    if (!Number.isInteger(index)) {
      return fail('periodBucketer', {
        code: typeof index === 'number' ? 'not_integer' : 'invalid_type',
        path: ['index'],
        input: index,
        expected: 'an integer period ordinal (from indexOf)',
      });
    }
    const first = this.firstDay(index);
    if (!(Math.abs(first) <= MAX_DAY)) {
      return fail('periodBucketer', {
        code: 'out_of_range',
        path: ['index'],
        input: index,
        expected: 'the ordinal of a period within the range of Date (±8.64e15 ms)',
      });
    }
    const key =
      this.code === UNIT_MONTH
        ? `${yearText(Math.floor(index / 12))}-${pad2(index - Math.floor(index / 12) * 12 + 1)}`
        : this.code === UNIT_QUARTER
          ? `${yearText(Math.floor(index / 4))}-Q${index - Math.floor(index / 4) * 4 + 1}`
          : dateKey(first);
    return Object.freeze({ key, startMs: this.start(index), endMs: this.start(index + 1) });
  }

  /**
   * The slow path of indexOf: finds the period of `ms` and caches it. From an estimate (see
   * `estimate`), the period bounds decide — local midnights, each computed once and kept in
   * `starts` — so no offset lookup is needed per instant. The bounds also settle a local midnight
   * repeated by a fall-back across midnight: the later day begins at its first occurrence.
   */
  private locate(ms: number): number {
    if (typeof ms !== 'number' || !(ms >= -MAX_EPOCH_MS && ms <= MAX_EPOCH_MS)) {
      return fail('periodBucketer', {
        code: typeof ms !== 'number' ? 'invalid_type' : Number.isFinite(ms) ? 'out_of_range' : 'not_finite',
        path: ['ms'],
        input: ms,
        expected: 'a finite epoch ms within ±8.64e15 (the range of Date)',
      });
    }
    let k = this.estimate(ms);
    let start = this.start(k);
    while (ms < start) start = this.start(--k);
    let end = this.start(k + 1);
    while (ms >= end) {
      k++;
      start = end;
      end = this.start(k + 1);
    }
    this.lastStart = start;
    this.lastEnd = end;
    this.lastIndex = k;
    return k;
  }

  /**
   * The ordinal of the period containing the UTC date of `ms`: the right one or a neighbour (local
   * time is less than a day from UTC; months and quarters are counted in mean Gregorian months,
   * 146,097 days in 4,800, which the calendar never strays from by a whole month). `locate`
   * corrects it by the bounds. Integer arithmetic, one or two divisions.
   */
  private estimate(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    switch (this.code) {
      case UNIT_DAY:
        return day;
      case UNIT_WEEK:
        return Math.floor((day + 4 - this.weekStartsOn) / 7);
      case UNIT_MONTH:
        return MONTHS_TO_1970 + Math.floor((day * 4800) / 146_097);
      default:
        return Math.floor((MONTHS_TO_1970 + Math.floor((day * 4800) / 146_097)) / 3);
    }
  }

  /** The first local day (days since 1970-01-01) of the period with ordinal `k`. */
  private firstDay(k: number): number {
    switch (this.code) {
      case UNIT_DAY:
        return k;
      case UNIT_WEEK:
        return 7 * k - 4 + this.weekStartsOn;
      default: {
        const month = this.code === UNIT_MONTH ? k : 3 * k;
        const year = Math.floor(month / 12);
        return daysFromCivil(year, month - year * 12 + 1, 1);
      }
    }
  }

  /** The start of period `k`, from the table of starts (computed once per period). */
  private start(k: number): number {
    const i = k - this.base;
    const starts = this.starts;
    if (i >= 0 && i < starts.length) {
      const cached = starts[i] as number;
      if (cached === cached) return cached;
      return (starts[i] = this.startOf(k));
    }
    return this.startBeyond(k);
  }

  /** The start of a period outside the table: widens the table to hold it, unless too wide. */
  private startBeyond(k: number): number {
    const old = this.starts;
    const oldFrom = this.base;
    const oldTo = oldFrom + old.length;
    let from = k - 16;
    let to = k + 17;
    if (old.length > 0) {
      // Grow by half at least, towards k, so that a run of new periods costs amortised constant time.
      const grow = old.length >> 1;
      from = Math.min(from, k < oldFrom ? oldFrom - grow : oldFrom);
      to = Math.max(to, k < oldFrom ? oldTo : oldTo + grow);
    }
    if (to - from > MAX_TABLE) return this.startOf(k);
    const starts = new Float64Array(to - from).fill(NaN);
    if (old.length > 0) starts.set(old, oldFrom - from);
    this.starts = starts;
    this.base = from;
    return (starts[k - from] = this.startOf(k));
  }

  /** The instant of local midnight starting the period `k` (moved forward when in a DST gap). */
  private startOf(k: number): number {
    const wall = this.firstDay(k) * DAY_MS;
    // A fixed offset (`+05:30`): local midnight is that far from UTC midnight.
    if (this.zone.fixed) return this.zone.utcOfWall(wall);
    if (wall < WALL_FROM) return wall - this.boundOffset();
    return this.zone.utcOfWall(wall);
  }

  /** The offset (ms) held before OFFSETS_FROM. */
  private boundOffset(): number {
    if (this.offsetBefore !== this.offsetBefore) this.offsetBefore = this.zone.offsetMsAt(OFFSETS_FROM);
    return this.offsetBefore;
  }
}

/**
 * A bucketer of instants into calendar periods that begin at local midnight in a time zone: days,
 * weeks (starting on `weekStartsOn`, Monday by default as in ISO 8601), months or quarters.
 * `indexOf(ms)` gives the ordinal of the period containing an instant — consecutive periods differ
 * by 1 — and `period(index)` its key and `[startMs, endMs)`. It is the engine of `byPeriod`; use it
 * directly to bucket millions of instants of your own.
 *
 * Periods follow the zone's daylight-saving changes: a day in Europe/Berlin is 23 h long on the
 * spring-forward Sunday and 25 h on the fall-back one, and `endMs` of a period is always `startMs`
 * of the next. A local midnight that does not exist (a DST gap at midnight, as in
 * America/Santiago) moves forward by the gap; one that occurs twice starts the day at its first
 * occurrence. Offsets come from the runtime's IANA data (docs/metrics.md#time-zones): before 1800 a
 * zone's first offset (local mean time), DST rules to the end of the range of Date.
 *
 * Cost: an instant in the same period as the one before (sorted exports) costs two comparisons;
 * another one an estimate of its period from its UTC date (integer arithmetic) checked against the
 * period's bounds. Each bound — a local midnight, from the zone's offsets and Howard Hinnant's
 * days-from-civil algorithm — is computed once and kept in a table of the periods seen (at most
 * 131,072 of them, 1 MB); `indexOf` allocates only when that table grows. Make one bucketer per
 * pass, not one per instant.
 *
 * @param options - {@link PeriodOptions}: `period` (required), `timeZone` (default `'UTC'`),
 *   `weekStartsOn` (default 1, Monday).
 * @returns A {@link PeriodBucketer}.
 * @throws {@link KpiInputError} when `options` is not an object or has an unknown key, `period` is
 *   missing or not one of `'day'`, `'week'`, `'month'`, `'quarter'`, `timeZone` is not a time zone
 *   the runtime knows, or `weekStartsOn` is not an integer from 0 to 6. `indexOf` throws for an
 *   instant that is not a finite number within ±8.64e15, `period` for an ordinal that is not an
 *   integer or lies beyond that range.
 * @see Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil, civil_from_days): http://howardhinnant.github.io/date_algorithms.html
 * @see ISO 8601 (weeks start on Monday; calendar dates YYYY-MM-DD).
 *
 * @example
 * ```ts
 * import { periodBucketer } from 'kpi-kit';
 *
 * const days = periodBucketer({ period: 'day', timeZone: 'Europe/Berlin' });
 * const i = days.indexOf(Date.UTC(2024, 2, 31, 12)); // 2024-03-31 14:00 CEST
 * const day = days.period(i);
 * day.key; // '2024-03-31'
 * day.startMs === Date.UTC(2024, 2, 30, 23); // true (00:00 CET)
 * (day.endMs - day.startMs) / 3_600_000; // 23 (clocks jump from 02:00 to 03:00)
 * days.period(i + 1).startMs === day.endMs; // true
 *
 * const quarters = periodBucketer({ period: 'quarter' });
 * quarters.period(quarters.indexOf(Date.UTC(2024, 4, 8))).key; // '2024-Q2'
 * ```
 */
export function periodBucketer(options: PeriodOptions): PeriodBucketer {
  return bucketerOf(readPeriodOptions('periodBucketer', options).settings);
}

/** A bucketer for settings validated by {@link readPeriodOptions}. @internal */
export function bucketerOf(settings: PeriodSettings): PeriodBucketer & { periodStart(index: number): number; dayIndex(day: number): number } {
  return new Bucketer(settings.period, settings.timeZone, settings.weekStartsOn);
}

/**
 * The period containing a timestamp: its key and `[startMs, endMs)`, periods beginning at local
 * midnight in `options.timeZone` (see {@link periodBucketer}, which this calls once; for many
 * timestamps make one bucketer and reuse it).
 *
 * @param at - A `Date`, an ISO-8601 string or epoch ms. A string without a zone is read as a
 *   wall-clock time in `options.timeZone`.
 * @param options - {@link PeriodOptions}: `period` (required), `timeZone` (default `'UTC'`),
 *   `weekStartsOn` (default 1, Monday).
 * @returns The {@link Period}.
 * @throws {@link KpiInputError} for the options, as {@link periodBucketer} does, and for a timestamp
 *   that is not a valid `Date`, ISO-8601 string or epoch ms within ±8.64e15 (path `at`).
 * @see ISO 8601 (weeks start on Monday; calendar dates YYYY-MM-DD).
 *
 * @example
 * ```ts
 * import { periodOf } from 'kpi-kit';
 *
 * periodOf('2024-05-08T10:00:00Z', { period: 'week' }).key; // '2024-05-06' (Monday)
 * periodOf('2024-05-08T10:00:00Z', { period: 'week', weekStartsOn: 0 }).key; // '2024-05-05' (Sunday)
 * periodOf('2024-05-08', { period: 'month' }).key; // '2024-05'
 * // 2024-03-31T23:30Z is already April 1 in Berlin (01:30 CEST).
 * const april = periodOf('2024-03-31T23:30:00Z', { period: 'month', timeZone: 'Europe/Berlin' });
 * april.key; // '2024-04'
 * april.startMs === Date.UTC(2024, 2, 31, 22); // true
 * ```
 */
export function periodOf(at: TimestampInput, options: PeriodOptions): Period {
  const fn = 'periodOf';
  const { settings } = readPeriodOptions(fn, options);
  const ms = new TimestampReader(settings.timeZone).read(at);
  const path: KpiPath = ['at'];
  if (ms !== ms) return fail(fn, timestampIssue(at, path));
  const bucketer = bucketerOf(settings);
  return bucketer.period(bucketer.indexOf(ms));
}
