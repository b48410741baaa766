/**
 * Time: timestamps as kpi-kit reads them (Date, ISO-8601 string, epoch ms; zone-less strings in a
 * chosen IANA time zone).
 *
 * @module time
 */
export { KpiInputError } from '../core/errors.js';
export { toEpochMs, type TimestampInput, type TimestampOptions } from './timestamp.js';
