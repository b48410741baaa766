/**
 * Timestamps as kpi-kit accepts them: a `Date`, an ISO-8601 string or epoch milliseconds, read
 * exactly and the same way on every runtime (never through `Date.parse`, whose handling of
 * zone-less and non-ISO strings depends on the machine).
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { fail, readOptions } from '../core/validate.js';
import { ZoneOffsets, isTimeZone } from './zone.js';

/** A point in time: a `Date`, an ISO-8601 string or epoch milliseconds. */
export type TimestampInput = Date | string | number;

/** The largest |epoch ms| a `Date` can hold (±100,000,000 days). @internal */
export const MAX_EPOCH_MS = 8.64e15;

/** The largest duration accepted by the record metrics: 100 years in ms. */
export const MAX_DURATION_MS = 100 * 365.25 * 86_400_000;
/** Days of the months of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days whose starts a {@link TimestampReader} keeps (a power of two: about 2.7 years of days without two in one slot). */
const DAY_SLOTS = 1024;

/** What `twoDigits` gives for two bytes that are not both digits: an integer (the sums stay small integers) that makes any year, month, day, time or fraction read with it negative. */
const NOT_DIGITS = -1_000_000;

/** The day starts of a reader that has not read bytes yet. */
const EMPTY_DAYS = new Float64Array(0);

/**
 * Epoch ms of 00:00 UTC of a proleptic Gregorian date (year 0–9999, month 1–12, day ≥ 1), or NaN
 * when the date does not exist (Feb 30): days from the civil date by H. Hinnant's algorithm
 * ("chrono-Compatible Low-Level Date Algorithms", days_from_civil), in integer arithmetic.
 * @internal
 */
export function utcDayStart(year: number, month: number, day: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : (MONTH_DAYS[month - 1] as number))) return NaN;
  // Years start in March, so that the leap day ends the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * 86_400_000;
}

/**
 * A reader of timestamps for hot loops: `read(value)` gives epoch ms, or NaN when the value is not a
 * valid timestamp (then {@link timestampIssue} tells why). Zone-less strings are read in the
 * reader's zone. Made once per call of a metric; it caches the zone's offsets.
 */
export class TimestampReader {
  private readonly zone: ZoneOffsets;
  /** The last date {@link TimestampReader.parseAscii} read (year, month and day in one number; −1: none), and its day's start. */
  /** The days whose starts `parseAscii` keeps (made on its first call: most readers never read bytes). */
  private dayKeys: Int32Array | null = null;
  private dayStarts: Float64Array = EMPTY_DAYS;
  constructor(readonly timeZone = 'UTC') {
    this.zone = new ZoneOffsets(timeZone);
  }

  /**
   * Epoch ms of a present timestamp value, or −Infinity when it is not a valid one. Numbers are
   * taken in an if/else of their own, so that a number field read by an inlined caller stays an
   * unboxed double (no allocation per record).
   */
  instant(value: unknown): number {
    let ms = -Infinity;
    if (typeof value === 'number') {
      if (value >= -MAX_EPOCH_MS && value <= MAX_EPOCH_MS) ms = value;
    } else {
      const read = this.read(value);
      if (read === read) ms = read;
    }
    return ms;
  }

  /** Epoch ms of a Date, ISO string or number; NaN when invalid. */
  read(value: unknown): number {
    if (typeof value === 'number') return value >= -MAX_EPOCH_MS && value <= MAX_EPOCH_MS ? value : NaN;
    if (typeof value === 'string') return this.parse(value);
    if (value instanceof Date) return value.getTime();
    return NaN;
  }

  /**
   * {@link TimestampReader.parse} of the text that the bytes `bytes[start, end)` write, for the
   * common forms only — `YYYY-MM-DD`, `YYYY-MM-DD HH:mm:ss` (or `T`), each with `.fff` or not and
   * with `Z` or no zone — read straight from the bytes; NaN for any other text (read it with
   * `parse`). Every character of a form is ASCII, so a byte that is not one of the form's (a
   * multi-byte character among them) makes the text another form, as it does for `parse`.
   * @internal
   */
  parseAscii(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    const zulu = (n === 20 || n === 24) && bytes[end - 1] === 90;
    const length = zulu ? n - 1 : n;
    if (length !== 10 && length !== 19 && length !== 23) return NaN;
    const s = start;
    if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45) return NaN;
    // (twoDigits gives NOT_DIGITS, below −9999, for a pair that is not two digits: every sum with it is negative.)
    const year = twoDigits(bytes, s) * 100 + twoDigits(bytes, s + 2);
    const month = twoDigits(bytes, s + 5);
    const day = twoDigits(bytes, s + 8);
    if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1)) return NaN;
    // The starts of the days read last, by day (rows come in about the order of time): each
    // computed once while its slot holds it.
    const key = (year * 16 + month) * 128 + day;
    const slot = (year * 372 + month * 31 + day) & (DAY_SLOTS - 1);
    let days = this.dayKeys;
    if (days === null) {
      days = this.dayKeys = new Int32Array(DAY_SLOTS).fill(-1);
      this.dayStarts = new Float64Array(DAY_SLOTS);
    }
    let dayMs: number;
    if (days[slot] === key) dayMs = this.dayStarts[slot] as number;
    else {
      dayMs = utcDayStart(year, month, day);
      days[slot] = key;
      this.dayStarts[slot] = dayMs;
    }
    if (dayMs !== dayMs) return NaN;
    if (length === 10) return this.zone.utcOfWall(dayMs);
    const sep = bytes[s + 10];
    if ((sep !== 84 && sep !== 32) || bytes[s + 13] !== 58 || bytes[s + 16] !== 58) return NaN;
    const hour = twoDigits(bytes, s + 11);
    const minute = twoDigits(bytes, s + 14);
    const second = twoDigits(bytes, s + 17);
    if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) return NaN;
    let fraction = 0;
    if (length === 23) {
      const f2 = (bytes[s + 22] as number) - 48;
      fraction = twoDigits(bytes, s + 20) * 10 + f2;
      if (bytes[s + 19] !== 46 || !(fraction >= 0 && f2 >>> 0 <= 9)) return NaN;
    }
    const wall = dayMs + hour * 3_600_000 + minute * 60_000 + second * 1000;
    return zulu ? wall + fraction : this.zone.utcOfWall(wall) + fraction;
  }

  /**
   * Reads `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm`, `...:ss`, `...:ss.fff` (1 to 9 fraction digits; the
   * ms keep a fraction beyond 3), with `T`, `t` or one space between date and time, and an optional
   * zone `Z`, `±HH:mm`, `±HHmm` or `±HH`. Without a zone the wall time is read in `timeZone`.
   */
  parse(s: string): number {
    const len = s.length;
    if (len < 10) return NaN;
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 2);
    const day = digits(s, 8, 2);
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || month < 1 || month > 12 || day < 1) return NaN;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let fraction = 0;
    let i = 10;
    if (len > 10) {
      const sep = s.charCodeAt(10);
      if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // T, t, space
      if (len < 16 || s.charCodeAt(13) !== 58) return NaN;
      hour = digits(s, 11, 2);
      minute = digits(s, 14, 2);
      i = 16;
      if (i < len && s.charCodeAt(i) === 58) {
        second = digits(s, i + 1, 2);
        i += 3;
        if (i < len && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
          const start = ++i;
          let scale = 100;
          // At most 10 digits are looked at (more than 9 is an error): a huge string costs no more.
          while (i < len && i - start < 10) {
            const c = s.charCodeAt(i) - 48;
            if (c < 0 || c > 9) break;
            fraction += c * scale;
            scale /= 10;
            i++;
          }
          const count = i - start;
          if (count === 0 || count > 9) return NaN;
          // Beyond ms, sum the digits exactly as an integer then scale once (no float drift).
          if (count > 3) fraction = digits(s, start, count) / 10 ** (count - 3);
        }
      }
      if (!(hour <= 23 && minute <= 59 && second <= 59)) return NaN;
    }
    const dayMs = utcDayStart(year, month, day);
    if (dayMs !== dayMs) return NaN;
    const wall = dayMs + hour * 3_600_000 + minute * 60_000 + second * 1000;
    if (i === len) return this.zone.utcOfWall(wall) + fraction;
    // An explicit zone.
    const z = s.charCodeAt(i);
    if (z === 90 || z === 122) return i + 1 === len ? wall + fraction : NaN; // Z, z
    if (z !== 43 && z !== 45) return NaN;
    const rest = len - i - 1;
    let offset: number;
    if (rest === 2) offset = digits(s, i + 1, 2) * 60;
    else if (rest === 4) offset = digits(s, i + 1, 2) * 60 + digits(s, i + 3, 2);
    else if (rest === 5 && s.charCodeAt(i + 3) === 58) offset = digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2);
    else return NaN;
    if (!(offset <= 23 * 60 + 59) || digits(s, len - 2, 2) > 59) return NaN;
    return wall - (z === 45 ? -offset : offset) * 60_000 + fraction;
  }
}

/** The integer written by `count` ASCII digits of `s` from `start`, or NaN. */
function digits(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** The number two ASCII digits at `at` write (0–99), or {@link NOT_DIGITS}. */
function twoDigits(bytes: Uint8Array, at: number): number {
  const a = (bytes[at] as number) - 48;
  const b = (bytes[at + 1] as number) - 48;
  return a >>> 0 <= 9 && b >>> 0 <= 9 ? a * 10 + b : NOT_DIGITS;
}

/** Why a value is not a valid timestamp (for the error of a value that `read` gave NaN for). */
export function timestampIssue(value: unknown, path: KpiPath): IssueSpec {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { code: 'out_of_range', path, input: value, expected: 'epoch milliseconds within ±8.64e15 (the range of Date)' }
      : { code: 'not_finite', path, input: value, expected: 'a finite epoch ms' };
  }
  if (typeof value === 'string') {
    return {
      code: 'invalid_value',
      path,
      input: value,
      expected: 'an ISO-8601 timestamp like "2024-10-29T22:00:00Z", "2024-10-29 22:00:00" or "2024-10-29"',
    };
  }
  if (value instanceof Date) return { code: 'invalid_value', path, input: value, expected: 'a valid Date (got Invalid Date)' };
  return { code: 'invalid_type', path, input: value, expected: 'a timestamp (a Date, an ISO-8601 string or epoch ms)' };
}

/** Options of {@link toEpochMs}. */
export interface TimestampOptions {
  /**
   * IANA time zone in which strings without a zone (`"2024-10-29 22:00:00"`, `"2024-10-29"`) are
   * read. Default `'UTC'`. Strings with `Z` or an offset, Dates and numbers are instants already.
   */
  readonly timeZone?: string;
}

/**
 * Reads and validates a `timeZone` option at `['options', 'timeZone']`. Without one, zone-less
 * timestamps read in `fallback`: the zone of the metric's business calendar when it has one
 * (docs/metrics.md#time-zones), else UTC. @internal
 */
export function readTimeZone(fn: string, value: unknown, fallback = 'UTC'): string {
  if (value === undefined) return fallback;
  if (!isTimeZone(value)) {
    return fail(fn, {
      code: 'invalid_value',
      path: ['options', 'timeZone'],
      input: value,
      expected: 'an IANA time zone like "Europe/Berlin" (or a UTC offset like "+05:30")',
    });
  }
  return value;
}

/**
 * Converts a timestamp to epoch milliseconds, validating it. A `Date` gives its time; a number is
 * taken as epoch ms; a string must be ISO-8601 (`YYYY-MM-DD`, optionally followed by `T` or a space
 * and `HH:mm`, `HH:mm:ss` or `HH:mm:ss.fffffffff`, optionally followed by `Z` or `±HH:mm`). A string
 * without a zone is a wall-clock time in `options.timeZone` (default UTC): exports from help desks
 * often write local times that way. Nonexistent local times (in a spring-forward gap) move forward
 * by the gap; repeated ones (fall-back) take the earlier instant.
 *
 * @param value - The timestamp.
 * @param options - See {@link TimestampOptions}.
 * @returns Epoch ms (with a fraction when the string gives more than millisecond digits).
 * @throws {@link KpiInputError} `invalid_type`, `invalid_value` (a malformed string or an invalid
 *   Date), `not_finite` or `out_of_range` (beyond the range of Date), at path `[]`; `invalid_value`
 *   at `['options', 'timeZone']` for an unknown zone, at `['options', key]` for an unknown option.
 *
 * @example
 * ```ts
 * import { toEpochMs } from 'kpi-kit';
 *
 * toEpochMs('2024-10-29T22:00:00Z'); // 1730239200000
 * toEpochMs('2024-10-29 22:00:00'); // 1730239200000
 * toEpochMs('2024-10-29 23:00:00', { timeZone: 'Europe/Berlin' }); // 1730239200000
 * toEpochMs('2024-10-30T07:00:00+09:00'); // 1730239200000
 * toEpochMs(new Date(Date.UTC(2024, 9, 29, 22))); // 1730239200000
 * ```
 */
export function toEpochMs(value: unknown, options?: TimestampOptions): number {
  const fn = 'toEpochMs';
  const o = readOptions(fn, options, ['timeZone']);
  return readTimestamp(fn, value, [], readTimeZone(fn, o['timeZone']));
}

/**
 * {@link toEpochMs} for the library's own options (`asOf`, `from`, `to`): the error names `fn` and
 * `path`, zone-less strings read in `timeZone` (already validated). @internal
 */
export function readTimestamp(fn: string, value: unknown, path: KpiPath, timeZone: string): number {
  const ms = new TimestampReader(timeZone).read(value);
  if (ms !== ms) return fail(fn, timestampIssue(value, path));
  return ms;
}
