/**
 * The fuzz harness: finds every export of every library entry point, classifies it by a rule (a
 * function, an accumulator factory, a class, a constant), and checks one call against the library's
 * promise on invalid input — it throws `KpiInputError` or returns a result without NaN or ±Infinity,
 * in bounded time. Nothing here names a metric or a field: field names are learnt from the
 * library's own errors (their `path`) and from valid records of the accumulator cases.
 */
import { openSync, readFileSync, writeSync } from 'node:fs';
import { KpiInputError } from '../../src/core/errors.js';

/** Milliseconds one call may take before it counts as a hang (generous: the machine may be loaded). */
export const CALL_BOUND_MS = 2_000;

/** One library entry point: its package subpath and its module namespace. */
export interface Entry {
  readonly subpath: string;
  readonly module: Record<string, unknown>;
}

/**
 * The library entry points, read from package.json `exports` (every subpath but `./package.json`),
 * each imported from its source index. The command (src/cli) is not an entry point of the library.
 */
export async function loadEntries(): Promise<Entry[]> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
  // kpi-kit/duckdb is left out: its functions are async and run queries on a database (random
  // sources would start real scans); the SQL they run comes from kpi-kit/sql, fuzzed here, and their
  // input checks are tested in test/duckdb.
  const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json' && s !== './duckdb');
  const entries: Entry[] = [];
  for (const subpath of subpaths) {
    const file = subpath === '.' ? '../../src/index.ts' : `../../src/${subpath.slice(2)}/index.ts`;
    entries.push({ subpath, module: (await import(/* @vite-ignore */ file)) as Record<string, unknown> });
  }
  return entries;
}

/** What kind of thing an export is, by rule. */
export type ExportKind = 'function' | 'factory' | 'class' | 'constant';

/** An object with `create` and `fromJSON` methods: an accumulator factory. */
export function isFactory(value: unknown): value is { create: (...a: unknown[]) => unknown; fromJSON: (j: unknown) => unknown } {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.create === 'function' && typeof v.fromJSON === 'function';
}

/**
 * A constructor: `class` syntax, or a function whose prototype has methods of its own (decimal.js's
 * `Decimal` is such a function). Constructors are skipped: an error class and a number class are
 * not metrics (KpiDecimal's own input errors are decimal.js's).
 */
export function isConstructor(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  if (/^class[\s{]/.test(Function.prototype.toString.call(value))) return true;
  const proto = (value as { prototype?: unknown }).prototype;
  return typeof proto === 'object' && proto !== null && Object.getOwnPropertyNames(proto).some((n) => n !== 'constructor');
}

export function kindOf(value: unknown): ExportKind {
  if (isConstructor(value)) return 'class';
  if (isFactory(value)) return 'factory';
  if (typeof value === 'function') return 'function';
  return 'constant';
}

/** One export to fuzz, found under one or more names and entry points. */
export interface Target {
  readonly name: string;
  readonly where: string[];
  readonly value: unknown;
  readonly kind: ExportKind;
}

/**
 * Every distinct export (by identity) of the entries, plus the accumulator factories that hang
 * off a function (`fn.accumulator`, or any own property that is a factory).
 */
export function targetsOf(entries: readonly Entry[]): Target[] {
  const byValue = new Map<unknown, Target>();
  const add = (name: string, where: string, value: unknown): void => {
    const known = byValue.get(value);
    if (known) {
      if (!known.where.includes(where)) known.where.push(where);
      return;
    }
    byValue.set(value, { name, where: [where], value, kind: kindOf(value) });
  };
  for (const { subpath, module } of entries) {
    for (const [name, value] of Object.entries(module)) {
      add(name, subpath, value);
      if (typeof value === 'function' && !isConstructor(value)) {
        for (const key of Object.keys(value)) {
          const inner = (value as unknown as Record<string, unknown>)[key];
          if (isFactory(inner)) add(`${name}.${key}`, subpath, inner);
        }
      }
    }
  }
  return [...byValue.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// Checking one call
// ---------------------------------------------------------------------------------------------

/** Shows a value in a failure report without throwing (bigint, symbol, null prototype, cycles). */
export function show(value: unknown, depth = 0): string {
  try {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    if (typeof value === 'function') return `[function ${value.name}]`;
    if (value === null || typeof value !== 'object') return String(value);
    if (depth > 3) return '…';
    if (value instanceof Date) return `Date(${value.getTime()})`;
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
    if (Array.isArray(value)) {
      if (value.length > 8)
        return `Array(length ${value.length})[${value
          .slice(0, 4)
          .map((v) => show(v, depth + 1))
          .join(', ')}, …]`;
      return `[${Array.from(value, (v, i) => (i in value ? show(v, depth + 1) : '<hole>')).join(', ')}]`;
    }
    const proto = Object.getPrototypeOf(value) === null ? 'null-proto ' : '';
    const keys = Object.keys(value).slice(0, 10);
    return `${proto}{ ${keys.map((k) => `${k}: ${show((value as Record<string, unknown>)[k], depth + 1)}`).join(', ')} }`;
  } catch {
    return '<unshowable>';
  }
}

/** A Decimal (decimal.js) or any number-like object with `isFinite()`. */
function isDecimalLike(value: object): value is { isFinite(): boolean } {
  return typeof (value as { isFinite?: unknown }).isFinite === 'function' && typeof (value as { toFixed?: unknown }).toFixed === 'function';
}

/** An issue as the library reports it (its `input` echoes what the caller gave, NaN included). */
function isIssueLike(value: object): boolean {
  return 'code' in value && 'path' in value && 'message' in value && 'input' in value;
}

/** Every object reachable from `root` (the caller's arguments: a result may echo them). */
export function reachable(root: unknown, seen = new WeakSet<object>(), budget = { n: 10_000 }): WeakSet<object> {
  if ((typeof root !== 'object' && typeof root !== 'function') || root === null || seen.has(root) || budget.n-- <= 0) return seen;
  seen.add(root);
  if (ArrayBuffer.isView(root)) return seen;
  try {
    if (Array.isArray(root)) {
      if (root.length <= 1000) for (const v of root) reachable(v, seen, budget);
    } else if (typeof root === 'object') {
      for (const k of Object.keys(root)) reachable((root as Record<string, unknown>)[k], seen, budget);
    }
  } catch {
    // a getter or a proxy: nothing more to learn
  }
  return seen;
}

/**
 * The first non-finite number in a result (NaN, ±Infinity, a non-finite Decimal; in a Float64Array
 * column only ±Infinity, NaN being its missing value), as a path, or null. Objects echoed from the arguments, the `input` of reported issues and the private fields
 * of class instances are not the result's.
 */
export function nonFinite(value: unknown, echoed: WeakSet<object>, path = 'result', seen = new WeakSet<object>()): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (typeof value !== 'object' || value === null) return null;
  if (echoed.has(value) || seen.has(value)) return null;
  seen.add(value);
  if (isDecimalLike(value)) return value.isFinite() ? null : `${path} = ${(value as { toString(): string }).toString()}`;
  if (value instanceof Date) return null;
  if (ArrayBuffer.isView(value)) {
    if (value instanceof Float64Array || value instanceof Float32Array) {
      // In a typed-array column NaN is the missing value (ticketMetrics' `output: 'columns'`); ±Infinity never is.
      for (let i = 0; i < value.length; i++) if (value[i] === Infinity || value[i] === -Infinity) return `${path}[${i}] = ${value[i]}`;
    }
    return null;
  }
  if (isIssueLike(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && i < 100_000; i++) {
      const found = nonFinite(value[i], echoed, `${path}[${i}]`, seen);
      if (found) return found;
    }
    return null;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const found = nonFinite(v, echoed, `${path}.get(${show(k)})`, seen);
      if (found) return found;
    }
    return null;
  }
  // An object of a class (a period bucketer, a business calendar): its fields are private state
  // (a cache may hold NaN for "not computed yet"), not values a caller reads; its methods are.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return null;
  for (const key of Object.keys(value)) {
    const found = nonFinite((value as Record<string, unknown>)[key], echoed, `${path}.${key}`, seen);
    if (found) return found;
  }
  return null;
}

/** How one call ended. */
export type Outcome =
  | { readonly kind: 'ok'; readonly result: unknown }
  | { readonly kind: 'rejected'; readonly error: KpiInputError }
  | { readonly kind: 'failed'; readonly problem: string };

/** Counters over a whole run. */
export interface Tally {
  calls: number;
  ok: number;
  rejected: number;
  failures: Map<string, string>;
  /** Results per label: how often a walk got through validation. */
  okBy: Map<string, number>;
  /** Calls per label. */
  callsBy: Map<string, number>;
  /** `KpiInputError`s per label. */
  rejectedBy: Map<string, number>;
}

export function newTally(): Tally {
  return { calls: 0, ok: 0, rejected: 0, failures: new Map(), okBy: new Map(), callsBy: new Map(), rejectedBy: new Map() };
}

const bump = (counts: Map<string, number>, label: string): void => void counts.set(label, (counts.get(label) ?? 0) + 1);

/**
 * The figures of a run per label (calls, results, KpiInputErrors), one line each, by label; a
 * bracketed note in a label (`fromJSON [state tampered at …]`) is dropped, so such calls add up.
 */
export function perLabel(tally: Tally): string[] {
  const sums = new Map<string, [number, number, number]>();
  for (const [label, calls] of tally.callsBy) {
    const key = label.replace(/ \[.*$/s, '');
    const sum = sums.get(key) ?? [0, 0, 0];
    sum[0] += calls;
    sum[1] += tally.okBy.get(label) ?? 0;
    sum[2] += tally.rejectedBy.get(label) ?? 0;
    sums.set(key, sum);
  }
  const labels = [...sums.keys()].sort((x, y) => x.localeCompare(y));
  const width = Math.max(0, ...labels.map((l) => l.length));
  const col = (n: number): string => String(n).padStart(7);
  return labels.map((l) => {
    const [calls, ok, rejected] = sums.get(l) as [number, number, number];
    return `${l.padEnd(width)} ${col(calls)} calls ${col(ok)} results ${col(rejected)} KpiInputError`;
  });
}
/**
 * `FUZZ_TRACE=<file>`: each call is written to the file (over the last one) before it is made, so a
 * crash that kills the process (out of memory, a native abort) leaves the call that caused it on disk.
 */
const TRACE_FD = process.env.FUZZ_TRACE ? openSync(process.env.FUZZ_TRACE, 'w') : null;
const TRACE_BYTES = 8192;

function trace(label: string, args: readonly unknown[]): void {
  if (TRACE_FD === null) return;
  const text = Buffer.from(`${label}(${args.map((a) => show(a)).join(', ')})\n`.padEnd(TRACE_BYTES, ' ')).subarray(0, TRACE_BYTES);
  writeSync(TRACE_FD, text, 0, text.length, 0);
}

/**
 * Runs one call and checks it: a throw must be a `KpiInputError`, a result must hold no NaN or
 * Infinity, and the call must end within {@link CALL_BOUND_MS}. `walkResult: false` is for calls that
 * return an accumulator (its private state is no result: its `result()` and `toJSON()` are checked). A failure is recorded in `tally`
 * (one per export and kind of problem) and returned as `failed`; every call is counted per label.
 */
export function check(tally: Tally, label: string, args: readonly unknown[], call: () => unknown, walkResult = true): Outcome {
  trace(label, args);
  tally.calls++;
  bump(tally.callsBy, label);
  const start = performance.now();
  // The call's own time (the walk of its result below is the harness's, not the library's).
  let elapsed = NaN;
  let outcome: Outcome;
  try {
    const result = call();
    elapsed = performance.now() - start;
    const bad = walkResult ? nonFinite(result, reachable(args)) : null;
    // The pure core is synchronous: a promise would escape the checks (and keep working after the call).
    if (typeof (result as { then?: unknown } | null)?.then === 'function') outcome = { kind: 'failed', problem: 'returned a promise' };
    else outcome = bad === null ? { kind: 'ok', result } : { kind: 'failed', problem: `non-finite number in the result: ${bad}` };
  } catch (error) {
    if (error instanceof KpiInputError) outcome = { kind: 'rejected', error };
    else {
      const e = error as { name?: unknown; message?: unknown };
      const text = typeof e === 'object' && e !== null ? `${String(e.name)}: ${String(e.message)}` : show(error);
      outcome = { kind: 'failed', problem: `threw ${text.split('\n')[0]}` };
    }
  }
  if (elapsed !== elapsed) elapsed = performance.now() - start;
  if (outcome.kind !== 'failed' && elapsed > CALL_BOUND_MS) outcome = { kind: 'failed', problem: `took ${Math.round(elapsed)} ms` };
  if (outcome.kind === 'ok') {
    tally.ok++;
    bump(tally.okBy, label);
  } else if (outcome.kind === 'rejected') {
    tally.rejected++;
    bump(tally.rejectedBy, label);
  } else {
    const key = `${label}: ${outcome.problem.replace(/\d+/g, '#')}`;
    if (!tally.failures.has(key)) tally.failures.set(key, `${label}(${args.map((a) => show(a)).join(', ')}) ${outcome.problem}`);
  }
  return outcome;
}
