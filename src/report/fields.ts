/**
 * The one place where the unit of a figure of a result is decided from its field name, and where
 * results are taken apart into figures (scalar leaves) and tables (arrays of objects).
 */
import { MAX_PATH_LENGTH, fail } from '../core/validate.js';
import { type MetricUnit, type ValueUnit, METRIC_UNITS, MISSING, formatValue, jsonText, readUnit } from './format.js';
import { isRows } from './guard.js';

const TIMESTAMP_FIELDS = new Set(['startMs', 'endMs', 'asOf']);
const TEXT_FIELDS = new Set(['key', 'name', 'label', 'stream', 'agent', 'priority', 'cohort', 'from', 'to', 'currency']);
const SHARE_FIELDS = new Set([
  'confidence',
  'relative',
  'relativeChange',
  'stepConversion',
  'overallConversion',
  'probabilityOfWaiting',
  'probabilityOfAbandon',
  'serviceLevel',
  'occupancy',
  'shares',
  'revenueShares',
  'revenueValue',
  'gross',
  'net',
  'grossMargin',
  'guideBand',
]);
/** Fields that are durations when the metric's value is a duration (or under `age`). */
const DURATION_FIELDS = new Set(['value', 'mean', 'median', 'min', 'max', 'total', 'standardDeviation']);
const MONEY_FIELD = /(mrr|cost|amount|revenue|cashflow|investments|expenditure|increase|perperiod|margin|absolute)$/i;

/**
 * The unit of one figure of a result, from the path of field names that leads to it (array
 * indices left out) and the unit of the metric's `value`. Rules, first match wins:
 *
 * 1. `startMs`, `endMs`, `asOf` → `timestamp`; other names ending in `Ms` → `ms`.
 * 2. `key`, `name`, `label`, `stream`, `agent`, `priority`, `cohort`, `from`, `to`, `currency` → `text`.
 * 3. names ending in `share`/`Share`, under a `...Share...` object, or `confidence`, `relative`,
 *    `relativeChange`, conversions, probabilities, `serviceLevel`, `occupancy`, `gross`, `net`,
 *    `grossMargin` → `share`.
 * 4. under `age` (backlog ages), `value`/`mean`/`median`/`min`/`max`/`total`/`standardDeviation`
 *    and percentiles `pNN` → `ms`.
 * 5. MRR, cost, amount, revenue, cash-flow and margin fields → `money`.
 * 6. `value`, `difference`, interval bounds (`lower`, `upper`), `standardError`, `marginOfError`
 *    → the metric's unit; for a duration metric, also `mean`, `median`, `min`, `max`, `total`,
 *    `standardDeviation` and percentiles.
 * 7. `mean`, `standardDeviation` of a score metric → `score`; `trafficErlangs` → `erlang`.
 * 8. anything else: `undefined` (integers shown as counts, other numbers with up to 4 decimals).
 *
 * @param path - Field names from the result down to the figure (`['percentiles', 'p90']`).
 * @param metricUnit - The unit of the metric's `value`, when known.
 * @returns The unit to format the figure in, or `undefined` for the generic number format.
 * @example
 * ```ts
 * import { fieldUnit } from 'kpi-kit/report';
 *
 * fieldUnit(['percentiles', 'p90'], 'ms'); // 'ms'
 * fieldUnit(['n'], 'ms'); // undefined
 * fieldUnit(['groups', 'share'], 'count'); // 'share'
 * ```
 */
export function fieldUnit(path: readonly string[], metricUnit?: MetricUnit): ValueUnit | undefined {
  if (!Array.isArray(path) || path.length > MAX_PATH_LENGTH || !path.every((p) => typeof p === 'string')) {
    return fail('fieldUnit', { code: 'invalid_type', path: ['path'], input: path, expected: `an array of at most ${MAX_PATH_LENGTH} field names (strings)` });
  }
  readUnit('fieldUnit', metricUnit, ['metricUnit'], METRIC_UNITS);
  return unitOfField(path, metricUnit);
}

/** {@link fieldUnit} without the argument checks. */
function unitOfField(path: readonly string[], metricUnit?: MetricUnit): ValueUnit | undefined {
  const leaf = path[path.length - 1] ?? 'value';
  const parent = path[path.length - 2] ?? '';
  if (TIMESTAMP_FIELDS.has(leaf)) return 'timestamp';
  if (leaf.endsWith('Ms')) return 'ms';
  if (TEXT_FIELDS.has(leaf)) return 'text';
  if (/share$/i.test(leaf) || /share/i.test(parent) || SHARE_FIELDS.has(leaf)) return 'share';
  const percentile = /^p\d+(\.\d+)?$/.test(leaf);
  if (path.includes('age') && (DURATION_FIELDS.has(leaf) || percentile)) return 'ms';
  if (MONEY_FIELD.test(leaf)) return 'money';
  if (metricUnit !== undefined) {
    if (leaf === 'value' || leaf === 'difference' || leaf === 'lower' || leaf === 'upper') return metricUnit;
    if (leaf === 'standardError' || leaf === 'marginOfError') return metricUnit;
    if (metricUnit === 'ms' && (DURATION_FIELDS.has(leaf) || percentile)) return 'ms';
    if (metricUnit === 'score' && (leaf === 'mean' || leaf === 'standardDeviation')) return 'score';
  }
  if (leaf === 'trafficErlangs') return 'erlang';
  return undefined;
}

/**
 * Guesses the unit of a result's `value` from its shape, for results shown without a metric name.
 *
 * @param result - A result of the library (or its JSON).
 * @returns The unit, or `undefined` when the shape says nothing.
 * @example
 * ```ts
 * import { inferUnit } from 'kpi-kit/report';
 *
 * inferUnit({ value: 30, promoters: 50, passives: 30, detractors: 20 }); // 'nps'
 * ```
 */
export function inferUnit(result: unknown): MetricUnit | undefined {
  if (!isPlainObject(result)) return undefined;
  if (isPlainObject(result.total) && (Array.isArray(result.periods) || Array.isArray(result.segments))) return inferUnit(result.total);
  if ('percentiles' in result && 'median' in result) return 'ms';
  if ('promoters' in result && 'detractors' in result) return 'nps';
  if (isPlainObject(result.a) && 'promoters' in result.a) return 'nps';
  if ('easyShare' in result || 'positiveShare' in result) return 'score';
  if (spreadUnit(result) !== undefined || ('outcome' in result && Array.isArray(result.agents))) return 'share';
  const v = result.value;
  if (typeof v === 'string' || isDecimalLike(v)) return 'money';
  if ('trafficErlangs' in result) return 'share';
  if (typeof v === 'number' && 'interval' in result && v >= -1 && v <= 1) return 'share';
  return undefined;
}

/** A plain object (not an array, not a `Decimal`/`Date`-like value with `toJSON`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isDecimalLike(value);
}

/** An object shown through its `toJSON` (a `Decimal`, a `Date`). */
export function isDecimalLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** A figure: a dotted path, its raw value and its text. */
export interface Figure {
  readonly path: string;
  readonly value: unknown;
  readonly text: string;
  readonly kind: CellKind;
}

/** A table made from an array of objects of a result. */
export interface ResultTable {
  readonly path: string;
  readonly columns: readonly string[];
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
  /** Per cell: a number (or missing), right-aligned whatever its column. */
  readonly cellNumeric: readonly (readonly boolean[])[];
}

/** How deep objects are followed before a value is shown as JSON text. */
const MAX_DEPTH = 6;
/** How many items of an array of scalars are listed. */
const MAX_LIST = 20;

const isNumeric = (v: unknown): boolean => typeof v === 'number' || isDecimalLike(v) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));

/** How a cell is aligned: a number (right), text (left), or nothing (`—`: as its column). */
export type CellKind = 'number' | 'text' | 'missing';

/** The {@link CellKind} of a raw value. */
export const cellKind = (v: unknown): CellKind => (v === null || v === undefined ? 'missing' : isNumeric(v) ? 'number' : 'text');

/**
 * Whether a column is one of numbers (right-aligned): at least as many number cells as text
 * cells, so a stray text cell does not flip it; a column of nothing but `—` is one too.
 */
export const mostlyNumeric = (kinds: readonly CellKind[]): boolean => {
  const numbers = kinds.filter((k) => k === 'number').length;
  const texts = kinds.filter((k) => k === 'text').length;
  return numbers >= texts;
};

/** Per cell: right-aligned or not; a missing cell follows its column. */
export const alignCells = (kinds: readonly CellKind[], column: boolean): boolean[] => kinds.map((k) => (k === 'missing' ? column : k === 'number'));

/**
 * The unit of the per-agent outcome of a `resolutionConsistency` result — its `mean`,
 * `standardDeviation`, `min`, `max` and `agents[].value` — from its `outcome`: `'resolution-time'`
 * → `ms`, `'fcr'` → `share`, `'csat'` → `score`; `undefined` for other results.
 */
export function spreadUnit(result: unknown): ValueUnit | undefined {
  if (!isPlainObject(result) || !Array.isArray(result.agents) || !('standardDeviation' in result)) return undefined;
  return result.outcome === 'resolution-time' ? 'ms' : result.outcome === 'fcr' ? 'share' : result.outcome === 'csat' ? 'score' : undefined;
}

/** Units of the figures of one result: {@link fieldUnit}, and the fields whose unit the result itself states. */
type UnitOf = (path: readonly string[]) => ValueUnit | undefined;

function unitsOf(result: unknown, unit: MetricUnit | undefined): UnitOf {
  const spread = spreadUnit(result);
  if (!isPlainObject(result) || !Array.isArray(result.agents) || !isPlainObject(result.qa)) return (path) => unitOfField(path, unit);
  const SPREAD = new Set(['mean', 'standardDeviation', 'min', 'max']);
  return (path) => {
    const leaf = path[path.length - 1] ?? '';
    if (path.length === 1 && SPREAD.has(leaf)) return spread;
    if (path.length === 2 && path[0] === 'agents' && leaf === 'value') return spread;
    if (path[0] === 'qa' && (leaf === 'value' || leaf === 'lower' || leaf === 'upper')) return 'share';
    return unitOfField(path, unit);
  };
}

function formatLeaf(value: unknown, path: readonly string[], unitOf: UnitOf): string {
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LIST).map((v) => (isPlainObject(v) || Array.isArray(v) ? jsonText(v) : formatValue(v, unitOf(path))));
    return shown.join(', ') + (value.length > MAX_LIST ? `, … (${value.length - MAX_LIST} more)` : '');
  }
  if (isPlainObject(value)) return jsonText(value);
  return formatValue(value, unitOf(path));
}

type Kind = 'scalar' | 'list' | 'rows' | 'object';

function kindOf(value: unknown): Kind {
  if (Array.isArray(value)) {
    if (isRows(value, isPlainObject)) return 'rows';
    return 'list';
  }
  return isPlainObject(value) ? 'object' : 'scalar';
}

/**
 * Takes a result apart: its scalar leaves (dotted paths) and one table per array of objects.
 * Never throws on odd input; what cannot be shown as a figure is shown as JSON text.
 */
export function collect(result: unknown, unit: MetricUnit | undefined): { figures: Figure[]; tables: ResultTable[] } {
  const unitOf = unitsOf(result, unit);
  const figures: Figure[] = [];
  const tables: ResultTable[] = [];
  const walk = (value: unknown, path: string[], depth: number): void => {
    const kind = kindOf(value);
    if (kind === 'rows') {
      tables.push(table(value as Record<string, unknown>[], path, unitOf));
    } else if (kind === 'object' && depth < MAX_DEPTH) {
      for (const key of Object.keys(value as object)) walk((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    } else if (!(kind === 'list' && (value as unknown[]).length === 0) && typeof value !== 'function' && typeof value !== 'symbol') {
      figures.push({ path: path.join('.') || 'value', value, text: formatLeaf(value, path, unitOf), kind: cellKind(value) });
    }
  };
  walk(result, [], 0);
  return { figures, tables };
}

/** Columns of one element of a table: its scalar leaves; nested `result` objects by value and n. */
function rowCells(row: Record<string, unknown>, path: string[], prefix: string[], out: Map<string, { value: unknown; path: string[] }>, depth: number): void {
  for (const key of Object.keys(row)) {
    const value = row[key];
    const sub = [...prefix, key];
    if (typeof value === 'function' || typeof value === 'symbol') continue;
    if (isPlainObject(value) && depth < 3) {
      if (key === 'result') {
        for (const k of ['value', 'n']) if (k in value) out.set(`result.${k}`, { value: value[k], path: [...path, ...sub, k] });
      } else rowCells(value, path, sub, out, depth + 1);
    } else if (Array.isArray(value) && isRows(value, isPlainObject)) {
      out.set(sub.join('.'), { value: `${value.length} rows`, path: [...path, ...sub] });
    } else if (!(Array.isArray(value) && value.length === 0)) {
      out.set(sub.join('.'), { value, path: [...path, ...sub] });
    }
  }
}

/** A column's title: its dotted path, a trailing `Ms` left out (`fromMs` → `from`: the cells say the unit). */
const columnTitle = (path: string): string => path.replace(/(?<=[a-z])Ms$/, '');

function table(items: readonly Record<string, unknown>[], path: string[], unitOf: UnitOf): ResultTable {
  const cells = items.map((item) => {
    const out = new Map<string, { value: unknown; path: string[] }>();
    rowCells(item, path, [], out, 0);
    return out;
  });
  let columns: string[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    for (const k of c.keys()) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  if (seen.has('key') || seen.has('cohort')) columns = columns.filter((c) => c !== 'startMs' && c !== 'endMs');
  const text = (r: Map<string, { value: unknown; path: string[] }>, c: string): string => {
    const cell = r.get(c);
    return cell === undefined ? '' : formatLeaf(cell.value, cell.path, unitOf);
  };
  // A column with nothing in it (every cell missing or empty) says nothing: left out.
  columns = columns.filter((c) =>
    cells.some((r) => {
      const t = text(r, c);
      return t !== '' && t !== MISSING;
    }),
  );
  const kinds = columns.map((c) => cells.map((r) => cellKind(r.get(c)?.value)));
  const numeric = kinds.map(mostlyNumeric);
  const byColumn = kinds.map((k, i) => alignCells(k, numeric[i]!));
  const cellNumeric = cells.map((_, row) => byColumn.map((col) => col[row]!));
  const rows = cells.map((r) => columns.map((c) => text(r, c)));
  return { path: path.join('.') || 'rows', columns: columns.map(columnTitle), numeric, rows, cellNumeric };
}
