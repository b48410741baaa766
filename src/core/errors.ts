/**
 * Errors raised by kpi-kit for invalid input, and the one place where their messages are built.
 *
 * @module
 */

/**
 * Machine-readable reason of one input problem.
 *
 * - `invalid_type`: the value has the wrong type (a string where a number is needed, ...).
 * - `not_finite`: a number is `NaN`, `Infinity` or `-Infinity`.
 * - `not_integer`: a whole number is needed.
 * - `out_of_range`: a number lies outside the allowed interval (a negative count, an answer off the
 *   scale, a share above 1, ...).
 * - `invalid_value`: the value is not one of the allowed values (an unknown label or option).
 * - `inconsistent`: values contradict each other ("satisfied (12) cannot exceed total (10)").
 * - `missing`: a required field is absent.
 * - `ambiguous`: fields of two input forms were given together.
 * - `incompatible`: two accumulators made with different options (or of different metrics) were
 *   merged; their figures mean different things and are never mixed.
 */
export type KpiInputErrorCode =
  'invalid_type' | 'not_finite' | 'not_integer' | 'out_of_range' | 'invalid_value' | 'inconsistent' | 'missing' | 'ambiguous' | 'incompatible';

/** Every {@link KpiInputErrorCode}, for checks of issues restored from JSON. */
export const ISSUE_CODES: readonly KpiInputErrorCode[] = Object.freeze([
  'invalid_type',
  'not_finite',
  'not_integer',
  'out_of_range',
  'invalid_value',
  'inconsistent',
  'missing',
  'ambiguous',
  'incompatible',
]);

/** A path to the offending value: field names and array indices, outermost first. */
export type KpiPath = readonly (string | number)[];

/** One input problem. `path` starts with `"options"` when the problem is in the options object. */
export interface KpiIssue {
  readonly code: KpiInputErrorCode;
  readonly path: KpiPath;
  /** The offending value as received. */
  readonly input: unknown;
  /** A readable sentence naming the field, the value and the rule. */
  readonly message: string;
}

/** What a check states about an issue before its message is built. */
export interface IssueSpec {
  readonly code: KpiInputErrorCode;
  readonly path: KpiPath;
  readonly input: unknown;
  /** The rule, phrased to follow "must be": `"a non-negative integer"`. */
  readonly expected?: string;
  /** A whole sentence, for issues that are not "must be" rules (`inconsistent`, `ambiguous`). */
  readonly detail?: string;
}

/**
 * The most parts a path may have: longer paths (never made by the library itself, but a caller
 * may pass one, e.g. to `toDecimal`) are cut to this many in issues and messages.
 */
export const MAX_PATH_LENGTH = 64;

/** A path as it is kept in an issue: an array of at most {@link MAX_PATH_LENGTH} strings and numbers. */
export function safePath(path: unknown): KpiPath {
  if (!Array.isArray(path)) return [];
  const out: (string | number)[] = [];
  const n = Math.min(path.length, MAX_PATH_LENGTH);
  for (let i = 0; i < n; i++) {
    const part: unknown = path[i];
    out.push(typeof part === 'number' || typeof part === 'string' ? part : describeValue(part));
  }
  return out;
}

/** Formats a path the way a JavaScript programmer would write it: `responses[3]`, `a.total`. */
export function formatPath(path: KpiPath): string {
  const parts = safePath(path);
  if (parts.length === 0) return 'input';
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = part.length > 40 ? `${part.slice(0, 37)}...` : part;
      out += out === '' ? name : `.${name}`;
    }
  }
  return Array.isArray(path) && path.length > MAX_PATH_LENGTH ? `${out}...` : out;
}

/**
 * Shows a received value in a message, short and unambiguous. Never throws and never reads more
 * than a few properties: safe for a bigint, a symbol, an object without a prototype, a proxy, an
 * array with a huge `length`.
 */
export function describeValue(value: unknown): string {
  try {
    if (value === undefined) return 'undefined';
    if (value === null) return 'null';
    if (typeof value === 'string') {
      const s = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return JSON.stringify(s);
    }
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (typeof value === 'bigint') {
      const digits = value.toString();
      return digits.length > 40 ? `a ${digits.length}-digit bigint` : `${digits}n`;
    }
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'symbol') return value.description === undefined ? 'a symbol' : `Symbol(${describeValue(value.description).slice(1, -1)})`;
    if (typeof value === 'function') return 'a function';
    if (Array.isArray(value)) return `an array of ${value.length}`;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
    if (ArrayBuffer.isView(value)) return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
    return 'an object';
  } catch {
    return 'a value that cannot be shown';
  }
}

/** Shows a received value in a message: the same as {@link describeValue}. */
export const formatValue: (value: unknown) => string = describeValue;

/** Builds the message of one issue. Every message of the library comes from here. */
export function issueMessage(spec: IssueSpec): string {
  const where = formatPath(spec.path);
  if (spec.detail !== undefined) return spec.detail;
  const rule = spec.expected ?? 'valid';
  switch (spec.code) {
    case 'missing':
      return `${where} is required (${rule})`;
    default:
      return `${where} must be ${rule}, got ${formatValue(spec.input)}`;
  }
}

/** An issue as data: its `message` kept as the detail, so the message comes back as it was. */
export function issueSpecOf(issue: { readonly code: KpiInputErrorCode; readonly path: KpiPath; readonly input: unknown; readonly message: string }): IssueSpec {
  return { code: issue.code, path: issue.path, input: issue.input, detail: issue.message };
}

function makeIssue(spec: IssueSpec): KpiIssue {
  const path = safePath(spec.path);
  return Object.freeze({
    code: spec.code,
    path: Object.freeze(path),
    input: spec.input,
    message: issueMessage({ ...spec, path }),
  });
}

/**
 * Thrown for invalid input by every function of kpi-kit. Never thrown for data that is merely
 * empty: a metric that is undefined for the data returns `value: null`.
 *
 * `code`, `path` and `input` describe the first problem; `issues` lists every problem found
 * (capped at {@link MAX_ISSUES}; `issueCount` is the full count).
 *
 * @example
 * ```ts
 * import { nps, KpiInputError } from 'kpi-kit';
 *
 * let caught: unknown;
 * try {
 *   nps({ promoters: -3, passives: 1, detractors: 2 });
 * } catch (error) {
 *   caught = error;
 * }
 * caught instanceof KpiInputError; // true
 * const e = caught as KpiInputError;
 * e.code; // 'out_of_range'
 * e.path; // ['promoters']
 * e.message; // 'nps: promoters must be a non-negative integer, got -3'
 * ```
 */
export class KpiInputError extends Error {
  override readonly name = 'KpiInputError';
  /** Code of the first issue. */
  readonly code: KpiInputErrorCode;
  /** Path of the first issue. */
  readonly path: KpiPath;
  /** Offending value of the first issue. */
  readonly input: unknown;
  /** Every issue found, each with its own path (at most {@link MAX_ISSUES}). */
  readonly issues: readonly KpiIssue[];
  /** How many issues were found in all (may exceed `issues.length`). */
  readonly issueCount: number;
  /** The function that rejected the input, e.g. `"nps"`. */
  readonly fn: string;

  constructor(fn: string, issues: readonly IssueSpec[], issueCount = issues.length) {
    if (issues.length === 0) throw new TypeError('KpiInputError needs at least one issue');
    const built = issues.slice(0, MAX_ISSUES).map(makeIssue);
    const first = built[0] as KpiIssue;
    const name = typeof fn === 'string' ? fn : describeValue(fn);
    let message = `${name}: ${first.message}`;
    if (issueCount > 1) {
      const more = issueCount - 1;
      message += ` (and ${more} more problem${more === 1 ? '' : 's'}: see .issues)`;
    }
    super(message);
    this.code = first.code;
    this.path = first.path;
    this.input = first.input;
    this.issues = Object.freeze(built);
    this.issueCount = issueCount;
    this.fn = name;
  }
}

/** The most issues one {@link KpiInputError} lists; the count of all is in `issueCount`. */
export const MAX_ISSUES = 100;
