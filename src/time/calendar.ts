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
 * ms before a": two look-ups and a scan of at most a few intervals, whatever the span. A span the
 * table would have to grow by more than a few thousand dates for (a stray timestamp in year 9999)
 * is summed in closed form instead: the weekdays' wall hours times the whole weeks plus the days
 * left, plus a DST correction for each date a change of offset touches (listed as spans reach them
 * for 1800–2500, where the zone's changes are; before 1800 there are none, and after 2100 they
 * repeat every 400 Gregorian years, a whole number of weeks: see the time-zone module), minus what the
 * holidays would have had (a sorted list with prefix sums, found by binary search). That costs
 * O(log) a call whatever the span (years 1 → 9999 in 1–2 ms the first time, with the zone's
 * offsets already read; microseconds after), and equals the date-by-date sum exactly. The DST
 * corrections and the holidays' values are computed for the stretch of dates spans have reached.
 *
 * @module
 */
import { type KpiPath, KpiInputError, issueSpecOf } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { IssueCollector, fail, isRecord, lengthIssue } from '../core/validate.js';
import { type TimestampInput, TimestampReader, timestampIssue } from './timestamp.js';
import { CYCLE_MS, PERIODIC_FROM_MS, SCAN_FROM_MS, SCAN_TO_MS, ZoneOffsets, isTimeZone } from './zone.js';

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
/**
 * The most dates one growth of the table adds beyond doubling it (about 11 years, a few ms): a span
 * that would need more is summed in closed form instead (see `DayTable.wholeDays`).
 */
const MAX_GROWTH_DAYS = 4096;
/** 400 Gregorian years in days: the period of every zone's offsets from 2100 on (a whole number of weeks). */
const CYCLE_DAYS = CYCLE_MS / DAY_MS;
/** Dates up to this one have the zone's constant offset of before 1800 around them: no DST correction. */
const CORRECTIONS_FROM_DAY = Math.floor(SCAN_FROM_MS / DAY_MS) - 4;
/** From this date on, the DST correction of a date equals that of the date a cycle later. */
const PERIODIC_FROM_DAY = Math.floor(PERIODIC_FROM_MS / DAY_MS) + 4;
/** The dates whose corrections are listed: [CORRECTIONS_FROM_DAY, CORRECTIONS_TO_DAY). */
const CORRECTIONS_TO_DAY = PERIODIC_FROM_DAY + CYCLE_DAYS;

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
      const tooLong = lengthIssue(list, ['hours', wd]);
      if (tooLong !== null) {
        issues.add(tooLong);
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
    } else if (lengthIssue(rawHolidays, ['holidays']) !== null) {
      issues.add(lengthIssue(rawHolidays, ['holidays'])!);
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
  /** Wall ms open per weekday (0 = Monday), and their sums over the weekdays of dates 0 … r − 1. */
  private readonly nominal: Float64Array;
  private readonly weekPrefix: Float64Array;
  /** Holidays ascending (built on first use), and the prefix sums of the business ms the holidays [holidaysLo, holidaysHi) would have had. */
  private holidayDays: Float64Array | null = null;
  private holidayCum = new Float64Array(1);
  private holidaysLo = 0;
  private holidaysHi = 0;
  /** Dates whose business ms differ from their weekday's wall hours (DST), and the prefix sums of the differences. */
  private correctionDays: Float64Array | null = null;
  private correctionCum = new Float64Array(1);
  /** The dates [correctionsLo, correctionsHi) whose corrections are listed. */
  private correctionsLo = 0;
  private correctionsHi = 0;

  constructor(
    timeZone: string,
    private readonly week: readonly Float64Array[],
    private readonly holidays: ReadonlySet<number>,
  ) {
    this.zone = new ZoneOffsets(timeZone);
    this.slots = Math.max(...week.map((w) => w.length));
    this.scratch = new Float64Array(this.slots);
    this.nominal = Float64Array.from(week, (w) => {
      let sum = 0;
      for (let i = 0; i < w.length; i += 2) sum += (w[i + 1] as number) - (w[i] as number);
      return sum;
    });
    this.weekPrefix = new Float64Array(8);
    for (let r = 0; r < 7; r++) this.weekPrefix[r + 1] = (this.weekPrefix[r] as number) + (this.nominal[weekdayOf(r)] as number);
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
    const first = Math.floor((a + zone.offsetMsAt(a)) / DAY_MS) - 1;
    const last = Math.floor((b + zone.offsetMsAt(b)) / DAY_MS) + 2;
    if (!this.grow(first, last)) return false;
    return a >= (this.starts[0] as number) && b < (this.starts[this.n] as number);
  }

  /** Makes the table hold at least the dates [from, to); by doubling, up to the cap. */
  private grow(from: number, to: number): boolean {
    const range = growRange(this.lo, this.n, from, to, TABLE_MARGIN_DAYS, MAX_TABLE_DAYS);
    if (range === null || range[1] - range[0] - this.n > Math.max(this.n, MAX_GROWTH_DAYS)) return false;
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
  private day(day: number, start: number, end: number, out: Float64Array, at: number, evenOnHoliday = false): number {
    const k = this.slots;
    let j = 0;
    let total = 0;
    if (evenOnHoliday || !this.holidays.has(day)) {
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
    let day = Math.floor((t + zone.offsetMsAt(t)) / DAY_MS);
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
   * Business ms of the whole dates [from, to), in closed form: what the weekdays' wall hours give
   * (whole weeks times the week's hours, plus the days left), plus the DST corrections of the dates
   * a change of offset touches, minus what the holidays would have had. O(log) whatever the span.
   */
  private wholeDays(from: number, to: number): number {
    return this.beforeDay(to) - this.beforeDay(from) + this.corrections(from, to) - this.holidaysIn(from, to);
  }

  /** Wall hours of the weekdays of the dates from 1970-01-01 up to `day` (negative before it). */
  private beforeDay(day: number): number {
    const weeks = Math.floor(day / 7);
    return weeks * (this.weekPrefix[7] as number) + (this.weekPrefix[day - weeks * 7] as number);
  }

  /**
   * Sum of the business ms the holidays in [from, to) would have had. Holidays ascending; their
   * values are computed for a contiguous run of them as needed (a far holiday costs nothing until a
   * span reaches it), with prefix sums over the run.
   */
  private holidaysIn(from: number, to: number): number {
    if (this.holidays.size === 0) return 0;
    const days = (this.holidayDays ??= Float64Array.from(this.holidays).sort());
    const i = lowerBound(days, from);
    const j = lowerBound(days, to);
    if (i >= j) return 0;
    if (this.holidaysHi === 0 || i < this.holidaysLo || j > this.holidaysHi) {
      const lo = this.holidaysHi === 0 ? i : Math.min(i, this.holidaysLo);
      const hi = this.holidaysHi === 0 ? j : Math.max(j, this.holidaysHi);
      const cum = new Float64Array(hi - lo + 1);
      const zone = this.zone;
      for (let k = lo; k < hi; k++) {
        const d = days[k] as number;
        const known = k >= this.holidaysLo && k < this.holidaysHi;
        const value = known
          ? (this.holidayCum[k - this.holidaysLo + 1] as number) - (this.holidayCum[k - this.holidaysLo] as number)
          : this.day(d, zone.utcOfWall(d * DAY_MS), zone.utcOfWall((d + 1) * DAY_MS), this.scratch, 0, true);
        cum[k - lo + 1] = (cum[k - lo] as number) + value;
      }
      this.holidayCum = cum;
      this.holidaysLo = lo;
      this.holidaysHi = hi;
    }
    return (this.holidayCum[j - this.holidaysLo] as number) - (this.holidayCum[i - this.holidaysLo] as number);
  }

  /**
   * Sum of the DST corrections (business ms of a date minus its weekday's wall hours, holidays
   * included) of the dates [from, to): none up to CORRECTIONS_FROM_DAY (the offset is constant),
   * listed up to CORRECTIONS_TO_DAY, and beyond it whole cycles of 400 years (whose dates have the
   * corrections of the dates a cycle earlier) plus the part of one.
   */
  private corrections(from: number, to: number): number {
    if (this.zone.fixed) return 0;
    let sum = 0;
    const a = Math.max(from, CORRECTIONS_FROM_DAY);
    const b = Math.min(to, CORRECTIONS_TO_DAY);
    if (a < b) sum += this.listed(a, b);
    if (to > CORRECTIONS_TO_DAY) sum += this.periodic(to) - this.periodic(Math.max(from, CORRECTIONS_TO_DAY));
    return sum;
  }

  /** Sum of the corrections of the dates [CORRECTIONS_TO_DAY, x), for x ≥ CORRECTIONS_TO_DAY. */
  private periodic(x: number): number {
    const k = Math.floor((x - PERIODIC_FROM_DAY) / CYCLE_DAYS);
    const r = x - PERIODIC_FROM_DAY - k * CYCLE_DAYS;
    // [PERIODIC_FROM_DAY, x) is k cycles and r dates; [PERIODIC_FROM_DAY, CORRECTIONS_TO_DAY) is one cycle.
    const cycle = this.listed(PERIODIC_FROM_DAY, CORRECTIONS_TO_DAY);
    return (k - 1) * cycle + this.listed(PERIODIC_FROM_DAY, PERIODIC_FROM_DAY + r);
  }

  /** Sum of the listed corrections of the dates [from, to), within the listed range. */
  private listed(from: number, to: number): number {
    if (from >= to) return 0;
    if (this.correctionDays === null || from < this.correctionsLo || to > this.correctionsHi) this.listCorrections(from, to);
    const days = this.correctionDays as Float64Array;
    return (this.correctionCum[lowerBound(days, to)] as number) - (this.correctionCum[lowerBound(days, from)] as number);
  }

  /**
   * Lists the dates whose business ms differ from their weekday's wall hours, over a range that
   * holds [from, to) (the one listed so far, doubled on the side that grows, within
   * [CORRECTIONS_FROM_DAY, CORRECTIONS_TO_DAY)). Computing date x reads offsets only at instants in
   * [(x − 1)·DAY, (x + 2)·DAY] (`utcOfWall` reads a day either side of a wall time of the date), so
   * only a change of offset at τ with x in ⌊τ/DAY⌋ − 2 … ⌊τ/DAY⌋ + 1 can make x differ: only those
   * dates are computed.
   */
  private listCorrections(from: number, to: number): void {
    let lo = from;
    let hi = to;
    if (this.correctionDays !== null) {
      const size = this.correctionsHi - this.correctionsLo;
      lo = from < this.correctionsLo ? Math.min(from, this.correctionsLo - size) : this.correctionsLo;
      hi = to > this.correctionsHi ? Math.max(to, this.correctionsHi + size) : this.correctionsHi;
    }
    lo = Math.max(lo, CORRECTIONS_FROM_DAY);
    hi = Math.min(hi, CORRECTIONS_TO_DAY);
    const zone = this.zone;
    const candidates = new Set<number>();
    // (And the end of the scanned range, where the offsets start to repeat: no change by the IANA data.)
    for (const t of [...zone.changesIn((lo - 2) * DAY_MS, (hi + 2) * DAY_MS), SCAN_TO_MS]) {
      const d = Math.floor(t / DAY_MS);
      for (let x = d - 2; x <= d + 1; x++) if (x >= lo && x < hi) candidates.add(x);
    }
    const days: number[] = [];
    const values: number[] = [];
    for (const d of Float64Array.from(candidates).sort()) {
      const actual = this.day(d, zone.utcOfWall(d * DAY_MS), zone.utcOfWall((d + 1) * DAY_MS), this.scratch, 0, true);
      const diff = actual - (this.nominal[weekdayOf(d)] as number);
      if (diff !== 0) {
        days.push(d);
        values.push(diff);
      }
    }
    const cum = new Float64Array(days.length + 1);
    for (let i = 0; i < days.length; i++) cum[i + 1] = (cum[i] as number) + (values[i] as number);
    this.correctionDays = Float64Array.from(days);
    this.correctionCum = cum;
    this.correctionsLo = lo;
    this.correctionsHi = hi;
  }
}

/** The number of entries of `sorted` below `x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Why an epoch-ms argument is invalid (for the error), at `path`. */
function badInstant(fn: string, value: unknown, path: KpiPath): never {
  if (typeof value !== 'number') return fail(fn, { code: 'invalid_type', path, input: value, expected: 'epoch milliseconds (a number)' });
  if (!Number.isFinite(value)) return fail(fn, { code: 'not_finite', path, input: value, expected: 'a finite epoch ms' });
  return fail(fn, { code: 'out_of_range', path, input: value, expected: INSTANT_RULE });
}

/** The calendars made by {@link businessCalendar}: the brand that `calendar` options are checked against. */
const CALENDARS = new WeakSet<object>();

/**
 * Whether `value` is a calendar made by {@link businessCalendar} (not an object that looks like
 * one: a lookalike's `duration` could return anything). @internal
 */
export function isBusinessCalendar(value: unknown): value is BusinessCalendar {
  return typeof value === 'object' && value !== null && CALENDARS.has(value);
}

/**
 * The zone of a `calendar` option as given — a calendar made by {@link businessCalendar}, or a
 * business-hours spec with a known `timeZone` — or undefined: the zone in which a metric reads
 * zone-less timestamps when its options give no `timeZone` (docs/metrics.md#time-zones). @internal
 */
export function calendarTimeZone(value: unknown): string | undefined {
  if (isBusinessCalendar(value)) return value.timeZone;
  if (isRecord(value) && isRecord(value['hours']) && isTimeZone(value['timeZone'])) return value['timeZone'];
  return undefined;
}

/**
 * Reads a `calendar` option (path `['options', 'calendar']`): a calendar made by
 * {@link businessCalendar}, or a business-hours spec from which one is made (the normalised options
 * of an accumulator state hold the spec); `null` when absent. Anything else — an object with a
 * `duration` method included — is rejected. @internal
 */
export function readCalendarOption(fn: string, value: unknown): BusinessCalendar | null {
  if (value === undefined || value === null) return null;
  if (isBusinessCalendar(value)) return value;
  if (isRecord(value) && !('duration' in value) && isRecord(value['hours'])) {
    try {
      return businessCalendar(value as unknown as BusinessHoursSpec);
    } catch (e) {
      // The spec's problems, at their place in the options.
      if (!(e instanceof KpiInputError)) throw e;
      const issues = e.issues.map((issue) => ({
        ...issueSpecOf(issue),
        path: ['options', 'calendar', ...issue.path],
        detail: `options.calendar: ${issue.message}`,
      }));
      throw new KpiInputError(fn, issues, e.issueCount);
    }
  }
  return fail(fn, {
    code: 'invalid_type',
    path: ['options', 'calendar'],
    input: value,
    expected: 'a calendar made by businessCalendar(), or a business-hours spec like { timeZone: "Europe/Berlin", hours: { mon: [["09:00", "18:00"]] } }',
  });
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
    CALENDARS.add(this);
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
 * call costs tens of ns. Spans longer than the table grows for at once (years) are summed in closed
 * form: a few ms for the first such call of a calendar (after the zone's offsets for 1800–2500 are
 * read, once per zone and process: 40–100 ms, ~15,600 runtime reads; see docs/metrics.md#business-hours-calendars), microseconds after, for any span in the accepted range.
 * Make one calendar and reuse it.
 *
 * Pass it as the `calendar` option of `firstResponseTime`, `resolutionTime`, `slaCompliance` and
 * `ticketsPerHour`: only calendars made here are accepted there, and their zone reads the metric's
 * zone-less timestamps unless the `timeZone` option says otherwise (docs/metrics.md#time-zones).
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
  if (!(isBusinessCalendar(calendar) && calendar instanceof Calendar)) {
    return fail(fn, { code: 'invalid_type', path: ['calendar'], input: calendar, expected: 'a calendar made by businessCalendar()' });
  }
  const reader = Calendar.readerOf(calendar);
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
