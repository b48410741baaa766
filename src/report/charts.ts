/**
 * Inline SVG charts as strings: deterministic (no ids, no clock, no randomness), escaped, with a
 * `<title>` for assistive technology and values formatted in their unit.
 */
import { type ValueUnit, escapeHtml, formatValue } from './format.js';

/** One bar or one point of a chart: a label and a value (`null`: no bar, or a gap in a line). */
export interface ChartDatum {
  readonly label: string;
  readonly value: number | null;
}

/** Options of {@link barChart} and {@link lineChart}. */
export interface ChartOptions {
  /** The chart's title, drawn above it and given as its `<title>`. Default `'Chart'`. */
  readonly title?: string;
  /** Unit of the values, for the value and axis labels (see `formatValue`). */
  readonly unit?: ValueUnit;
  /** Width in px. Default 480. */
  readonly width?: number;
  /** Height in px. Default: 22 px per bar plus margins for a bar chart, 240 for a line chart. */
  readonly height?: number;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="11"';
const INK = '#1f2937';
const MUTED = '#6b7280';
const GRID = '#d1d5db';
const BAR = '#2f6db5';

/** A coordinate with at most one decimal. */
const c = (n: number): string => String(Math.round(n * 10) / 10);

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function open(width: number, height: number, title: string): string {
  const t = escapeHtml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${c(width)}" height="${c(height)}" viewBox="0 0 ${c(width)} ${c(height)}" role="img" aria-label="${t}" ${FONT}>` +
    `<title>${t}</title>` +
    `<text x="8" y="16" font-size="13" font-weight="600" fill="${INK}">${t}</text>`
  );
}

function noData(width: number, height: number, title: string): string {
  return `${open(width, height, title)}<text x="${c(width / 2)}" y="${c(height / 2 + 8)}" text-anchor="middle" fill="${MUTED}">no data</text></svg>`;
}

const finite = (v: number | null): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A horizontal bar chart as an inline `<svg>` string: one row per bar with its label on the left
 * and its formatted value on the right, and an axis from 0 (or the least negative value) to the
 * largest value. `null` values get no bar and show `—`. Empty or all-null data gives a chart that
 * says "no data".
 *
 * @param bars - Labels and values, drawn in the order given.
 * @param options - Title, unit, width, height.
 * @returns An SVG element as text.
 * @example
 * ```ts
 * import { barChart } from 'kpi-kit/report';
 *
 * const svg = barChart([{ label: 'chat', value: 60 }, { label: 'email', value: 30 }], { title: 'Tickets', unit: 'count' });
 * svg.startsWith('<svg'); // true
 * svg.includes('<title>Tickets</title>'); // true
 * ```
 */
export function barChart(bars: readonly ChartDatum[], options: ChartOptions = {}): string {
  const title = options.title ?? 'Chart';
  const width = options.width ?? 480;
  const values = bars.map((b) => b.value).filter(finite);
  if (values.length === 0) return noData(width, options.height ?? 120, title);
  const rowH = 22;
  const top = 28;
  const bottom = 26;
  const height = options.height ?? top + bars.length * rowH + bottom;
  const step = (height - top - bottom) / bars.length;
  const labels = bars.map((b) => cut(b.label, 28));
  const labelW = Math.min(180, Math.max(40, Math.max(...labels.map((l) => [...l].length)) * 6.5 + 12));
  const valueW = 84;
  const x0 = labelW;
  const x1 = Math.max(x0 + 20, width - valueW);
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  // Halved so that the span of any two finite doubles stays finite.
  const x = (v: number): number => x0 + ((v / 2 - lo / 2) / (hi / 2 - lo / 2)) * (x1 - x0);
  const parts: string[] = [open(width, height, title)];
  bars.forEach((b, i) => {
    const yMid = top + i * step + step / 2;
    const text = formatValue(b.value, options.unit);
    parts.push(`<text x="${c(x0 - 6)}" y="${c(yMid + 4)}" text-anchor="end" fill="${INK}">${escapeHtml(labels[i]!)}</text>`);
    if (finite(b.value)) {
      const a = x(Math.min(0, b.value));
      const w = Math.max(x(Math.max(0, b.value)) - a, 0.5);
      const barH = Math.min(14, step * 0.7);
      parts.push(
        `<rect x="${c(a)}" y="${c(yMid - barH / 2)}" width="${c(w)}" height="${c(barH)}" fill="${BAR}"><title>${escapeHtml(`${b.label}: ${text}`)}</title></rect>`,
      );
    }
    parts.push(`<text x="${c(x1 + 6)}" y="${c(yMid + 4)}" fill="${INK}">${escapeHtml(text)}</text>`);
  });
  const axisY = top + bars.length * step;
  parts.push(`<line x1="${c(x0)}" y1="${c(axisY)}" x2="${c(x1)}" y2="${c(axisY)}" stroke="${GRID}"/>`);
  if (lo < 0) parts.push(`<line x1="${c(x(0))}" y1="${c(top)}" x2="${c(x(0))}" y2="${c(axisY)}" stroke="${MUTED}"/>`);
  const ticks = lo < 0 ? [lo, 0, hi] : [lo, hi];
  for (const t of ticks) {
    const anchor = t === lo ? 'start' : t === hi ? 'end' : 'middle';
    parts.push(`<text x="${c(x(t))}" y="${c(axisY + 14)}" text-anchor="${anchor}" fill="${MUTED}">${escapeHtml(formatValue(t, options.unit))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A line chart as an inline `<svg>` string: points in the order given, evenly spaced, joined by
 * lines; a `null` value is a gap. The y axis runs from the least to the largest value (and
 * includes 0 when every value has the same sign), labelled in the unit. Empty or all-null data
 * gives a chart that says "no data".
 *
 * @param points - Labels (x axis) and values.
 * @param options - Title, unit, width, height.
 * @returns An SVG element as text.
 * @example
 * ```ts
 * import { lineChart } from 'kpi-kit/report';
 *
 * const svg = lineChart([{ label: '2024-01', value: 0.8 }, { label: '2024-02', value: null }], { unit: 'share' });
 * svg.includes('2024-01'); // true
 * lineChart([]).includes('no data'); // true
 * ```
 */
export function lineChart(points: readonly ChartDatum[], options: ChartOptions = {}): string {
  const title = options.title ?? 'Chart';
  const width = options.width ?? 480;
  const height = options.height ?? 240;
  const values = points.map((p) => p.value).filter(finite);
  if (values.length === 0) return noData(width, height, title);
  const left = 76;
  const right = 40;
  const top = 30;
  const bottom = 40;
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo > 0) lo = 0;
  if (hi < 0) hi = 0;
  if (hi === lo) hi = lo + 1;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = points.length;
  const x = (i: number): number => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => top + plotH - ((v / 2 - lo / 2) / (hi / 2 - lo / 2)) * plotH;
  const parts: string[] = [open(width, height, title)];
  for (const t of [lo, lo / 2 + hi / 2, hi]) {
    parts.push(`<line x1="${c(left)}" y1="${c(y(t))}" x2="${c(width - right)}" y2="${c(y(t))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${c(left - 6)}" y="${c(y(t) + 4)}" text-anchor="end" fill="${MUTED}">${escapeHtml(formatValue(t, options.unit))}</text>`);
  }
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${BAR}" stroke-width="2"/>`);
    run = [];
  };
  points.forEach((p, i) => {
    if (finite(p.value)) run.push(`${c(x(i))},${c(y(p.value))}`);
    else flush();
  });
  flush();
  const every = Math.ceil(n / 8);
  points.forEach((p, i) => {
    if (finite(p.value)) {
      parts.push(
        `<circle cx="${c(x(i))}" cy="${c(y(p.value))}" r="3" fill="${BAR}"><title>${escapeHtml(`${p.label}: ${formatValue(p.value, options.unit)}`)}</title></circle>`,
      );
    }
    if (i % every === 0) {
      parts.push(`<text x="${c(x(i))}" y="${c(top + plotH + 16)}" text-anchor="middle" fill="${MUTED}">${escapeHtml(cut(p.label, 12))}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
