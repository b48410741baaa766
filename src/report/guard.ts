/**
 * Checks of the report functions' arguments: formats, options, chart data and documents. Results
 * themselves are never rejected by the renderers (any JSON-like value is shown); what is checked
 * is what the caller chooses: the format, the options, the chart data, the document's shape.
 */
import { type KpiPath } from '../core/errors.js';
import { IssueCollector, MAX_ARRAY_LENGTH, checkLength, fail, isRecord, lengthIssue, readOptions } from '../core/validate.js';
import { type ReportFormat } from './blocks.js';
import { type ValueUnit, readUnit } from './format.js';

/** Every {@link ReportFormat}. */
const FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'html'];

/** Reads the output format. */
export function readFormat(fn: string, format: unknown): ReportFormat {
  if (typeof format === 'string' && (FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  return fail(fn, { code: 'invalid_value', path: ['format'], input: format, expected: 'one of "text", "markdown", "html"' });
}

/** The options every renderer may take, and their rules. */
const OPTION_RULES: Readonly<Record<string, (v: unknown) => string | null>> = {
  title: (v) => (typeof v === 'string' ? null : 'a string'),
  metric: (v) => (typeof v === 'string' ? null : 'a string (the name of the function that made the result)'),
  charts: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  maxErrors: (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : 'a non-negative integer'),
};

/**
 * Reads a renderer's options: an object with only the `known` keys, each of its type (`title`
 * and `metric` strings, `charts` a boolean, `maxErrors` a non-negative integer). `null` is absent.
 */
export function readRenderOptions(fn: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  const o = readOptions(fn, options, known);
  const issues = new IssueCollector(fn);
  for (const key of Object.keys(o)) {
    const rule = OPTION_RULES[key];
    const expected = rule === undefined || o[key] === undefined ? null : rule(o[key]);
    if (expected !== null) issues.add({ code: 'invalid_type', path: ['options', key], input: o[key], expected });
  }
  issues.throwIfAny();
  return o;
}

/** The widest or tallest a chart may be, in px. */
const MAX_CHART_SIZE = 100_000;

/** Chart options, checked: `title` a string, `unit` a unit, `width`/`height` positive numbers up to 100,000 px. */
export function readChartOptions(fn: string, options: unknown): { title?: string; unit?: ValueUnit; width?: number; height?: number } {
  const o = readOptions(fn, options, ['title', 'unit', 'width', 'height']);
  const issues = new IssueCollector(fn);
  if (o.title !== undefined && typeof o.title !== 'string')
    issues.add({ code: 'invalid_type', path: ['options', 'title'], input: o.title, expected: 'a string' });
  for (const key of ['width', 'height'] as const) {
    const v = o[key];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && v <= MAX_CHART_SIZE)) {
      issues.add({
        code: typeof v === 'number' ? 'out_of_range' : 'invalid_type',
        path: ['options', key],
        input: v,
        expected: `a number of px above 0, at most ${MAX_CHART_SIZE}`,
      });
    }
  }
  issues.throwIfAny();
  readUnit(fn, o.unit, ['options', 'unit']);
  return o;
}

/** Chart data, checked: an array of `{ label: string, value: number | null }` (a non-finite value is a gap). */
export function readChartData(fn: string, data: unknown, name: string): readonly { readonly label: string; readonly value: number | null }[] {
  if (!Array.isArray(data)) return fail(fn, { code: 'invalid_type', path: [name], input: data, expected: 'an array of { label, value }' });
  checkLength(fn, data, [name]);
  const issues = new IssueCollector(fn);
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const d: unknown = data[i];
    const problem = !isRecord(d)
      ? { path: [name, i], input: d, expected: 'an object { label, value }' }
      : typeof d.label !== 'string'
        ? { path: [name, i, 'label'], input: d.label, expected: 'a string' }
        : !(d.value === null || typeof d.value === 'number')
          ? { path: [name, i, 'value'], input: d.value, expected: 'a number or null' }
          : null;
    if (problem !== null) {
      if (count++ < 100) issues.add({ code: 'invalid_type', ...problem });
      else issues.addUnlisted(1);
    }
  }
  issues.throwIfAny();
  return data as readonly { readonly label: string; readonly value: number | null }[];
}

/**
 * Requires every array inside `value` (objects and arrays followed to depth 32, each once) to hold
 * at most {@link MAX_ARRAY_LENGTH} elements, before anything renders it.
 */
export function checkArrays(fn: string, value: unknown, path: KpiPath = []): void {
  const seen = new Set<object>();
  const visit = (v: unknown, at: KpiPath, depth: number): void => {
    if (typeof v !== 'object' || v === null || seen.has(v) || depth > 32) return;
    seen.add(v);
    const issue = lengthIssue(v, at);
    if (issue !== null) fail(fn, issue);
    if (ArrayBuffer.isView(v)) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], [...at, i], depth + 1);
      return;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return;
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key], [...at, key], depth + 1);
  };
  visit(value, path, 0);
}

/** Whether an array can be shown as a table: not empty, not longer than {@link MAX_ARRAY_LENGTH}, all plain objects. */
export function isRows(value: readonly unknown[], isRow: (v: unknown) => boolean): boolean {
  if (value.length === 0 || value.length > MAX_ARRAY_LENGTH) return false;
  for (let i = 0; i < value.length; i++) if (!isRow(value[i])) return false;
  return true;
}

/** The largest of `values` (−Infinity for none), without spreading them into arguments. */
export function maxOf(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/** The smallest of `values` (Infinity for none). */
export function minOf(values: readonly number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}
