/**
 * The plans of the growth counts over customer records (`startedAt`, `endedAt`) between
 * `periodStart` and `periodEnd`: churn rate and retention rate. A customer is active at an instant
 * t when `startedAt` ≤ t < `endedAt` (no `endedAt`: still active), as in TypeScript.
 *
 * @module
 */
import { churnRate } from '../growth/churn-rate.js';
import { retentionRate } from '../growth/retention-rate.js';
import { revenueChurn } from '../growth/revenue-churn.js';
import { revenueRetention } from '../growth/revenue-retention.js';
import { fail } from '../core/validate.js';
import { readTimestamp } from '../time/timestamp.js';
import { type SqlDialect, doubleType, numberLiteral, quoteLiteral } from './dialect.js';
import { type Plan, type PlanSettings, FN, INVALID, as, cnt, share, timestampColumns } from './plan.js';

/** The growth metrics written in SQL. @internal */
export type GrowthMetric = 'churnRate' | 'retentionRate' | 'revenueChurn' | 'revenueRetention';

/**
 * The part both share: the customers read (invalid without a readable `startedAt`, with an
 * unreadable `endedAt` or one before `startedAt`), each with its value 1 (active at
 * `periodStart` only), 2 (at `periodEnd` only), 3 (at both) or 0 (at neither); and its counts
 * `customers`, `customersAtStart`, `customersAtEnd`, `retained`, `customersLost`, `newCustomers`.
 * The period options are checked by the TypeScript function before; periods (`period`) do not
 * apply: the records are counted at the two instants.
 */
function customerPlan(s: PlanSettings, head: (counts: Counts) => string[], money: MoneyPart | null = null): Plan {
  if (s.period !== null) {
    return fail(FN, {
      code: 'invalid_value',
      path: ['options', 'period'],
      input: s.period,
      detail: `${FN}: the growth counts compare periodStart with periodEnd; run one query per period instead of the period option`,
    });
  }
  const start = numberLiteral(readTimestamp(FN, s.o['periodStart'], ['options', 'periodStart'], 'UTC'));
  const end = numberLiteral(readTimestamp(FN, s.o['periodEnd'], ['options', 'periodEnd'], 'UTC'));
  const active = (t: string): string => `"startedAt" <= ${t} AND ("endedAt" IS NULL OR ${t} < "endedAt")`;
  const counts: Counts = {
    atStart: cnt('"v" IN (1, 3)'),
    atEnd: cnt('"v" IN (2, 3)'),
    retained: cnt('"v" = 3'),
    lost: cnt('"v" = 1'),
    added: cnt('"v" = 2'),
  };
  return {
    read: [...timestampColumns(s, 'startedAt'), ...timestampColumns(s, 'endedAt'), ...(money === null ? [] : money.read)],
    kind: `CASE
      WHEN "startedAt" IS NULL THEN ${INVALID}
      WHEN "has_endedAt" AND ("endedAt" IS NULL OR "endedAt" < "startedAt") THEN ${INVALID}
      ${money === null ? '' : money.invalid(active(start))}
      ELSE 0 END`,
    ...(money === null ? {} : { carry: MONEY_CARRY }),
    value: `CASE WHEN ${active(start)} THEN 1 ELSE 0 END + CASE WHEN ${active(end)} THEN 2 ELSE 0 END`,
    aggregates: [
      ...head(counts),
      as(cnt('"k" = 0'), 'customers'),
      as(counts.atStart, 'customersAtStart'),
      as(counts.atEnd, 'customersAtEnd'),
      as(counts.retained, 'retained'),
      as(counts.lost, 'customersLost'),
      as(counts.added, 'newCustomers'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/** The counts of a customer plan, as SQL. */
interface Counts {
  readonly atStart: string;
  readonly atEnd: string;
  readonly retained: string;
  readonly lost: string;
  readonly added: string;
}

/**
 * churnRate over customer records (option `method`: `'start'`, lost / at start, or `'average'`,
 * lost / the mean of the customers at start and at end): `value`, `reason`, `denominator`, then the
 * counts of `customerPlan`. @internal
 */
export function churnPlan(s: PlanSettings): Plan {
  const method = s.o['method'] ?? 'start';
  // The TypeScript function checks the options (periodStart and periodEnd required, in order; method).
  const r = churnRate({ customers: [], periodStart: s.o['periodStart'], periodEnd: s.o['periodEnd'] } as never, { method } as never);
  return customerPlan(s, (c) => {
    const denominator = method === 'start' ? c.atStart : `(${c.atStart} + ${c.atEnd})`;
    return [
      as(method === 'start' ? share(s, c.lost, c.atStart) : share(s, `2 * ${c.lost}`, denominator), 'value'),
      as(`CASE WHEN ${denominator} = 0 THEN ${quoteLiteral(FN, r.reason, [])} END`, 'reason'),
      as(method === 'start' ? c.atStart : `CAST(${denominator} AS ${doubleType(s.dialect)}) / 2`, 'denominator'),
    ];
  });
}

/** retentionRate over customer records: `value` (retained / at start), `reason`, then the counts of `customerPlan`. @internal */
export function retentionPlan(s: PlanSettings): Plan {
  const r = retentionRate({ customers: [], periodStart: s.o['periodStart'], periodEnd: s.o['periodEnd'] } as never);
  return customerPlan(s, (c) => [
    as(share(s, c.retained, c.atStart), 'value'),
    as(`CASE WHEN ${c.atStart} = 0 THEN ${quoteLiteral(FN, r.reason, [])} END`, 'reason'),
  ]);
}

/** The money columns of a revenue plan: read in the first CTE, checked in its row class. @internal */
export interface MoneyPart {
  readonly read: readonly string[];
  /** `WHEN` lines that make a row invalid, given the condition "active at periodStart". */
  invalid(activeAtStart: string): string;
}

/** The columns a revenue plan keeps beside the row class and value: the exact MRR and the currency code. */
const MONEY_CARRY: readonly string[] = ['"mrr"', '"currency"'];

/**
 * The decimal places DuckDB keeps of an MRR: an amount is read as a DECIMAL(38, 12), so at most
 * 26 integer digits; an amount with more places, or more digits, stops the query (`error`) rather
 * than being rounded. PostgreSQL's NUMERIC has no such bound. @internal
 */
export const DUCKDB_MRR_SCALE = 12;
/** The sum at which the query stops, below the bound of DECIMAL(38, 12) (about 1.7e26: DuckDB's decimal sums wrap around silently past it). */
const DUCKDB_MRR_LIMIT = '1e26';

/**
 * The exact MRR of a row (NULL when absent; on DuckDB also when it is not a non-negative finite
 * number, the row then invalid), read through its text so that every column type gives its exact decimal — a
 * DECIMAL / NUMERIC, an integer, a double (its shortest decimal, as JavaScript prints the
 * number) or a text.
 *
 * PostgreSQL: a NUMERIC (a text that is not a number stops the query: PostgreSQL has no TRY_CAST).
 * DuckDB: a DECIMAL(38, 12). A DECIMAL column of at most 12 places or an integer column is cast
 * (the type is read with `typeof`, the same for every row); anything else goes through its text:
 * its digits shifted by its point and exponent into an integer of 10^-12 units (`'40.00'` →
 * 40 000000000000, `'1.5e-7'` → 150000), then scaled — DuckDB 1.5 parses a text into a 38-digit
 * DECIMAL a hundred times slower than into a HUGEINT. The text's syntax and sign are checked by
 * parsing it as a double.
 */
function exactMrr(dialect: SqlDialect, column: string): string {
  // Its sign and finiteness are checked in the row class (`mrrInvalid`), so that the text is parsed once.
  if (dialect === 'postgres') return `CAST(CAST(${column} AS TEXT) AS NUMERIC)`;
  // DECIMAL columns of at most 12 places, and integers: cast.
  const type = `typeof(${column})`;
  const exact = `(${type} LIKE 'DECIMAL(%' AND TRY_CAST(regexp_extract(${type}, ',(\\d+)\\)', 1) AS INTEGER) <= ${DUCKDB_MRR_SCALE}) OR ${type} IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT')`;
  const wideType = `DECIMAL(38, ${DUCKDB_MRR_SCALE})`;
  const wide = `CAST(${column} AS ${wideType})`;
  const fast = `CASE WHEN ${wide} >= 0 THEN ${wide} END`;
  // Anything else (a double, a text, a DECIMAL of more places): its text parsed.
  const text = `trim(lower(CAST(${column} AS VARCHAR)))`;
  const dbl = `TRY_CAST(${text} AS DOUBLE)`;
  // The mantissa without its sign, its exponent, its integer part, its digits without trailing zeros.
  const mantissa = `ltrim(split_part(${text}, 'e', 1), '+-')`;
  const exponent = `coalesce(TRY_CAST(NULLIF(split_part(${text}, 'e', 2), '') AS INTEGER), 0)`;
  const significant = `rtrim(replace(${mantissa}, '.', ''), '0')`;
  // The power of ten of the units of the last significant digit: the integer part's digits beyond it, plus the exponent.
  const shift = `${exponent} + ${DUCKDB_MRR_SCALE} + length(split_part(${mantissa}, '.', 1)) - length(${significant})`;
  const stop = `error('kpi-kit: an mrr of ' || CAST(${column} AS VARCHAR) || ' has more than ${DUCKDB_MRR_SCALE} decimal places or 26 integer digits: DuckDB reads amounts in units of 10^-${DUCKDB_MRR_SCALE} (docs/sql.md#revenue)')`;
  const units = `TRY_CAST(CASE WHEN ${shift} >= 0 THEN ${significant} || repeat('0', ${shift}) END AS HUGEINT)`;
  // Without an exponent (the usual text): the integer part and the fraction padded to 12 places.
  const fraction = `rtrim(split_part(${text}, '.', 2), '0')`;
  const plainUnits = `TRY_CAST(ltrim(split_part(${text}, '.', 1), '+-') || rpad(${fraction}, ${DUCKDB_MRR_SCALE}, '0') AS HUGEINT)`;
  const plain = `CASE WHEN length(${fraction}) <= ${DUCKDB_MRR_SCALE} THEN ${plainUnits} END`;
  // Units to DECIMAL(38, 12): exact, and unlike DuckDB's parsing of a text into a 38-digit DECIMAL, fast.
  const scale = (u: string): string =>
    `CAST(coalesce(${u}, ${stop}) AS DECIMAL(38, 0)) * CAST('0.${'0'.repeat(DUCKDB_MRR_SCALE - 1)}1' AS DECIMAL(${DUCKDB_MRR_SCALE + 1}, ${DUCKDB_MRR_SCALE}))`;
  return `CASE
        WHEN ${exact} THEN ${fast}
        WHEN NOT (${dbl} >= 0 AND ${dbl} < CAST('inf' AS DOUBLE)) THEN NULL
        WHEN position('e' IN ${text}) = 0 THEN ${scale(plain)}
        WHEN ltrim(${significant}, '0') = '' THEN CAST(0 AS ${wideType})
        ELSE ${scale(units)} END`;
}

/** Whether the row's `mrr` (given) is not a non-negative finite amount: NULL on DuckDB (its reading checks), negative, NaN or infinite on PostgreSQL. */
function mrrInvalid(dialect: SqlDialect): string {
  return dialect === 'duckdb' ? '"mrr" IS NULL' : `NOT ("mrr" >= 0 AND "mrr" < CAST('Infinity' AS NUMERIC))`;
}

/** The money part of a revenue plan: `has_mrr`, `mrr` (exact), `currency`; the record rules of the TypeScript functions. @internal */
export function moneyPart(s: PlanSettings): MoneyPart {
  const mrr = s.column('mrr');
  const currency = s.column('currency');
  const code = s.dialect === 'duckdb' ? `regexp_full_match("currency", '[A-Z]{3}')` : `"currency" ~ '^[A-Z]{3}$'`;
  return {
    read: [
      as(mrr === null ? 'FALSE' : `${mrr} IS NOT NULL`, 'has_mrr'),
      // Without a column: a typed NULL (an untyped one is text on PostgreSQL, which `mrr >= 0` cannot compare).
      as(mrr === null ? `CAST(NULL AS ${s.dialect === 'duckdb' ? `DECIMAL(38, ${DUCKDB_MRR_SCALE})` : 'NUMERIC'})` : exactMrr(s.dialect, mrr), 'mrr'),
      as(`CAST(${currency ?? 'NULL'} AS TEXT)`, 'currency'),
    ],
    invalid: (activeAtStart) => `WHEN "has_mrr" AND ${mrrInvalid(s.dialect)} THEN ${INVALID}
      WHEN "currency" IS NOT NULL AND NOT (${code}) THEN ${INVALID}
      WHEN NOT "has_mrr" AND ${activeAtStart} THEN ${INVALID}`,
  };
}

/** The plain decimal text (no trailing zeros, no exponent) of an exact sum's text (a NUMERIC's or a DECIMAL's). */
function plainDecimal(text: string): string {
  return `CASE WHEN position('.' IN ${text}) > 0 THEN rtrim(rtrim(${text}, '0'), '.') ELSE ${text} END`;
}

/** The exact sum of the MRR of the valid rows where `where` holds, as the plain decimal text of a KpiDecimal (no trailing zeros). @internal */
export function mrrSum(s: PlanSettings, where: string): string {
  const sum = `coalesce(sum("mrr") FILTER (WHERE ${where}), 0)`;
  const plain = plainDecimal(`CAST(${sum} AS ${s.dialect === 'duckdb' ? 'VARCHAR' : 'TEXT'})`);
  if (s.dialect === 'postgres') return plain;
  // DuckDB's DECIMAL sums wrap around past 38 digits: stop before.
  const approx = `coalesce(sum(CAST("mrr" AS DOUBLE)) FILTER (WHERE ${where}), 0)`;
  return `CASE WHEN ${approx} < ${DUCKDB_MRR_LIMIT} THEN ${plain} ELSE error('kpi-kit: a sum of mrr reaches 1e26, beyond DuckDB''s DECIMAL(38, ${DUCKDB_MRR_SCALE}) (docs/sql.md#revenue)') END`;
}

/** The MRR of the rows where `where` holds, as a double (for the rates). */
function mrrDouble(s: PlanSettings, where: string): string {
  return `CAST(coalesce(sum("mrr") FILTER (WHERE ${where}), 0) AS ${doubleType(s.dialect)})`;
}

/**
 * The currency columns: `currency` (the one code given with an mrr by the valid rows, else NULL)
 * and `currencies` (0 none, 1 one, 2 two or more) — from the least and the greatest code, cheaper
 * than a count of distinct codes (PostgreSQL sorts for it).
 */
function currencyColumns(): string[] {
  const given = `"k" = 0 AND "mrr" IS NOT NULL`;
  const least = `min("currency") FILTER (WHERE ${given})`;
  const greatest = `max("currency") FILTER (WHERE ${given})`;
  return [
    as(`CASE WHEN ${least} = ${greatest} THEN ${least} END`, 'currency'),
    as(`CASE WHEN ${least} IS NULL THEN 0 WHEN ${least} = ${greatest} THEN 1 ELSE 2 END`, 'currencies'),
  ];
}

/** The valid rows active at periodStart (`v` 1 or 3) and those of them lost by periodEnd (`v` 1). */
const AT_START = '"v" IN (1, 3)';
const LOST = '"v" = 1';
/** The valid rows active at both instants (`v` 3). */
const RETAINED = '"v" = 3';

/**
 * The columns revenueChurn and revenueRetention share: `value`, `gross` and `net` (the MRR of the
 * rows `part` over the starting MRR), `reason` (the TypeScript function's `reason` when the
 * starting MRR is 0) and `startingMrr`.
 */
function rateColumns(s: PlanSettings, part: string, reason: string): string[] {
  const rate = share(s, mrrDouble(s, part), mrrDouble(s, AT_START));
  return [
    as(rate, 'value'),
    as(`CASE WHEN ${mrrDouble(s, AT_START)} = 0 THEN ${quoteLiteral(FN, reason, [])} END`, 'reason'),
    as(rate, 'gross'),
    as(rate, 'net'),
    as(mrrSum(s, AT_START), 'startingMrr'),
  ];
}

/**
 * revenueChurn over customer records (`startedAt`, `endedAt`, `mrr`, `currency`): `value` and
 * `gross` ((churned MRR) / starting MRR), `net` (the same: records have no contraction,
 * expansion or reactivation), `reason`, `startingMrr`, `churnedMrr`, `lostMrr` and `netLostMrr`
 * (exact decimal texts), `currency`, `currencies`, then the counts of `customerPlan`. @internal
 */
export function revenueChurnPlan(s: PlanSettings): Plan {
  // The TypeScript function checks the options (periodStart and periodEnd required, in order) and gives the reason.
  revenueChurn({ customers: [], periodStart: s.o['periodStart'], periodEnd: s.o['periodEnd'] } as never);
  const reason = revenueChurn({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0 }).reason ?? '';
  return customerPlan(
    s,
    () => {
      const churned = mrrSum(s, LOST);
      return [...rateColumns(s, LOST, reason), as(churned, 'churnedMrr'), as(churned, 'lostMrr'), as(churned, 'netLostMrr'), ...currencyColumns()];
    },
    moneyPart(s),
  );
}

/**
 * revenueRetention over customer records: `value` and `gross` (retained MRR / starting MRR), `net`
 * (the same), `reason`, `startingMrr`, `churnedMrr`, `retainedMrr` and `endingMrr` (exact decimal
 * texts), `currency`, `currencies`, then the counts of `customerPlan`. @internal
 */
export function revenueRetentionPlan(s: PlanSettings): Plan {
  revenueRetention({ customers: [], periodStart: s.o['periodStart'], periodEnd: s.o['periodEnd'] } as never);
  const reason = revenueRetention({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0 }).reason ?? '';
  return customerPlan(
    s,
    () => {
      // Retained MRR = starting − churned: the MRR of the customers active at both instants.
      const retained = mrrSum(s, RETAINED);
      return [
        ...rateColumns(s, RETAINED, reason),
        as(mrrSum(s, LOST), 'churnedMrr'),
        as(retained, 'retainedMrr'),
        as(retained, 'endingMrr'),
        ...currencyColumns(),
      ];
    },
    moneyPart(s),
  );
}
