/**
 * Formatting of single values for reports: units, durations, shares, counts, money, and the
 * escaping of text for HTML/SVG and Markdown. Every function here is locale-independent: the
 * output is the same on every runtime (no `toLocaleString`, no `Intl`).
 */
import { type KpiPath } from '../core/errors.js';
import { fail } from '../core/validate.js';

/** The unit of a metric's `value`, as {@link MetricInfo} states it. */
export type MetricUnit = 'ms' | 'share' | 'count' | 'score' | 'money' | 'number' | 'erlang' | 'months' | 'nps';

/**
 * The unit of any figure of a result: a metric unit, or `'timestamp'` (epoch ms, shown as ISO-8601
 * UTC) or `'text'` (shown as it is).
 */
export type ValueUnit = MetricUnit | 'timestamp' | 'text';

/** Every {@link ValueUnit}. */
export const VALUE_UNITS: readonly ValueUnit[] = Object.freeze([
  'ms',
  'share',
  'count',
  'score',
  'money',
  'number',
  'erlang',
  'months',
  'nps',
  'timestamp',
  'text',
]);

/** Every {@link MetricUnit}. */
export const METRIC_UNITS: readonly MetricUnit[] = Object.freeze(['ms', 'share', 'count', 'score', 'money', 'number', 'erlang', 'months', 'nps']);

/** Requires `text` to be a string. */
export function requireText(fn: string, text: unknown, path: KpiPath = ['text']): asserts text is string {
  if (typeof text !== 'string') fail(fn, { code: 'invalid_type', path, input: text, expected: 'a string' });
}

/** Reads an optional unit: `undefined` or one of `units` (default: every {@link ValueUnit}). */
export function readUnit(fn: string, unit: unknown, path: KpiPath, units: readonly string[] = VALUE_UNITS): ValueUnit | undefined {
  if (unit === undefined) return undefined;
  if (typeof unit !== 'string' || !units.includes(unit)) {
    return fail(fn, { code: 'invalid_value', path, input: unit, expected: `one of ${units.map((u) => JSON.stringify(u)).join(', ')}` });
  }
  return unit as ValueUnit;
}

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

/**
 * A money decimal string rounded half away from zero to 2 places when it has more (`'33.3333'` →
 * `'33.33'`, `'0.125'` → `'0.13'`, `'-0.001'` → `'0.00'`), as the `display` of kpi-kit's money
 * results; shorter strings are kept as they are (`'130.3'`).
 */
function roundMoneyText(text: string): string {
  const m = /^(-?)(\d+)\.(\d{3,})$/.exec(text);
  if (m === null) return text;
  const [, sign, int, frac] = m as unknown as [string, string, string, string];
  const digits = (int + frac.slice(0, 2)).split('');
  if (frac.charCodeAt(2) >= 53 /* '5' */) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === '9') digits[i--] = '0';
    if (i < 0) digits.unshift('1');
    else digits[i] = String(Number(digits[i]) + 1);
  }
  const all = digits.join('');
  const out = `${all.slice(0, -2)}.${all.slice(-2)}`;
  return /^0+\.00$/.test(out) ? out : `${sign}${out}`;
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
  if (typeof ms !== 'number') return fail('formatDuration', { code: 'invalid_type', path: ['ms'], input: ms, expected: 'a number of milliseconds' });
  return durationText(ms);
}

function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  if (ms < 0) return `-${durationText(-ms)}`;
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
 * → integer with `,` thousands separators; `money` → the decimal with separators, rounded half
 * away from zero to 2 places when it has more (the default of the `display` of money results);
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
 * formatValue('1234.5678', 'money'); // '1,234.57'
 * formatValue('2024-11-30T23:00:00.000Z', 'timestamp'); // '2024-11-30T23:00:00Z'
 * ```
 */
export function formatValue(value: unknown, unit?: ValueUnit): string {
  readUnit('formatValue', unit, ['unit']);
  const v = unwrap(value);
  if (v === null || v === undefined) return MISSING;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') {
    if (unit === 'money') return groupDecimalString(roundMoneyText(v));
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
      return durationText(v);
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

/** `String(value)`, or `[object Type]` when that throws (an object without a prototype, a throwing `toString`). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The longest {@link jsonText} output before it is cut with `…`. */
const MAX_JSON_TEXT = 10_000;

/**
 * JSON text of any value, as `JSON.stringify` writes it (bigints as decimal strings), never
 * throwing and never reading more than it shows: at most {@link MAX_JSON_TEXT} characters, then `…`
 * (so an array with a huge `length` costs no more than a short one). Cycles are shown as
 * `"[circular]"`, objects without a prototype as objects, typed arrays as arrays.
 */
export function jsonText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  let out = '';
  let full = false;
  const emit = (s: string): void => {
    if (full) return;
    if (out.length + s.length > MAX_JSON_TEXT) {
      out += s.slice(0, MAX_JSON_TEXT - out.length);
      full = true;
    } else out += s;
  };
  const stack = new Set<object>();
  const write = (v: unknown, depth: number): void => {
    if (full) return;
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      try {
        v = (v as { toJSON: () => unknown }).toJSON();
      } catch {
        // as JSON.stringify would throw: the object's own text, as String() gives it
        return emit(depth === 0 ? safeString(v) : 'null');
      }
    }
    if (v === null || v === undefined || typeof v === 'function' || typeof v === 'symbol') return emit('null');
    if (typeof v === 'number') return emit(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'bigint') return emit(`"${v.toString()}"`);
    if (typeof v === 'boolean') return emit(String(v));
    if (typeof v === 'string') return emit(JSON.stringify(v.length > MAX_JSON_TEXT ? v.slice(0, MAX_JSON_TEXT) : v));
    if (typeof v !== 'object') return emit('null');
    if (stack.has(v) || depth > 32) return emit('"[circular]"');
    stack.add(v);
    try {
      if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
        const a = v as ArrayLike<unknown>;
        emit('[');
        for (let i = 0; i < a.length && !full; i++) {
          if (i > 0) emit(',');
          write(a[i], depth + 1);
        }
        emit(']');
      } else {
        emit('{');
        let first = true;
        for (const key of Object.keys(v)) {
          if (full) break;
          const item = (v as Record<string, unknown>)[key];
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
          emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
          first = false;
          write(item, depth + 1);
        }
        emit('}');
      }
    } catch {
      emit('null');
    } finally {
      stack.delete(v);
    }
  };
  write(value, 0);
  return full ? `${out}…` : out;
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
  requireText('escapeHtml', text);
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
  requireText('escapeMarkdown', text);
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
