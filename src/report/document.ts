import { fail } from '../core/validate.js';
import { type Block, type ReportFormat, renderBlocks } from './blocks.js';
import { checkArrays, readFormat, readRenderOptions } from './guard.js';
import { barChart, lineChart } from './charts.js';
import { isDecimalLike, isPlainObject } from './fields.js';
import { type MetricUnit, escapeHtml, formatValue, jsonText } from './format.js';
import { metricInfo } from './metric-info.js';
import { type RenderOptions, detailOf, distributionsOf, resultBlocks, unitFor } from './result.js';

/** One invalid row or value reported by the `kpi-kit report` command. */
export interface ReportError {
  /** Row number in the input file (1-based data rows), or `null` when not tied to a row. */
  readonly row: number | null;
  /** Column name, or `null`. */
  readonly column: string | null;
  /** The offending value, as read. */
  readonly value: unknown;
  readonly message: string;
}

/** What the `kpi-kit report` command writes as JSON, and what {@link renderReport} takes. */
export interface ReportDocument {
  /** Rows read. */
  readonly records: number;
  /** Function name → that function's result (the object, or its JSON). */
  readonly metrics: Readonly<Record<string, unknown>>;
  /** Function name → `byPeriod(fn, ...)` result. */
  readonly byPeriod?: Readonly<Record<string, unknown>>;
  /** Function name → `bySegment(fn, ...)` result. */
  readonly bySegment?: Readonly<Record<string, unknown>>;
  /** Rows left out, by reason (`{ rows: 3 }` with `--on-invalid exclude`). */
  readonly excluded: Readonly<Record<string, number>>;
  readonly errors: readonly ReportError[];
  /** Where the figures come from (`{ file, format, timeZone, period, by, asOf }`): a header line. */
  readonly source?: Readonly<Record<string, unknown>>;
}

/**
 * Requires a {@link ReportDocument}: its shape, and no array in it longer than `MAX_ARRAY_LENGTH`.
 * @internal
 */
export function requireDocument(fn: string, doc: unknown): asserts doc is ReportDocument {
  if (!isReportDocument(doc)) {
    fail(fn, {
      code: 'invalid_type',
      path: ['doc'],
      input: doc,
      expected: 'a report document { records: number, metrics: {...}, excluded: {...}, errors: [...] } (the JSON of `kpi-kit report`)',
    });
  }
  checkArrays(fn, doc, ['doc']);
}

/** Whether a value has the shape of a {@link ReportDocument}. */
export function isReportDocument(value: unknown): value is ReportDocument {
  return (
    isPlainObject(value) && typeof value.records === 'number' && isPlainObject(value.metrics) && Array.isArray(value.errors) && isPlainObject(value.excluded)
  );
}

const titleOf = (name: string): string => metricInfo(name)?.title ?? name;
const entries = (o: Readonly<Record<string, unknown>> | undefined): [string, unknown][] => (isPlainObject(o) ? Object.entries(o) : []);
/** A number for a chart: numbers, decimal strings and `Decimal`s (display only). */
const num = (v: unknown): number | null => {
  let u: unknown = v;
  if (isDecimalLike(v)) {
    try {
      u = (v as { toJSON: () => unknown }).toJSON();
    } catch {
      return null;
    }
  }
  if (typeof u === 'number') return Number.isFinite(u) ? u : null;
  return typeof u === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(u) ? Number(u) : null;
};
const valueOf = (result: unknown): unknown => (isPlainObject(result) ? result.value : result);

function sourceLine(doc: ReportDocument): string {
  const parts = entries(doc.source)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => {
      if (Array.isArray(v)) return `${k} ${v.map((x) => formatValue(x, 'text')).join(', ')}`;
      // A mapping (the command's columns: field → column) as field=column pairs.
      if (isPlainObject(v))
        return `${k} ${Object.entries(v)
          .map(([a, b]) => `${a}=${formatValue(b, 'text')}`)
          .join(', ')}`;
      return `${k} ${formatValue(v, k === 'asOf' ? 'timestamp' : 'text')}`;
    });
  return [`Records: ${formatValue(doc.records, 'count')}`, ...(parts.length > 0 ? [`Source: ${parts.join(' · ')}`] : [])].join(' · ');
}

/** The `byPeriod` results of a document that have periods. */
const periodSeries = (doc: ReportDocument): [string, Record<string, unknown>][] =>
  entries(doc.byPeriod).filter((e): e is [string, Record<string, unknown>] => isPlainObject(e[1]) && Array.isArray(e[1].periods));

/**
 * Whether a per-period metric only counts the period's tickets (`volumeByChannel`,
 * `topTopics`): a count whose value is the period's `tickets` in every period.
 */
function countsTickets(name: string, r: Record<string, unknown>): boolean {
  if (unitFor(name, r) !== 'count') return false;
  const periods = (r.periods as unknown[]).filter(isPlainObject);
  return periods.length > 0 && periods.every((p) => num(p.count) !== null && num(valueOf(p.result)) === num(p.count));
}

/** Tickets per period (from the first series that has them), for the "Tickets per period" trend. */
function ticketsPerPeriod(series: readonly [string, Record<string, unknown>][]): { label: string; value: number | null }[] {
  for (const [, r] of series) {
    const periods = (r.periods as unknown[]).filter(isPlainObject);
    if (periods.length > 0 && periods.some((p) => num(p.count) !== null))
      return periods.map((p) => ({ label: formatValue(p.key, 'text'), value: num(p.count) }));
  }
  return [];
}

function periodTable(doc: ReportDocument): Block[] {
  const all = periodSeries(doc);
  if (all.length === 0) return [];
  // Metrics that only count tickets show the same column: it is shown once, as "Tickets".
  const counting = all.filter(([n, r]) => countsTickets(n, r)).map(([n]) => n);
  const series = [...all.filter(([n]) => n === counting[0]), ...all.filter(([n]) => !counting.includes(n))];
  const title = (n: string): string => (n === counting[0] ? 'Tickets' : titleOf(n));
  const keys: string[] = [];
  const cells = new Map<string, Map<string, string>>();
  const put = (key: string, name: string, text: string): void => {
    if (!cells.has(key)) {
      cells.set(key, new Map());
      keys.push(key);
    }
    cells.get(key)!.set(name, text);
  };
  let hasUndated = false;
  let periodUnit = '';
  for (const [name, res] of series) {
    if (typeof res.period === 'string' && periodUnit === '') periodUnit = res.period;
    const unit = unitFor(name, res);
    for (const p of res.periods as unknown[]) {
      if (isPlainObject(p)) put(formatValue(p.key, 'text'), name, formatValue(valueOf(p.result), unit));
    }
    if (isPlainObject(res.undated)) {
      hasUndated = true;
      cells.set('undated', (cells.get('undated') ?? new Map<string, string>()).set(name, formatValue(valueOf(res.undated.result), unit)));
    }
    cells.set('total', (cells.get('total') ?? new Map<string, string>()).set(name, formatValue(valueOf(res.total), unit)));
  }
  keys.sort();
  const rowKeys = [...keys, ...(hasUndated ? ['undated'] : []), 'total'];
  return [
    { kind: 'heading', level: 2, text: periodUnit === '' ? 'By period' : `By period (${periodUnit})` },
    {
      kind: 'table',
      className: 'periods',
      columns: ['Period', ...series.map(([n]) => title(n))],
      numeric: [false, ...series.map(() => true)],
      rows: rowKeys.map((k) => [k, ...series.map(([n]) => cells.get(k)?.get(n) ?? '—')]),
    },
  ];
}

/** The most segments a period × segment table shows as columns (the largest; the JSON has all). */
export const MAX_SEGMENT_COLUMNS = 12;

/**
 * Period × segment tables (`--period` with `--by`): per metric, a row per period and a column per
 * segment (the largest {@link MAX_SEGMENT_COLUMNS}, most tickets first), the segments' values over
 * all periods as the last row; in HTML a heat table (darker: a larger value of that metric). Metrics
 * that only count tickets show one "Tickets" table of counts.
 */
function periodSegmentBlocks(doc: ReportDocument): Block[] {
  const all = periodSeries(doc).filter(
    ([, r]) => Array.isArray(r.segments) && (r.periods as unknown[]).some((p) => isPlainObject(p) && Array.isArray(p.segments)),
  );
  if (all.length === 0) return [];
  const counting = all.filter(([n, r]) => countsTickets(n, r)).map(([n]) => n);
  const series = [...all.filter(([n]) => n === counting[0]), ...all.filter(([n]) => !counting.includes(n))];
  const by = typeof all[0]![1].by === 'string' ? all[0]![1].by : 'segment';
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: `By period and ${by}` }];
  for (const [name, r] of series) {
    const tickets = name === counting[0];
    const unit = tickets ? 'count' : unitFor(name, r);
    const overall = (r.segments as unknown[]).filter(isPlainObject);
    const shown = overall.slice(0, MAX_SEGMENT_COLUMNS);
    const keyText = (k: unknown): string => formatValue(k, 'text');
    const columns = shown.map((seg) => keyText(seg.key));
    const valueIn = (seg: Record<string, unknown> | undefined): number | null =>
      seg === undefined ? null : tickets ? num(seg.count) : num(valueOf(seg.result));
    const cell = (seg: Record<string, unknown> | undefined): string => (seg === undefined ? '—' : formatValue(tickets ? seg.count : valueOf(seg.result), unit));
    const lines: { label: string; segs: Map<string, Record<string, unknown>> }[] = [];
    const periods = (r.periods as unknown[]).filter(isPlainObject);
    for (const p of periods) {
      const segs = new Map<string, Record<string, unknown>>();
      for (const seg of Array.isArray(p.segments) ? (p.segments as unknown[]).filter(isPlainObject) : []) segs.set(keyText(seg.key), seg);
      lines.push({ label: formatValue(p.key, 'text'), segs });
    }
    lines.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    if (isPlainObject(r.undated) && Array.isArray(r.undated.segments)) {
      const segs = new Map<string, Record<string, unknown>>();
      for (const seg of (r.undated.segments as unknown[]).filter(isPlainObject)) segs.set(keyText(seg.key), seg);
      lines.push({ label: 'undated', segs });
    }
    const total = new Map(shown.map((seg) => [keyText(seg.key), seg]));
    const values = lines.flatMap((l) => columns.map((c) => valueIn(l.segs.get(c)))).filter((v): v is number => v !== null);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const level = (v: number | null): number | null => (v === null || values.length === 0 ? null : hi > lo ? (v - lo) / (hi - lo) : 0.5);
    blocks.push({ kind: 'heading', level: 3, text: tickets ? 'Tickets' : titleOf(name) });
    blocks.push({
      kind: 'table',
      className: 'periods',
      columns: ['Period', ...columns],
      numeric: [false, ...columns.map(() => true)],
      rows: [...lines.map((l) => [l.label, ...columns.map((c) => cell(l.segs.get(c)))]), ['all periods', ...columns.map((c) => cell(total.get(c)))]],
      heat: [...lines.map((l) => [null, ...columns.map((c) => level(valueIn(l.segs.get(c))))]), [null, ...columns.map(() => null)]],
    });
    if (overall.length > shown.length) {
      blocks.push({
        kind: 'paragraph',
        text: `${formatValue(overall.length - shown.length, 'count')} smaller ${by} segments are not shown here (they are in the JSON document).`,
      });
    }
  }
  return blocks;
}

function segmentBlocks(name: string, r: Record<string, unknown>, charts: boolean): Block[] {
  const unit = unitFor(name, r);
  const by = typeof r.by === 'string' ? ` by ${r.by}` : '';
  const segs = (r.segments as unknown[]).filter(isPlainObject);
  const hasN = segs.some((s) => isPlainObject(s.result) && typeof s.result.n === 'number');
  const row = (key: string, tickets: unknown, result: unknown): string[] => [
    key,
    formatValue(tickets, 'count'),
    formatValue(valueOf(result), unit),
    ...(hasN ? [formatValue(isPlainObject(result) ? result.n : null, 'count')] : []),
  ];
  const blocks: Block[] = [
    { kind: 'heading', level: 3, text: `${titleOf(name)}${by}` },
    {
      kind: 'table',
      columns: ['Segment', 'Tickets', 'Value', ...(hasN ? ['n'] : [])],
      numeric: [false, true, true, ...(hasN ? [true] : [])],
      rows: [
        ...segs.map((s) => row(formatValue(s.key, 'text'), s.count, s.result)),
        row(
          'total',
          segs.reduce((a, s) => a + (num(s.count) ?? 0), 0),
          r.total,
        ),
      ],
    },
  ];
  if (charts) {
    const bars = segs.map((s) => ({ label: formatValue(s.key, 'text'), value: num(valueOf(s.result)) }));
    blocks.push({ kind: 'html', html: `<figure>${barChart(bars, chartOptions(`${titleOf(name)}${by}`, unit))}</figure>` });
  }
  return blocks;
}

const chartOptions = (title: string, unit: MetricUnit | undefined): { title: string; unit?: MetricUnit } => (unit ? { title, unit } : { title });

function cards(metrics: [string, unknown][]): string {
  const items = metrics.map(([name, r]) => {
    const detail = detailOf(r, name);
    return (
      `<div class="card"><div class="card-title">${escapeHtml(titleOf(name))}</div>` +
      `<div class="card-value">${escapeHtml(formatValue(valueOf(r), unitFor(name, r)))}</div>` +
      (detail === '' ? '' : `<div class="card-detail">${escapeHtml(detail)}</div>`) +
      '</div>'
    );
  });
  return `<div class="cards">\n${items.join('\n')}\n</div>`;
}

/** The blocks of a whole report, in the order of every format. */
function reportBlocks(doc: ReportDocument, format: ReportFormat, options: RenderOptions): Block[] {
  const html = format === 'html';
  const charts = html && (options.charts ?? true);
  const metrics = entries(doc.metrics);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: options.title ?? 'KPI report' },
    { kind: 'paragraph', text: sourceLine(doc) },
  ];
  if (html && metrics.length > 0) blocks.push({ kind: 'html', html: cards(metrics) });
  blocks.push({ kind: 'heading', level: 2, text: 'Key figures' });
  if (metrics.length === 0) blocks.push({ kind: 'paragraph', text: 'No metrics.' });
  else {
    blocks.push({
      kind: 'table',
      columns: ['Metric', 'Value', 'Detail'],
      numeric: [false, true, false],
      rows: metrics.map(([name, r]) => [titleOf(name), formatValue(valueOf(r), unitFor(name, r)), detailOf(r, name)]),
    });
  }
  if (charts) {
    // The ticket count once ("Tickets per period"), not again for each metric that only counts tickets.
    const series = periodSeries(doc);
    const tickets = ticketsPerPeriod(series);
    const trends = [
      ...(tickets.length > 0 ? [`<figure>${lineChart(tickets, { title: 'Tickets per period', unit: 'count' })}</figure>`] : []),
      ...series
        .filter(([name, r]) => !(tickets.length > 0 && countsTickets(name, r)))
        .map(([name, r]) => {
          const points = (r.periods as unknown[]).filter(isPlainObject).map((p) => ({ label: formatValue(p.key, 'text'), value: num(valueOf(p.result)) }));
          return `<figure>${lineChart(points, chartOptions(`${titleOf(name)} per period`, unitFor(name, r)))}</figure>`;
        }),
    ];
    if (trends.length > 0)
      blocks.push({ kind: 'heading', level: 2, text: 'Trends' }, { kind: 'html', html: `<div class="charts">\n${trends.join('\n')}\n</div>` });
  }
  blocks.push(...periodTable(doc));
  const segments = entries(doc.bySegment).filter(([, r]) => isPlainObject(r) && Array.isArray(r.segments));
  if (segments.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'By segment' });
    for (const [name, r] of segments) blocks.push(...segmentBlocks(name, r as Record<string, unknown>, charts));
  }
  blocks.push(...periodSegmentBlocks(doc));
  if (charts) {
    const figs = metrics.flatMap(([name, r]) => distributionsOf(r, name)).map((d) => `<figure>${barChart(d.bars, chartOptions(d.title, d.unit))}</figure>`);
    if (figs.length > 0)
      blocks.push({ kind: 'heading', level: 2, text: 'Distributions' }, { kind: 'html', html: `<div class="charts">\n${figs.join('\n')}\n</div>` });
  }
  if (html && metrics.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Details' });
    for (const [name, r] of metrics) {
      const inner = renderBlocks(resultBlocks(r, name, 3, false), 'html');
      blocks.push({ kind: 'html', html: `<details><summary>${escapeHtml(titleOf(name))}</summary>\n${inner}</details>` });
    }
  }
  // Only the reasons that left rows out: with none (every count 0), the line "None.".
  const excluded = entries(doc.excluded).filter(([, v]) => v !== 0);
  blocks.push({ kind: 'heading', level: 2, text: 'Excluded' });
  if (excluded.length === 0) blocks.push({ kind: 'paragraph', text: 'None.' });
  else blocks.push({ kind: 'table', columns: ['Reason', 'Count'], numeric: [false, true], rows: excluded.map(([k, v]) => [k, formatValue(v, 'count')]) });
  const errors = Array.isArray(doc.errors) ? doc.errors : [];
  blocks.push({ kind: 'heading', level: 2, text: `Errors (${formatValue(errors.length, 'count')})` });
  if (errors.length === 0) blocks.push({ kind: 'paragraph', text: 'None.' });
  else {
    const max = Math.max(0, options.maxErrors ?? 20);
    blocks.push({
      kind: 'table',
      columns: ['Row', 'Column', 'Value', 'Message'],
      numeric: [true, false, false, false],
      // Array.from, not map: a hole in `errors` is a row too (map would leave a hole in the table).
      rows: Array.from(errors.slice(0, max), (e: unknown) => {
        const o: Record<string, unknown> = isPlainObject(e) ? e : { message: jsonText(e) };
        const value = typeof o.value === 'string' ? o.value : o.value === undefined ? null : o.value;
        return [
          formatValue(o.row, 'count'),
          formatValue(o.column, 'text'),
          isPlainObject(value) || Array.isArray(value) ? jsonText(value) : formatValue(value, 'text'),
          formatValue(o.message, 'text'),
        ];
      }),
    });
    if (errors.length > max) blocks.push({ kind: 'paragraph', text: `… and ${formatValue(errors.length - max, 'count')} more` });
  }
  if (html) {
    const names = [...new Set([...metrics.map(([n]) => n), ...entries(doc.byPeriod).map(([n]) => n), ...segments.map(([n]) => n)])];
    const defs = names.map((n) => [n, metricInfo(n)] as const).filter(([, i]) => i !== undefined);
    if (defs.length > 0) {
      const items = defs.map(([, i]) => `<dt>${escapeHtml(i!.title)}</dt><dd>${escapeHtml(i!.definition)}</dd>`).join('\n');
      blocks.push({ kind: 'heading', level: 2, text: 'Definitions' }, { kind: 'html', html: `<dl>\n${items}\n</dl>` });
    }
  }
  return blocks;
}

/** The style sheet of HTML reports, scoped to `.kpi-report`: light background, print-friendly. */
export const REPORT_CSS = `.kpi-report{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937;background:#fff;line-height:1.45;max-width:1100px;margin:0 auto;padding:16px}
.kpi-report h1{font-size:1.6em;margin:0 0 4px}.kpi-report h2{font-size:1.25em;margin:28px 0 8px;border-bottom:1px solid #e5e7eb}.kpi-report h3{font-size:1.05em;margin:18px 0 6px}
.kpi-report table{border-collapse:collapse;margin:6px 0 12px;font-size:.92em}.kpi-report th,.kpi-report td{border:1px solid #d1d5db;padding:3px 8px;text-align:left;vertical-align:top}
.kpi-report th{background:#f3f4f6}.kpi-report td.num,.kpi-report th.num{text-align:right;font-variant-numeric:tabular-nums}.kpi-report td.num,.kpi-report table.periods td:first-child{white-space:nowrap}
.kpi-report .table-wrap{max-width:100%;overflow-x:auto;margin:6px 0 12px}.kpi-report .table-wrap table{margin:0}
.kpi-report .cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}.kpi-report .card{border:1px solid #d1d5db;border-radius:6px;padding:10px 12px;min-width:180px;flex:1 1 200px;break-inside:avoid}
.kpi-report .card-title{font-size:.85em;color:#4b5563}.kpi-report .card-value{font-size:1.6em;font-weight:600;margin:2px 0}.kpi-report .card-detail{font-size:.8em;color:#4b5563}
.kpi-report .charts{display:flex;flex-wrap:wrap;gap:12px}.kpi-report figure{margin:6px 0;break-inside:avoid}.kpi-report svg{max-width:100%;height:auto}
.kpi-report dt{font-weight:600;margin-top:6px}.kpi-report dd{margin:0 0 0 16px}
@media print{.kpi-report{max-width:none;padding:0}.kpi-report details{display:none}}`;

/** The HTML fragment of a report (style sheet included), as a page body or a notebook output. */
export function reportFragment(doc: ReportDocument, options: RenderOptions = {}): string {
  return `<style>\n${REPORT_CSS}\n</style>\n<div class="kpi-report">\n${renderBlocks(reportBlocks(doc, 'html', options), 'html')}</div>\n`;
}

/**
 * Renders a report document — what `kpi-kit report` computes — as a terminal report (`'text'`:
 * header, KPI table with value and detail, per-period table, segment tables, excluded rows,
 * errors; fixed-width columns, no colours), GitHub Markdown (the same, as tables) or one
 * self-contained HTML page (`'html'`: inline style, no scripts, no network; KPI cards, trend and
 * distribution charts as inline SVG, the tables, details per metric, errors, definitions). Every
 * string from the data is escaped. Metrics whose value per period is the period's ticket count
 * (`volumeByChannel`, `topTopics`) appear once, as the `Tickets` column and the "Tickets per
 * period" trend; "Excluded" lists only non-zero counts (else `None.`); HTML tables scroll
 * sideways rather than wrap a value.
 *
 * @param doc - The report document.
 * @param format - `'text'`, `'markdown'` or `'html'`.
 * @param renderOptions - `title` (default `'KPI report'`), `charts` (HTML; default true), `maxErrors`
 *   (default 20).
 * @returns The report.
 * @example
 * ```ts
 * import { renderReport } from 'kpi-kit/report';
 *
 * const doc = { records: 4, metrics: { resolutionRate: { value: 0.75, resolved: 3, inquiries: 4 } }, excluded: {}, errors: [] };
 * renderReport(doc, 'text').includes('Resolution rate  75.0 %  3 of 4'); // true
 * renderReport(doc, 'html').startsWith('<!doctype html>'); // true
 * ```
 */
export function renderReport(doc: ReportDocument, format: ReportFormat, renderOptions: RenderOptions = {}): string {
  const fn = 'renderReport';
  format = readFormat(fn, format);
  const options: RenderOptions = readRenderOptions(fn, renderOptions, ['title', 'charts', 'maxErrors']);
  requireDocument(fn, doc);
  if (format === 'html') {
    const title = escapeHtml(options.title ?? 'KPI report');
    return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}</title>\n</head>\n<body>\n${reportFragment(doc, options)}</body>\n</html>\n`;
  }
  return renderBlocks(reportBlocks(doc, format, options), format);
}
