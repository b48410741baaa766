/**
 * The currency codes the revenue lines carry. Codes are optional, but those of one call must
 * agree; which code is right is known only from all the lines (the input's currency, else the code
 * of the first line that carries one), so the lines are noted by code — how many, and the smallest
 * indices — and core's {@link CurrencyTracker} decides over them, in index order, when the result
 * is asked for.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, MAX_ISSUES } from '../../core/errors.js';
import { CurrencyTracker, isCurrency } from '../../core/money.js';
import { COUNT, IssueCollector, checkRule, isRecord } from '../../core/validate.js';

/** The lines that carried one currency code, in the JSON state of a revenue accumulator. */
export interface RevenueCurrencyJSON {
  /** The ISO 4217 code. */
  readonly code: string;
  /** How many lines carried it (at least 1). */
  readonly lineCount: number;
  /** The smallest indices of those lines (`min(lineCount, 100)` of them), ascending. */
  readonly first: readonly number[];
  /** How many of them were invalid for another reason (then listed in the accumulator's `invalid`). */
  readonly invalid: number;
  /** The smallest indices of those (`min(invalid, 100)` of them), ascending. */
  readonly firstInvalid: readonly number[];
}

const ENTRY_KEYS = ['code', 'lineCount', 'first', 'invalid', 'firstInvalid'];

/** Keeps `index` among the smallest MAX_ISSUES of `list` (ascending). */
function keepFirst(list: number[], index: number): void {
  const n = list.length;
  if (n === 0 || index >= (list[n - 1] as number)) {
    if (n < MAX_ISSUES) list.push(index);
    return;
  }
  let at = n;
  while (at > 0 && (list[at - 1] as number) > index) at--;
  list.splice(at, 0, index);
  if (list.length > MAX_ISSUES) list.pop();
}

/** The lines that carried one code. */
class CodeLines {
  lines = 0;
  readonly first: number[] = [];
  invalid = 0;
  readonly firstInvalid: number[] = [];
}

/** The currency codes carried by the lines of an accumulator (or of one call of `revenue`). */
export class LineCurrencies {
  readonly byCode = new Map<string, CodeLines>();
  private lastCode: unknown = undefined;
  private last: CodeLines | null = null;

  /** Notes the code `c` (not null or undefined) of line `index`; false when it is not a valid code. */
  note(c: unknown, index: number): boolean {
    let lines = c === this.lastCode ? this.last : null;
    if (lines === null) {
      if (!isCurrency(c)) return false;
      lines = this.of(c);
      this.lastCode = c;
      this.last = lines;
    }
    lines.lines++;
    keepFirst(lines.first, index);
    return true;
  }

  /** Notes that line `index`, noted with the valid code `c`, is invalid for another reason. */
  noteInvalid(c: string, index: number): void {
    const lines = this.of(c);
    lines.invalid++;
    keepFirst(lines.firstInvalid, index);
  }

  private of(code: string): CodeLines {
    let lines = this.byCode.get(code);
    if (lines === undefined) this.byCode.set(code, (lines = new CodeLines()));
    return lines;
  }

  /** Adds the lines of `other` (which may be this). */
  merge(other: LineCurrencies): void {
    for (const [code, o] of [...other.byCode]) {
      const mine = this.of(code);
      const first = [...o.first];
      const firstInvalid = [...o.firstInvalid];
      mine.lines += o.lines;
      mine.invalid += o.invalid;
      for (const i of first) keepFirst(mine.first, i);
      for (const i of firstInvalid) keepFirst(mine.firstInvalid, i);
    }
  }

  /** The codes as JSON, by code. */
  toJSON(): RevenueCurrencyJSON[] {
    return [...this.byCode.keys()].sort().map((code) => {
      const c = this.byCode.get(code) as CodeLines;
      return { code, lineCount: c.lines, first: [...c.first], invalid: c.invalid, firstInvalid: [...c.firstInvalid] };
    });
  }

  /**
   * Reads the codes of a JSON state (at `path`) into this (empty) list, adding every problem to
   * `issues`: each entry a new valid code, counts with `invalid ≤ lineCount`, and the smallest indices
   * of each, as many as the count (at most 100), ascending.
   */
  restore(json: unknown, issues: IssueCollector, path: KpiPath): void {
    if (!Array.isArray(json)) {
      issues.add({ code: 'invalid_type', path, input: json, expected: 'an array of { code, lineCount, first, invalid, firstInvalid }' });
      return;
    }
    // An index loop, not forEach: a hole in the array is a problem, not an entry to skip.
    for (let i = 0; i < json.length; i++) this.restoreEntry(json[i], issues, [...path, i]);
  }

  /** Reads one entry of a JSON state (see {@link LineCurrencies.restore}). */
  private restoreEntry(entry: unknown, issues: IssueCollector, at: KpiPath): void {
    const expected =
      '{ code, lineCount, first, invalid, firstInvalid }: a currency code not listed before, lineCount ≥ 1, invalid ≤ lineCount, and min(count, 100) ascending line indices for each';
    if (!isRecord(entry)) return issues.add({ code: 'invalid_type', path: at, input: entry, expected });
    const unknown = Object.keys(entry).find((key) => !ENTRY_KEYS.includes(key));
    if (unknown !== undefined)
      return issues.add({
        code: 'invalid_value',
        path: [...at, unknown],
        input: entry[unknown],
        detail: `${unknown} is not a field of a currency entry (known: ${ENTRY_KEYS.join(', ')})`,
      });
    const { code, lineCount: lines, first, invalid, firstInvalid } = entry;
    if (!isCurrency(code) || this.byCode.has(code)) return issues.add({ code: 'invalid_value', path: [...at, 'code'], input: code, expected });
    if (!isCount(lines) || lines === 0) return issues.add({ code: 'invalid_value', path: [...at, 'lineCount'], input: lines, expected });
    if (!isCount(invalid) || invalid > lines) return issues.add({ code: 'inconsistent', path: [...at, 'invalid'], input: invalid, expected });
    if (!isIndexList(first, lines)) return issues.add({ code: 'inconsistent', path: [...at, 'first'], input: first, expected });
    if (!isIndexList(firstInvalid, invalid)) return issues.add({ code: 'inconsistent', path: [...at, 'firstInvalid'], input: firstInvalid, expected });
    const c = this.of(code);
    c.lines = lines;
    c.invalid = invalid;
    c.first.push(...(first as number[]));
    c.firstInvalid.push(...(firstInvalid as number[]));
  }

  /** How many valid lines carry a code (each is counted in a cell). */
  validLines(): number {
    let n = 0;
    for (const c of this.byCode.values()) n += c.lines - c.invalid;
    return n;
  }
}

function isCount(value: unknown): value is number {
  return checkRule(COUNT, value) === null;
}

/** Whether `value` lists min(count, 100) line indices, ascending. */
function isIndexList(value: unknown, count: number): boolean {
  if (!Array.isArray(value) || value.length !== Math.min(count, MAX_ISSUES)) return false;
  for (let j = 0; j < value.length; j++) {
    const x: unknown = value[j];
    if (!isCount(x) || (j > 0 && x < (value[j - 1] as number))) return false;
  }
  return true;
}

/** An IssueCollector that hands over its issues (here: those of core's CurrencyTracker). */
class Issues extends IssueCollector {
  readonly listed: IssueSpec[] = [];

  override add(spec: IssueSpec): void {
    this.listed.push(spec);
  }
}

/** The currency of the lines, and the lines that carried another code. */
export interface CurrencyCheck {
  /** The currency: the input's, else the code of the first line that carries one; `null` when none. */
  readonly currency: string | null;
  /** The issues of the first 100 lines by index that carry another code, in index order. */
  readonly issues: readonly { readonly index: number; readonly spec: IssueSpec }[];
  /** How many lines carry another code. */
  readonly count: number;
  /** Of those, how many are invalid for another reason too (then only their currency is reported). */
  readonly invalid: number;
  /** The indices of the first of these (by index, with how many lines had each), to leave out of the listing. */
  readonly invalidAt: Map<number, number>;
}

/**
 * Decides the currency of the lines as one pass over them in index order does — the input's code
 * (at `['currency']`), else the first line's code — with core's {@link CurrencyTracker}, and lists
 * the lines that carry another code (each an `inconsistent` issue at `lines[i].currency`).
 */
export function checkCurrencies(fn: string, currencies: LineCurrencies, inputCurrency: string | null): CurrencyCheck {
  const found = new Issues(fn);
  const tracker = new CurrencyTracker(found);
  tracker.see(inputCurrency, ['currency']);
  // The smallest indices of every code, in index order: enough for the first 100 issues by index.
  const lines: [number, string][] = [];
  for (const [code, c] of currencies.byCode) for (const i of c.first) lines.push([i, code]);
  lines.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  for (const [i, code] of lines) tracker.see(code, ['lines', i, 'currency']);
  const currency = tracker.code;
  let count = 0;
  let invalid = 0;
  const invalidAt = new Map<number, number>();
  for (const [code, c] of currencies.byCode) {
    if (code === currency) continue;
    count += c.lines;
    invalid += c.invalid;
    for (const i of c.firstInvalid) invalidAt.set(i, (invalidAt.get(i) ?? 0) + 1);
  }
  const issues = found.listed.map((spec) => ({ index: spec.path[1] as number, spec }));
  return { currency, issues, count, invalid, invalidAt };
}
