/**
 * The contact record of a contact centre (one offered call, chat or message in a queue): its
 * fields as data (one table drives the hand-written checks and the exported zod schema), its
 * TypeScript type, the compiled guard of the hot loop, and the engine shared by the measured
 * contact metrics (abandonment rate, service level, average speed of answer): one validated pass,
 * a mergeable accumulator with a JSON state, and the `excluded` block of the result.
 *
 * @module
 */
import { z } from 'zod';
import { type IssueSpec, type KpiPath, formatPath } from '../core/errors.js';
import { type JsonValue, type Kernel, type InvalidRecord, Engine, accumulatorFactory } from '../core/accumulator.js';
import { type IssueCollector, fail, isRecord, readOptions } from '../core/validate.js';
import { type OnInvalid, withInvalid } from '../records/excluded.js';
import { TimestampSchema } from '../time/schemas.js';
import { type MetricRecords, type RecordMetricFactory } from '../records/metric-records.js';
import { type TimestampInput, TimestampReader, readTimeZone, timestampIssue } from '../time/timestamp.js';

/**
 * One contact offered to a queue. Only `offeredAt` is required. The outcome follows from the
 * timestamps: **answered** when `answeredAt` is present, **abandoned** when `abandonedAt` is
 * present (both at once is invalid), otherwise **still queued** (no outcome yet). The wait is
 * `answeredAt − offeredAt` or `abandonedAt − offeredAt`. `null` counts as absent; fields not listed
 * here are allowed and ignored, so whole export rows can be passed as they are.
 */
export interface Contact {
  /** The contact's id (any string or number; only your own code reads it). */
  readonly id?: string | number | null | undefined;
  /** When the contact entered the queue (was offered). */
  readonly offeredAt: TimestampInput;
  /** When an agent answered it; absent unless answered. */
  readonly answeredAt?: TimestampInput | null | undefined;
  /** When the customer hung up or left the queue before being answered; absent unless abandoned. */
  readonly abandonedAt?: TimestampInput | null | undefined;
  /** When the contact ended (after the answer, or the abandon). */
  readonly endedAt?: TimestampInput | null | undefined;
  /** The agent who answered it. */
  readonly agent?: string | null | undefined;
  /** The queue (skill, split) it was offered to. */
  readonly queue?: string | null | undefined;
}

/** The kinds of contact fields. */
export type ContactFieldKind = 'timestamp' | 'label' | 'id';

/**
 * Every contact field and its kind: the single source of the checks and of `ContactSchema`.
 *
 * @example
 * ```ts
 * import { CONTACT_FIELDS } from 'kpi-kit';
 *
 * CONTACT_FIELDS.offeredAt; // 'timestamp'
 * Object.keys(CONTACT_FIELDS).length; // 7
 * ```
 */
export const CONTACT_FIELDS = Object.freeze({
  id: 'id',
  offeredAt: 'timestamp',
  answeredAt: 'timestamp',
  abandonedAt: 'timestamp',
  endedAt: 'timestamp',
  agent: 'label',
  queue: 'label',
} as const satisfies Record<keyof Contact, ContactFieldKind>);

/** A contact field name. */
export type ContactField = keyof typeof CONTACT_FIELDS;

/** The timestamp fields of a contact: what `byPeriod` can place contacts by (`'offeredAt'` by default). */
export type ContactTimestampField = 'offeredAt' | 'answeredAt' | 'abandonedAt' | 'endedAt';

/**
 * The records of every metric measured from contacts, as `byPeriod` and `bySegment` read them:
 * contacts (named so in error paths), placed by `offeredAt` (required) by default, or by
 * `answeredAt`, `abandonedAt` or `endedAt`.
 * @internal
 */
export const CONTACT_RECORDS: MetricRecords<ContactTimestampField> = Object.freeze({
  record: 'contact',
  collection: 'contacts',
  timestampFields: Object.freeze(['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt'] as const),
  required: 'offeredAt',
});

const FIELD_NAMES = Object.keys(CONTACT_FIELDS) as ContactField[];
const TIMESTAMP_EXPECTED = 'a timestamp: a Date, an ISO-8601 string or epoch ms';

function validLabel(kind: 'label' | 'id', value: unknown): boolean {
  return kind === 'label' ? typeof value === 'string' : typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * The ordering rules between the timestamps of a valid contact, as `[later, earlier]` pairs: the
 * answer and the abandon not before the offer, the end not before the offer, the answer or the abandon.
 */
const ORDER: readonly (readonly [ContactField, ContactField])[] = [
  ['answeredAt', 'offeredAt'],
  ['abandonedAt', 'offeredAt'],
  ['endedAt', 'offeredAt'],
  ['endedAt', 'answeredAt'],
  ['endedAt', 'abandonedAt'],
];

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Every problem of one contact, each at `[...base, field]`: invalid values, a missing `offeredAt`,
 * both `answeredAt` and `abandonedAt`, and timestamps out of order (see {@link Contact}). The slow
 * path of the metrics (called once a contact failed the fast guard) and the rule set that
 * `ContactSchema` agrees with.
 *
 * @param record - The contact as received.
 * @param reader - Reads timestamps (zone-less strings in the reader's zone).
 * @param base - The contact's path, e.g. `['contacts', 12]`.
 * @returns The issues; empty when the contact is valid.
 * @internal
 */
export function contactIssues(record: unknown, reader: TimestampReader, base: KpiPath): IssueSpec[] {
  if (!isRecord(record)) return [{ code: 'invalid_type', path: base, input: record, expected: 'a contact object' }];
  const issues: IssueSpec[] = [];
  const times: Partial<Record<ContactField, number>> = {};
  for (const field of FIELD_NAMES) {
    const value = record[field];
    const path = [...base, field];
    const kind = CONTACT_FIELDS[field];
    if (!present(value)) {
      if (field === 'offeredAt') issues.push({ code: 'missing', path, input: value, expected: TIMESTAMP_EXPECTED });
      continue;
    }
    if (kind === 'timestamp') {
      const ms = reader.read(value);
      if (ms === ms) times[field] = ms;
      else issues.push(timestampIssue(value, path));
    } else if (!validLabel(kind, value)) {
      issues.push({ code: 'invalid_type', path, input: value, expected: kind === 'label' ? 'a string' : 'a string or a finite number' });
    }
  }
  if (present(record['answeredAt']) && present(record['abandonedAt'])) {
    issues.push({
      code: 'inconsistent',
      path: [...base, 'abandonedAt'],
      input: record['abandonedAt'],
      detail: `${formatPath(base)} has both answeredAt and abandonedAt: a contact is either answered or abandoned`,
    });
  }
  for (const [later, earlier] of ORDER) {
    const a = times[later];
    const b = times[earlier];
    if (a !== undefined && b !== undefined && a < b) {
      issues.push({
        code: 'inconsistent',
        path: [...base, later],
        input: record[later],
        detail: `${formatPath([...base, later])} (${String(record[later])}) is before ${formatPath([...base, earlier])} (${String(record[earlier])})`,
      });
    }
  }
  return issues;
}

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
 * import { ContactSchema } from 'kpi-kit';
 *
 * ContactSchema.safeParse({ offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z' }).success; // true
 * ContactSchema.safeParse({ offeredAt: 0, answeredAt: 5000, abandonedAt: 6000 }).success; // false
 * ```
 */
export const ContactSchema: z.ZodType<Contact> = /* @__PURE__ */ (() => {
  const utc = new TimestampReader('UTC');
  const label = z.string();
  const id = z.union([z.string(), z.number().finite()]);
  const shape: Record<string, z.ZodType> = {};
  for (const field of FIELD_NAMES) {
    const kind = CONTACT_FIELDS[field];
    const s = kind === 'timestamp' ? TimestampSchema : kind === 'label' ? label : id;
    shape[field] = field === 'offeredAt' ? s : s.nullish();
  }
  return z.looseObject(shape).superRefine((c, ctx) => {
    const record = c as Record<string, unknown>;
    if (present(record['answeredAt']) && present(record['abandonedAt'])) {
      ctx.addIssue({ code: 'custom', path: ['abandonedAt'], message: 'a contact cannot be both answered and abandoned' });
    }
    for (const [later, earlier] of ORDER) {
      if (!present(record[later]) || !present(record[earlier])) continue;
      if (utc.read(record[later]) < utc.read(record[earlier])) {
        ctx.addIssue({ code: 'custom', path: [later], message: `${later} is before ${earlier}` });
      }
    }
  });
})() as unknown as z.ZodType<Contact>;

/** The instants of one contact as the guard read them (epoch ms; `NaN` when absent). @internal */
export interface ContactTimes {
  offeredAt: number;
  answeredAt: number;
  abandonedAt: number;
  endedAt: number;
}

/**
 * The compiled guard of the hot loop: `check(contact)` is `true` exactly when
 * {@link contactIssues} finds nothing (a property test holds them to it), and leaves the contact's
 * instants in `times`. No allocation per contact.
 * @internal
 */
export class ContactGuard {
  readonly times: ContactTimes = { offeredAt: NaN, answeredAt: NaN, abandonedAt: NaN, endedAt: NaN };

  constructor(readonly reader: TimestampReader) {}

  /** Epoch ms of an optional timestamp: NaN when absent, −Infinity when invalid. */
  private time(value: unknown): number {
    if (value === undefined || value === null) return NaN;
    return this.reader.instant(value);
  }

  /** Whether the contact is valid; fills `times`. */
  check(c: unknown): c is Record<string, unknown> {
    if (typeof c !== 'object' || c === null || Array.isArray(c) || ArrayBuffer.isView(c)) return false;
    const r = c as Record<string, unknown>;
    const offered = this.time(r['offeredAt']);
    if (!(offered === offered) || offered === -Infinity) return false;
    const answered = this.time(r['answeredAt']);
    const abandoned = this.time(r['abandonedAt']);
    const ended = this.time(r['endedAt']);
    if (answered === -Infinity || abandoned === -Infinity || ended === -Infinity) return false;
    // NaN compares false, so absent timestamps pass the order checks.
    if (answered === answered && abandoned === abandoned) return false;
    if (answered < offered || abandoned < offered || ended < offered || ended < answered || ended < abandoned) return false;
    const agent = r['agent'];
    if (agent !== undefined && agent !== null && typeof agent !== 'string') return false;
    const queue = r['queue'];
    if (queue !== undefined && queue !== null && typeof queue !== 'string') return false;
    const id = r['id'];
    if (id !== undefined && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return false;
    const times = this.times;
    times.offeredAt = offered;
    times.answeredAt = answered;
    times.abandonedAt = abandoned;
    times.endedAt = ended;
    return true;
  }
}

/** One contact left out because it was invalid (with `onInvalid: 'exclude'`). */
export type InvalidContact = InvalidRecord;

/** Options shared by every metric measured from contacts. */
export interface ContactOptions {
  /** Time zone in which zone-less timestamp strings are read. Default `'UTC'`. */
  readonly timeZone?: string;
  /** `'throw'` (default): an invalid contact raises KpiInputError; `'exclude'`: it is left out, counted and listed. */
  readonly onInvalid?: OnInvalid;
}

/** The option names of {@link ContactOptions}. @internal */
export const CONTACT_OPTION_KEYS = ['timeZone', 'onInvalid'] as const;

/** The validated shared contact options. @internal */
export interface ContactSettings {
  readonly timeZone: string;
  readonly onInvalid: OnInvalid;
}

/** Validates the shared contact options found in `o` (already checked for unknown keys). @internal */
export function readContactSettings(fn: string, o: Record<string, unknown>): ContactSettings {
  const onInvalid = o['onInvalid'] ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'exclude') {
    fail(fn, { code: 'invalid_value', path: ['options', 'onInvalid'], input: onInvalid, expected: "'throw' or 'exclude'" });
  }
  return { timeZone: readTimeZone(fn, o['timeZone']), onInvalid: onInvalid as OnInvalid };
}

/** The invalid-contact part of the `excluded` block of a contact metric's result. */
export interface ContactExcluded {
  /** Invalid contacts left out (only with `onInvalid: 'exclude'`). */
  readonly invalid: number;
  /** Index of every invalid contact, ascending. */
  readonly invalidIndices: readonly number[];
  /** The first 100 invalid contacts with their issues (paths like `['contacts', 12, 'offeredAt']`). */
  readonly invalidContacts: readonly InvalidContact[];
}

/** The `excluded` block of a metric computed from counts: nothing is excluded. @internal */
export const NO_INVALID: ContactExcluded = Object.freeze({ invalid: 0, invalidIndices: Object.freeze([]), invalidContacts: Object.freeze([]) });

/** What a contact metric plugs into the engine. @internal */
export interface ContactMetricSpec<S extends ContactSettings, St, R> {
  readonly metric: string;
  /** The metric's own option names (beyond timeZone and onInvalid). */
  readonly optionKeys: readonly string[];
  /** Validates the metric's own options (for the record form). */
  settings(fn: string, o: Record<string, unknown>, base: ContactSettings): S;
  /** A new empty state. */
  init(settings: S): St;
  /** Counts one valid contact (its instants in `times`). */
  add(state: St, times: ContactTimes, settings: S): void;
  /** Adds `from` into `into`. */
  merge(into: St, from: St): void;
  /** The result, with the metric's own `excluded` counts (the engine adds the invalid ones). */
  result(state: St, settings: S): Omit<R, 'excluded'> & { readonly excluded: Readonly<Record<string, number>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`, paths under `['state']`). */
  toJSON(state: St): Record<string, number>;
  restore(json: unknown, issues: IssueCollector): St;
  /** The metric's own options, normalised as JSON (defaults filled in). */
  options(settings: S): { readonly [key: string]: JsonValue };
  /** The contacts the state counts (every valid contact added). */
  counted(state: St): number;
}

/** The kernel of a contact metric with these settings. */
function contactKernel<S extends ContactSettings, St, R>(spec: ContactMetricSpec<S, St, R>, settings: S): Kernel<St, R> {
  const guard = new ContactGuard(new TimestampReader(settings.timeZone));
  return {
    metric: spec.metric,
    options: { timeZone: settings.timeZone, onInvalid: settings.onInvalid, ...spec.options(settings) },
    collection: 'contacts',
    throwOnInvalid: settings.onInvalid === 'throw',
    init: () => spec.init(settings),
    add(state, c, index) {
      if (guard.check(c)) {
        spec.add(state, guard.times, settings);
        return null;
      }
      return contactIssues(c, guard.reader, ['contacts', index]);
    },
    merge: (into, from) => spec.merge(into, from),
    result: (state, invalid) => withInvalid<R>(spec.result(state, settings), invalid, 'invalidContacts'),
    toJSON: (state) => spec.toJSON(state),
    restore: (json, issues) => spec.restore(json, issues),
    counted: (state) => spec.counted(state),
  };
}

/** Validates the options of a contact metric's record form. @internal */
export function readContactMetricSettings<S extends ContactSettings>(spec: ContactMetricSpec<S, unknown, unknown>, options: unknown, fn = spec.metric): S {
  const o = readOptions(fn, options, [...CONTACT_OPTION_KEYS, ...spec.optionKeys]);
  return spec.settings(fn, o, readContactSettings(fn, o));
}

/** Makes the accumulator factory of a contact metric. @internal */
export function contactAccumulatorFactory<O, S extends ContactSettings, St, R>(spec: ContactMetricSpec<S, St, R>): RecordMetricFactory<O, R, ContactTimestampField> {
  return accumulatorFactory(spec.metric, (options, fn) => contactKernel(spec, readContactMetricSettings(spec, options, fn)) as Kernel<unknown, R>, { records: CONTACT_RECORDS });
}

/** Runs a contact metric over `{ contacts }`. @internal */
export function runContactMetric<S extends ContactSettings, St, R>(spec: ContactMetricSpec<S, St, R>, contacts: unknown, options: unknown): R {
  if (!Array.isArray(contacts)) return fail(spec.metric, { code: 'invalid_type', path: ['contacts'], input: contacts, expected: 'an array of contacts' });
  return new Engine(contactKernel(spec, readContactMetricSettings(spec, options))).addAll(contacts).result();
}
