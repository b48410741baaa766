/**
 * The plans of the growth counts over customer records (`startedAt`, `endedAt`) between
 * `periodStart` and `periodEnd`: churn rate and retention rate. A customer is active at an instant
 * t when `startedAt` ≤ t < `endedAt` (no `endedAt`: still active), as in TypeScript.
 *
 * @module
 */
import { churnRate } from '../growth/churn-rate.js';
import { retentionRate } from '../growth/retention-rate.js';
import { fail } from '../core/validate.js';
import { readTimestamp } from '../time/timestamp.js';
import { doubleType, numberLiteral, quoteLiteral } from './dialect.js';
import { type Plan, type PlanSettings, FN, INVALID, as, cnt, share, timestampColumns } from './plan.js';

/** The growth metrics written in SQL. @internal */
export type GrowthMetric = 'churnRate' | 'retentionRate';

/**
 * The part both share: the customers read (invalid without a readable `startedAt`, with an
 * unreadable `endedAt` or one before `startedAt`), each with its value 1 (active at
 * `periodStart` only), 2 (at `periodEnd` only), 3 (at both) or 0 (at neither); and its counts
 * `customers`, `customersAtStart`, `customersAtEnd`, `retained`, `customersLost`, `newCustomers`.
 * The period options are checked by the TypeScript function before; periods (`period`) do not
 * apply: the records are counted at the two instants.
 */
function customerPlan(s: PlanSettings, head: (counts: Counts) => string[]): Plan {
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
    read: [...timestampColumns(s, 'startedAt'), ...timestampColumns(s, 'endedAt')],
    kind: `CASE
      WHEN "startedAt" IS NULL THEN ${INVALID}
      WHEN "has_endedAt" AND ("endedAt" IS NULL OR "endedAt" < "startedAt") THEN ${INVALID}
      ELSE 0 END`,
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
