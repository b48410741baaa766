/**
 * Business-hours calendars: working hours per weekday in local wall time of an IANA zone, holidays,
 * and the business time between two instants, exact across midnight, weekends, holidays and DST
 * changes, and fast on millions of calls.
 *
 * How time is counted: each working interval of a local date (`'09:00'`–`'18:00'`) is turned into
 * the two instants its start and end name in the calendar's zone (with `ZoneOffsets.utcOfWall`:
 * a wall time in a spring-forward gap moves forward by the gap, a wall time that occurs twice takes
 * the earlier instant), and the real milliseconds between them are counted. So `00:00`–`24:00` lasts
 * 23 h on a spring-forward day and 25 h on a fall-back day, and `09:00`–`18:00` lasts 9 h on both
 * when the change happens at night. Intervals of a date that a DST gap makes overlap are merged
 * (nothing is counted twice); a date is never counted beyond its own midnights.
 *
 * How it is fast: the calendar keeps a table, built lazily over the dates it is asked about and
 * grown by doubling, of each local date's first instant, its open intervals as instants and the
 * cumulative business ms before it. `duration(a, b)` is then "business ms before b" minus "business
 * ms before a": two look-ups and a scan of at most a few intervals, whatever the span (a ten-year
 * span costs the same as an hour). The table holds at most 2^18 dates (about 718 years, ~48 bytes a
 * date for two intervals a day). A span it cannot hold (a stray timestamp in year 9999) is summed
 * from coarser prefix sums over blocks of 128 dates, also built lazily and kept: the first such call
 * computes every date of the span once (about 0.2 µs a date, plus reading the zone's offsets for
 * those years), later ones cost a few hundred dates at most.
 *
 * @module
 */
import { type KpiPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { IssueCollector, fail, isRecord } from '../core/validate.js';
import { type TimestampInput, TimestampReader, timestampIssue } from './timestamp.js';
import { ZoneOffsets, isTimeZone } from './zone.js';

const DAY_MS = 86_400_000;
/**
 * The largest |epoch ms| a calendar accepts: a little inside the range of `Date` (±8.64e15), so that
 * the zone's offsets can be read for the years around any accepted instant (about 270,500 BC to
 * AD 274,500).
 */
const MAX_INSTANT_MS = 8.6e15;
const INSTANT_RULE = 'epoch milliseconds within ±8.6e15 (about 270,500 BC to AD 274,500)';
/** 400 Gregorian years in days. */
const GREGORIAN_CYCLE_DAYS = 146_097;
/** The most local dates the lookup table of one calendar holds. */
const MAX_TABLE_DAYS = 1 << 18;
/** Dates added around the first request, so that nearby requests find the table ready. */
const TABLE_MARGIN_DAYS = 32;
/** Dates per block of the coarse prefix sums used for spans the table cannot hold. */
const BLOCK_DAYS = 128;
/** The most blocks of those sums: 2^21 · 128 dates cover the whole range of Date. */
const MAX_BLOCKS = 1 << 21;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const SPEC_KEYS = ['timeZone', 'hours', 'holidays'] as const;
const FN = 'businessCalendar';

/**
 * The definition of a business-hours calendar: a time zone, working intervals per weekday in local
 * wall time, and closed dates. Plain data: it is what {@link BusinessCalendar.toJSON} gives back, so a
 * calendar survives `JSON.stringify` / `JSON.parse` and {@link businessCalendar} again.
 */
export interface BusinessHoursSpec {
  /** IANA zone of the working hours and holidays, e.g. 'Europe/Berlin'. Required. */
  readonly timeZone: string;
  /**
   * Working intervals per weekday, local wall time 'HH:mm' (or 'HH:mm:ss'), end exclusive; '24:00'
   * allowed as an end. Keys mon tue wed thu fri sat sun; a missing key or [] = closed that day.
   * Several intervals a day allowed (a lunch break: `[['09:00', '12:00'], ['13:00', '18:00']]`);
   * they must be sorted and not overlap (else KpiInputError). An interval cannot cross midnight:
   * a night shift is `'22:00'`–`'24:00'` on one day and `'00:00'`–`'06:00'` on the next.
   */
  readonly hours: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', readonly (readonly [string, string])[]>>;
  /** Closed dates, 'YYYY-MM-DD' local dates in timeZone. Optional. */
  readonly holidays?: readonly string[];
}

/**
 * A business-hours calendar made by {@link businessCalendar}: counts the business time between two
 * instants. Immutable from the outside; it caches what it computes, so reuse one calendar for many
 * calls (e.g. pass it as the `calendar` option of `firstResponseTime`).
 */
export interface BusinessCalendar {
  /** The IANA zone of the working hours and holidays. */
  readonly timeZone: string;
  /**
   * Business ms between two instants (epoch ms); 0 when end <= start. The hot path of the duration
   * metrics: tens of ns a call once the dates are in the calendar's table.
   *
   * @param startMs - The start, epoch ms (fractions of a ms are kept).
   * @param endMs - The end, epoch ms.
   * @returns Business ms in [startMs, endMs): 0 ≤ result ≤ endMs − startMs.
   * @throws {@link KpiInputError} `invalid_type`, `not_finite` or `out_of_range` (beyond ±8.6e15 ms,
   *   about 270,500 BC to AD 274,500) for a bad argument, at path `['startMs']` or `['endMs']`.
   *
   * @example
   * ```ts
   * import { businessCalendar } from 'kpi-kit';
   *
   * const utc = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
   * // Monday 2024-11-18 08:00 → 10:00 UTC: open from 09:00, so 1 h.
   * utc.duration(Date.UTC(2024, 10, 18, 8), Date.UTC(2024, 10, 18, 10)); // 3600000
   * utc.duration(Date.UTC(2024, 10, 18, 10), Date.UTC(2024, 10, 18, 8)); // 0
   * ```
   */
  duration(startMs: number, endMs: number): number;
  /**
   * Whether the calendar is open at an instant (epoch ms): inside a working interval of its local
   * date (start inclusive, end exclusive) and not on a holiday.
   *
   * @param ms - The instant, epoch ms.
   * @returns `true` when open.
   * @throws {@link KpiInputError} `invalid_type`, `not_finite` or `out_of_range` for a bad argument,
   *   at path `['ms']`.
   *
   * @example
   * ```ts
   * import { businessCalendar } from 'kpi-kit';
   *
   * const utc = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
   * utc.isOpen(Date.UTC(2024, 10, 18, 9)); // true (Monday 09:00)
   * utc.isOpen(Date.UTC(2024, 10, 18, 17)); // false (the end is exclusive)
   * ```
   */
  isOpen(ms: number): boolean;
  /**
   * The spec it was made from (frozen copy), so it can be serialised with JSON.stringify.
   *
   * @returns The validated spec: `timeZone`, `hours` (the weekdays given, Monday first) and
   *   `holidays` when given.
   *
   * @example
   * ```ts
   * import { businessCalendar } from 'kpi-kit';
   *
   * const utc = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
   * JSON.stringify(utc); // '{"timeZone":"UTC","hours":{"mon":[["09:00","17:00"]]}}'
   * ```
   */
  toJSON(): BusinessHoursSpec;
}

/** Weekday of a local date given as days since 1970-01-01 (a Thursday): 0 = Monday … 6 = Sunday. */
function weekdayOf(day: number): number {
  const r = (day + 3) % 7;
  return r < 0 ? r + 7 : r;
}

/** Ms after midnight of `'HH:mm'` / `'HH:mm:ss'` (`'24:00'` gives a whole day), or NaN. */
function parseTime(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const m = /^(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (m === null) return NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h === 24 && min === 0 && s === 0) return DAY_MS;
  if (h > 23 || min > 59 || s > 59) return NaN;
  return h * 3_600_000 + min * 60_000 + s * 1000;
}

/** Days since 1970-01-01 of a real calendar date `'YYYY-MM-DD'`, or NaN. */
function parseDate(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
  if (m === null) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return NaN;
  // Date.UTC reads years 0–99 as 1900–1999: shift those by one 400-year Gregorian cycle.
  const shift = y >= 100 ? 0 : 400;
  const ms = Date.UTC(y + shift, mo - 1, d);
  // Day-of-month overflow (Feb 30 → Mar 1) is not a date.
  if (new Date(ms).getUTCDate() !== d) return NaN;
  return ms / DAY_MS - (shift === 0 ? 0 : GREGORIAN_CYCLE_DAYS);
}

const TIME_RULE = '"HH:mm" or "HH:mm:ss" (hours 00–23, minutes and seconds 00–59)';

/** What a valid spec gives: working intervals per weekday (wall ms after midnight) and holidays. */
interface ParsedSpec {
  readonly timeZone: string;
  /** Per weekday (0 = Monday): [start0, end0, start1, end1, ...] in ms after local midnight. */
  readonly week: readonly Float64Array[];
  /** Holidays as days since 1970-01-01. */
  readonly holidays: ReadonlySet<number>;
  /** The frozen copy of the spec that `toJSON` returns. */
  readonly json: BusinessHoursSpec;
}

/** Validates a spec, collecting every problem; throws them together. */
function parseSpec(spec: unknown): ParsedSpec {
  if (!isRecord(spec)) {
    return fail(FN, {
      code: 'invalid_type',
      path: [],
      input: spec,
      expected: 'a business-hours spec like { timeZone: "Europe/Berlin", hours: { mon: [["09:00", "18:00"]] } }',
    });
  }
  const issues = new IssueCollector(FN);
  for (const key of Object.keys(spec)) {
    if (!(SPEC_KEYS as readonly string[]).includes(key)) {
      issues.add({
        code: 'invalid_value',
        path: [key],
        input: spec[key],
        detail: `${key} is not a field of a business-hours spec (known: ${SPEC_KEYS.join(', ')})`,
      });
    }
  }

  const timeZone = spec['timeZone'];
  if (timeZone === undefined) {
    issues.add({ code: 'missing', path: ['timeZone'], input: timeZone, expected: 'an IANA time zone like "Europe/Berlin"' });
  } else if (!isTimeZone(timeZone)) {
    issues.add({
      code: typeof timeZone === 'string' ? 'invalid_value' : 'invalid_type',
      path: ['timeZone'],
      input: timeZone,
      expected: 'an IANA time zone like "Europe/Berlin" (or a UTC offset like "+05:30")',
    });
  }

  const week: Float64Array[] = WEEKDAYS.map(() => new Float64Array(0));
  const jsonHours: Partial<Record<Weekday, (readonly [string, string])[]>> = {};
  const hours = spec['hours'];
  let open = 0;
  if (hours === undefined) {
    issues.add({ code: 'missing', path: ['hours'], input: hours, expected: 'working intervals per weekday, like { mon: [["09:00", "18:00"]] }' });
  } else if (!isRecord(hours)) {
    issues.add({
      code: 'invalid_type',
      path: ['hours'],
      input: hours,
      expected: 'an object of working intervals per weekday, like { mon: [["09:00", "18:00"]] }',
    });
  } else {
    for (const key of Object.keys(hours)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        issues.add({
          code: 'invalid_value',
          path: ['hours', key],
          input: hours[key],
          detail: `hours.${key} is not a weekday (known: ${WEEKDAYS.join(', ')})`,
        });
      }
    }
    WEEKDAYS.forEach((wd, w) => {
      const list = hours[wd];
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        issues.add({ code: 'invalid_type', path: ['hours', wd], input: list, expected: 'an array of [start, end] pairs like [["09:00", "18:00"]]' });
        return;
      }
      const walls: number[] = [];
      const copy: (readonly [string, string])[] = [];
      let ok = true;
      let prevEnd = -1;
      list.forEach((pair: unknown, i) => {
        const path: KpiPath = ['hours', wd, i];
        if (!Array.isArray(pair) || pair.length !== 2) {
          issues.add({ code: 'invalid_type', path, input: pair, expected: 'a pair [start, end] of "HH:mm" times like ["09:00", "18:00"]' });
          ok = false;
          return;
        }
        const [startText, endText] = pair as [unknown, unknown];
        const s = parseTime(startText);
        const e = parseTime(endText);
        if (!(s < DAY_MS)) {
          issues.add({
            code: typeof startText === 'string' ? 'invalid_value' : 'invalid_type',
            path: [...path, 0],
            input: startText,
            expected: `${TIME_RULE}; "24:00" only as an end`,
          });
        }
        if (e !== e) {
          issues.add({
            code: typeof endText === 'string' ? 'invalid_value' : 'invalid_type',
            path: [...path, 1],
            input: endText,
            expected: `${TIME_RULE}, or "24:00"`,
          });
        }
        if (!(s < DAY_MS) || e !== e) {
          ok = false;
          return;
        }
        if (s >= e) {
          issues.add({
            code: 'inconsistent',
            path,
            input: pair,
            detail: `hours.${wd}[${i}]: the start ${String(startText)} must be before the end ${String(endText)} (an interval cannot cross midnight: end it at "24:00" and continue with "00:00" the next day)`,
          });
          ok = false;
        } else if (s < prevEnd) {
          issues.add({
            code: 'inconsistent',
            path,
            input: pair,
            detail: `hours.${wd}[${i}] (${String(startText)}–${String(endText)}) starts before the end of hours.${wd}[${i - 1}]: the intervals of a day must be sorted and must not overlap`,
          });
          ok = false;
        }
        if (s < e) prevEnd = e;
        walls.push(s, e);
        copy.push([startText as string, endText as string]);
      });
      if (!ok) return;
      week[w] = Float64Array.from(walls);
      jsonHours[wd] = copy;
      for (let i = 0; i < walls.length; i += 2) open += (walls[i + 1] as number) - (walls[i] as number);
    });
  }

  const holidays = new Set<number>();
  const rawHolidays = spec['holidays'];
  if (rawHolidays !== undefined) {
    if (!Array.isArray(rawHolidays)) {
      issues.add({ code: 'invalid_type', path: ['holidays'], input: rawHolidays, expected: 'an array of dates "YYYY-MM-DD"' });
    } else {
      rawHolidays.forEach((h: unknown, i) => {
        const day = parseDate(h);
        if (day !== day) {
          issues.add({
            code: typeof h === 'string' ? 'invalid_value' : 'invalid_type',
            path: ['holidays', i],
            input: h,
            expected: 'a date "YYYY-MM-DD" that exists in the calendar, like "2024-12-25"',
          });
        } else {
          holidays.add(day);
        }
      });
    }
  }

  if (issues.ok && open === 0) {
    issues.add({
      code: 'invalid_value',
      path: ['hours'],
      input: hours,
      detail: 'hours has no open time on any weekday, so every business duration would be 0: give at least one interval, like { mon: [["09:00", "18:00"]] }',
    });
  }
  issues.throwIfAny();

  const json: BusinessHoursSpec = deepFreeze(
    rawHolidays === undefined
      ? { timeZone: timeZone as string, hours: jsonHours }
      : { timeZone: timeZone as string, hours: jsonHours, holidays: [...(rawHolidays as string[])] },
  );
  return { timeZone: timeZone as string, week, holidays, json };
}

/**
 * The range [lo', hi') a lazily grown table over [lo, lo + n) should take to hold [from, to): the
 * union, doubled on the side(s) that grow (so that n requests cost O(n) copies in all), plus
 * `margin` on a first build, never more than `cap` entries; `null` when the union alone exceeds it.
 */
function growRange(lo: number, n: number, from: number, to: number, margin: number, cap: number): [number, number] | null {
  const hi = lo + n;
  const minLo = n === 0 ? from : Math.min(from, lo);
  const minHi = n === 0 ? to : Math.max(to, hi);
  const spare = cap - (minHi - minLo);
  if (spare < 0) return null;
  const left = n === 0 ? margin : from < lo ? n : 0;
  const right = n === 0 ? margin : to > hi ? n : 0;
  if (left + right <= spare) return [minLo - left, minHi + right];
  // Growing that much would pass the cap: share what is left between the growing sides.
  const l = left === 0 ? 0 : right === 0 ? spare : spare >> 1;
  return [minLo - l, minHi + (right === 0 ? 0 : spare - l)];
}

/**
 * The lookup table of one calendar (its only mutable state): for the local dates lo … lo + n − 1,
 * the first instant of each date, its open intervals as instants, and the business ms before it.
 */
class DayTable {
  private readonly zone: ZoneOffsets;
  /** Interval slots per date: twice the most intervals of any weekday. */
  private readonly slots: number;
  /** First date of the table (days since 1970-01-01). */
  private lo = 0;
  /** Dates in the table. */
  private n = 0;
  /** First instant of each date, and of the date after the last: n + 1 entries. */
  private starts = new Float64Array(1);
  /** Business ms from the table's first-built date to the start of each date: n + 1 entries. */
  private cum = new Float64Array(1);
  /** Open intervals [from, to) of each date as instants, `slots` numbers a date; unused slots empty. */
  private iv = new Float64Array(0);
  /** One date's intervals, for dates outside the table. */
  private readonly scratch: Float64Array;
  /** First block of the block prefix sums (block j = dates [j·BLOCK_DAYS, (j + 1)·BLOCK_DAYS)). */
  private blockLo = 0;
  /** Blocks held. */
  private blocks = 0;
  /** Business ms from the first-built block to the start of each block: blocks + 1 entries. */
  private blockCum = new Float64Array(1);

  constructor(
    timeZone: string,
    private readonly week: readonly Float64Array[],
    private readonly holidays: ReadonlySet<number>,
  ) {
    this.zone = new ZoneOffsets(timeZone);
    this.slots = Math.max(...week.map((w) => w.length));
    this.scratch = new Float64Array(this.slots);
  }

  /** Business ms in [a, b), for valid a < b. */
  duration(a: number, b: number): number {
    if (!(a >= (this.starts[0] as number) && b < (this.starts[this.n] as number)) && !this.cover(a, b)) {
      return this.slowDuration(a, b);
    }
    const d = this.before(this.index(b), b) - this.before(this.index(a), a);
    // Exact for integer ms; with fractions of a ms, keep rounding inside the bounds.
    return d < 0 ? 0 : d > b - a ? b - a : d;
  }

  /** Whether t lies in an open interval. */
  isOpen(t: number): boolean {
    let iv: Float64Array;
    let base: number;
    if ((t >= (this.starts[0] as number) && t < (this.starts[this.n] as number)) || this.cover(t, t)) {
      iv = this.iv;
      base = this.index(t) * this.slots;
    } else {
      iv = this.intervalsOf(this.slowDay(t));
      base = 0;
    }
    for (let j = base; j < base + this.slots; j += 2) {
      if (t < (iv[j] as number)) return false;
      if (t < (iv[j + 1] as number)) return true;
    }
    return false;
  }

  /** Index in the table of the date containing t (t within the table). */
  private index(t: number): number {
    const starts = this.starts;
    const n = this.n;
    let i = Math.floor((t - (starts[0] as number)) / DAY_MS);
    if (i > n - 1) i = n - 1;
    if (i < 0) i = 0;
    while (t < (starts[i] as number)) i--;
    while (t >= (starts[i + 1] as number)) i++;
    return i;
  }

  /** Business ms from the table's origin to t, t in the date of index i. */
  private before(i: number, t: number): number {
    const iv = this.iv;
    let acc = this.cum[i] as number;
    const end = (i + 1) * this.slots;
    for (let j = i * this.slots; j < end; j += 2) {
      const from = iv[j] as number;
      if (t <= from) break;
      const to = iv[j + 1] as number;
      acc += (t < to ? t : to) - from;
    }
    return acc;
  }

  /** Grows the table to hold [a, b]; false when that would exceed `MAX_TABLE_DAYS`. */
  private cover(a: number, b: number): boolean {
    const zone = this.zone;
    const first = Math.floor((a + zone.offsetAt(a) * 60_000) / DAY_MS) - 1;
    const last = Math.floor((b + zone.offsetAt(b) * 60_000) / DAY_MS) + 2;
    if (!this.grow(first, last)) return false;
    return a >= (this.starts[0] as number) && b < (this.starts[this.n] as number);
  }

  /** Makes the table hold at least the dates [from, to); by doubling, up to the cap. */
  private grow(from: number, to: number): boolean {
    const range = growRange(this.lo, this.n, from, to, TABLE_MARGIN_DAYS, MAX_TABLE_DAYS);
    if (range === null) return false;
    this.rebuild(range[0], range[1]);
    return true;
  }

  /** Reallocates the table for the dates [newLo, newHi), keeping what is computed. */
  private rebuild(newLo: number, newHi: number): void {
    const k = this.slots;
    const zone = this.zone;
    const size = newHi - newLo;
    const starts = new Float64Array(size + 1);
    const cum = new Float64Array(size + 1);
    const iv = new Float64Array(size * k);
    const off = this.n === 0 ? 0 : this.lo - newLo;
    if (this.n === 0) {
      starts[0] = zone.utcOfWall(newLo * DAY_MS);
    } else {
      starts.set(this.starts, off);
      cum.set(this.cum, off);
      iv.set(this.iv, off * k);
    }
    // Dates before the old table: computed forwards, then cumulated backwards from its first date.
    for (let i = 0; i < off; i++) starts[i] = zone.utcOfWall((newLo + i) * DAY_MS);
    for (let i = 0; i < off; i++) cum[i] = this.day(newLo + i, starts[i] as number, starts[i + 1] as number, iv, i * k);
    for (let i = off - 1; i >= 0; i--) cum[i] = (cum[i + 1] as number) - (cum[i] as number);
    // Dates after it.
    for (let i = off + this.n; i < size; i++) {
      starts[i + 1] = zone.utcOfWall((newLo + i + 1) * DAY_MS);
      cum[i + 1] = (cum[i] as number) + this.day(newLo + i, starts[i] as number, starts[i + 1] as number, iv, i * k);
    }
    this.lo = newLo;
    this.n = size;
    this.starts = starts;
    this.cum = cum;
    this.iv = iv;
  }

  /**
   * Writes the open intervals of a date (instants in [start, end], sorted, disjoint) into
   * out[at … at + slots) and returns their total ms.
   */
  private day(day: number, start: number, end: number, out: Float64Array, at: number): number {
    const k = this.slots;
    let j = 0;
    let total = 0;
    if (!this.holidays.has(day)) {
      const zone = this.zone;
      const base = day * DAY_MS;
      const w = this.week[weekdayOf(day)] as Float64Array;
      let prev = start;
      for (let i = 0; i < w.length; i += 2) {
        let from = zone.utcOfWall(base + (w[i] as number));
        const wallEnd = w[i + 1] as number;
        let to = wallEnd === DAY_MS ? end : zone.utcOfWall(base + wallEnd);
        // A DST gap can move a start past an earlier interval's end: merge, never count twice.
        if (from < prev) from = prev;
        if (from > end) from = end;
        if (to < from) to = from;
        if (to > end) to = end;
        out[at + j++] = from;
        out[at + j++] = to;
        total += to - from;
        prev = to;
      }
    }
    for (; j < k; j++) out[at + j] = end;
    return total;
  }

  /** The intervals of a date (from the table when it holds the date), in a scratch array. */
  private intervalsOf(day: number): Float64Array {
    const i = day - this.lo;
    if (i >= 0 && i < this.n) return this.iv.subarray(i * this.slots, (i + 1) * this.slots);
    const zone = this.zone;
    this.day(day, zone.utcOfWall(day * DAY_MS), zone.utcOfWall((day + 1) * DAY_MS), this.scratch, 0);
    return this.scratch;
  }

  /** The local date containing t, without the table. */
  private slowDay(t: number): number {
    const zone = this.zone;
    let day = Math.floor((t + zone.offsetAt(t) * 60_000) / DAY_MS);
    while (t < zone.utcOfWall(day * DAY_MS)) day--;
    while (t >= zone.utcOfWall((day + 1) * DAY_MS)) day++;
    return day;
  }

  /**
   * Business ms in [a, b) when the table cannot hold both ends: the two end dates from their
   * intervals, the whole dates between from `wholeDays`.
   */
  private slowDuration(a: number, b: number): number {
    const first = this.slowDay(a);
    const last = this.slowDay(b);
    let sum = this.overlap(first, a, b);
    if (last > first) sum += this.overlap(last, a, b) + this.wholeDays(first + 1, last);
    return sum;
  }

  /** Business ms of a date's intervals inside [a, b). */
  private overlap(day: number, a: number, b: number): number {
    const iv = this.intervalsOf(day);
    let sum = 0;
    for (let j = 0; j < this.slots; j += 2) {
      const from = iv[j] as number;
      const to = iv[j + 1] as number;
      const x = from > a ? from : a;
      const y = to < b ? to : b;
      if (y > x) sum += y - x;
    }
    return sum;
  }

  /**
   * Business ms of the whole dates [from, to): the blocks of `BLOCK_DAYS` dates inside the span
   * from the block prefix sums, the dates at its ends one by one.
   */
  private wholeDays(from: number, to: number): number {
    const firstBlock = Math.ceil(from / BLOCK_DAYS);
    const endBlock = Math.floor(to / BLOCK_DAYS);
    if (endBlock - firstBlock < 2 || !this.coverBlocks(firstBlock, endBlock)) return this.dayByDay(from, to);
    const i = firstBlock - this.blockLo;
    const j = endBlock - this.blockLo;
    return (
      this.dayByDay(from, firstBlock * BLOCK_DAYS) + ((this.blockCum[j] as number) - (this.blockCum[i] as number)) + this.dayByDay(endBlock * BLOCK_DAYS, to)
    );
  }

  /** Business ms of the whole dates [from, to), date by date (the stretch the table holds at once). */
  private dayByDay(from: number, to: number): number {
    const zone = this.zone;
    let sum = 0;
    let day = from;
    while (day < to) {
      const i = day - this.lo;
      if (i >= 0 && i < this.n) {
        const j = Math.min(to - this.lo, this.n);
        sum += (this.cum[j] as number) - (this.cum[i] as number);
        day = this.lo + j;
      } else {
        // A closed weekday or a holiday adds nothing: skip reading the zone for it.
        if ((this.week[weekdayOf(day)] as Float64Array).length > 0 && !this.holidays.has(day)) {
          sum += this.day(day, zone.utcOfWall(day * DAY_MS), zone.utcOfWall((day + 1) * DAY_MS), this.scratch, 0);
        }
        day++;
      }
    }
    return sum;
  }

  /** Makes the block prefix sums hold the blocks [from, to); false beyond `MAX_BLOCKS`. */
  private coverBlocks(from: number, to: number): boolean {
    const lo = this.blockLo;
    const m = this.blocks;
    if (m > 0 && from >= lo && to <= lo + m) return true;
    const range = growRange(lo, m, from, to, 0, MAX_BLOCKS);
    if (range === null) return false;
    const [newLo, newHi] = range;
    const size = newHi - newLo;
    const cum = new Float64Array(size + 1);
    const off = m === 0 ? 0 : lo - newLo;
    if (m > 0) cum.set(this.blockCum, off);
    const total = (j: number): number => this.dayByDay(j * BLOCK_DAYS, (j + 1) * BLOCK_DAYS);
    for (let i = off - 1; i >= 0; i--) cum[i] = (cum[i + 1] as number) - total(newLo + i);
    for (let i = off + m; i < size; i++) cum[i + 1] = (cum[i] as number) + total(newLo + i);
    this.blockLo = newLo;
    this.blocks = size;
    this.blockCum = cum;
    return true;
  }
}

/** Why an epoch-ms argument is invalid (for the error), at `path`. */
function badInstant(fn: string, value: unknown, path: KpiPath): never {
  if (typeof value !== 'number') return fail(fn, { code: 'invalid_type', path, input: value, expected: 'epoch milliseconds (a number)' });
  if (!Number.isFinite(value)) return fail(fn, { code: 'not_finite', path, input: value, expected: 'a finite epoch ms' });
  return fail(fn, { code: 'out_of_range', path, input: value, expected: INSTANT_RULE });
}

/** The calendar made by {@link businessCalendar}. */
class Calendar implements BusinessCalendar {
  readonly timeZone: string;
  readonly #table: DayTable;
  /** Reads the timestamps of {@link businessDuration} in the calendar's zone (made on first use). */
  #reader: TimestampReader | null = null;
  readonly #json: BusinessHoursSpec;

  constructor(parsed: ParsedSpec) {
    this.timeZone = parsed.timeZone;
    this.#table = new DayTable(parsed.timeZone, parsed.week, parsed.holidays);
    this.#json = parsed.json;
    Object.freeze(this);
  }

  duration(startMs: number, endMs: number): number {
    if (!(typeof startMs === 'number' && startMs >= -MAX_INSTANT_MS && startMs <= MAX_INSTANT_MS)) {
      badInstant('BusinessCalendar.duration', startMs, ['startMs']);
    }
    if (!(typeof endMs === 'number' && endMs >= -MAX_INSTANT_MS && endMs <= MAX_INSTANT_MS)) {
      badInstant('BusinessCalendar.duration', endMs, ['endMs']);
    }
    return endMs > startMs ? this.#table.duration(startMs, endMs) : 0;
  }

  isOpen(ms: number): boolean {
    if (!(typeof ms === 'number' && ms >= -MAX_INSTANT_MS && ms <= MAX_INSTANT_MS)) badInstant('BusinessCalendar.isOpen', ms, ['ms']);
    return this.#table.isOpen(ms);
  }

  toJSON(): BusinessHoursSpec {
    return this.#json;
  }

  /** The timestamp reader of a calendar (private fields stay writable on a frozen object). */
  static readerOf(calendar: Calendar): TimestampReader {
    return (calendar.#reader ??= new TimestampReader(calendar.timeZone));
  }
}

/**
 * Makes a business-hours calendar: working intervals per weekday in local wall time of an IANA
 * zone, and holidays. Its `duration(startMs, endMs)` counts the business ms between two instants:
 * the real elapsed time inside working intervals of non-holiday dates. Working hours are wall times,
 * so an interval's real length follows DST: `00:00`–`06:00` lasts 5 h on Europe/Berlin's
 * spring-forward date (2024-03-31) and 7 h on its fall-back date (2024-10-27). A wall time in a
 * spring-forward gap moves forward by the gap (`02:30` on 2024-03-31 in Berlin is 03:30 CEST), and
 * one that occurs twice is its earlier instant, as for zone-less timestamps (`toEpochMs`).
 *
 * Cost: building checks the spec (~µs). The first calls over new dates build a lookup table (about
 * 1 µs a date; a few ms the first time a zone's offsets are read for a range of years); after that a
 * call costs tens of ns whatever the span. Make one calendar and reuse it.
 *
 * @param spec - The definition: `timeZone`, `hours` per weekday, optional `holidays` (see
 *   {@link BusinessHoursSpec}). It is copied; later changes to it do not affect the calendar.
 * @returns A frozen {@link BusinessCalendar}; `JSON.stringify(calendar)` gives the spec back.
 * @throws {@link KpiInputError} (every problem listed in `issues`): `invalid_type` when the spec is
 *   not an object (path `[]`) or a field has the wrong type; `invalid_value` for an unknown field
 *   (`['foo']`) or weekday (`['hours', 'monday']`), an unknown `timeZone`, a time that is not
 *   `'HH:mm'`/`'HH:mm:ss'` (`['hours', 'mon', 0, 1]`; `'24:00'` is allowed only as an end), a date
 *   that does not exist (`['holidays', 2]`), or no open time on any weekday (`['hours']`: every
 *   duration would be 0); `missing` for no `timeZone` or `hours`; `inconsistent` for an interval
 *   whose start is not before its end, or that overlaps or precedes the previous one of its day
 *   (`['hours', 'mon', 1]`).
 *
 * @example
 * ```ts
 * import { businessCalendar } from 'kpi-kit';
 *
 * const berlin = businessCalendar({
 *   timeZone: 'Europe/Berlin',
 *   hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
 *   holidays: ['2024-12-25', '2024-12-26'],
 * });
 * // Friday 2024-11-22 17:00 → Monday 2024-11-25 10:00 in Berlin (UTC+1): 1 h on Friday + 1 h on Monday.
 * berlin.duration(Date.UTC(2024, 10, 22, 16), Date.UTC(2024, 10, 25, 9)); // 7200000
 * berlin.isOpen(Date.UTC(2024, 10, 23, 10)); // false (a Saturday)
 * berlin.isOpen(Date.UTC(2024, 11, 25, 10)); // false (a holiday)
 * JSON.parse(JSON.stringify(berlin)).holidays; // ['2024-12-25', '2024-12-26']
 * ```
 * @see docs/metrics.md#business-hours-calendars (first response time in business hours) and docs/ for the `calendar` option of
 *   the duration metrics.
 */
export function businessCalendar(spec: BusinessHoursSpec): BusinessCalendar {
  return new Calendar(parseSpec(spec));
}

/**
 * Business ms between two timestamps under a calendar: {@link BusinessCalendar.duration} for
 * timestamps given as a `Date`, an ISO-8601 string or epoch ms. A string without a zone
 * (`'2024-11-22 17:00'`) is a wall time in the calendar's zone.
 *
 * @param start - The start (e.g. when the ticket was created).
 * @param end - The end (e.g. the first reply); not before `start`.
 * @param calendar - A calendar made by {@link businessCalendar}.
 * @returns Business ms in [start, end): 0 ≤ result ≤ end − start.
 * @throws {@link KpiInputError} at `['start']` or `['end']` for a timestamp that is not valid
 *   (`invalid_type`, `invalid_value`, `not_finite`, `out_of_range`, as `toEpochMs`; also
 *   `out_of_range` beyond ±8.6e15 ms, about 270,500 BC to AD 274,500);
 *   `inconsistent` at `['end']` when end is before start; `invalid_type` at `['calendar']` when the
 *   calendar is not one made by `businessCalendar`.
 *
 * @example
 * ```ts
 * import { businessCalendar, businessDuration } from 'kpi-kit';
 *
 * const weekdays = [['09:00', '18:00']] as const;
 * const calendar = businessCalendar({
 *   timeZone: 'Europe/Berlin',
 *   hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
 * });
 * businessDuration('2024-11-22 17:00', '2024-11-25 10:00', calendar); // 7200000 (2 h: Fri 17–18, Mon 9–10)
 * businessDuration('2024-11-22T16:00:00Z', new Date('2024-11-22T17:00:00Z'), calendar); // 3600000
 * ```
 * @see docs/metrics.md#business-hours-calendars: "created Friday 17:00, reply Monday 10:00 with a Mon–Fri 09:00–18:00
 *   calendar → 2 h of business time".
 */
export function businessDuration(start: TimestampInput, end: TimestampInput, calendar: BusinessCalendar): number {
  const fn = 'businessDuration';
  let reader: TimestampReader;
  if (calendar instanceof Calendar) {
    reader = Calendar.readerOf(calendar);
  } else if (
    isRecord(calendar) &&
    typeof (calendar as { duration?: unknown }).duration === 'function' &&
    isTimeZone((calendar as { timeZone?: unknown }).timeZone)
  ) {
    reader = new TimestampReader(calendar.timeZone);
  } else {
    return fail(fn, { code: 'invalid_type', path: ['calendar'], input: calendar, expected: 'a calendar made by businessCalendar()' });
  }
  const a = reader.read(start);
  if (a !== a) fail(fn, timestampIssue(start, ['start']));
  if (!(a >= -MAX_INSTANT_MS && a <= MAX_INSTANT_MS)) fail(fn, { code: 'out_of_range', path: ['start'], input: start, expected: INSTANT_RULE });
  const b = reader.read(end);
  if (b !== b) fail(fn, timestampIssue(end, ['end']));
  if (!(b >= -MAX_INSTANT_MS && b <= MAX_INSTANT_MS)) fail(fn, { code: 'out_of_range', path: ['end'], input: end, expected: INSTANT_RULE });
  if (b < a) {
    fail(fn, {
      code: 'inconsistent',
      path: ['end'],
      input: end,
      detail: `end (${new Date(b).toISOString()}) must not be before start (${new Date(a).toISOString()})`,
    });
  }
  return calendar.duration(a, b);
}
