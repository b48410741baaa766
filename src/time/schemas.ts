/**
 * The zod schema of a timestamp, shared by every record kind's schema. In its own module so that
 * code that does not use schemas does not bundle zod.
 *
 * @module
 */
import { z } from 'zod';
import { TimestampReader } from './timestamp.js';

const utc = /* @__PURE__ */ new TimestampReader('UTC');

/** A timestamp: a valid Date, an ISO-8601 string (as `toEpochMs` reads it) or epoch ms. */
export const TimestampSchema: z.ZodType<Date | string | number> = /* @__PURE__ */ z.union([
  z.date(),
  z.number().min(-8.64e15).max(8.64e15),
  z.string().refine((s) => utc.parse(s) === utc.parse(s), { message: 'Expected an ISO-8601 timestamp' }),
]);
