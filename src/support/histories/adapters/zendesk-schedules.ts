/**
 * Zendesk schedules → business-hours specs for `ticketMetrics` (`options.schedules`): weekly
 * intervals in minutes from Sunday 00:00 local time, Rails time-zone names, holiday date ranges.
 *
 * @module
 */
import { type IssueSpec } from '../../../core/errors.js';
import { IssueCollector, isRecord, requireArray, requireInput } from '../../../core/validate.js';
import { type BusinessHoursSpec } from '../../../time/calendar.js';
import { isTimeZone } from '../../../time/zone.js';
import { idOf } from './common.js';

const FN = 'zendeskSchedules';

/** Minutes in a week: the end of a Zendesk interval is at most this. */
const WEEK_MINUTES = 7 * 1440;

/** The longest holiday range read, in days (a longer one is taken for a typo). */
const MAX_HOLIDAY_DAYS = 3660;

const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Rails time-zone names → IANA zones: ActiveSupport::TimeZone::MAPPING (rails/rails,
 * activesupport/lib/active_support/values/time_zone.rb), the names Zendesk's `time_zone` fields use. @internal
 */
export const RAILS_ZONES: ReadonlyMap<string, string> = new Map([
  ['International Date Line West', 'Pacific/Midway'],
  ['Midway Island', 'Pacific/Midway'],
  ['American Samoa', 'Pacific/Pago_Pago'],
  ['Hawaii', 'Pacific/Honolulu'],
  ['Alaska', 'America/Juneau'],
  ['Pacific Time (US & Canada)', 'America/Los_Angeles'],
  ['Tijuana', 'America/Tijuana'],
  ['Mountain Time (US & Canada)', 'America/Denver'],
  ['Arizona', 'America/Phoenix'],
  ['Chihuahua', 'America/Chihuahua'],
  ['Mazatlan', 'America/Mazatlan'],
  ['Central Time (US & Canada)', 'America/Chicago'],
  ['Saskatchewan', 'America/Regina'],
  ['Guadalajara', 'America/Mexico_City'],
  ['Mexico City', 'America/Mexico_City'],
  ['Monterrey', 'America/Monterrey'],
  ['Central America', 'America/Guatemala'],
  ['Eastern Time (US & Canada)', 'America/New_York'],
  ['Indiana (East)', 'America/Indiana/Indianapolis'],
  ['Bogota', 'America/Bogota'],
  ['Lima', 'America/Lima'],
  ['Quito', 'America/Lima'],
  ['Atlantic Time (Canada)', 'America/Halifax'],
  ['Caracas', 'America/Caracas'],
  ['La Paz', 'America/La_Paz'],
  ['Santiago', 'America/Santiago'],
  ['Newfoundland', 'America/St_Johns'],
  ['Brasilia', 'America/Sao_Paulo'],
  ['Buenos Aires', 'America/Argentina/Buenos_Aires'],
  ['Montevideo', 'America/Montevideo'],
  ['Georgetown', 'America/Guyana'],
  ['Puerto Rico', 'America/Puerto_Rico'],
  ['Greenland', 'America/Godthab'],
  ['Mid-Atlantic', 'Atlantic/South_Georgia'],
  ['Azores', 'Atlantic/Azores'],
  ['Cape Verde Is.', 'Atlantic/Cape_Verde'],
  ['Dublin', 'Europe/Dublin'],
  ['Edinburgh', 'Europe/London'],
  ['Lisbon', 'Europe/Lisbon'],
  ['London', 'Europe/London'],
  ['Casablanca', 'Africa/Casablanca'],
  ['Monrovia', 'Africa/Monrovia'],
  ['UTC', 'Etc/UTC'],
  ['Belgrade', 'Europe/Belgrade'],
  ['Bratislava', 'Europe/Bratislava'],
  ['Budapest', 'Europe/Budapest'],
  ['Ljubljana', 'Europe/Ljubljana'],
  ['Prague', 'Europe/Prague'],
  ['Sarajevo', 'Europe/Sarajevo'],
  ['Skopje', 'Europe/Skopje'],
  ['Warsaw', 'Europe/Warsaw'],
  ['Zagreb', 'Europe/Zagreb'],
  ['Brussels', 'Europe/Brussels'],
  ['Copenhagen', 'Europe/Copenhagen'],
  ['Madrid', 'Europe/Madrid'],
  ['Paris', 'Europe/Paris'],
  ['Amsterdam', 'Europe/Amsterdam'],
  ['Berlin', 'Europe/Berlin'],
  ['Bern', 'Europe/Zurich'],
  ['Zurich', 'Europe/Zurich'],
  ['Rome', 'Europe/Rome'],
  ['Stockholm', 'Europe/Stockholm'],
  ['Vienna', 'Europe/Vienna'],
  ['West Central Africa', 'Africa/Algiers'],
  ['Bucharest', 'Europe/Bucharest'],
  ['Cairo', 'Africa/Cairo'],
  ['Helsinki', 'Europe/Helsinki'],
  ['Kyiv', 'Europe/Kiev'],
  ['Riga', 'Europe/Riga'],
  ['Sofia', 'Europe/Sofia'],
  ['Tallinn', 'Europe/Tallinn'],
  ['Vilnius', 'Europe/Vilnius'],
  ['Athens', 'Europe/Athens'],
  ['Istanbul', 'Europe/Istanbul'],
  ['Minsk', 'Europe/Minsk'],
  ['Jerusalem', 'Asia/Jerusalem'],
  ['Harare', 'Africa/Harare'],
  ['Pretoria', 'Africa/Johannesburg'],
  ['Kaliningrad', 'Europe/Kaliningrad'],
  ['Moscow', 'Europe/Moscow'],
  ['St. Petersburg', 'Europe/Moscow'],
  ['Volgograd', 'Europe/Volgograd'],
  ['Samara', 'Europe/Samara'],
  ['Kuwait', 'Asia/Kuwait'],
  ['Riyadh', 'Asia/Riyadh'],
  ['Nairobi', 'Africa/Nairobi'],
  ['Baghdad', 'Asia/Baghdad'],
  ['Tehran', 'Asia/Tehran'],
  ['Abu Dhabi', 'Asia/Muscat'],
  ['Muscat', 'Asia/Muscat'],
  ['Baku', 'Asia/Baku'],
  ['Tbilisi', 'Asia/Tbilisi'],
  ['Yerevan', 'Asia/Yerevan'],
  ['Kabul', 'Asia/Kabul'],
  ['Ekaterinburg', 'Asia/Yekaterinburg'],
  ['Islamabad', 'Asia/Karachi'],
  ['Karachi', 'Asia/Karachi'],
  ['Tashkent', 'Asia/Tashkent'],
  ['Chennai', 'Asia/Kolkata'],
  ['Kolkata', 'Asia/Kolkata'],
  ['Mumbai', 'Asia/Kolkata'],
  ['New Delhi', 'Asia/Kolkata'],
  ['Kathmandu', 'Asia/Kathmandu'],
  ['Astana', 'Asia/Dhaka'],
  ['Dhaka', 'Asia/Dhaka'],
  ['Sri Jayawardenepura', 'Asia/Colombo'],
  ['Almaty', 'Asia/Almaty'],
  ['Novosibirsk', 'Asia/Novosibirsk'],
  ['Rangoon', 'Asia/Rangoon'],
  ['Bangkok', 'Asia/Bangkok'],
  ['Hanoi', 'Asia/Bangkok'],
  ['Jakarta', 'Asia/Jakarta'],
  ['Krasnoyarsk', 'Asia/Krasnoyarsk'],
  ['Beijing', 'Asia/Shanghai'],
  ['Chongqing', 'Asia/Chongqing'],
  ['Hong Kong', 'Asia/Hong_Kong'],
  ['Urumqi', 'Asia/Urumqi'],
  ['Kuala Lumpur', 'Asia/Kuala_Lumpur'],
  ['Singapore', 'Asia/Singapore'],
  ['Taipei', 'Asia/Taipei'],
  ['Perth', 'Australia/Perth'],
  ['Irkutsk', 'Asia/Irkutsk'],
  ['Ulaanbaatar', 'Asia/Ulaanbaatar'],
  ['Seoul', 'Asia/Seoul'],
  ['Osaka', 'Asia/Tokyo'],
  ['Sapporo', 'Asia/Tokyo'],
  ['Tokyo', 'Asia/Tokyo'],
  ['Yakutsk', 'Asia/Yakutsk'],
  ['Darwin', 'Australia/Darwin'],
  ['Adelaide', 'Australia/Adelaide'],
  ['Canberra', 'Australia/Melbourne'],
  ['Melbourne', 'Australia/Melbourne'],
  ['Sydney', 'Australia/Sydney'],
  ['Brisbane', 'Australia/Brisbane'],
  ['Hobart', 'Australia/Hobart'],
  ['Vladivostok', 'Asia/Vladivostok'],
  ['Guam', 'Pacific/Guam'],
  ['Port Moresby', 'Pacific/Port_Moresby'],
  ['Magadan', 'Asia/Magadan'],
  ['Srednekolymsk', 'Asia/Srednekolymsk'],
  ['Solomon Is.', 'Pacific/Guadalcanal'],
  ['New Caledonia', 'Pacific/Noumea'],
  ['Fiji', 'Pacific/Fiji'],
  ['Kamchatka', 'Asia/Kamchatka'],
  ['Marshall Is.', 'Pacific/Majuro'],
  ['Auckland', 'Pacific/Auckland'],
  ['Wellington', 'Pacific/Auckland'],
  ["Nuku'alofa", 'Pacific/Tongatapu'],
  ['Tokelau Is.', 'Pacific/Fakaofo'],
  ['Chatham Is.', 'Pacific/Chatham'],
  ['Samoa', 'Pacific/Apia'],
]);

/**
 * The IANA zone of a Zendesk `time_zone`: a Rails name ("Pacific Time (US & Canada)") through
 * ActiveSupport's table, or an IANA name as it is; `undefined` for neither.
 */
export function railsTimeZone(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const mapped = RAILS_ZONES.get(name.trim());
  if (mapped !== undefined) return mapped;
  return isTimeZone(name) ? name : undefined;
}

/** An interval of a Zendesk schedule (minutes from Sunday 00:00 local time). */
export interface ZendeskInterval {
  readonly start_time: string | number;
  readonly end_time: string | number;
}

/**
 * A Zendesk schedule: a row of Fivetran's `schedule` table (one row per interval: `id, start_time,
 * end_time, time_zone`), or a schedule of the Schedules API (`{ id, time_zone, intervals }`).
 */
export type ZendeskScheduleRow = {
  readonly id: string | number;
  readonly name?: string;
  /** A Rails time-zone name ("Eastern Time (US & Canada)") or an IANA zone. */
  readonly time_zone: string;
} & ({ readonly start_time: string | number; readonly end_time: string | number } | { readonly intervals: readonly ZendeskInterval[] });

/** A holiday of a schedule: Fivetran's `schedule_holiday` (`schedule_id, start_date, end_date`, both dates inclusive). */
export interface ZendeskHolidayRow {
  readonly schedule_id: string | number;
  /** `YYYY-MM-DD` (a midnight time after it is allowed). */
  readonly start_date: string;
  readonly end_date: string;
}

/** Input of {@link zendeskSchedules}. */
export interface ZendeskSchedulesInput {
  readonly schedules: readonly ZendeskScheduleRow[];
  readonly holidays?: readonly ZendeskHolidayRow[];
}

/** A whole number of minutes from a cell, or NaN. */
function minutesOf(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : NaN;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` cell (optionally with a midnight time), or NaN. */
function dayOf(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  const m = /^\s*(\d{4})-(\d\d)-(\d\d)(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?\s*$/.exec(value);
  if (m === null) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return NaN;
  const ms = Date.UTC(y, mo - 1, d);
  return new Date(ms).getUTCDate() === d ? ms / 86_400_000 : NaN;
}

/** `HH:mm` of minutes after midnight (1440 → `'24:00'`). */
function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** One schedule while it is read. */
interface Building {
  readonly id: string;
  readonly timeZone: string;
  /** [start, end) minutes from Sunday 00:00. */
  readonly intervals: [number, number][];
  readonly holidays: Set<number>;
}

/** Reads one interval at `path` into `out`. */
function readInterval(start: unknown, end: unknown, path: readonly (string | number)[], issues: IssueCollector, out: [number, number][]): void {
  const s = minutesOf(start);
  const e = minutesOf(end);
  const rule = `whole minutes from Sunday 00:00, 0 to ${WEEK_MINUTES}`;
  let ok = true;
  if (!(s >= 0 && s < WEEK_MINUTES)) {
    issues.add({ code: s !== s ? 'invalid_type' : 'out_of_range', path: [...path, 'start_time'], input: start, expected: rule });
    ok = false;
  }
  if (!(e > 0 && e <= WEEK_MINUTES)) {
    issues.add({ code: e !== e ? 'invalid_type' : 'out_of_range', path: [...path, 'end_time'], input: end, expected: rule });
    ok = false;
  }
  if (ok && e <= s) {
    issues.add({ code: 'inconsistent', path: [...path, 'end_time'], input: end, detail: `end_time (${e}) must be after start_time (${s})` });
    ok = false;
  }
  if (ok) out.push([s, e]);
}

/** The weekly intervals as `hours`: split at each local midnight, sorted, touching or overlapping ones merged. */
function hoursOf(intervals: readonly [number, number][]): BusinessHoursSpec['hours'] {
  const perDay: [number, number][][] = [[], [], [], [], [], [], []];
  for (const [s, e] of intervals) {
    for (let day = Math.floor(s / 1440); day * 1440 < e; day++) {
      const from = Math.max(s, day * 1440) - day * 1440;
      const to = Math.min(e, (day + 1) * 1440) - day * 1440;
      if (to > from) (perDay[day] as [number, number][]).push([from, to]);
    }
  }
  const hours: Partial<Record<(typeof DAY_KEYS)[number], [string, string][]>> = {};
  for (let day = 0; day < 7; day++) {
    const list = (perDay[day] as [number, number][]).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const iv of list) {
      const last = merged[merged.length - 1];
      if (last !== undefined && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
      else merged.push([iv[0], iv[1]]);
    }
    if (merged.length > 0) hours[DAY_KEYS[day] as (typeof DAY_KEYS)[number]] = merged.map(([a, b]) => [hhmm(a), hhmm(b)]);
  }
  return hours;
}

/**
 * Zendesk schedules → `{ [id]: BusinessHoursSpec }`, for `ticketMetrics`' `schedules` option (or
 * `businessCalendar`). Each schedule's intervals are minutes from Sunday 00:00 in its own zone
 * (Zendesk's Schedules API: `start_time`, `end_time`); they are split at each local midnight into the
 * weekday `hours` (`'24:00'` for an interval that runs to midnight; touching or overlapping
 * intervals are merged). `time_zone` is a Rails name, turned into its IANA zone by
 * ActiveSupport::TimeZone::MAPPING ("Pacific Time (US & Canada)" → `America/Los_Angeles`); an IANA
 * name is kept. Holidays (`schedule_id, start_date, end_date`, both inclusive) become the dates of
 * their range.
 *
 * Fivetran's `schedule` table has one row per interval (the same `id` and `time_zone` on each); the
 * API gives `{ id, time_zone, intervals: [{ start_time, end_time }] }`. Both are read.
 *
 * @param input - `{ schedules, holidays? }`: {@link ZendeskSchedulesInput}.
 * @returns The specs by schedule id (the id as a string, as schedule events name it). Frozen.
 * @throws {@link KpiInputError} with the path of every problem: a schedule without `id`, an unknown
 *   zone (`['schedules', 0, 'time_zone']`), two zones for one id, minutes outside the week or an end
 *   not after its start, a holiday of an unknown schedule or with a bad date or an end before its
 *   start; arrays longer than MAX_ARRAY_LENGTH.
 * @see docs/histories.md#adapters; Zendesk API reference, Schedules,
 *   https://developer.zendesk.com/api-reference/ticketing/ticket-management/schedules/.
 *
 * @example
 * ```ts
 * import { zendeskSchedules } from 'kpi-kit';
 *
 * // A schedule of Zendesk's Schedules API reference (List Schedules): Monday and Tuesday 09:00–17:00.
 * const specs = zendeskSchedules({
 *   schedules: [
 *     {
 *       id: 1,
 *       name: 'North America',
 *       time_zone: 'Pacific Time (US & Canada)',
 *       intervals: [
 *         { start_time: 1980, end_time: 2460 },
 *         { start_time: 3420, end_time: 3900 },
 *       ],
 *     },
 *   ],
 *   holidays: [{ schedule_id: 1, start_date: '2024-12-24', end_date: '2024-12-26' }],
 * });
 * specs['1']!.timeZone; // 'America/Los_Angeles'
 * specs['1']!.hours; // { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] }
 * specs['1']!.holidays; // ['2024-12-24', '2024-12-25', '2024-12-26']
 * ```
 */
export function zendeskSchedules(input: ZendeskSchedulesInput): Readonly<Record<string, BusinessHoursSpec>> {
  const record = requireInput(FN, input);
  const rows = requireArray(
    FN,
    record['schedules'],
    ['schedules'],
    'an array of schedules { id, time_zone, start_time, end_time } or { id, time_zone, intervals }',
  );
  const issues = new IssueCollector(FN);
  const byId = new Map<string, Building>();
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!isRecord(row)) {
      issues.add({ code: 'invalid_type', path: ['schedules', i], input: row, expected: 'a schedule { id, time_zone, ... }' });
      continue;
    }
    const id = idOf(row['id']);
    if (id === undefined) {
      issues.add({ code: row['id'] === undefined ? 'missing' : 'invalid_type', path: ['schedules', i, 'id'], input: row['id'], expected: 'a schedule id' });
      continue;
    }
    const zone = railsTimeZone(row['time_zone']);
    if (zone === undefined) {
      issues.add({
        code: row['time_zone'] === undefined ? 'missing' : 'invalid_value',
        path: ['schedules', i, 'time_zone'],
        input: row['time_zone'],
        expected: 'a Rails time-zone name like "Eastern Time (US & Canada)" or an IANA zone like "America/New_York"',
      });
      continue;
    }
    const key = String(id);
    let b = byId.get(key);
    if (b === undefined) byId.set(key, (b = { id: key, timeZone: zone, intervals: [], holidays: new Set() }));
    else if (b.timeZone !== zone) {
      issues.add({
        code: 'inconsistent',
        path: ['schedules', i, 'time_zone'],
        input: row['time_zone'],
        detail: `schedules[${i}].time_zone (${zone}) differs from the zone of an earlier row of schedule ${key} (${b.timeZone})`,
      });
      continue;
    }
    const intervals = row['intervals'];
    if (intervals !== undefined) {
      const list = requireArray(FN, intervals, ['schedules', i, 'intervals'], 'an array of intervals { start_time, end_time }');
      for (let j = 0; j < list.length; j++) {
        const iv: unknown = list[j];
        if (!isRecord(iv))
          issues.add({ code: 'invalid_type', path: ['schedules', i, 'intervals', j], input: iv, expected: 'an interval { start_time, end_time }' });
        else readInterval(iv['start_time'], iv['end_time'], ['schedules', i, 'intervals', j], issues, b.intervals);
      }
    } else readInterval(row['start_time'], row['end_time'], ['schedules', i], issues, b.intervals);
  }
  const holidays =
    record['holidays'] === undefined ? [] : requireArray(FN, record['holidays'], ['holidays'], 'an array of holidays { schedule_id, start_date, end_date }');
  for (let i = 0; i < holidays.length; i++) {
    const h: unknown = holidays[i];
    if (!isRecord(h)) {
      issues.add({ code: 'invalid_type', path: ['holidays', i], input: h, expected: 'a holiday { schedule_id, start_date, end_date }' });
      continue;
    }
    const id = idOf(h['schedule_id']);
    const b = id === undefined ? undefined : byId.get(String(id));
    if (b === undefined) {
      issues.add({
        code: id === undefined ? 'missing' : 'invalid_value',
        path: ['holidays', i, 'schedule_id'],
        input: h['schedule_id'],
        expected: 'the id of a schedule in input.schedules',
      });
      continue;
    }
    const start = dayOf(h['start_date']);
    const end = dayOf(h['end_date']);
    const bad = (field: string, value: unknown): IssueSpec => ({
      code: value === undefined ? 'missing' : 'invalid_value',
      path: ['holidays', i, field],
      input: value,
      expected: 'a date "YYYY-MM-DD"',
    });
    if (start !== start) issues.add(bad('start_date', h['start_date']));
    if (end !== end) issues.add(bad('end_date', h['end_date']));
    if (start !== start || end !== end) continue;
    if (end < start || end - start >= MAX_HOLIDAY_DAYS) {
      issues.add({
        code: end < start ? 'inconsistent' : 'out_of_range',
        path: ['holidays', i, 'end_date'],
        input: h['end_date'],
        detail: `holidays[${i}]: end_date must be on or after start_date, and the range at most ${MAX_HOLIDAY_DAYS} days`,
      });
      continue;
    }
    for (let d = start; d <= end; d++) b.holidays.add(d);
  }
  issues.throwIfAny();
  const out: Record<string, BusinessHoursSpec> = {};
  for (const b of byId.values()) {
    const hours = hoursOf(b.intervals);
    const dates = [...b.holidays].sort((x, y) => x - y).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    out[b.id] = Object.freeze(
      dates.length > 0
        ? { timeZone: b.timeZone, hours: deepFrozen(hours), holidays: Object.freeze(dates) }
        : { timeZone: b.timeZone, hours: deepFrozen(hours) },
    );
  }
  return Object.freeze(out);
}

function deepFrozen(hours: BusinessHoursSpec['hours']): BusinessHoursSpec['hours'] {
  for (const list of Object.values(hours)) {
    if (list === undefined) continue;
    for (const iv of list) Object.freeze(iv);
    Object.freeze(list);
  }
  return Object.freeze(hours);
}
