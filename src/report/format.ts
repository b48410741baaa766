/**
 * Formatting of single values for reports: units, durations, shares, counts, money, and the
 * escaping of text for HTML/SVG and Markdown. Every function here is locale-independent: the
 * output is the same on every runtime (no `toLocaleString`, no `Intl`).
 */

/** The unit of a metric's `value`, as {@link MetricInfo} states it. */
export type MetricUnit = 'ms' | 'share' | 'count' | 'score' | 'money' | 'number' | 'erlang' | 'months' | 'nps';

/**
 * The unit of any figure of a result: a metric unit, or `'timestamp'` (epoch ms, shown as ISO-8601
 * UTC) or `'text'` (shown as it is).
 */
export type ValueUnit = MetricUnit | 'timestamp' | 'text';

/** The text shown for a missing or undefined value (`null`). */
export const MISSING = '—';

/** Adds `,` between groups of three digits of an unsigned integer digit string. */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with thousands separators and at most `decimals` decimals, trailing zeros dropped. */
export function plainNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e21) return String(value);
  let text = value.toFixed(decimals);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (text === '-0') text = '0';
  const negative = text.startsWith('-');
  const [int = '', frac] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}${groupDigits(int)}${frac === undefined ? '' : `.${frac}`}`;
}

/** Groups the integer part of a decimal string (`'-1234567.50'` → `'-1,234,567.50'`). */
function groupDecimalString(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  return m ? `${m[1]}${groupDigits(m[2]!)}${m[3] ?? ''}` : text;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * A duration in milliseconds for humans: `850 ms`, `7.8 s`, `45 s`, `1 min 30 s`, `12 min`,
 * `1 h 05 min`, `2 d 4 h`. One rule everywhere, by size after rounding: below 1 s whole ms; below
 * 10 s tenths of a second; below 1 min whole seconds; below 10 min minutes and seconds, the
 * seconds always two digits (`2 min 00 s`); below 1 h whole minutes (`10 min`); below 1 d hours
 * and minutes, the minutes always two digits (`3 h 00 min`); from 1 d days and hours (`1 d 0 h`).
 *
 * @param ms - Duration in milliseconds (negative values get a leading `-`).
 * @returns The duration as text; `—` for a non-finite number.
 * @example
 * ```ts
 * import { formatDuration } from 'kpi-kit/report';
 *
 * formatDuration(3_900_000); // '1 h 05 min'
 * formatDuration(187_200_000); // '2 d 4 h'
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 10_000) {
    const rounded = Math.round(ms);
    if (rounded < 1000) return `${rounded} ms`;
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 600) return `${Math.floor(seconds / 60)} min ${pad2(seconds % 60)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
  const hours = Math.round(ms / 3_600_000);
  return `${groupDigits(String(Math.floor(hours / 24)))} d ${hours % 24} h`;
}

/** Reads a value that is a number, a decimal string or an object whose `toJSON` gives one. */
function unwrap(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    try {
      const json = (value as { toJSON: () => unknown }).toJSON();
      if (typeof json === 'string' || typeof json === 'number') return json;
    } catch {
      return value;
    }
  }
  return value;
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** An ISO-8601 date-time with a `Z` or `±hh:mm` offset (what `Date.prototype.toISOString` and the command write). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms as ISO-8601 UTC, without a `.000` of whole seconds. */
function isoTimestamp(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString().replace('.000Z', 'Z') : String(ms);
}

/**
 * Formats one value of a result in a unit. `null` and `undefined` → `—`; a `Decimal` (anything
 * whose `toJSON()` returns a string) is shown as that string; a decimal string in a numeric unit
 * other than money is read as a number; booleans → `yes`/`no`; other objects → JSON.
 *
 * Units: `ms` → {@link formatDuration}; `share` → percent with one decimal (`74.2 %`); `count`
 * → integer with `,` thousands separators; `money` → the exact decimal with separators;
 * `score` → at most two decimals; `number` → at most two decimals (four below 1); `nps` → at most one decimal; `erlang` → `Erl` suffix;
 * `months` → `mo` suffix; `timestamp` → ISO-8601 UTC without a `.000` of whole seconds
 * (`2024-11-30T23:00:00Z`; an ISO-8601 string with an offset is shown the same way); `text` → as
 * it is. Non-finite numbers
 * (never in a result of the library) → `—`.
 *
 * @param value - The value.
 * @param unit - Its unit; without one, numbers are shown as `number`.
 * @returns The text to show.
 * @example
 * ```ts
 * import { formatValue } from 'kpi-kit/report';
 *
 * formatValue(0.7421, 'share'); // '74.2 %'
 * formatValue(1234567, 'count'); // '1,234,567'
 * formatValue(null, 'ms'); // '—'
 * formatValue('80000.03', 'money'); // '80,000.03'
 * formatValue('2024-11-30T23:00:00.000Z', 'timestamp'); // '2024-11-30T23:00:00Z'
 * ```
 */
export function formatValue(value: unknown, unit?: ValueUnit): string {
  const v = unwrap(value);
  if (v === null || v === undefined) return MISSING;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') {
    if (unit === 'money') return groupDecimalString(v);
    if (unit === 'timestamp' && ISO_DATE_TIME.test(v.trim())) {
      const ms = Date.parse(v.trim());
      return Number.isFinite(ms) ? isoTimestamp(ms) : v;
    }
    if (unit !== undefined && unit !== 'text' && NUMERIC.test(v.trim())) return formatNumber(Number(v), unit);
    return v;
  }
  if (typeof v === 'number') return formatNumber(v, unit ?? 'number');
  if (typeof v === 'bigint') return groupDecimalString(v.toString());
  if (typeof v === 'object') return jsonText(v);
  // What is left: a symbol or a function.
  return typeof v === 'symbol' ? v.toString() : 'a function';
}

function formatNumber(v: number, unit: ValueUnit): string {
  if (!Number.isFinite(v)) return MISSING;
  switch (unit) {
    case 'ms':
      return formatDuration(v);
    case 'share':
      return `${plainNumber(v * 100, 1).replace(/^(-?[\d,]+)$/, '$1.0')} %`;
    case 'count':
      return plainNumber(v, Number.isInteger(v) ? 0 : 2);
    case 'nps':
      return plainNumber(v, 1);
    case 'erlang':
      return `${plainNumber(v, 2)} Erl`;
    case 'months':
      return `${plainNumber(v, 1)} mo`;
    case 'timestamp':
      return isoTimestamp(v);
    case 'money':
      return plainNumber(v, 2);
    case 'text':
      return String(v);
    case 'score':
      return plainNumber(v, 2);
    default:
      return plainNumber(v, Math.abs(v) < 1 ? 4 : 2);
  }
}

/** JSON text of any value, never throwing (cycles and BigInts fall back to `String`). */
export function jsonText(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML and SVG (element content and quoted attributes): `&`, `<`, `>`, `"`, `'`.
 *
 * @param text - Any text.
 * @returns The escaped text.
 * @example
 * ```ts
 * import { escapeHtml } from 'kpi-kit/report';
 *
 * escapeHtml('<script>'); // '&lt;script&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Escapes text for a cell of a GitHub Markdown table: `|` and `\` are backslash-escaped, `<` and
 * entity-like `&` become entities, line breaks become spaces.
 *
 * @param text - Any text.
 * @returns The escaped text.
 * @example
 * ```ts
 * import { escapeMarkdown } from 'kpi-kit/report';
 *
 * escapeMarkdown('a|b') === 'a\\|b'; // true
 * ```
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/([\\|`*_[\]])/g, '\\$1')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;');
}

/** Replaces line breaks, tabs and other control characters by spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
