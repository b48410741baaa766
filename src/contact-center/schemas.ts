/**
 * The zod schema of the contact record, built from the contact declaration (`CONTACT_KIND`) like
 * the compiled guard and the checker of the metrics; a property test keeps them in agreement. In its
 * own module so that code that does not use it does not bundle zod, and the types of the
 * contact-centre entry point do not mention zod.
 *
 * @module
 */
import { type z } from 'zod';
import { recordSchema } from '../records/schema.js';
import { type Contact, CONTACT_KIND } from './contact.js';

/**
 * The zod schema of a {@link Contact}: `offeredAt` required, the other fields optional and
 * nullable, extra fields allowed; not both `answeredAt` and `abandonedAt`; the answer, the abandon
 * and the end not before the offer; the end not before the answer or the abandon. Zone-less
 * timestamp strings are valid in any zone, so the schema does not need one (it orders them as UTC).
 *
 * The metrics do not call zod per contact; they check each contact by hand, by the same rules, in
 * their single pass (a property test holds the two to agreement).
 *
 * @example
 * ```ts
 * import { ContactSchema } from 'kpi-kit/schemas';
 *
 * ContactSchema.safeParse({ offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z' }).success; // true
 * ContactSchema.safeParse({ offeredAt: 0, answeredAt: 5000, abandonedAt: 6000 }).success; // false
 * ```
 */
export const ContactSchema: z.ZodType<Contact> = /* @__PURE__ */ recordSchema(CONTACT_KIND) as unknown as z.ZodType<Contact>;
