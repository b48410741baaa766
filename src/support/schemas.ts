/**
 * zod schemas of the support family, built from the same field table (`TICKET_FIELDS`) as the
 * hand-written checks of the metrics; a property test keeps them in agreement. In their own module
 * so that code that does not use them does not bundle zod.
 *
 * @module
 */
import { z } from 'zod';
import { TimestampSchema } from '../time/schemas.js';
import { TimestampReader } from '../time/timestamp.js';
import {
  type Ticket,
  type TicketField,
  type TicketFieldKind,
  AGREEMENT_MS,
  MAX_DURATION_MS,
  TICKET_FIELDS,
} from './ticket.js';

export { TimestampSchema };

const utc = /* @__PURE__ */ new TimestampReader('UTC');

function kindSchema(kind: TicketFieldKind): z.ZodType {
  switch (kind) {
    case 'timestamp':
      return TimestampSchema;
    case 'duration':
      return z.number().min(0).max(MAX_DURATION_MS);
    case 'label':
      return z.string();
    case 'id':
      return z.union([z.string(), z.number().finite()]);
    case 'count':
      return z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return z.boolean();
    case 'number':
      return z.number().finite();
  }
}

/**
 * The schema of the ticket fields `fields` (`createdAt` and the others in `required` are required;
 * the rest optional and nullable), with the cross-field rules: responses, resolutions and closing
 * not before creation; a given duration within 1 ms of its timestamps. Unknown keys pass through.
 * @internal
 */
export function ticketSchemaOf(fields: readonly TicketField[], required: readonly TicketField[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const s = kindSchema(TICKET_FIELDS[field]);
    shape[field] = required.includes(field) ? s : s.nullish();
  }
  return z.looseObject(shape).superRefine((t, ctx) => {
    const record = t as Record<string, unknown>;
    if (!fields.includes('createdAt') || record['createdAt'] === undefined || record['createdAt'] === null) return;
    const created = utc.read(record['createdAt']);
    for (const [at, ms] of [
      ['firstResponseAt', 'firstResponseMs'],
      ['resolvedAt', 'resolutionMs'],
      ['closedAt', null],
    ] as const) {
      if (!fields.includes(at) || record[at] === undefined || record[at] === null) continue;
      const time = utc.read(record[at]);
      if (time < created) {
        ctx.addIssue({ code: 'custom', path: [at], message: `${at} is before createdAt` });
        continue;
      }
      if (ms === null || !fields.includes(ms)) continue;
      const given = record[ms];
      if (typeof given === 'number' && Math.abs(given - (time - created)) > AGREEMENT_MS) {
        ctx.addIssue({ code: 'custom', path: [ms], message: `${ms} disagrees with ${at} − createdAt` });
      }
    }
  });
}

/**
 * The zod schema of a {@link Ticket}: what every field accepts (see the `Ticket` type), `createdAt`
 * required, other fields optional and nullable, extra fields allowed; responses and resolutions
 * not before creation; durations that agree with their timestamps within 1 ms. Zone-less timestamp
 * strings are valid in any zone, so the schema does not need one.
 *
 * The metrics do not call zod per ticket (it would cost ~20× the whole computation); they check
 * each ticket by hand, by the same rules, in their single pass.
 *
 * @example
 * ```ts
 * import { TicketSchema } from 'kpi-kit';
 *
 * TicketSchema.safeParse({ createdAt: '2024-05-06T08:00:00Z', firstResponseMs: 60_000 }).success; // true
 * TicketSchema.safeParse({ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T07:00:00Z' }).success; // false
 * ```
 */
export const TicketSchema: z.ZodType<Ticket> = /* @__PURE__ */ ticketSchemaOf(
  Object.keys(TICKET_FIELDS) as TicketField[],
  ['createdAt'],
) as unknown as z.ZodType<Ticket>;
