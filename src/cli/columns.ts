/**
 * Columns of an export → ticket fields: presets for common help-desk exports, automatic matching of
 * column names, `--map` and `--unit`, and the conversion of each cell to the field's type (empty
 * cells are missing values, never zeros).
 *
 * @module
 */
import { TICKET_FIELDS, type TicketField, type TicketFieldKind } from '../support/ticket.js';
import { TimestampReader } from '../time/timestamp.js';

/** A duration unit of `--unit`, and its length in ms. */
export const UNITS = Object.freeze({ ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 });
/** A duration unit name. */
export type DurationUnit = keyof typeof UNITS;

/** How an export's columns map to ticket fields. */
export interface Preset {
  /** What it is for, shown in `--help` and the docs. */
  readonly description: string;
  /** Field → column. Columns missing from a file are skipped (unlike `--map`, where they are an error). */
  readonly map: Readonly<Partial<Record<TicketField, string>>>;
  /** Units of duration columns (default ms). */
  readonly units?: Readonly<Partial<Record<TicketField, DurationUnit>>>;
  /** Statuses meaning resolved, when they differ from the library's default (solved, closed, resolved). */
  readonly resolvedStatuses?: readonly string[];
  /** The CSAT scale of its satisfaction column. */
  readonly csatScale?: string;
  /** Cell values read as missing (compared case-insensitively), per field. */
  readonly missing?: Readonly<Partial<Record<TicketField, readonly string[]>>>;
  /** Columns whose presence tells the export apart, for automatic detection. */
  readonly signature: readonly string[];
  /** Other column names read for a field when the file has no column of its own name (`contacts` for `contactCount`). */
  readonly aliases?: Readonly<Partial<Record<TicketField, readonly string[]>>>;
}

/**
 * Column names also read as a field, when a file has none named as the field: `contacts` (the
 * column name kpi-kit wrote before the field became `contactCount`, and a common export name).
 */
export const COLUMN_ALIASES: Readonly<Partial<Record<TicketField, readonly string[]>>> = Object.freeze({ contactCount: ['contacts'] });

/**
 * The presets. Column names are those of the exports' default CSV layouts; a column a preset names
 * but a file lacks is skipped. `--map` adds or replaces single fields.
 */
export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  'kpi-kit': {
    description: 'columns named as the ticket fields (createdAt, firstResponseAt, ..., durations in ms): what kpi-kit writes and reads',
    map: Object.fromEntries(Object.keys(TICKET_FIELDS).map((f) => [f, f])),
    aliases: COLUMN_ALIASES,
    signature: ['createdAt'],
  },
  zendesk: {
    description: 'Zendesk Support ticket CSV export (Admin Center → Reports → Export → CSV)',
    map: {
      id: 'Id',
      createdAt: 'Created at',
      resolvedAt: 'Solved at',
      status: 'Status',
      channel: 'Via',
      topic: 'Ticket type',
      agent: 'Assignee',
      team: 'Group',
      priority: 'Priority',
      customerId: 'Requester id',
      firstResponseMs: 'First reply time in minutes',
      csat: 'Satisfaction Score',
      reopened: 'Reopens',
    },
    units: { firstResponseMs: 'min' },
    csatScale: 'binary',
    missing: { csat: ['offered', 'unoffered', 'not offered'] },
    signature: ['Id', 'Created at', 'Solved at'],
  },
  freshdesk: {
    description: 'Freshdesk ticket export (Tickets → Export, CSV)',
    map: {
      id: 'Ticket ID',
      createdAt: 'Created time',
      firstResponseAt: 'Initial response time',
      resolvedAt: 'Resolved time',
      closedAt: 'Closed time',
      status: 'Status',
      channel: 'Source',
      topic: 'Type',
      agent: 'Agent',
      team: 'Group',
      priority: 'Priority',
      customerId: 'Contact ID',
      contactCount: 'Customer interactions',
    },
    signature: ['Ticket ID', 'Created time'],
  },
} satisfies Record<string, Preset>);

/** One ticket field read from one column. */
export interface ColumnSpec {
  readonly field: TicketField;
  readonly kind: TicketFieldKind;
  /** The column's name in the file. */
  readonly column: string;
  /** ms per unit of a duration column. */
  readonly factor: number;
  /** Cell values read as missing (lower case). */
  readonly missing: ReadonlySet<string>;
  /** For `csat` on the binary scale: read good/bad rather than numbers. */
  readonly binary: boolean;
}

/** A problem with the command's options (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A cell that cannot be read as its field's type. */
export class CellError extends Error {
  override readonly name = 'CellError';
  constructor(
    readonly column: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** Lower case, letters and digits only: `First_Response-At` → `firstresponseat`. */
export function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Parses `field=value` pairs of a repeatable option. */
export function pairs(option: string, values: readonly string[]): [string, string][] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0 || at === v.length - 1) throw new UsageError(`${option} takes field=value, got "${v}"`);
    return [v.slice(0, at).trim(), v.slice(at + 1).trim()];
  });
}

function checkField(option: string, field: string): TicketField {
  if (!Object.hasOwn(TICKET_FIELDS, field)) {
    throw new UsageError(`${option}: unknown field "${field}"; fields are ${Object.keys(TICKET_FIELDS).join(', ')}`);
  }
  return field as TicketField;
}

/** The preset whose signature columns are all in `columns`, if any. */
export function detectPreset(columns: readonly string[]): string | null {
  const have = new Set(columns);
  for (const [name, preset] of Object.entries(PRESETS)) if (preset.signature.every((c) => have.has(c))) return name;
  return null;
}

/** What {@link resolveColumns} needs. */
export interface MappingOptions {
  readonly preset?: string | undefined;
  readonly map: readonly string[];
  readonly unit: readonly string[];
  /** `--csat-scale`, when given. */
  readonly csatScale?: string | undefined;
}

/**
 * The columns to read: from the preset (named, or detected from the header), else from column names
 * matching field names (`created_at`, `Created At` → `createdAt`); then `--map` and `--unit`.
 * `columns` is the header (CSV) or the keys seen (JSON); `strict` says whether a `--map` column
 * missing from it is an error now (CSV) or is checked at the end (JSON, whose records may omit keys).
 */
export function resolveColumns(
  columns: readonly string[],
  options: MappingOptions,
  strict: boolean,
): {
  readonly specs: readonly ColumnSpec[];
  readonly preset: string | null;
  readonly resolvedStatuses: readonly string[] | undefined;
  readonly csatScale: string;
} {
  let presetName = options.preset ?? null;
  if (presetName !== null && !Object.hasOwn(PRESETS, presetName)) {
    throw new UsageError(`--preset: unknown preset "${presetName}"; presets are ${Object.keys(PRESETS).join(', ')}`);
  }
  presetName ??= detectPreset(columns);
  const preset = presetName === null ? null : (PRESETS[presetName] as Preset);
  const have = new Set(columns);
  const chosen = new Map<TicketField, string>();
  if (preset !== null) {
    for (const [field, column] of Object.entries(preset.map) as [TicketField, string][]) if (have.has(column)) chosen.set(field, column);
    for (const [field, names] of Object.entries(preset.aliases ?? {}) as [TicketField, readonly string[]][]) {
      const column = names.find((c) => have.has(c));
      if (column !== undefined && !chosen.has(field)) chosen.set(field, column);
    }
  } else {
    const byName = new Map(Object.keys(TICKET_FIELDS).map((f) => [normalise(f), f as TicketField]));
    const named = new Set(columns.map((c) => byName.get(normalise(c))));
    // An alias only where no column is named as the field itself; in the header's order.
    const aliasOf = new Map<string, TicketField>();
    for (const [field, names] of Object.entries(COLUMN_ALIASES) as [TicketField, readonly string[]][]) {
      if (!named.has(field)) for (const n of names) aliasOf.set(normalise(n), field);
    }
    for (const column of columns) {
      const key = normalise(column);
      const field = byName.get(key) ?? aliasOf.get(key);
      if (field !== undefined && !chosen.has(field)) chosen.set(field, column);
    }
  }
  for (const [f, column] of pairs('--map', options.map)) {
    const field = checkField('--map', f);
    if (strict && !have.has(column)) {
      throw new UsageError(`--map ${field}=${column}: no column "${column}" in the file; its columns are ${columns.map((c) => `"${c}"`).join(', ')}`);
    }
    chosen.set(field, column);
  }
  const units = new Map<TicketField, DurationUnit>(Object.entries(preset?.units ?? {}) as [TicketField, DurationUnit][]);
  for (const [f, u] of pairs('--unit', options.unit)) {
    const field = checkField('--unit', f);
    if (TICKET_FIELDS[field] !== 'duration') {
      throw new UsageError(`--unit ${f}=${u}: ${field} is not a duration field; the duration fields are ${durationFields().join(', ')}`);
    }
    if (!Object.hasOwn(UNITS, u)) throw new UsageError(`--unit ${f}=${u}: unknown unit; units are ${Object.keys(UNITS).join(', ')}`);
    units.set(field, u as DurationUnit);
  }
  // A duration given alongside its timestamps must agree with them within 1 ms; exports round
  // durations, so the timestamps win unless the duration was asked for with --map.
  const explicit = new Set(pairs('--map', options.map).map(([f]) => f));
  for (const [duration, stamp] of [
    ['firstResponseMs', 'firstResponseAt'],
    ['resolutionMs', 'resolvedAt'],
  ] as const) {
    if (chosen.has(duration) && chosen.has(stamp) && !explicit.has(duration)) chosen.delete(duration);
  }
  const csatScale = options.csatScale ?? preset?.csatScale ?? '1-5';
  const specs = [...chosen].map(([field, column]): ColumnSpec => ({
    field,
    kind: TICKET_FIELDS[field],
    column,
    factor: UNITS[units.get(field) ?? 'ms'],
    missing: new Set((preset?.missing?.[field] ?? []).map((m) => m.toLowerCase())),
    binary: field === 'csat' && csatScale === 'binary',
  }));
  if (strict && have.size < columns.length) {
    // A column read by the report whose name the header has twice: which one is meant is unknown.
    const counts = new Map<string, number>();
    for (const c of columns) counts.set(c, (counts.get(c) ?? 0) + 1);
    const twice = specs.filter((spec) => (counts.get(spec.column) as number) > 1);
    if (twice.length > 0) {
      const list = twice.map((spec) => `"${spec.column}" (${counts.get(spec.column)} times, read as ${spec.field})`).join(', ');
      throw new UsageError(`the header names ${list} more than once: rename the columns, or --map the field to another column`);
    }
  }
  return { specs, preset: presetName, resolvedStatuses: preset?.resolvedStatuses, csatScale };
}

function durationFields(): string[] {
  return Object.entries(TICKET_FIELDS)
    .filter(([, k]) => k === 'duration')
    .map(([f]) => f);
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/**
 * A cell's value as its field's type: `null` for an empty cell (or one of the preset's missing
 * values); throws {@link CellError} for one that cannot be read. Timestamps become epoch ms, read
 * in `timeZone` when they carry no offset.
 */
/** A JSON value as text: a number or boolean as it prints, an object or array as its JSON. */
function plainText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  return JSON.stringify(raw) ?? '';
}

export function convert(spec: ColumnSpec, raw: unknown, reader: TimestampReader): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '' || (spec.missing.size > 0 && spec.missing.has(text.toLowerCase()))) return null;
    return convertText(spec, text, reader);
  }
  switch (spec.kind) {
    case 'timestamp':
      // JSON numbers are epoch ms, as the library takes them.
      if (typeof raw === 'number' && reader.instant(raw) !== -Infinity) return raw;
      return convertText(spec, plainText(raw), reader);
    case 'label':
    case 'id':
      return convertText(spec, plainText(raw), reader);
    default:
      if (typeof raw === 'number' || typeof raw === 'boolean') return convertValue(spec, raw);
      throw new CellError(spec.column, raw, `${describe(spec)}, got ${JSON.stringify(raw)}`);
  }
}

function convertText(spec: ColumnSpec, text: string, reader: TimestampReader): unknown {
  switch (spec.kind) {
    case 'timestamp': {
      // The library's reading of timestamps (as toEpochMs), with one reader for the whole file.
      const ms = reader.read(text);
      if (ms !== ms) throw new CellError(spec.column, text, `${describe(spec)}, got "${text}"`);
      return ms;
    }
    case 'label':
    case 'id':
      return text;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      // A count of reopenings and the like: more than zero is true.
      const n = decimalNumber(text);
      if (Number.isInteger(n) && n > 0) return true;
      throw new CellError(spec.column, text, `${describe(spec)}, got "${text}"`);
    }
    default: {
      if (spec.binary) {
        const lower = text.toLowerCase();
        if (lower === 'good' || lower === 'bad') return lower;
      }
      const n = decimalNumber(text);
      if (Number.isNaN(n)) throw new CellError(spec.column, text, `${describe(spec)}, got "${text}"`);
      return convertValue(spec, n, text);
    }
  }
}

/** Decimal notation only: an optional sign, digits with an optional point, an optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a cell writes in decimal notation, else NaN: `Number()` alone would also read
 * `0x10`, `0b11`, `0o7` and `Infinity`, which no export means as numbers. Spaces around are allowed.
 */
function decimalNumber(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** Checks and converts a number (or boolean) read from a cell; messages show `written`, the cell as written, when it was text. */
function convertValue(spec: ColumnSpec, value: number | boolean, written?: string): unknown {
  if (spec.kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    // 0/1, or a count (of reopenings, ...): more than zero is true, as in CSV cells.
    if (Number.isInteger(value) && value >= 0) return value > 0;
    throw cellError(spec, value, written);
  }
  if (typeof value === 'boolean') {
    if (spec.binary) return value ? 'good' : 'bad';
    throw cellError(spec, value, written);
  }
  if (!Number.isFinite(value)) throw cellError(spec, value, written);
  if (spec.kind === 'duration') {
    if (value < 0) throw cellError(spec, value, written);
    // Whole ms: exports write minutes and hours with decimals.
    return spec.factor === 1 ? value : Math.round(value * spec.factor);
  }
  if (spec.kind === 'count' && !(Number.isInteger(value) && value >= 0)) throw cellError(spec, value, written);
  return value;
}

/** A cell's error, showing the cell as written when it was text (`1e400`, not Infinity). */
function cellError(spec: ColumnSpec, value: number | boolean, written: string | undefined): CellError {
  return written === undefined
    ? new CellError(spec.column, value, `${describe(spec)}, got ${value}`)
    : new CellError(spec.column, written, `${describe(spec)}, got "${written}"`);
}

function describe(spec: ColumnSpec): string {
  switch (spec.kind) {
    case 'timestamp':
      return `${spec.field} must be an ISO-8601 timestamp like "2024-10-29 22:00:00" or "2024-10-29T22:00:00Z"`;
    case 'duration':
      return `${spec.field} must be a non-negative number (${unitName(spec.factor)})`;
    case 'count':
      return `${spec.field} must be a non-negative integer`;
    case 'boolean':
      return `${spec.field} must be true/false, yes/no or 1/0`;
    default:
      return spec.binary ? `${spec.field} must be good or bad (binary scale)` : `${spec.field} must be a number`;
  }
}

function unitName(factor: number): string {
  return Object.entries(UNITS).find(([, f]) => f === factor)?.[0] ?? 'ms';
}
