/**
 * zod schemas of the support family, built from the ticket declaration (`TICKET_KIND`) like the
 * compiled guard and the checker of the metrics; a property test keeps them in agreement. In their own module
 * so that code that does not use them does not bundle zod.
 *
 * @module
 */
import { type z } from 'zod';
import { recordSchema } from '../records/schema.js';
import { TimestampSchema } from '../time/schemas.js';
import { type Ticket, type TicketField, TICKET_KIND } from './ticket.js';

export { TimestampSchema };

/**
 * The schema of the ticket fields `fields` (`createdAt` and the others in `required` are required;
 * the rest optional and nullable), with the cross-field rules: responses, resolutions and closing
 * not before creation; a given duration within 1 ms of its timestamps. Unknown keys pass through.
 * @internal
 */
export function ticketSchemaOf(fields: readonly TicketField[], required: readonly TicketField[]) {
  return recordSchema(TICKET_KIND, fields, required);
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
 * import { TicketSchema } from 'kpi-kit/schemas';
 *
 * TicketSchema.safeParse({ createdAt: '2024-05-06T08:00:00Z', firstResponseMs: 60_000 }).success; // true
 * TicketSchema.safeParse({ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T07:00:00Z' }).success; // false
 * ```
 */
export const TicketSchema: z.ZodType<Ticket> = /* @__PURE__ */ recordSchema(TICKET_KIND) as unknown as z.ZodType<Ticket>;
