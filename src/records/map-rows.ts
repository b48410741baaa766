/**
 * Rows of an export → records: which column feeds which field (a preset, names matching the
 * fields, an explicit map, units of duration columns), and the reading of each cell as its field's
 * kind (empty cells are missing values, never zeros). One engine for every record kind: `mapTickets`
 * and `mapContacts` are it with their field tables, and the `kpi-kit report` command reads files
 * through it.
 *
 * @module
 */
import { type IssueSpec, KpiInputError, MAX_ISSUES, describeValue } from '../core/errors.js';
import { checkLength, isRecord, readOptions } from '../core/validate.js';
import { TimestampReader, readTimeZone } from '../time/timestamp.js';
import { type FieldKind, type FieldTable } from './kind.js';

/** Length in ms of each duration unit a column may be written in. */
export const UNITS = Object.freeze({ ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 });
/** A duration unit: `'ms'`, `'s'`, `'min'`, `'h'` or `'d'`. */
export type DurationUnit = keyof typeof UNITS;

/** How an export's columns map to the fields of a record kind. */
export interface RowPreset<F extends string = string> {
  /** What it is for. */
  readonly description: string;
  /** Field → column. A column the rows lack is skipped (unlike an explicit `map`, where it is an error). */
  readonly map: Readonly<Partial<Record<F, string>>>;
  /** Units of duration columns (default ms). */
  readonly units?: Readonly<Partial<Record<F, DurationUnit>>>;
  /** Statuses meaning resolved, when they differ from the library's default (solved, closed, resolved). */
  readonly resolvedStatuses?: readonly string[];
  /** The CSAT scale of its satisfaction column. */
  readonly csatScale?: string;
  /** Cell values read as missing (compared case-insensitively), per field. */
  readonly missing?: Readonly<Partial<Record<F, readonly string[]>>>;
  /** Columns whose presence tells the export apart, for automatic detection. */
  readonly signature: readonly string[];
  /** Other column names read for a field when the rows have no column of its own name. */
  readonly aliases?: Readonly<Partial<Record<F, readonly string[]>>>;
}

/** One field read from one column. @internal */
export interface ColumnSpec {
  readonly field: string;
  readonly kind: FieldKind;
  /** The column's name in the rows. */
  readonly column: string;
  /** ms per unit of a duration column. */
  readonly factor: number;
  /** Cell values read as missing (lower case). */
  readonly missing: ReadonlySet<string>;
  /** For `csat` on the binary scale: read good/bad rather than numbers. */
  readonly binary: boolean;
}

/** What a record kind brings to the engine. @internal */
export interface RowKind {
  /** The function named in errors (`'mapTickets'`). */
  readonly fn: string;
  /** The record's fields and their kinds. */
  readonly fields: FieldTable;
  /** The presets, by name; `{}` for none. */
  readonly presets: Readonly<Record<string, RowPreset>>;
  /** Column names also read as a field when no column has the field's name (without a preset). */
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  /** Durations dropped when their timestamps are mapped too and the duration was not asked for explicitly. */
  readonly spans: readonly (readonly [duration: string, stamp: string])[];
  /** The field read on a CSAT scale, if the kind has one. */
  readonly csatField: string | null;
  /** The field every record needs (`createdAt`, `offeredAt`): some column must be read for it. */
  readonly required: string;
}

/** The columns chosen: what {@link resolveMapping} returns. @internal */
export interface Mapping {
  readonly specs: readonly ColumnSpec[];
  /** The preset used (named or detected), or `null`. */
  readonly preset: string | null;
  readonly resolvedStatuses: readonly string[] | undefined;
  /** The CSAT scale (of the option, else the preset, else `'1-5'`). */
  readonly csatScale: string;
}

/** What {@link resolveMapping} reads. @internal */
export interface MappingChoice {
  readonly preset?: string | undefined;
  readonly map?: Readonly<Record<string, string>> | undefined;
  readonly units?: Readonly<Record<string, string>> | undefined;
  readonly csatScale?: string | undefined;
}

/** Lower case, letters and digits only: `First_Response-At` → `firstresponseat`. */
export function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The preset whose signature columns are all among `columns`, if any. @internal */
export function detectPreset(presets: Readonly<Record<string, RowPreset>>, columns: readonly string[]): string | null {
  const have = new Set(columns);
  for (const [name, preset] of Object.entries(presets)) if (preset.signature.every((c) => have.has(c))) return name;
  return null;
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/**
 * The columns to read: from the preset (named, or detected from the columns), else from column
 * names matching field names (`created_at`, `Created At` → `createdAt`); then the explicit `map` and
 * `units`. `strict`: a mapped column missing from `columns` is an error now (a header), else it is
 * checked after the rows are read (records, which may omit keys). Errors have paths under
 * `options` (`['options', 'map', 'channel']`).
 * @throws {@link KpiInputError}
 * @internal
 */
export function resolveMapping(kind: RowKind, columns: readonly string[], choice: MappingChoice, strict: boolean): Mapping {
  const fn = kind.fn;
  const fields = kind.fields;
  const fail = (spec: IssueSpec): never => {
    throw new KpiInputError(fn, [spec]);
  };
  let presetName = choice.preset ?? null;
  if (presetName !== null && !Object.hasOwn(kind.presets, presetName)) {
    fail({
      code: 'invalid_value',
      path: ['options', 'preset'],
      input: presetName,
      detail: `unknown preset "${presetName}"; presets are ${Object.keys(kind.presets).join(', ')}`,
    });
  }
  presetName ??= detectPreset(kind.presets, columns);
  const preset = presetName === null ? null : (kind.presets[presetName] as RowPreset);
  const have = new Set(columns);
  const chosen = new Map<string, string>();
  if (preset !== null) {
    for (const [field, column] of Object.entries(preset.map) as [string, string][]) if (have.has(column)) chosen.set(field, column);
    for (const [field, names] of Object.entries(preset.aliases ?? {}) as [string, readonly string[]][]) {
      const column = names.find((c) => have.has(c));
      if (column !== undefined && !chosen.has(field)) chosen.set(field, column);
    }
  } else {
    const byName = new Map(Object.keys(fields).map((f) => [normaliseColumn(f), f]));
    const named = new Set(columns.map((c) => byName.get(normaliseColumn(c))));
    // An alias only where no column is named as the field itself; in the columns' order.
    const aliasOf = new Map<string, string>();
    for (const [field, names] of Object.entries(kind.aliases)) {
      if (!named.has(field)) for (const n of names) aliasOf.set(normaliseColumn(n), field);
    }
    for (const column of columns) {
      const key = normaliseColumn(column);
      const field = byName.get(key) ?? aliasOf.get(key);
      if (field !== undefined && !chosen.has(field)) chosen.set(field, column);
    }
  }
  const unknownField = (option: 'map' | 'units', field: string, value: unknown): never =>
    fail({
      code: 'invalid_value',
      path: ['options', option, field],
      input: value,
      detail: `unknown field "${field}"; fields are ${Object.keys(fields).join(', ')}`,
    });
  const explicit = new Set<string>();
  for (const [field, column] of Object.entries(choice.map ?? {})) {
    if (!Object.hasOwn(fields, field)) unknownField('map', field, column);
    if (typeof column !== 'string' || column === '') {
      fail({ code: 'invalid_type', path: ['options', 'map', field], input: column, expected: 'a column name' });
    }
    if (strict && !have.has(column)) {
      fail({
        code: 'invalid_value',
        path: ['options', 'map', field],
        input: column,
        detail: `no column "${column}"; the columns are ${list(columns)}`,
      });
    }
    chosen.set(field, column);
    explicit.add(field);
  }
  const units = new Map<string, DurationUnit>(Object.entries(preset?.units ?? {}) as [string, DurationUnit][]);
  for (const [field, unit] of Object.entries(choice.units ?? {})) {
    if (!Object.hasOwn(fields, field)) unknownField('units', field, unit);
    if (fields[field] !== 'duration') {
      const durations = Object.keys(fields).filter((f) => fields[f] === 'duration');
      fail({
        code: 'invalid_value',
        path: ['options', 'units', field],
        input: unit,
        detail: `${field} is not a duration field; the duration fields are ${durations.join(', ')}`,
      });
    }
    if (typeof unit !== 'string' || !Object.hasOwn(UNITS, unit)) {
      fail({
        code: 'invalid_value',
        path: ['options', 'units', field],
        input: unit,
        detail: `unknown unit ${JSON.stringify(unit)}; units are ${Object.keys(UNITS).join(', ')}`,
      });
    }
    units.set(field, unit as DurationUnit);
  }
  // A duration given alongside its timestamps must agree with them within 1 ms; exports round
  // durations, so the timestamps win unless the duration was asked for explicitly.
  for (const [duration, stamp] of kind.spans) {
    if (chosen.has(duration) && chosen.has(stamp) && !explicit.has(duration)) chosen.delete(duration);
  }
  const csatScale = choice.csatScale ?? preset?.csatScale ?? '1-5';
  const specs = [...chosen].map(([field, column]): ColumnSpec => ({
    field,
    kind: fields[field] as FieldKind,
    column,
    factor: UNITS[units.get(field) ?? 'ms'],
    missing: new Set(((preset?.missing as Readonly<Record<string, readonly string[]>> | undefined)?.[field] ?? []).map((m) => m.toLowerCase())),
    binary: field === kind.csatField && csatScale === 'binary',
  }));
  if (strict && have.size < columns.length) {
    // A column read whose name the header has twice: which one is meant is unknown.
    const counts = new Map<string, number>();
    for (const c of columns) counts.set(c, (counts.get(c) ?? 0) + 1);
    const twice = specs.filter((spec) => (counts.get(spec.column) as number) > 1);
    if (twice.length > 0) {
      fail({
        code: 'ambiguous',
        path: ['options', 'map', (twice[0] as ColumnSpec).field],
        input: (twice[0] as ColumnSpec).column,
        detail: `the columns name ${twice.map((spec) => `"${spec.column}" (${counts.get(spec.column)} times, read as ${spec.field})`).join(', ')} more than once: rename the columns, or map the field to another column`,
      });
    }
  }
  return { specs, preset: presetName, resolvedStatuses: preset?.resolvedStatuses, csatScale };
}

/** A cell that cannot be read as its field's kind. @internal */
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

const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0']);

/** A scalar cell as text: a number, bigint or boolean as it prints; `null` for anything else (an object, an array, ...). */
function plainText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  return null;
}

/** The most values {@link shown} walks to write a cell as JSON. */
const SHOWN_NODES = 64;

/**
 * A cell as a message shows it: its JSON when it is a small JSON value (`{"score":5}`), else a
 * description (`an array of 4294967295`): a huge or cyclic value is never written out.
 */
function shown(raw: unknown): string {
  let budget = SHOWN_NODES;
  const small = (v: unknown): boolean => {
    if (--budget < 0) return false;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v !== 'string' || v.length <= 200;
    if (Array.isArray(v)) return v.length <= SHOWN_NODES && v.every(small);
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v);
      return keys.length <= SHOWN_NODES && keys.every((k) => small((v as Record<string, unknown>)[k]));
    }
    return false;
  };
  return small(raw) ? (JSON.stringify(raw) ?? describeValue(raw)) : describeValue(raw);
}

/** A cell that is not a scalar (an object, an array, a function, ...): never read as text. */
function notScalar(spec: ColumnSpec, raw: unknown): CellError {
  const rule = spec.kind === 'timestamp' ? describe(spec) : `${spec.field} must be text, a number or a boolean`;
  return new CellError(spec.column, raw, `${rule}, got ${shown(raw)}`);
}

/**
 * A cell's value as its field's kind: `null` for an empty cell (or one of the preset's missing
 * values); throws {@link CellError} for one that cannot be read. Timestamps become epoch ms, read
 * in the reader's zone when they carry no offset; JSON numbers in a timestamp column are epoch ms.
 * @internal
 */
export function convertCell(spec: ColumnSpec, raw: unknown, reader: TimestampReader): unknown {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '' || (spec.missing.size > 0 && spec.missing.has(text.toLowerCase()))) return null;
    return convertText(spec, text, reader);
  }
  switch (spec.kind) {
    case 'timestamp':
    case 'label':
    case 'id': {
      if (spec.kind === 'timestamp' && typeof raw === 'number' && reader.instant(raw) !== -Infinity) return raw;
      const text = plainText(raw);
      if (text === null) throw notScalar(spec, raw);
      return convertText(spec, text, reader);
    }
    default:
      if (typeof raw === 'number' || typeof raw === 'boolean') return convertValue(spec, raw);
      throw new CellError(spec.column, raw, `${describe(spec)}, got ${shown(raw)}`);
  }
}

/** Whether a cell holds text with no space to trim at either end (its ends printable ASCII). */
function untrimmed(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const a = text.charCodeAt(0);
  const b = text.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** The integer a cell of 1 to 15 ASCII digits writes (as `Number` reads it), else −1. */
function digitsValue(text: string): number {
  const n = text.length;
  if (n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * {@link convertCell} for the cells of one column: the same value or the same {@link CellError}
 * for every cell, with the common cells read without the general rules — text with nothing to trim
 * (when the column has no missing values), a valid timestamp, a label, whole numbers of ASCII
 * digits, `true` / `false`. Any other cell goes through convertCell.
 * @internal
 */
export function cellConverter(spec: ColumnSpec, reader: TimestampReader): (raw: unknown) => unknown {
  const general = (raw: unknown): unknown => convertCell(spec, raw, reader);
  if (spec.missing.size > 0) return general;
  switch (spec.kind) {
    case 'timestamp':
      return (raw) => {
        if (typeof raw === 'string' && untrimmed(raw)) {
          const ms = reader.read(raw);
          if (ms === ms) return ms;
        }
        return general(raw);
      };
    case 'label':
    case 'id':
      return (raw) => (typeof raw === 'string' && untrimmed(raw) ? raw : general(raw));
    case 'boolean':
      return (raw) => (raw === 'true' ? true : raw === 'false' ? false : general(raw));
    default:
      return (raw) => {
        if (typeof raw === 'string') {
          const v = digitsValue(raw);
          if (v >= 0 && raw.length > 0) return convertValue(spec, v, raw);
        }
        return general(raw);
      };
  }
}

function convertText(spec: ColumnSpec, text: string, reader: TimestampReader): unknown {
  switch (spec.kind) {
    case 'timestamp': {
      // The library's reading of timestamps (as toEpochMs), with one reader for all rows.
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
 * `0x10`, `0b11`, `0o7` and `Infinity`, which no export means as numbers.
 */
function decimalNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}

/** Checks and converts a number (or boolean) read from a cell; messages show `written`, the cell as written, when it was text. @internal */
export function convertValue(spec: ColumnSpec, value: number | boolean, written?: string): unknown {
  if (spec.kind === 'boolean') {
    if (typeof value === 'boolean') return value;
    // 0/1, or a count (of reopenings, ...): more than zero is true, as in text cells.
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

/**
 * A record's value at a column: its own property of that name, else (for a name with dots) the
 * nested own properties along the path (`via.channel`). Inherited properties are never read.
 * @internal
 */
export function readColumn(record: unknown, column: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  const direct = Object.hasOwn(record, column) ? (record as Record<string, unknown>)[column] : undefined;
  if (direct !== undefined || !column.includes('.')) return direct;
  let at: unknown = record;
  for (const part of column.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Rows as `mapTickets` and `mapContacts` take them: objects keyed by column, or a header with rows of cells. */
export type MapRowsInput = readonly unknown[] | { readonly header: readonly string[]; readonly rows: readonly (readonly unknown[])[] };

/** Options of `mapTickets` and `mapContacts`. */
export interface MapRowsOptions<F extends string> {
  /** A preset's name (detected from the columns when absent). */
  readonly preset?: string | undefined;
  /** Field → column, adding to or replacing what the preset or the names give. Columns with dots read nested keys of object rows (`via.channel`). */
  readonly map?: Readonly<Partial<Record<F, string>>> | undefined;
  /** Field → unit of a duration column (`'ms'` default, `'s'`, `'min'`, `'h'`, `'d'`); whole ms after conversion. */
  readonly units?: Readonly<Partial<Record<F, DurationUnit>>> | undefined;
  /** IANA zone of timestamps written without an offset. Default `'UTC'`. */
  readonly timeZone?: string | undefined;
  /** `'throw'` (default): a cell that cannot be read raises KpiInputError; `'exclude'`: its row is left out, counted and listed in `errors`. */
  readonly onInvalid?: 'throw' | 'exclude' | undefined;
}

/** A row left out: its index in the rows, the column and cell, and why. */
export interface RowProblem {
  /** Index of the row in the input (0-based). */
  readonly index: number;
  /** The column of the cell, or `null` when the row itself is not a record. */
  readonly column: string | null;
  /** The cell as written. */
  readonly value: unknown;
  readonly message: string;
}

/** Result of the row mapping: the records, the rows left out, and how the columns were read. */
export interface MappedRows<R> {
  /** The records, in row order; each has every mapped field (`null` for an empty cell). */
  readonly records: readonly R[];
  readonly excluded: {
    /** Rows left out (only with `onInvalid: 'exclude'`). */
    readonly invalid: number;
  };
  /** The first 100 rows left out, with their problems, in row order. */
  readonly errors: readonly RowProblem[];
  /** The preset used (named, or detected from the columns), or `null`. */
  readonly preset: string | null;
  /** Field → the column read for it. */
  readonly columns: Readonly<Record<string, string>>;
  /** Statuses meaning resolved, as the preset has them (for `resolvedStatuses` of the metrics); `null` for the library's default. */
  readonly resolvedStatuses: readonly string[] | null;
  /** The CSAT scale of the preset's satisfaction column (`'1-5'` when it has none). */
  readonly csatScale: string;
}

/** The most object rows whose keys are read to find the columns. */
const KEY_SAMPLE = 1000;

/**
 * The row mapping of any record kind: see `mapTickets`.
 * @internal
 */
export function mapRows(kind: RowKind, input: MapRowsInput, options: unknown, extra: readonly string[] = []): MappedRows<Record<string, unknown>> {
  const fn = kind.fn;
  const o = readOptions(fn, options, ['preset', 'map', 'units', 'timeZone', 'onInvalid', ...extra]);
  const timeZone = readTimeZone(fn, o['timeZone']);
  const onInvalid = o['onInvalid'] ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'exclude') {
    throw new KpiInputError(fn, [{ code: 'invalid_value', path: ['options', 'onInvalid'], input: onInvalid, expected: "'throw' or 'exclude'" }]);
  }
  for (const key of ['map', 'units'] as const) {
    if (o[key] !== undefined && !isRecord(o[key]))
      throw new KpiInputError(fn, [{ code: 'invalid_type', path: ['options', key], input: o[key], expected: 'an object' }]);
  }
  if (o['preset'] !== undefined && typeof o['preset'] !== 'string') {
    throw new KpiInputError(fn, [{ code: 'invalid_type', path: ['options', 'preset'], input: o['preset'], expected: 'a preset name' }]);
  }
  let header: readonly string[] | null = null;
  let rows: readonly unknown[];
  if (Array.isArray(input)) rows = input;
  else if (isRecord(input) && Array.isArray(input['header']) && Array.isArray(input['rows'])) {
    header = input['header'] as readonly string[];
    rows = input['rows'] as readonly unknown[];
    checkLength(fn, header, ['header']);
    header.forEach((h, i) => {
      if (typeof h !== 'string') throw new KpiInputError(fn, [{ code: 'invalid_type', path: ['header', i], input: h, expected: 'a column name' }]);
    });
  } else {
    throw new KpiInputError(fn, [{ code: 'invalid_type', path: [], input, expected: 'an array of rows, or { header, rows }' }]);
  }
  checkLength(fn, rows, header === null ? [] : ['rows']);
  let columns: readonly string[];
  if (header !== null) columns = header;
  else {
    const keys = new Set<string>();
    for (let i = 0; i < rows.length && i < KEY_SAMPLE; i++) {
      const row = rows[i];
      if (isRecord(row)) for (const k of Object.keys(row)) keys.add(k);
    }
    columns = [...keys];
  }
  const mapping = resolveMapping(
    kind,
    columns,
    {
      preset: o['preset'],
      map: o['map'] as Record<string, string> | undefined,
      units: o['units'] as Record<string, string> | undefined,
      csatScale: o['csatScale'] as string | undefined,
    },
    header !== null,
  );
  const specs = mapping.specs;
  if (!(header === null && rows.length === 0) && !specs.some((s) => s.field === kind.required)) {
    throw new KpiInputError(fn, [
      {
        code: 'missing',
        path: ['options', 'map', kind.required],
        input: undefined,
        detail: `no column for ${kind.required}: map one with map.${kind.required}${columns.length > 0 ? `; the columns are ${list(columns)}` : ''}`,
      },
    ]);
  }
  const at = header === null ? null : specs.map((s) => header.indexOf(s.column));
  const reader = new TimestampReader(timeZone);
  const records: Record<string, unknown>[] = [];
  const errors: RowProblem[] = [];
  let invalid = 0;
  const seen = specs.map(() => false);
  const converters = specs.map((spec) => cellConverter(spec, reader));
  const path = (index: number): (string | number)[] => (header === null ? [index] : ['rows', index]);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let problem: RowProblem | null = null;
    let record: Record<string, unknown> | null = null;
    if (header === null ? !isRecord(row) : !Array.isArray(row)) {
      problem = { index: i, column: null, value: row, message: header === null ? 'the row is not an object' : 'the row is not an array of cells' };
    } else {
      record = {};
      for (let k = 0; k < specs.length; k++) {
        const spec = specs[k] as ColumnSpec;
        const raw = at === null ? readColumn(row, spec.column) : (row as readonly unknown[])[at[k] as number];
        if (raw !== undefined) seen[k] = true;
        try {
          record[spec.field] = (converters[k] as (raw: unknown) => unknown)(raw);
        } catch (e) {
          if (!(e instanceof CellError)) throw e;
          problem = { index: i, column: e.column, value: e.value, message: e.message };
          break;
        }
      }
    }
    if (problem !== null) {
      if (onInvalid === 'throw') {
        throw new KpiInputError(fn, [
          {
            code: 'invalid_value',
            path: problem.column === null ? path(i) : [...path(i), problem.column],
            input: problem.value,
            detail: `row ${i}${problem.column === null ? '' : `, column "${problem.column}"`}: ${problem.message}`,
          },
        ]);
      }
      invalid++;
      if (errors.length < MAX_ISSUES) errors.push(Object.freeze(problem));
      continue;
    }
    records.push(Object.freeze(record as Record<string, unknown>));
  }
  if (header === null) {
    // A column mapped explicitly that no row has is a misspelling, not an empty column.
    for (const [field, column] of Object.entries((o['map'] ?? {}) as Record<string, string>)) {
      const k = specs.findIndex((s) => s.field === field);
      if (rows.length > 0 && k >= 0 && !seen[k]) {
        throw new KpiInputError(fn, [{ code: 'invalid_value', path: ['options', 'map', field], input: column, detail: `no row has the column "${column}"` }]);
      }
    }
  }
  return {
    records: Object.freeze(records),
    excluded: Object.freeze({ invalid }),
    errors: Object.freeze(errors),
    preset: mapping.preset,
    columns: Object.freeze(Object.fromEntries(specs.map((s) => [s.field, s.column]))),
    resolvedStatuses: mapping.resolvedStatuses === undefined ? null : Object.freeze([...mapping.resolvedStatuses]),
    csatScale: mapping.csatScale,
  };
}
