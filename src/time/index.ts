/**
 * Time: timestamps as kpi-kit reads them (Date, ISO-8601 string, epoch ms; zone-less strings in a
 * chosen IANA time zone), calendar periods (day, week, month, quarter) in a time zone, and
 * business-hours calendars.
 *
 * @module time
 */
export { KpiInputError } from '../core/errors.js';
export { toEpochMs, type TimestampInput, type TimestampOptions } from './timestamp.js';
export { periodBucketer, periodOf, PERIOD_UNITS, type Period, type PeriodBucketer, type PeriodOptions, type PeriodUnit } from './period.js';
export { businessCalendar, businessDuration, type BusinessCalendar, type BusinessHoursSpec } from './calendar.js';
