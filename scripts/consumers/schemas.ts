// A consumer of kpi-kit/schemas, compiled by scripts/check-package.mjs where zod's own declarations
// compile (with esModuleInterop; see CONSUMERS there): the schemas are typed by zod, so a parsed
// ticket is a Ticket. tsc must report exactly the error marked `expect TSnnnn`, and no other.
import { type Ticket } from 'kpi-kit';
import { NpsInputSchema, TicketSchema, TimestampSchema } from 'kpi-kit/schemas';

const parsed: Ticket = TicketSchema.parse({ createdAt: '2024-05-06T08:00:00Z' });
export const valid: boolean = NpsInputSchema.safeParse({ responses: [10] }).success && TimestampSchema.safeParse(parsed.createdAt).success;
export const wrong: number = TicketSchema.parse({}); // expect TS2322 (a parsed ticket is a Ticket, not a number)
