/**
 * Inline SVG charts as strings: deterministic (no ids, no clock, no randomness), escaped, with a
 * `<title>` for assistive technology and values formatted in their unit.
 */
import { type ValueUnit, escapeHtml, formatValue, plainNumber } from './format.js';
import { maxOf, minOf, readChartData, readChartOptions } from './guard.js';

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

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Steps of a duration axis from 1 s to 1 d: whole seconds, minutes and hours people count in. */
const DURATION_STEPS = [1, 2, 5, 10, 15, 30]
  .map((n) => n * SECOND)
  .concat(
    [1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
    [1, 2, 3, 6, 12].map((n) => n * HOUR),
  );
/** The most intervals an axis is divided into. */
const MAX_INTERVALS = 5;

/** The smallest 1-2-5 step (…, 0.2, 0.5, 1, 2, 5, 10, …) times `scale` that is at least `raw`. */
function step125(raw: number, scale: number): number {
  const r = raw / scale;
  const m = 10 ** Math.floor(Math.log10(r));
  const step = [1, 2, 5, 10].map((f) => f * m).find((s) => s >= r * (1 - 1e-12)) ?? 10 * m;
  return step * scale;
}

/** The next step of an axis in its unit after `step` (or the first one at least `raw`). */
function nextStep(raw: number, unit: ValueUnit | undefined): number {
  if (unit === 'ms') {
    if (raw <= 500) return Math.max(1, step125(raw, 1));
    if (raw <= 12 * HOUR) return DURATION_STEPS.find((s) => s >= raw) ?? 12 * HOUR;
    return step125(raw, DAY) < DAY ? DAY : step125(raw, DAY);
  }
  if (unit === 'count') return Math.max(1, step125(raw, 1));
  return step125(raw, 1);
}

/** A "nice" axis: its bounds, step and tick values. */
interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly step: number;
  readonly ticks: readonly number[];
}

/**
 * The y axis of a line chart: 0 included, at most five intervals of a round step in the unit
 * (1-2-5; for durations whole s/min/h/d; at least 1 for counts), the top strictly above the
 * largest value (and the bottom below a negative least value), except that shares between 0 and
 * 100 % stop at 100 %. `null` when no such axis can be drawn (values too far apart).
 */
function niceScale(min: number, max: number, unit: ValueUnit | undefined): Scale | null {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  const span = hi - lo;
  if (!Number.isFinite(span)) return null;
  const capAt100 = unit === 'share' && lo >= 0 && hi <= 1;
  let step = nextStep(span > 0 ? span / MAX_INTERVALS : 1, unit);
  for (let tries = 0; tries < 8 && Number.isFinite(step) && step > 0; tries++) {
    let a = Math.floor(lo / step);
    let b = Math.ceil(hi / step);
    // Headroom: the largest value never on the top line (nor a negative least one on the bottom).
    if (b * step <= hi + Math.abs(hi) * 1e-9 && hi > 0) b++;
    if (a * step >= lo - Math.abs(lo) * 1e-9 && lo < 0) a--;
    if (capAt100 && b * step > 1) b = Math.round(1 / step);
    if (b - a <= MAX_INTERVALS && b > a) {
      const ticks = Array.from({ length: b - a + 1 }, (_, i) => (a + i) * step);
      if (ticks.every(Number.isFinite)) return { lo: a * step, hi: b * step, step, ticks };
      return null;
    }
    step = nextStep(step * 1.0001, unit);
  }
  return null;
}

/** Decimals that show every multiple of `step` (at most 10). */
const decimalsFor = (step: number): number => Math.min(10, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));

/** A duration tick in whole units of the step: `0`, `15 min`, `1 h`, `1 h 30 min`, `2 d`. */
function durationTick(v: number, step: number): string {
  if (v === 0) return '0';
  if (v < 0) return `-${durationTick(-v, step)}`;
  const whole = (n: number, size: number): string => plainNumber(n / size, 0);
  if (step % DAY === 0) return `${whole(v, DAY)} d`;
  if (step % HOUR === 0) return `${whole(v, HOUR)} h`;
  if (step % MINUTE === 0) {
    if (v < HOUR) return `${whole(v, MINUTE)} min`;
    const m = Math.round(v / MINUTE);
    return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  }
  if (step % SECOND === 0) {
    if (v < MINUTE) return `${whole(v, SECOND)} s`;
    const sec = Math.round(v / SECOND);
    return sec % 60 === 0 ? `${sec / 60} min` : `${Math.floor(sec / 60)} min ${String(sec % 60).padStart(2, '0')} s`;
  }
  return v >= SECOND ? `${plainNumber(v / SECOND, 3)} s` : `${plainNumber(v, decimalsFor(step))} ms`;
}

/** The label of a tick of a nice axis, with as many decimals as the step needs. */
function tickLabel(v: number, step: number, unit: ValueUnit | undefined): string {
  switch (unit) {
    case 'ms':
      return durationTick(v, step);
    case 'share':
      return `${plainNumber(v * 100, decimalsFor(step * 100))} %`;
    case 'erlang':
      return `${plainNumber(v, decimalsFor(step))} Erl`;
    case 'months':
      return `${plainNumber(v, decimalsFor(step))} mo`;
    case 'timestamp':
    case 'text':
      return formatValue(v, unit);
    default:
      return plainNumber(v, decimalsFor(step));
  }
}

/**
 * A horizontal bar chart as an inline `<svg>` string: one row per bar with its label on the left
 * and its formatted value on the right, and an axis from 0 (or the least negative value) to the
 * largest value. `null` values get no bar and show `—`. Empty or all-null data gives a chart that
 * says "no data".
 *
 * @param data - Labels and values, drawn in the order given.
 * @param chartOptions - Title, unit, width, height.
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
export function barChart(data: readonly ChartDatum[], chartOptions: ChartOptions = {}): string {
  const bars = readChartData('barChart', data, 'bars');
  const options = readChartOptions('barChart', chartOptions);
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
  const labelW = Math.min(180, Math.max(40, maxOf(labels.map((l) => [...l].length)) * 6.5 + 12));
  const valueW = 84;
  const x0 = labelW;
  const x1 = Math.max(x0 + 20, width - valueW);
  const lo = Math.min(0, minOf(values));
  let hi = Math.max(0, maxOf(values));
  // A span too small to halve (subnormal values) is drawn as a span of 1.
  if (!(hi / 2 - lo / 2 > 0)) hi = lo + 1;
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
    parts.push(
      `<text x="${c(x(t))}" y="${c(axisY + 14)}" text-anchor="${anchor}" fill="${MUTED}">${escapeHtml(t === 0 ? tickLabel(0, 1, options.unit) : formatValue(t, options.unit))}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A line chart as an inline `<svg>` string: points in the order given, evenly spaced, joined by
 * lines; a `null` value is a gap. The y axis includes 0 and has round ticks in the unit — at most
 * five intervals of a 1-2-5 step (durations in whole s, min, h or d: `0, 1 h, 2 h, 3 h, 4 h`;
 * counts in whole numbers; shares from 0 to at most 100 %) — with its top above the largest value.
 * Empty or all-null data gives a chart that says "no data".
 *
 * @param data - Labels (x axis) and values.
 * @param chartOptions - Title, unit, width, height.
 * @returns An SVG element as text.
 * @example
 * ```ts
 * import { lineChart } from 'kpi-kit/report';
 *
 * const svg = lineChart([{ label: '2024-01', value: 0.8 }, { label: '2024-02', value: null }], { unit: 'share' });
 * svg.includes('2024-01'); // true
 * svg.includes('>100 %<'); // true
 * lineChart([]).includes('no data'); // true
 * ```
 */
export function lineChart(data: readonly ChartDatum[], chartOptions: ChartOptions = {}): string {
  const points = readChartData('lineChart', data, 'points');
  const options = readChartOptions('lineChart', chartOptions);
  const title = options.title ?? 'Chart';
  const width = options.width ?? 480;
  const height = options.height ?? 240;
  const values = points.map((p) => p.value).filter(finite);
  if (values.length === 0) return noData(width, height, title);
  const left = 76;
  const right = 40;
  const top = 30;
  const bottom = 40;
  const min = minOf(values);
  const max = maxOf(values);
  const scale = niceScale(min, max, options.unit);
  let lo = scale?.lo ?? Math.min(0, min);
  let hi = scale?.hi ?? Math.max(0, max);
  if (!Number.isFinite(hi / 2 - lo / 2)) [lo, hi] = [Math.min(0, min), Math.max(0, max)];
  // A span too small to halve (subnormal values) is drawn as a span of 1.
  if (!(hi / 2 - lo / 2 > 0)) hi = lo + 1;
  const ticks =
    scale?.ticks.map((t) => [t, tickLabel(t, scale.step, options.unit)] as const) ??
    [lo, lo / 2 + hi / 2, hi].map((t) => [t, formatValue(t, options.unit)] as const);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const n = points.length;
  const labelEvery = Math.ceil(n / 8);
  const shown = points.map((p, i) => (i % labelEvery === 0 ? cut(p.label, 12) : ''));
  // The first and last x labels are centred on their points: keep them clear of the y labels.
  const half = (s: string): number => ([...s].length * 6.2) / 2;
  const inset = n === 1 ? 0 : Math.min(plotW / 4, Math.max(8, half(shown[0] ?? '') + 2, half(shown[n - 1] ?? '') - right + 8));
  const x = (i: number): number => left + (n === 1 ? plotW / 2 : inset + (i * (plotW - 2 * inset)) / (n - 1));
  const y = (v: number): number => top + plotH - ((v / 2 - lo / 2) / (hi / 2 - lo / 2)) * plotH;
  const parts: string[] = [open(width, height, title)];
  for (const [t, label] of ticks) {
    parts.push(`<line x1="${c(left)}" y1="${c(y(t))}" x2="${c(width - right)}" y2="${c(y(t))}" stroke="${GRID}"/>`);
    parts.push(`<text x="${c(left - 6)}" y="${c(y(t) + 4)}" text-anchor="end" fill="${MUTED}">${escapeHtml(label)}</text>`);
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
  points.forEach((p, i) => {
    if (finite(p.value)) {
      parts.push(
        `<circle cx="${c(x(i))}" cy="${c(y(p.value))}" r="3" fill="${BAR}"><title>${escapeHtml(`${p.label}: ${formatValue(p.value, options.unit)}`)}</title></circle>`,
      );
    }
    if (i % labelEvery === 0) {
      parts.push(`<text x="${c(x(i))}" y="${c(top + plotH + 20)}" text-anchor="middle" fill="${MUTED}">${escapeHtml(shown[i]!)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
