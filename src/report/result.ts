import { fail } from '../core/validate.js';
import { type Block, type ReportFormat, renderBlocks } from './blocks.js';
import { checkArrays, readFormat, readRenderOptions } from './guard.js';
import { barChart } from './charts.js';
import { alignCells, collect, inferUnit, isPlainObject, mostlyNumeric, spreadUnit } from './fields.js';
import { type MetricUnit, formatValue } from './format.js';
import { metricInfo } from './metric-info.js';

/** Options of {@link renderResult} and {@link renderReport}. */
export interface RenderOptions {
  /** Title of the output. Default: the metric's title, or `'KPI report'` for a report. */
  readonly title?: string;
  /** Draw SVG charts in the HTML format. Default true. */
  readonly charts?: boolean;
  /** How many errors a report lists before "… and N more". Default 20. */
  readonly maxErrors?: number;
}

/** Options of {@link renderResult}: {@link RenderOptions} and the metric the result comes from. */
export interface RenderResultOptions extends RenderOptions {
  /** Name of the function that made the result (`'firstResponseTime'`): gives the title and unit. */
  readonly metric?: string;
}

/** The unit of a metric's value: from its name when known, else from the result's shape. */
export function unitFor(metric: string | undefined, result: unknown): MetricUnit | undefined {
  return (metric === undefined ? undefined : metricInfo(metric)?.unit) ?? inferUnit(result);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Non-zero numeric counts of an `excluded` object, as `name n`. */
function excludedText(result: Record<string, unknown>): string | null {
  const ex = result.excluded;
  if (!isPlainObject(ex)) return null;
  const parts = Object.keys(ex)
    .filter((k) => typeof ex[k] === 'number' && ex[k] !== 0)
    .map((k) => `${k} ${formatValue(ex[k], 'count')}`);
  return parts.length > 0 ? `excluded: ${parts.join(', ')}` : null;
}

/** Numerator/denominator pairs that explain a rate, tried in order. */
const PAIRS: readonly (readonly [string, string])[] = [
  ['numerator', 'denominator'],
  ['satisfied', 'n'],
  ['resolved', 'inquiries'],
  ['reopened', 'resolved'],
  ['abandoned', 'offered'],
  ['customers', 'leads'],
  ['retained', 'customersAtStart'],
  ['customersLost', 'denominator'],
];

/**
 * A one-line explanation of a result, for a KPI table: "312 of 400", "n = 412, median 1 h 05 min,
 * p90 3 h 10 min", the interval and the non-zero excluded counts.
 *
 * @param result - A result (or its JSON).
 * @param metric - The metric's name, when known.
 * @returns The detail text (empty when the result has nothing to add).
 */
export function detailOf(result: unknown, metric?: string): string {
  if (metric !== undefined && typeof metric !== 'string') fail('detailOf', { code: 'invalid_type', path: ['metric'], input: metric, expected: 'a string' });
  if (!isPlainObject(result)) return '';
  const unit = unitFor(metric, result);
  const parts: string[] = [];
  const count = (v: unknown): string => formatValue(v, 'count');
  if (num(result.promoters) !== null) {
    parts.push(`n = ${count(result.n)}: promoters ${count(result.promoters)}, passives ${count(result.passives)}, detractors ${count(result.detractors)}`);
  } else if (isPlainObject(result.percentiles) || num(result.median) !== null) {
    const p = isPlainObject(result.percentiles) ? result.percentiles : {};
    const qs = [
      `median ${formatValue(result.median, 'ms')}`,
      ...Object.keys(p)
        .filter((k) => k !== 'p50')
        .map((k) => `${k} ${formatValue(p[k], 'ms')}`),
    ];
    parts.push(`n = ${count(result.n)}, ${qs.join(', ')}`);
  } else if (num(result.resolvedOnFirstContact) !== null) {
    const den = num(result.denominator) ?? (result.basis === 'received' ? result.received : result.resolved);
    parts.push(`${count(result.resolvedOnFirstContact)} of ${count(den)}`);
  } else if (num(result.met) !== null && num(result.breached) !== null) {
    parts.push(`${count(result.met)} of ${count((result.met as number) + (result.breached as number))} met, ${count(result.pending)} pending`);
  } else if (isPlainObject(result.age)) {
    parts.push(`${count(result.value)} open, median age ${formatValue(result.age.median, 'ms')}`);
  } else if (Array.isArray(result.agents) && 'standardDeviation' in result) {
    // resolutionConsistency: the spread behind the coefficient of variation, in the outcome's unit.
    const u = spreadUnit(result);
    parts.push(`${count(result.agents.length)} agents, mean ${formatValue(result.mean, u)}, SD ${formatValue(result.standardDeviation, u)}`);
  } else if (num(result.easyShare) !== null || (num(result.easy) !== null && num(result.n) !== null)) {
    parts.push(`n = ${count(result.n)}, easy ${formatValue(result.easyShare, 'share')}`);
  } else {
    const pair = PAIRS.find(([a, b]) => num(result[a]) !== null && num(result[b]) !== null);
    if (pair) parts.push(`${count(result[pair[0]])} of ${count(result[pair[1]])}`);
    else if (num(result.n) !== null) parts.push(`n = ${count(result.n)}`);
  }
  const rows = Array.isArray(result.groups) ? result.groups : Array.isArray(result.rows) ? result.rows : null;
  const first: unknown = rows?.[0];
  if (isPlainObject(first) && 'key' in first) parts.push(`top: ${formatValue(first.key, 'text')} ${formatValue(first.share, 'share')}`);
  const interval = result.interval;
  if (isPlainObject(interval) && num(interval.lower) !== null) {
    const level = num(result.confidence) ?? 0.95;
    parts.push(`${formatValue(level * 100, 'number')} % CI ${formatValue(interval.lower, unit)} – ${formatValue(interval.upper, unit)}`);
  }
  if (typeof result.currency === 'string') parts.push(result.currency);
  const ex = excludedText(result);
  if (ex !== null) parts.push(ex);
  return parts.join('; ');
}

/** Bars of a result's distribution worth a chart, with their title and unit. */
export function distributionsOf(
  result: unknown,
  metric?: string,
): { title: string; unit: MetricUnit | undefined; bars: { label: string; value: number | null }[] }[] {
  if (!isPlainObject(result)) return [];
  const name = metricInfo(metric ?? '')?.title ?? metric ?? 'Result';
  const out: { title: string; unit: MetricUnit | undefined; bars: { label: string; value: number | null }[] }[] = [];
  if (isPlainObject(result.percentiles) && unitFor(metric, result) === 'ms') {
    const p = result.percentiles;
    const bars = [{ label: 'min', value: num(result.min) }];
    if (!('p50' in p)) bars.push({ label: 'median', value: num(result.median) });
    for (const k of Object.keys(p)) bars.push({ label: k, value: num(p[k]) });
    bars.push({ label: 'max', value: num(result.max) });
    out.push({ title: `${name}: distribution`, unit: 'ms', bars });
  }
  for (const key of ['groups', 'rows', 'distribution'] as const) {
    const rows = result[key];
    if (!Array.isArray(rows)) continue;
    const bars = rows.filter(isPlainObject).map((r) => ({ label: formatValue('key' in r ? r.key : r.score, 'text'), value: num(r.count) }));
    if (bars.length > 0) out.push({ title: `${name}: ${key === 'distribution' ? 'answers per score' : 'tickets'}`, unit: 'count', bars });
  }
  return out;
}

/** The blocks of one result: a figures table, then one table per array of objects. */
export function resultBlocks(result: unknown, metric: string | undefined, level: 2 | 3, charts: boolean): Block[] {
  const unit = unitFor(metric, result);
  const { figures, tables } = collect(result, unit);
  const blocks: Block[] = [];
  if (figures.length > 0) {
    const kinds = figures.map((f) => f.kind);
    const numeric = mostlyNumeric(kinds);
    blocks.push({ kind: 'heading', level, text: 'Figures' });
    // Numbers, durations, shares and `—` right-aligned, each cell on its own: a text figure
    // (an `outcome`, a `scale`) stays left without moving the numbers.
    blocks.push({
      kind: 'table',
      columns: ['figure', 'value'],
      numeric: [false, numeric],
      rows: figures.map((f) => [f.path, f.text]),
      cellNumeric: alignCells(kinds, numeric).map((right) => [false, right]),
    });
  }
  for (const t of tables) {
    blocks.push({ kind: 'heading', level, text: t.path });
    blocks.push({ kind: 'table', columns: t.columns, numeric: t.numeric, rows: t.rows, cellNumeric: t.cellNumeric });
  }
  if (charts) {
    for (const d of distributionsOf(result, metric))
      blocks.push({ kind: 'html', html: `<figure>${barChart(d.bars, { title: d.title, ...(d.unit ? { unit: d.unit } : {}) })}</figure>` });
  }
  return blocks;
}

/**
 * Renders any result of the library — or its JSON, or any JSON-like value — as a table of its
 * scalar figures (dotted paths such as `percentiles.p90`, `excluded.unanswered`,
 * `interval.lower`) and one table per array of objects (groups, rows, periods, segments,
 * byPriority, ...; a nested `result` is shown by its `value` and `n`). Values are formatted in the
 * unit of their field (see `fieldUnit`). Text is fixed-width plain text; Markdown uses GitHub
 * tables; HTML is a fragment (`<div class="kpi-report">`) with tables and, unless `charts: false`,
 * SVG charts of the distributions. Never throws: unknown shapes fall back to JSON text.
 *
 * @param result - The result.
 * @param format - `'text'`, `'markdown'` or `'html'`.
 * @param renderOptions - `metric` (the function's name, for the title and unit), `title`, `charts`.
 * @returns The rendered result.
 * @example
 * ```ts
 * import { renderResult } from 'kpi-kit/report';
 *
 * const text = renderResult({ value: 0.75, resolved: 3, inquiries: 4 }, 'text', { metric: 'resolutionRate' });
 * text.includes('75.0 %'); // true
 * ```
 */
export function renderResult(result: unknown, format: ReportFormat, renderOptions: RenderResultOptions = {}): string {
  const fn = 'renderResult';
  format = readFormat(fn, format);
  const options: RenderResultOptions = readRenderOptions(fn, renderOptions, ['metric', 'title', 'charts']);
  checkArrays(fn, result, ['result']);
  const title = options.title ?? (options.metric === undefined ? undefined : (metricInfo(options.metric)?.title ?? options.metric));
  const blocks: Block[] = [];
  if (title !== undefined) blocks.push({ kind: 'heading', level: 2, text: title });
  blocks.push(...resultBlocks(result, options.metric, 3, options.charts ?? true));
  const body = renderBlocks(blocks, format);
  return format === 'html' ? `<div class="kpi-report">\n${body}</div>\n` : body;
}
