/**
 * Validation helpers shared by every metric. Rules are plain data (a `kind` and its parameters),
 * so the same rule drives the fast hand-written guard used here and the zod schema exported in
 * `schemas.ts` (see `ruleSchema`); a property test keeps the two in agreement.
 *
 * @module
 */
import { type IssueSpec, type KpiInputErrorCode, type KpiPath, KpiInputError, MAX_ISSUES, MAX_PATH_LENGTH, formatPath as formatPathOf } from './errors.js';

export { MAX_PATH_LENGTH };

/**
 * The most elements an array or typed array given to a function of the library may have
 * (100,000,000). The length is checked before any element is read, so an array with a huge
 * `length` (sparse, or a typed array over a huge buffer) is rejected at once instead of being
 * walked. Larger data goes through an accumulator, `addAll` in parts.
 */
export const MAX_ARRAY_LENGTH = 100_000_000;

/** The length of an array or typed array longer than {@link MAX_ARRAY_LENGTH}; `null` otherwise. */
export function excessLength(value: unknown): number | null {
  if (Array.isArray(value)) return value.length > MAX_ARRAY_LENGTH ? value.length : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const n = (value as unknown as ArrayLike<unknown>).length;
    return n > MAX_ARRAY_LENGTH ? n : null;
  }
  return null;
}

/** The issue of an array at `path` longer than {@link MAX_ARRAY_LENGTH}, or `null`. */
export function lengthIssue(value: unknown, path: KpiPath): IssueSpec | null {
  const n = excessLength(value);
  if (n === null) return null;
  return {
    code: 'out_of_range',
    path,
    input: value,
    detail: `${formatPathOf(path)} has ${n} elements, more than the ${MAX_ARRAY_LENGTH} an array may have (MAX_ARRAY_LENGTH; add larger data to an accumulator in parts)`,
  };
}

/** Throws when the array at `path` is longer than {@link MAX_ARRAY_LENGTH}. */
export function checkLength(fn: string, value: unknown, path: KpiPath): void {
  const issue = lengthIssue(value, path);
  if (issue !== null) fail(fn, issue);
}

/**
 * Requires an array (not a typed array) of at most {@link MAX_ARRAY_LENGTH} elements; `expected`
 * says what it must hold (`"an array of tickets"`).
 */
export function requireArray(fn: string, value: unknown, path: KpiPath, expected: string): readonly unknown[] {
  if (!Array.isArray(value)) return fail(fn, { code: 'invalid_type', path, input: value, expected });
  checkLength(fn, value, path);
  return value;
}

/**
 * Throws when an array anywhere in `value` (a JSON-like tree: objects and arrays, each visited once,
 * at most {@link MAX_PATH_LENGTH} levels deep) is longer than {@link MAX_ARRAY_LENGTH} or holds a hole
 * or `undefined` (which no JSON has): for data read whole, such as an accumulator state, before any
 * of it is read.
 */
export function checkNestedLengths(fn: string, value: unknown, path: KpiPath): void {
  const seen = new Set<object>();
  const visit = (node: unknown, at: KpiPath): void => {
    if (typeof node !== 'object' || node === null || seen.has(node) || at.length > MAX_PATH_LENGTH) return;
    seen.add(node);
    const issue = lengthIssue(node, at);
    if (issue !== null) fail(fn, issue);
    if (ArrayBuffer.isView(node)) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'object' && item !== null) visit(item, [...at, i]);
        // JSON has no undefined: a hole (or an undefined element) ends the walk at once, so a
        // sparse array of millions of holes costs no more than its first.
        else if (item === undefined)
          fail(fn, { code: 'invalid_type', path: [...at, i], input: item, expected: 'a JSON value (an array read from JSON has no holes)' });
      }
    } else for (const key of Object.keys(node)) visit((node as Record<string, unknown>)[key], [...at, key]);
  };
  visit(value, path);
}

/** Throws when any field of `record` (an input or options object) is an array longer than {@link MAX_ARRAY_LENGTH}. */
function checkFieldLengths(fn: string, record: Record<string, unknown>, base: KpiPath): void {
  for (const key of Object.keys(record)) {
    const issue = lengthIssue(record[key], [...base, key]);
    if (issue !== null) fail(fn, issue);
  }
}

/** A validation rule for one scalar value. */
export type Rule =
  | { readonly kind: 'count' }
  | { readonly kind: 'finite' }
  | { readonly kind: 'nonNegative' }
  | { readonly kind: 'positive' }
  | { readonly kind: 'integerRange'; readonly min: number; readonly max: number }
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly open?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'oneOf'; readonly values: readonly (string | number | boolean)[] };

/** A non-negative safe integer: a count of things. */
export const COUNT: Rule = Object.freeze({ kind: 'count' });
/** Any finite number. */
export const FINITE: Rule = Object.freeze({ kind: 'finite' });
/** A finite number ≥ 0. */
export const NON_NEGATIVE: Rule = Object.freeze({ kind: 'nonNegative' });
/** A finite number > 0. */
export const POSITIVE: Rule = Object.freeze({ kind: 'positive' });
/** A share in [0, 1]. */
export const SHARE: Rule = Object.freeze({ kind: 'range', min: 0, max: 1 });
/** A confidence level strictly between 0 and 1. */
export const CONFIDENCE: Rule = Object.freeze({ kind: 'range', min: 0, max: 1, open: true });
/** `true` or `false`. */
export const BOOLEAN: Rule = Object.freeze({ kind: 'boolean' });

/** An integer in [min, max]. */
export function integerRange(min: number, max: number): Rule {
  return Object.freeze({ kind: 'integerRange', min, max });
}

/** A finite number in [min, max], or (min, max) when `open`. */
export function range(min: number, max: number, open = false): Rule {
  return Object.freeze({ kind: 'range', min, max, open });
}

/** One of the listed values (compared with `===`). */
export function oneOf(values: readonly (string | number | boolean)[]): Rule {
  return Object.freeze({ kind: 'oneOf', values: Object.freeze([...values]) });
}

/** The rule in words, to follow "must be". */
export function describeRule(rule: Rule): string {
  switch (rule.kind) {
    case 'count':
      return 'a non-negative integer';
    case 'finite':
      return 'a finite number';
    case 'nonNegative':
      return 'a non-negative finite number';
    case 'positive':
      return 'a positive finite number';
    case 'integerRange':
      return `an integer from ${rule.min} to ${rule.max}`;
    case 'range':
      return rule.open ? `a number strictly between ${rule.min} and ${rule.max}` : `a number from ${rule.min} to ${rule.max}`;
    case 'boolean':
      return 'true or false';
    case 'oneOf':
      return `one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
}

function numberProblem(value: unknown): KpiInputErrorCode | null {
  if (typeof value !== 'number') return 'invalid_type';
  if (!Number.isFinite(value)) return 'not_finite';
  return null;
}

/** Checks a value against a rule: `null` when it passes, else the issue code. */
export function checkRule(rule: Rule, value: unknown): KpiInputErrorCode | null {
  switch (rule.kind) {
    case 'count': {
      const p = numberProblem(value);
      if (p) return p;
      const v = value as number;
      if (!Number.isInteger(v)) return 'not_integer';
      return v < 0 || v > Number.MAX_SAFE_INTEGER ? 'out_of_range' : null;
    }
    case 'finite':
      return numberProblem(value);
    case 'nonNegative':
      return numberProblem(value) ?? ((value as number) < 0 ? 'out_of_range' : null);
    case 'positive':
      return numberProblem(value) ?? ((value as number) <= 0 ? 'out_of_range' : null);
    case 'integerRange': {
      const p = numberProblem(value);
      if (p) return p;
      const v = value as number;
      if (!Number.isInteger(v)) return 'not_integer';
      return v < rule.min || v > rule.max ? 'out_of_range' : null;
    }
    case 'range': {
      const p = numberProblem(value);
      if (p) return p;
      const v = value as number;
      const inside = rule.open ? v > rule.min && v < rule.max : v >= rule.min && v <= rule.max;
      return inside ? null : 'out_of_range';
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'invalid_type';
    case 'oneOf':
      return rule.values.includes(value as string) ? null : 'invalid_value';
  }
}

/**
 * Collects the problems of one call, then throws them together as one {@link KpiInputError}.
 */
export class IssueCollector {
  private readonly specs: IssueSpec[] = [];
  private extra = 0;

  constructor(readonly fn: string) {}

  /**
   * Records a problem. At most {@link MAX_ISSUES} are kept (the error lists no more); the rest are
   * counted, so that a huge input with a problem in every element costs no memory per problem.
   */
  add(spec: IssueSpec): void {
    if (this.specs.length < MAX_ISSUES) this.specs.push(spec);
    else this.extra++;
  }

  /** Records that `count` more problems exist beyond those listed (for capped scans). */
  addUnlisted(count: number): void {
    this.extra += count;
  }

  /** Checks `value` against `rule`; records a problem and returns false when it fails. */
  check(value: unknown, rule: Rule, path: KpiPath): boolean {
    const code = checkRule(rule, value);
    if (code === null) return true;
    this.add({ code, path, input: value, expected: describeRule(rule) });
    return false;
  }

  /** Whether no problem has been recorded. */
  get ok(): boolean {
    return this.specs.length === 0;
  }

  /** Throws the recorded problems, if any. */
  throwIfAny(): void {
    if (this.specs.length > 0) throw new KpiInputError(this.fn, this.specs, this.specs.length + this.extra);
  }
}

/** Throws a {@link KpiInputError} with a single issue. */
export function fail(fn: string, spec: IssueSpec): never {
  throw new KpiInputError(fn, [spec]);
}

/** Whether a value is a plain object usable as an input or options record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Requires the first argument of a metric to be an object. */
export function requireInput(fn: string, input: unknown): Record<string, unknown> {
  if (!isRecord(input)) fail(fn, { code: 'invalid_type', path: [], input, expected: 'an object' });
  checkFieldLengths(fn, input, []);
  return input;
}

/**
 * Reads the options object: `undefined` gives `{}`; anything else must be an object whose keys are
 * all known (a misspelt option is an error, never silently ignored; the exported zod option
 * schemas are strict objects for the same reason). An option whose value is `null` is absent.
 */
export function readOptions(fn: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isRecord(options)) fail(fn, { code: 'invalid_type', path: ['options'], input: options, expected: 'an object' });
  checkFieldLengths(fn, options, ['options']);
  const issues = new IssueCollector(fn);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      issues.add({
        code: 'invalid_value',
        path: ['options', key],
        input: options[key],
        detail: `options.${key} is not an option of ${fn} (known: ${known.join(', ')})`,
      });
    }
  }
  issues.throwIfAny();
  // An option given as null is absent (as JSON writes an absent value: accumulator states hold
  // `null` for options not given), so that normalised options read back as they were.
  for (const key of Object.keys(options)) {
    if (options[key] === null) return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== null));
  }
  return options;
}

/** Whether a value is a number array or a typed array usable as a column of numbers. */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (Array.isArray(value)) return true;
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/** One accepted shape of a metric's input, told apart from the others by its field names. */
export interface InputForm<K extends string> {
  readonly name: K;
  /** The fields of this form; the first is how the form is named in messages. */
  readonly fields: readonly string[];
}

/**
 * Tells which input form a call uses (a form is used when any of its fields is present). Throws
 * `ambiguous` when fields of two forms are mixed and `missing` when no form's field is present.
 */
export function selectForm<K extends string>(fn: string, input: Record<string, unknown>, forms: readonly InputForm<K>[]): K {
  const used = forms.filter((f) => f.fields.some((field) => input[field] !== undefined));
  const list = (f: InputForm<K>): string => f.fields.join(', ');
  if (used.length === 1) return (used[0] as InputForm<K>).name;
  if (used.length === 0) {
    return fail(fn, {
      code: 'missing',
      path: [],
      input,
      detail: `${fn} needs one of: ${forms.map((f) => `{ ${list(f)} }`).join(' or ')}`,
    });
  }
  return fail(fn, {
    code: 'ambiguous',
    path: [],
    input,
    detail: `${fn} takes one input form at a time, got fields of ${used.map((f) => `{ ${list(f)} }`).join(' and ')}`,
  });
}

/**
 * Checks the named fields of `input` against their rules, adding every problem to `issues` (a
 * missing field is reported as `missing`). Returns the values as numbers when all passed, else null.
 */
export function collectFields<F extends string>(
  input: Record<string, unknown>,
  rules: Readonly<Record<F, Rule>>,
  base: KpiPath,
  issues: IssueCollector,
): Record<F, number> | null {
  let ok = true;
  for (const field of Object.keys(rules) as F[]) {
    const rule = rules[field];
    const value = input[field];
    if (value === undefined) {
      issues.add({ code: 'missing', path: [...base, field], input: value, expected: describeRule(rule) });
      ok = false;
    } else if (!issues.check(value, rule, [...base, field])) {
      ok = false;
    }
  }
  return ok ? (input as Record<F, number>) : null;
}

/** Like {@link collectFields}, throwing every problem at once. */
export function readFields<F extends string>(
  fn: string,
  input: Record<string, unknown>,
  rules: Readonly<Record<F, Rule>>,
  base: KpiPath = [],
): Record<F, number> {
  const issues = new IssueCollector(fn);
  const values = collectFields(input, rules, base, issues);
  issues.throwIfAny();
  return values as Record<F, number>;
}

/**
 * The `offset` of an accumulator's `addAll`: a non-negative safe integer, by default `seen` (the
 * records added so far). @internal
 */
export function readOffset(fn: string, offset: unknown, seen: number): number {
  if (offset === undefined) return seen;
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  return fail(fn, {
    code: typeof offset === 'number' ? 'out_of_range' : 'invalid_type',
    path: ['offset'],
    input: offset,
    expected: 'a non-negative integer: the index of the first record in the whole',
  });
}
