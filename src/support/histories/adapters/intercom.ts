/**
 * Intercom conversations and conversation parts → `ticketMetrics` events.
 *
 * @module
 */
import { type KpiPath } from '../../../core/errors.js';
import { IssueCollector, isRecord, oneOf, readOptions, requireArray, requireInput, selectForm } from '../../../core/validate.js';
import { type OnInvalid } from '../../ticket.js';
import { type ActorRole } from '../types.js';
import { type AdapterResult, type Id, EventCollector, ON_INVALID_RULE, nullableIdOf } from './common.js';

const FN = 'intercomEvents';

/** Intercom's `created_at` is in epoch seconds. */
const SECOND = 1000;

/** `author.type` → role: teammates (`admin`) are agents, `user`/`lead`/`contact` the requester, `bot` automation. */
const AUTHORS: Readonly<Record<string, ActorRole>> = { admin: 'agent', user: 'end-user', lead: 'end-user', contact: 'end-user', bot: 'system' };

/** One conversation part, as the API gives it (`author: { type }`, `assigned_to: { id }`) or as a flat row (`author_type`, `assigned_to_id`). */
export interface IntercomPart {
  /** `comment`, `note`, `assignment`, `open`, `close`, `snoozed`, `unsnoozed`, `timer_unsnooze`, ...; others are skipped. */
  readonly part_type: string;
  /** Epoch seconds. */
  readonly created_at: string | number;
  readonly author?: { readonly type: string; readonly id?: string | number | undefined } | undefined;
  readonly author_type?: string | undefined;
  readonly assigned_to?: { readonly type?: string | undefined; readonly id?: string | number | null | undefined } | null | undefined;
  readonly assigned_to_id?: string | number | null | undefined;
}

/** A flat conversation part row (e.g. a warehouse's `conversation_part_history`): an {@link IntercomPart} with its conversation. */
export type IntercomPartRow = IntercomPart & { readonly conversation_id: string | number };

/** A conversation of Intercom's API: its first message is `source`, the rest `conversation_parts.conversation_parts`. */
export interface IntercomConversation {
  readonly id: string | number;
  /** Epoch seconds. */
  readonly created_at: string | number;
  readonly source?: { readonly author?: { readonly type: string } | undefined } | undefined;
  readonly conversation_parts?: { readonly conversation_parts: readonly IntercomPart[] } | undefined;
}

/** Options of {@link intercomEvents}. */
export interface IntercomEventsOptions {
  /**
   * The status of a snoozed conversation: `'pending'` (default: waiting on the customer, Zendesk's
   * agent wait) or `'hold'` (waiting on a third party: requester wait and on-hold).
   */
  readonly snoozed?: 'pending' | 'hold';
  /** `'throw'` (default): an invalid part raises KpiInputError; `'exclude'`: its conversation is left out and listed. */
  readonly onInvalid?: OnInvalid;
}

/** The role of a part's author, or `undefined` (recorded) when the type is unknown. */
function roleOf(c: EventCollector, id: Id, part: Record<string, unknown>, path: KpiPath): ActorRole | undefined {
  const author = part['author'];
  const nested = isRecord(author) ? author['type'] : undefined;
  const raw = nested ?? part['author_type'];
  const role = typeof raw === 'string' ? AUTHORS[raw.trim().toLowerCase()] : undefined;
  if (role === undefined)
    c.issue(id, {
      code: raw === undefined ? 'missing' : 'invalid_value',
      path: isRecord(author) ? [...path, 'author', 'type'] : [...path, 'author_type'],
      input: raw,
      expected: "one of 'admin', 'user', 'lead', 'contact', 'bot'",
    });
  return role;
}

/** Reads one part of conversation `id` at `path`. */
function readPart(c: EventCollector, id: Id, part: Record<string, unknown>, path: KpiPath, snoozed: string): void {
  const type = part['part_type'];
  if (typeof type !== 'string') {
    c.issue(id, { code: type === undefined ? 'missing' : 'invalid_type', path: [...path, 'part_type'], input: type, expected: 'a part type' });
    return;
  }
  const at = c.time(id, part['created_at'], [...path, 'created_at'], SECOND);
  switch (type) {
    case 'comment':
    case 'note': {
      const role = roleOf(c, id, part, path);
      if (role !== undefined && at === at) c.add(id, at, { kind: 'comment', public: type === 'comment', actorRole: role });
      return;
    }
    case 'assignment': {
      const nested = part['assigned_to'];
      const raw = isRecord(nested) ? nested['id'] : nested === null ? null : part['assigned_to_id'];
      const to = nullableIdOf(raw);
      if (to === undefined) c.issue(id, { code: 'invalid_type', path: [...path, 'assigned_to_id'], input: raw, expected: 'an assignee id, or empty' });
      else if (at === at) c.add(id, at, { kind: 'assignee', to });
      return;
    }
    case 'open':
    case 'unsnoozed':
    case 'timer_unsnooze':
      if (at === at) c.add(id, at, { kind: 'status', to: 'open' });
      return;
    case 'close':
      if (at === at) c.add(id, at, { kind: 'status', to: 'solved' });
      return;
    case 'snoozed':
      if (at === at) c.add(id, at, { kind: 'status', to: snoozed });
      return;
    default:
      return;
  }
}

/**
 * Intercom conversations → events for {@link ticketMetrics}. Two forms: `{ conversations }` as the
 * Conversations API gives them (`id`, `created_at`, the first message `source` and
 * `conversation_parts.conversation_parts`), or `{ parts }`: flat rows of conversation parts with
 * their `conversation_id`. A conversation of the API form starts `open` at its `created_at`, with its
 * `source` as the creation comment.
 *
 * Parts (`created_at` in epoch seconds): `comment` → a public comment, `note` → a private one, by
 * the author's type (`admin` → `agent`, `user`/`lead`/`contact` → `end-user`, `bot` → `system`, so
 * bot replies are no first reply); `assignment` → an `assignee` event to `assigned_to.id` (or
 * `assigned_to_id`); `open`, `unsnoozed`, `timer_unsnooze` → status `open`; `close` → `solved`;
 * `snoozed` → `pending` (or `hold` with `snoozed: 'hold'`). Other part types are skipped.
 *
 * @param input - `{ conversations }` ({@link IntercomConversation}) or `{ parts }` ({@link IntercomPartRow}).
 * @param options - {@link IntercomEventsOptions}.
 * @returns `{ events, excluded }` as {@link zendeskEvents}; ticket ids are the conversation ids. Frozen.
 * @throws {@link KpiInputError} with the path of every problem: a conversation or part that is not an
 *   object or has no id (always), a `created_at` that is not epoch seconds, an unknown author type
 *   on a comment or note (`['parts', 2, 'author_type']`).
 * @see docs/histories.md#adapters; Intercom API reference, Conversations,
 *   https://developers.intercom.com/docs/references/rest-api/api.intercom.io/conversations/.
 *
 * @example
 * ```ts
 * import { intercomEvents, ticketMetrics } from 'kpi-kit';
 *
 * const { events } = intercomEvents({
 *   conversations: [
 *     {
 *       id: '1911149811',
 *       created_at: 1714982400, // 2024-05-06 08:00 UTC
 *       source: { author: { type: 'user' } },
 *       conversation_parts: {
 *         conversation_parts: [
 *           { part_type: 'comment', created_at: 1714982460, author: { type: 'bot' } },
 *           { part_type: 'assignment', created_at: 1714983000, author: { type: 'bot' }, assigned_to: { type: 'admin', id: 814860 } },
 *           { part_type: 'comment', created_at: 1714986000, author: { type: 'admin' } },
 *           { part_type: 'snoozed', created_at: 1714986000, author: { type: 'admin' } },
 *           { part_type: 'close', created_at: 1714993200, author: { type: 'admin' } },
 *         ],
 *       },
 *     },
 *   ],
 * });
 * const t = ticketMetrics({ events }).tickets[0]!;
 * t.calendar.firstReplyTime; // 3600000 (the teammate at 09:00; the bot's reply does not count)
 * t.calendar.agentWaitTime; // 7200000 (snoozed 09:00 → closed 11:00)
 * t.ticket.agent; // '814860'
 * ```
 */
export function intercomEvents(
  input: { readonly conversations: readonly IntercomConversation[] } | { readonly parts: readonly IntercomPartRow[] },
  options?: IntercomEventsOptions,
): AdapterResult {
  const record = requireInput(FN, input);
  const form = selectForm(FN, record, [
    { name: 'conversations', fields: ['conversations'] },
    { name: 'parts', fields: ['parts'] },
  ]);
  const o = readOptions(FN, options, ['snoozed', 'onInvalid']);
  const snoozed = o['snoozed'] ?? 'pending';
  const onInvalid = o['onInvalid'] ?? 'throw';
  const issues = new IssueCollector(FN);
  issues.check(snoozed, oneOf(['pending', 'hold']), ['options', 'snoozed']);
  issues.check(onInvalid, ON_INVALID_RULE, ['options', 'onInvalid']);
  issues.throwIfAny();
  const c = new EventCollector(FN, 'UTC', onInvalid as OnInvalid);
  if (form === 'parts') {
    const rows = requireArray(FN, record['parts'], ['parts'], 'an array of conversation parts { conversation_id, part_type, created_at, ... }');
    for (let i = 0; i < rows.length; i++) {
      const r = c.row(rows[i], ['parts', i], 'conversation_id', 'a conversation part { conversation_id, part_type, created_at, ... }');
      if (r !== undefined) readPart(c, r.ticketId, r.row, ['parts', i], snoozed as string);
    }
    return c.result();
  }
  const list = requireArray(FN, record['conversations'], ['conversations'], 'an array of conversations { id, created_at, source, conversation_parts }');
  for (let i = 0; i < list.length; i++) {
    const r = c.row(list[i], ['conversations', i], 'id', 'a conversation { id, created_at, source, conversation_parts }');
    if (r === undefined) continue;
    const { row, ticketId } = r;
    const at = c.time(ticketId, row['created_at'], ['conversations', i, 'created_at'], SECOND);
    if (at === at) c.add(ticketId, at, { kind: 'status', to: 'open' });
    const source = row['source'];
    if (isRecord(source)) {
      const role = roleOf(c, ticketId, source, ['conversations', i, 'source']);
      if (role !== undefined && at === at) c.add(ticketId, at, { kind: 'comment', public: true, actorRole: role });
    }
    const wrapper = row['conversation_parts'];
    if (wrapper === undefined || wrapper === null) continue;
    const parts = isRecord(wrapper) ? wrapper['conversation_parts'] : wrapper;
    const path = isRecord(wrapper) ? ['conversations', i, 'conversation_parts', 'conversation_parts'] : ['conversations', i, 'conversation_parts'];
    if (!Array.isArray(parts)) {
      c.issue(ticketId, { code: 'invalid_type', path, input: parts, expected: 'an array of conversation parts' });
      continue;
    }
    requireArray(FN, parts, path, 'an array of conversation parts');
    for (let j = 0; j < parts.length; j++) {
      const part: unknown = parts[j];
      if (!isRecord(part))
        c.issue(ticketId, { code: 'invalid_type', path: [...path, j], input: part, expected: 'a conversation part { part_type, created_at, ... }' });
      else readPart(c, ticketId, part, [...path, j], snoozed as string);
    }
  }
  return c.result();
}
