/**
 * SQL text helpers: identifiers and literals quoted for DuckDB and PostgreSQL, the `from` source,
 * and the few functions whose spelling differs between the two dialects.
 *
 * @module
 */
import { fail, isRecord } from '../core/validate.js';
import { type KpiPath } from '../core/errors.js';

/** The SQL dialects `metricSql` writes. */
export type SqlDialect = 'duckdb' | 'postgres';

/** The dialects, in the order error messages list them. @internal */
export const SQL_DIALECTS: readonly SqlDialect[] = Object.freeze(['duckdb', 'postgres']);

/**
 * Where the records come from. A string is always a table (or view) name — `'tickets'` or
 * `'analytics.tickets'` (split at dots, each part quoted) — never SQL text. The other forms:
 * - `{ table: ['my.schema', 'tickets'] }`: a name whose parts contain dots;
 * - `{ csv: 'tickets.csv' }` / `{ parquet: ['a.parquet', 'b.parquet'] }` (DuckDB only): files read
 *   by `read_csv` / `read_parquet` (paths, globs or URLs, written as escaped string literals);
 * - `{ query: 'select ... from ...' }`: a subquery, inserted as it is. It is SQL text: build it
 *   from trusted parts only (it is the one place where text reaches the SQL unquoted).
 */
export type SqlSource =
  | string
  | { readonly table: string | readonly string[] }
  | { readonly csv: string | readonly string[] }
  | { readonly parquet: string | readonly string[] }
  | { readonly query: string };

/** Longest identifier or literal accepted (a guard against runaway input, not a SQL limit). */
const MAX_TEXT = 10_000;

function checkText(fn: string, text: unknown, path: KpiPath, what: string): string {
  if (typeof text !== 'string' || text === '' || text.length > MAX_TEXT || text.includes('\0')) {
    return fail(fn, {
      code: typeof text === 'string' ? 'invalid_value' : 'invalid_type',
      path,
      input: text,
      expected: `${what}: a non-empty string without NUL characters, at most ${MAX_TEXT} characters`,
    });
  }
  return text;
}

/** A quoted identifier: `"name"`, with every `"` doubled (SQL standard; DuckDB and PostgreSQL). */
export function quoteIdentifier(fn: string, name: unknown, path: KpiPath): string {
  return `"${checkText(fn, name, path, 'a column or table name').replace(/"/g, '""')}"`;
}

/**
 * A string literal: `'text'`, with every `'` doubled. Backslashes are plain characters in both
 * dialects (PostgreSQL's `standard_conforming_strings`, on by default since 9.1).
 */
export function quoteLiteral(fn: string, text: unknown, path: KpiPath): string {
  return `'${checkText(fn, text, path, 'a text').replace(/'/g, "''")}'`;
}

/** A finite number as a SQL numeric literal. */
export function numberLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`kpi-kit internal error: ${String(x)} is not a SQL number`);
  return String(x);
}

/** The most file paths a `{ csv }` or `{ parquet }` source lists (a glob reads any number of files). */
const MAX_PATHS = 100_000;

function paths(fn: string, value: unknown, path: KpiPath): string {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_PATHS) {
      return fail(fn, { code: 'invalid_value', path, input: value, expected: `one file path or a non-empty array of at most ${MAX_PATHS} of them` });
    }
    // A loop, not `map`: a hole is read as undefined and refused (map would skip it and leave an empty item).
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(quoteLiteral(fn, value[i], [...path, i]));
    return `[${items.join(', ')}]`;
  }
  return quoteLiteral(fn, value, path);
}

/** The `FROM` item of a source (see {@link SqlSource}), aliased `"source"`. */
export function sourceSql(fn: string, dialect: SqlDialect, from: unknown): string {
  const path: KpiPath = ['options', 'from'];
  const table = (name: unknown, at: KpiPath): string => {
    if (Array.isArray(name)) {
      if (name.length === 0 || name.length > 3) return fail(fn, { code: 'invalid_value', path: at, input: name, expected: 'one to three name parts' });
      return name.map((part, i) => quoteIdentifier(fn, part, [...at, i])).join('.');
    }
    const text = checkText(fn, name, at, 'a table name');
    return text
      .split('.')
      .map((part) => quoteIdentifier(fn, part, at))
      .join('.');
  };
  if (typeof from === 'string') return `${table(from, path)} AS "source"`;
  if (isRecord(from)) {
    const keys = Object.keys(from);
    if (keys.length === 1) {
      const key = keys[0] as string;
      const value = from[key];
      if (key === 'table') return `${table(value, [...path, 'table'])} AS "source"`;
      if (key === 'query') return `(${checkText(fn, value, [...path, 'query'], 'a query')}) AS "source"`;
      if (key === 'csv' || key === 'parquet') {
        if (dialect !== 'duckdb') {
          return fail(fn, {
            code: 'invalid_value',
            path: [...path, key],
            input: value,
            detail: `${fn}: reading ${key} files needs DuckDB (dialect 'duckdb'); on PostgreSQL, load them into a table first`,
          });
        }
        return `read_${key}(${paths(fn, value, [...path, key])}) AS "source"`;
      }
    }
  }
  return fail(fn, {
    code: from === undefined ? 'missing' : 'invalid_value',
    path,
    input: from,
    expected: 'a table name, or one of { table }, { csv }, { parquet }, { query }',
  });
}

/** Epoch milliseconds of a TIMESTAMP WITH TIME ZONE (or a TIMESTAMP read as UTC), whole ms. */
export function epochMs(dialect: SqlDialect, column: string): string {
  return dialect === 'duckdb' ? `epoch_ms(${column})` : `CAST(floor(extract(epoch FROM ${column}) * 1000) AS BIGINT)`;
}

/** The double type's name. */
export function doubleType(dialect: SqlDialect): string {
  return dialect === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
}

/** A sum with no rounding: ms and scores summed as DECIMAL (DuckDB, 128-bit) or NUMERIC (PostgreSQL). */
export function exactSum(dialect: SqlDialect, expr: string, filter = ''): string {
  return dialect === 'duckdb' ? `sum(CAST(${expr} AS DECIMAL(38, 3)))${filter}` : `sum(CAST(${expr} AS NUMERIC))${filter}`;
}

/**
 * The linear-interpolation quantiles (R type 7) of a column at probabilities `probs`, one expression
 * each. DuckDB computes them all in one aggregate (`quantile_cont(x, [p1, p2, ...])`, one sort
 * rather than one per quantile; the identical aggregate is computed once), PostgreSQL by
 * `percentile_cont(p) WITHIN GROUP (ORDER BY x)`.
 */
export function quantilesSql(dialect: SqlDialect, expr: string, probs: readonly number[]): string[] {
  if (dialect === 'duckdb') {
    const list = `quantile_cont(${expr}, [${probs.map(numberLiteral).join(', ')}])`;
    return probs.map((_, i) => `${list}[${i + 1}]`);
  }
  return probs.map((p) => `percentile_cont(${numberLiteral(p)}) WITHIN GROUP (ORDER BY ${expr})`);
}

/** A local date formatted: `fmt` is `'day'`, `'month'` or `'quarter'`. */
export function formatDate(dialect: SqlDialect, date: string, fmt: 'day' | 'month' | 'quarter'): string {
  if (dialect === 'duckdb') {
    if (fmt === 'quarter') return `strftime(${date}, '%Y') || '-Q' || CAST(quarter(${date}) AS VARCHAR)`;
    return `strftime(${date}, '${fmt === 'day' ? '%Y-%m-%d' : '%Y-%m'}')`;
  }
  return `to_char(${date}, '${fmt === 'day' ? 'YYYY-MM-DD' : fmt === 'month' ? 'YYYY-MM' : 'YYYY-"Q"Q'}')`;
}
