/**
 * zod schemas of kpi-kit's inputs and records, for validating data at an application's edge (forms,
 * APIs, files) with the same rules the functions apply: the survey inputs and options, the ticket,
 * contact, revenue-line and customer records, and a timestamp. A separate entry point, so that only
 * code that imports `kpi-kit/schemas` needs zod's types (the other entry points' types never
 * mention zod).
 *
 * @example
 * ```ts
 * import { NpsInputSchema, TicketSchema } from 'kpi-kit/schemas';
 *
 * NpsInputSchema.safeParse({ responses: [10, 9, 3] }).success; // true
 * TicketSchema.safeParse({ createdAt: '2024-05-06T08:00:00Z', firstResponseMs: 60_000 }).success; // true
 * ```
 *
 * @module schemas
 */
export * from '../survey/schemas.js';
export { TicketSchema } from '../support/schemas.js';
export { TimestampSchema } from '../time/schemas.js';
export { ContactSchema } from '../contact-center/schemas.js';
export { RevenueLineSchema } from '../finance/schemas.js';
export { CustomerRecordSchema } from '../growth/schemas.js';
