/**
 * The contact record of a contact centre (one offered call, chat or message in a queue): its
 * declaration (fields, the required offer, the order rules, answered and abandoned exclusive), from
 * which the checker, the compiled guard of the hot loop, the zod schema and the records descriptor
 * come (see `records/kind`), its TypeScript type, and the thin entry points the measured contact
 * metrics (abandonment rate, service level, average speed of answer) call.
 *
 * @module
 */
import { type ArrowTableLike, type RecordColumns } from '../records/columns.js';
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { type InvalidRecord } from '../core/accumulator.js';
import { type OnInvalid } from '../records/excluded.js';
import { type MetricRecords, type RecordMetricFactory } from '../records/metric-records.js';
import { type RecordTimes, RecordGuard, defineRecordKind } from '../records/kind.js';
import {
  type KindMetricSpec,
  type KindSettings,
  KIND_OPTIONS,
  KIND_OPTION_KEYS,
  kindAccumulatorFactory,
  readKindMetricSettings,
  readKindSettings,
  runKindMetric,
} from '../records/engine.js';
import { type TimestampInput, type TimestampReader } from '../time/timestamp.js';

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

/** Contacts as columns: contact field → column, one value per contact (see `TicketColumns`; docs/columns.md). */
export type ContactColumns = RecordColumns<ContactField> | ArrowTableLike;

/** The timestamp fields of a contact: what `byPeriod` can place contacts by (`'offeredAt'` by default). */
export type ContactTimestampField = 'offeredAt' | 'answeredAt' | 'abandonedAt' | 'endedAt';

/** A contact read from columns: every field in the object itself, null without a value (one shape for all rows). */
class ContactRow {
  id: unknown = null;
  offeredAt: unknown = null;
  answeredAt: unknown = null;
  abandonedAt: unknown = null;
  endedAt: unknown = null;
  agent: unknown = null;
  queue: unknown = null;
}

/** One named store per contact field (see `RowShape`). */
const CONTACT_SETTERS: Readonly<Record<ContactField, (row: ContactRow, value: unknown) => void>> = Object.freeze({
  id: (r, v) => void (r.id = v),
  offeredAt: (r, v) => void (r.offeredAt = v),
  answeredAt: (r, v) => void (r.answeredAt = v),
  abandonedAt: (r, v) => void (r.abandonedAt = v),
  endedAt: (r, v) => void (r.endedAt = v),
  agent: (r, v) => void (r.agent = v),
  queue: (r, v) => void (r.queue = v),
});

/**
 * The contact record kind: `offeredAt` required; answered or abandoned, not both; the answer, the
 * abandon and the end not before the offer; the end not before the answer or the abandon.
 * @internal
 */
export const CONTACT_KIND = /* @__PURE__ */ defineRecordKind({
  record: 'contact',
  collection: 'contacts',
  fields: CONTACT_FIELDS,
  rowShape: { make: () => new ContactRow(), set: CONTACT_SETTERS },
  required: ['offeredAt'],
  exclusive: [['answeredAt', 'abandonedAt', 'a contact is either answered or abandoned']],
  order: [
    ['answeredAt', 'offeredAt'],
    ['abandonedAt', 'offeredAt'],
    ['endedAt', 'offeredAt'],
    ['endedAt', 'answeredAt'],
    ['endedAt', 'abandonedAt'],
  ],
});

/**
 * The records of every metric measured from contacts, as `byPeriod` and `bySegment` read them:
 * contacts (named so in error paths), placed by `offeredAt` (required) by default, or by
 * `answeredAt`, `abandonedAt` or `endedAt`.
 * @internal
 */
export const CONTACT_RECORDS: MetricRecords<ContactTimestampField> = CONTACT_KIND.records;

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
  return CONTACT_KIND.issues(record, reader, base);
}

/** The instants of one contact as the guard read them (epoch ms; `NaN` when absent). @internal */
export type ContactTimes = RecordTimes<ContactTimestampField>;

/**
 * The compiled guard of the hot loop: `check(contact)` is `true` exactly when
 * {@link contactIssues} finds nothing (a property test holds them to it), and leaves the contact's
 * instants in `times`. No allocation per contact.
 * @internal
 */
export class ContactGuard extends RecordGuard<ContactTimestampField> {
  constructor(reader: TimestampReader, mode?: 'compiled' | 'interpreted') {
    super(CONTACT_KIND, CONTACT_KIND.names, CONTACT_KIND.required, reader, mode);
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
export const CONTACT_OPTION_KEYS = KIND_OPTION_KEYS;

/** The validated shared contact options. @internal */
export type ContactSettings = KindSettings;

/** Validates the shared contact options found in `o` (already checked for unknown keys). @internal */
export const readContactSettings: (fn: string, o: Record<string, unknown>) => ContactSettings = readKindSettings;

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
export type ContactMetricSpec<S extends ContactSettings, St, R> = KindMetricSpec<ContactTimestampField, ContactSettings, S, St, R>;

/** Validates the options of a contact metric's record form. @internal */
export function readContactMetricSettings<S extends ContactSettings>(spec: ContactMetricSpec<S, unknown, unknown>, options: unknown, fn = spec.metric): S {
  return readKindMetricSettings(spec, options, fn, KIND_OPTIONS);
}

/** Makes the accumulator factory of a contact metric. @internal */
export function contactAccumulatorFactory<O, S extends ContactSettings, St, R>(
  spec: ContactMetricSpec<S, St, R>,
): RecordMetricFactory<O, R, ContactTimestampField> {
  return kindAccumulatorFactory<O, typeof CONTACT_FIELDS, ContactSettings, S, St, R>(CONTACT_KIND, spec, KIND_OPTIONS);
}

/** Runs a contact metric over `{ contacts }`. @internal */
export function runContactMetric<S extends ContactSettings, St, R>(spec: ContactMetricSpec<S, St, R>, contacts: unknown, options: unknown): R {
  return runKindMetric(CONTACT_KIND, spec, KIND_OPTIONS, contacts, options);
}
