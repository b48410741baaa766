/**
 * The plans of the ticket metrics that count per key, per agent or at an instant: complaints, top
 * topics, resolution consistency, backlog and tickets per hour. Each classifies a row as the
 * TypeScript function (with `onInvalid: 'exclude'`) classifies the ticket; the options are checked
 * by the TypeScript function itself.
 *
 * @module
 */
import { fail } from '../core/validate.js';
import { backlog } from '../support/backlog.js';
import { percentileKey } from '../support/durations.js';
import { resolutionConsistency } from '../support/resolution-consistency.js';
import { ticketsPerHour } from '../support/tickets-per-hour.js';
import { topTopics } from '../support/top-topics.js';
import { AGREEMENT_MS } from '../records/tickets.js';
import { calendarTimeZone } from '../time/calendar.js';
import { readTimestamp } from '../time/timestamp.js';
import { doubleType, exactSum, numberLiteral, quantilesSql, quoteLiteral } from './dialect.js';
import {
  type Plan,
  type PlanSettings,
  FN,
  INVALID,
  MAX_MS,
  as,
  booleanColumn,
  cnt,
  numberColumn,
  resolutionChecks,
  resolutionRead,
  resolvedSql,
  share,
  textColumn,
  timestampColumns,
} from './plan.js';

/** A double-precision literal, read from its shortest decimal text (exactly the JavaScript number in both databases). */
const double = (s: PlanSettings, x: number): string => `CAST('${numberLiteral(x)}' AS ${doubleType(s.dialect)})`;

/** The window over the rows of a period (all rows without `period`). */
const overPeriod = (s: PlanSettings, order = ''): string =>
  `OVER (${s.period === null ? '' : 'PARTITION BY "period"'}${order === '' ? '' : ` ORDER BY ${order}`})`;

/** The sum of a count over the rows of the period, as a BIGINT (PostgreSQL sums BIGINTs as NUMERIC). */
const periodSum = (s: PlanSettings, count: string): string => `CAST(sum(${count}) ${overPeriod(s)} AS BIGINT)`;

/** A count column holds a count: a non-negative safe integer. */
const validCount = (c: string): string => `(${c} >= 0 AND ${c} <= ${numberLiteral(Number.MAX_SAFE_INTEGER)} AND ${c} = floor(${c}))`;

/** The options of `keys` that were given, for the TypeScript function that checks them. */
function given(s: PlanSettings, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (s.o[key] !== undefined) out[key] = s.o[key];
  return out;
}

/** The first-response checks of a ticket (its record rules, as `resolutionChecks` for the resolution): `WHEN` lines. */
function firstResponseChecks(): string {
  return [
    `WHEN "has_firstResponseAt" AND ("firstResponseAt" IS NULL OR "createdAt" IS NULL OR "firstResponseAt" < "createdAt") THEN ${INVALID}`,
    `WHEN "firstResponseMs" IS NOT NULL AND NOT ("firstResponseMs" >= 0 AND "firstResponseMs" <= ${MAX_MS}) THEN ${INVALID}`,
    `WHEN "firstResponseMs" IS NOT NULL AND "has_firstResponseAt" AND NOT (abs("firstResponseMs" - ("firstResponseAt" - "createdAt")) <= ${AGREEMENT_MS}) THEN ${INVALID}`,
  ].join('\n      ');
}

/** The resolution instant of a ticket: `resolvedAt`, else `createdAt + resolutionMs` (NULL without either). */
const resolvedAtSql = `CASE WHEN "has_resolvedAt" THEN "resolvedAt" ELSE "createdAt" + "resolutionMs" END`;

/**
 * complaints: class 0 an open complaint, 1 a resolved one, 2 not a complaint (`complaint` not
 * true), 9 invalid (the checks of `resolvedAt` and `resolutionMs`); `v` 1 for an escalated
 * complaint. Without `by`, one row of the result's counts; with `by` (the key of its groups), one
 * row per key: the key's counts (`groupComplaintCount`, `groupOpen`, `groupResolved`,
 * `groupEscalated`) beside the counts of every key of the period (or of all). @internal
 */
export function complaintsPlan(s: PlanSettings): Plan {
  const keyed = s.by !== null;
  const total = (count: string): string => (keyed ? periodSum(s, count) : count);
  const complaints = total(cnt('"k" IN (0, 1)'));
  const resolved = total(cnt('"k" = 1'));
  const escalated = total(cnt('"v" = 1'));
  return {
    read: [...resolutionRead(s), booleanColumn(s, 'complaint'), booleanColumn(s, 'escalated')],
    kind: `CASE
      ${resolutionChecks()}
      WHEN "complaint" IS NOT TRUE THEN 2
      WHEN ${resolvedSql(s)} THEN 1
      ELSE 0 END`,
    valued: '"k" IN (0, 1)',
    value: 'CASE WHEN "escalated" THEN 1 ELSE 0 END',
    aggregates: [
      as(complaints, 'value'),
      as(complaints, 'complaintCount'),
      as(total(cnt('"k" = 0')), 'open'),
      as(resolved, 'resolved'),
      as(escalated, 'escalated'),
      as(share(s, resolved, complaints), 'resolvedShare'),
      as(share(s, escalated, complaints), 'escalatedShare'),
      as(total(cnt('"k" = 2')), 'notComplaints'),
      ...(keyed
        ? [
            as(cnt('"k" IN (0, 1)'), 'groupComplaintCount'),
            as(cnt('"k" = 0'), 'groupOpen'),
            as(cnt('"k" = 1'), 'groupResolved'),
            as(cnt('"v" = 1'), 'groupEscalated'),
          ]
        : []),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/** The name of topTopics' own key: `topic`, else `category`. */
const TOPIC_THEN_CATEGORY = 'topic-then-category';

/**
 * topTopics: one row per key (the `by` option; by default `topic`, else `category`), per period
 * too: `tickets` (the key's), `share` (of the period's tickets), `rank` (1 for the most tickets;
 * ties in key order, NULL last; NULL for a key without tickets), `other` (ranked below `top`: the
 * TypeScript result's "other" row), and the period's `total` (`value`), `topicCount`, `otherCount`
 * and `top`; `invalid` (no readable `createdAt`). @internal
 */
export function topTopicsPlan(s: PlanSettings): Plan {
  // The TypeScript function checks top and by.
  const r = topTopics({ counts: {} }, given(s, ['top', ...(typeof s.by === 'string' ? ['by'] : [])]));
  const own = s.by === null || s.by === TOPIC_THEN_CATEGORY;
  // Text keys are compared byte by byte (code points: JavaScript's order within the Basic Multilingual
  // Plane), whatever the column's collation on PostgreSQL: the default key is a text, compared
  // COLLATE "C"; a key field of any type is compared by its UTF-8 bytes when it is a text, else by its value.
  const keyOrder =
    s.dialect === 'duckdb'
      ? '"segment"'
      : own
        ? '"segment" COLLATE "C"'
        : `CASE WHEN pg_typeof("segment") IN ('text'::regtype, 'character varying'::regtype) THEN convert_to(CAST("segment" AS TEXT), 'UTF8') END ASC NULLS LAST, "segment"`;
  const tickets = cnt('"k" = 0');
  const total = periodSum(s, tickets);
  const top = numberLiteral(r.top);
  return {
    read: timestampColumns(s, 'createdAt'),
    ...(own ? { segment: `coalesce(CAST(${s.column('topic') ?? 'NULL'} AS TEXT), CAST(${s.column('category') ?? 'NULL'} AS TEXT))` } : {}),
    kind: `CASE WHEN "createdAt" IS NULL THEN ${INVALID} ELSE 0 END`,
    value: null,
    aggregates: [
      as(total, 'value'),
      as(total, 'total'),
      as(tickets, 'tickets'),
      as(share(s, tickets, total), 'share'),
      as(`CASE WHEN ${tickets} > 0 THEN row_number() ${overPeriod(s, `${tickets} DESC, ${keyOrder} ASC NULLS LAST`)} END`, 'rank'),
      as(periodSum(s, `CASE WHEN ${tickets} > 0 THEN 1 ELSE 0 END`), 'topicCount'),
      as(top, 'top'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
    outer: [[as(`coalesce("rank" > ${top}, FALSE)`, 'other'), as(periodSum(s, `CASE WHEN "rank" > ${top} THEN "tickets" ELSE 0 END`), 'otherCount')]],
  };
}

/** The `by` of a metric whose rows are per agent: absent or `'agent'`. */
function agentRows(s: PlanSettings, metric: string): string {
  if (s.by !== null && s.by !== 'agent') {
    return fail(FN, {
      code: 'invalid_value',
      path: ['options', 'by'],
      input: s.by,
      detail: `${FN}: the rows of ${metric} are per agent (by is 'agent' or absent); split by another field with one query per segment (from: { query })`,
    });
  }
  return `CAST(${s.column('agent') ?? 'NULL'} AS TEXT)`;
}

/** The largest |csat| of outcome 'csat' (as the TypeScript function). */
const MAX_CONSISTENCY_CSAT = 1e12;
/** The largest finite double, as SQL. */
const MAX_DOUBLE = '1.7976931348623157e308';

/**
 * resolutionConsistency: one row per agent (`segment`; NULL for the tickets without one), per
 * period too. Row classes: 0 measured for the outcome (its value `v`: the resolution time in ms,
 * 1 when resolved in one contact else 0, or the CSAT score), 1 the agent's ticket not measured, 2
 * no agent, 9 invalid. Per agent: `agentTickets`, `agentN`, `agentValue` (the mean outcome: an
 * exact sum divided once), `inSpread` (at least `minTickets` measured). Over the period's agents:
 * `agents`, `mean`, `standardDeviation` (population), `min`, `max`, `value` (the coefficient of
 * variation) and `reason`; `qaValue`, `qaReason`, `qaPassed`, `qaReviewed`; `noAgent`,
 * `agentsBelowMinTickets`; `invalid` (the row's). @internal
 */
export function resolutionConsistencyPlan(s: PlanSettings): Plan {
  // The TypeScript function checks outcome and minTickets (and confidence, which only its result reads).
  const opts = given(s, ['outcome', 'minTickets']);
  const outcome = resolutionConsistency({ tickets: [] }, opts).outcome ?? 'resolution-time';
  const minTickets = (opts['minTickets'] as number | undefined) ?? 1;
  const agent = agentRows(s, 'resolutionConsistency');
  const resolved = resolvedSql(s);
  const dbl = doubleType(s.dialect);
  let read: string[];
  let kind: string;
  let value: string;
  if (outcome === 'csat') {
    read = [...timestampColumns(s, 'createdAt'), numberColumn(s, 'csat')];
    kind = `CASE
      WHEN "createdAt" IS NULL THEN ${INVALID}
      WHEN "csat" IS NOT NULL AND NOT (abs("csat") <= ${MAX_DOUBLE}) THEN ${INVALID}
      WHEN "agent" IS NULL THEN 2
      WHEN "csat" IS NULL THEN 1
      WHEN NOT (abs("csat") <= ${numberLiteral(MAX_CONSISTENCY_CSAT)}) THEN ${INVALID}
      ELSE 0 END`;
    value = '"csat"';
  } else {
    read = resolutionRead(s);
    if (outcome === 'fcr') {
      read.push(numberColumn(s, 'contactCount'));
      kind = `CASE
      ${resolutionChecks()}
      WHEN "contactCount" IS NOT NULL AND NOT ${validCount('"contactCount"')} THEN ${INVALID}
      WHEN "agent" IS NULL THEN 2
      WHEN NOT (${resolved}) THEN 1
      WHEN "contactCount" IS NULL THEN ${INVALID}
      ELSE 0 END`;
      value = 'CASE WHEN "contactCount" = 1 THEN 1 ELSE 0 END';
    } else {
      kind = `CASE
      ${resolutionChecks()}
      WHEN "agent" IS NULL THEN 2
      WHEN (${resolved}) AND ("has_resolvedAt" OR "resolutionMs" IS NOT NULL) THEN 0
      ELSE 1 END`;
      value = `CASE WHEN "has_resolvedAt" THEN "resolvedAt" - "createdAt" ELSE "resolutionMs" END`;
    }
  }
  read.push(as(agent, 'agent'), booleanColumn(s, 'qaPassed'));
  const n = 'count("v")';
  // Integer outcomes (ms, 0/1) are summed exactly; CSAT scores (any finite numbers) in double precision.
  const sum = outcome === 'csat' ? `sum("v")` : exactSum(s.dialect, '"v"');
  const inSpread = `"segment" IS NOT NULL AND ${n} >= ${numberLiteral(Math.max(1, minTickets))}`;
  const spread = (x: string): string => `CASE WHEN "inSpread" THEN ${x} END`;
  const reasons = {
    none: resolutionConsistency({ agents: [] }).reason,
    one: resolutionConsistency({ agents: [{ agent: 'a', value: 1 }] }).reason,
    zero: resolutionConsistency({
      agents: [
        { agent: 'a', value: 0 },
        { agent: 'b', value: 0 },
      ],
    }).reason,
    overflow: resolutionConsistency({
      agents: [
        { agent: 'a', value: 1e100 },
        { agent: 'b', value: -1e100 },
        { agent: 'c', value: 1e-300 },
      ],
    }).reason,
    qa: resolutionConsistency({ agents: [] }).qa.reason,
  };
  const lit = (x: string | null): string => quoteLiteral(FN, x ?? '', []);
  const passed = cnt('"k" <> 9 AND "qaPassed"');
  const reviewed = cnt('"k" <> 9 AND "qaPassed" IS NOT NULL');
  return {
    read,
    segment: agent,
    kind,
    value,
    carry: ['"qaPassed"'],
    aggregates: [
      as(cnt(`"k" IN (0, 1)`), 'agentTickets'),
      as(n, 'agentN'),
      as(share(s, sum, n), 'agentValue'),
      as(`coalesce(${inSpread}, FALSE)`, 'inSpread'),
      as(periodSum(s, cnt('"k" = 2')), 'noAgent'),
      as(
        periodSum(s, `CASE WHEN "segment" IS NOT NULL AND ${cnt('"k" IN (0, 1)')} > 0 AND NOT coalesce(${inSpread}, FALSE) THEN 1 ELSE 0 END`),
        'agentsBelowMinTickets',
      ),
      as(periodSum(s, passed), 'qaPassed'),
      as(periodSum(s, reviewed), 'qaReviewed'),
      as(share(s, periodSum(s, passed), periodSum(s, reviewed)), 'qaValue'),
      as(`CASE WHEN ${periodSum(s, reviewed)} = 0 THEN ${lit(reasons.qa)} END`, 'qaReason'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
    outer: [
      [
        as(periodSum(s, 'CASE WHEN "inSpread" THEN 1 ELSE 0 END'), 'agents'),
        as(`avg(${spread('"agentValue"')}) ${overPeriod(s)}`, 'mean'),
        as(`min(${spread('"agentValue"')}) ${overPeriod(s)}`, 'min'),
        as(`max(${spread('"agentValue"')}) ${overPeriod(s)}`, 'max'),
      ],
      // Two passes, as the TypeScript function: the squares of the deviations from the mean.
      [as(`sqrt(sum(${spread('("agentValue" - "mean") * ("agentValue" - "mean")')}) ${overPeriod(s)} / NULLIF("agents", 0))`, 'standardDeviation')],
      [
        // The coefficient of variation, where it is a finite number (a PostgreSQL division that overflows raises an error).
        as(
          `CASE WHEN "agents" >= 2 AND "mean" <> 0 AND "standardDeviation" <= least(abs("mean"), 1) * ${double(s, 1e308)} THEN CAST("standardDeviation" AS ${dbl}) / abs("mean") END`,
          'value',
        ),
        as(
          `CASE WHEN "agents" = 0 THEN ${lit(reasons.none)} WHEN "agents" = 1 THEN ${lit(reasons.one)} WHEN "mean" = 0 THEN ${lit(reasons.zero)}
      WHEN NOT ("standardDeviation" <= least(abs("mean"), 1) * ${double(s, 1e308)}) THEN ${lit(reasons.overflow)} END`,
          'reason',
        ),
      ],
    ],
  };
}

/**
 * backlog at `asOf`: class 0 open (`v` its age, asOf − createdAt), 1 created after `asOf`
 * (`notYetCreated`), 2 resolved by status without a resolution or close time
 * (`resolvedAtUnknownTime`), 3 closed by `asOf`, 9 invalid (the checks of `resolvedAt`,
 * `resolutionMs` and `closedAt`). Columns: `value` and `open`, `closed`, `asOf`, the age summary
 * (`n`, `mean`, `median`, one per percentile, `min`, `max`, `total`), `ageBucket<k>` and
 * `ageBucket<k>Share` per age bucket, the exclusion counts and `invalid`. @internal
 */
export function backlogPlan(s: PlanSettings): Plan {
  // The TypeScript function checks asOf (required), ageBucketsMs and percentiles.
  const r = backlog({ tickets: [] }, given(s, ['asOf', 'ageBucketsMs', 'percentiles']) as never);
  const asOf = readTimestamp(FN, s.o['asOf'], ['options', 'asOf'], 'UTC');
  const A = numberLiteral(asOf);
  const dbl = doubleType(s.dialect);
  const percentiles = (given(s, ['percentiles'])['percentiles'] as number[] | undefined) ?? [90];
  const closedAt = '"closedAt"';
  const end = `CASE WHEN (${resolvedAtSql}) IS NULL THEN ${closedAt} WHEN ${closedAt} IS NULL THEN (${resolvedAtSql}) WHEN ${closedAt} < (${resolvedAtSql}) THEN ${closedAt} ELSE (${resolvedAtSql}) END`;
  const n = 'count("v")';
  const sum = exactSum(s.dialect, '"v"');
  const quantiles = quantilesSql(s.dialect, '"v"', [0.5, ...percentiles.map((p) => p / 100)]);
  const buckets = r.ageBuckets.map((b, k) => {
    const within = `"v" >= ${numberLiteral(b.fromMs)}${b.toMs === null ? '' : ` AND "v" < ${numberLiteral(b.toMs)}`}`;
    return [as(cnt(within), `ageBucket${k}`), as(share(s, cnt(within), n), `ageBucket${k}Share`)];
  });
  return {
    read: [
      ...timestampColumns(s, 'createdAt'),
      ...timestampColumns(s, 'resolvedAt'),
      numberColumn(s, 'resolutionMs'),
      ...timestampColumns(s, 'closedAt'),
      textColumn(s, 'status'),
    ],
    kind: `CASE
      ${resolutionChecks()}
      WHEN "has_closedAt" AND (${closedAt} IS NULL OR ${closedAt} < "createdAt") THEN ${INVALID}
      WHEN "createdAt" > ${A} THEN 1
      WHEN "status" IS NOT NULL AND NOT (${resolvedSql(s)}) THEN 0
      WHEN (${end}) IS NOT NULL THEN CASE WHEN ${A} < (${end}) THEN 0 ELSE 3 END
      WHEN ${resolvedSql(s)} THEN 2
      ELSE 0 END`,
    value: `${A} - "createdAt"`,
    aggregates: [
      as(n, 'value'),
      as(n, 'open'),
      as(cnt('"k" = 3'), 'closed'),
      as(`CAST(${A} AS ${dbl})`, 'asOf'),
      as(n, 'n'),
      as(share(s, sum, n), 'mean'),
      as(`CASE WHEN ${n} = 0 THEN ${quoteLiteral(FN, r.age.reason ?? '', [])} END`, 'reason'),
      as(quantiles[0] as string, 'median'),
      ...percentiles.map((p, i) => as(quantiles[i + 1] as string, percentileKey(p))),
      as(`CAST(min("v") AS ${dbl})`, 'min'),
      as(`CAST(max("v") AS ${dbl})`, 'max'),
      as(`CAST(coalesce(${sum}, 0) AS ${dbl})`, 'total'),
      ...buckets.flat(),
      as(cnt('"k" = 1'), 'notYetCreated'),
      as(cnt('"k" = 2'), 'resolvedAtUnknownTime'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/**
 * A rate per hour of a count as SQL, NULL for 0 hours and where the quotient is not a finite number
 * (as the TypeScript function's `perHour`).
 */
function perHourSql(s: PlanSettings, count: string, hours: number | string): string {
  if (typeof hours === 'number') {
    if (hours === 0) return `CAST(NULL AS ${doubleType(s.dialect)})`;
    const h = double(s, hours);
    return hours >= 1
      ? `CAST(${count} AS ${doubleType(s.dialect)}) / ${h}`
      : `CASE WHEN ${count} <= ${double(s, hours * 1.7e308)} THEN CAST(${count} AS ${doubleType(s.dialect)}) / ${h} END`;
  }
  // least(): no product that overflows (PostgreSQL raises an error on one, and evaluates both sides of an OR).
  return `CASE WHEN ${hours} > 0 AND ${count} <= least(${hours}, 1) * ${double(s, 1.7e308)} THEN CAST(${count} AS ${doubleType(s.dialect)}) / ${hours} END`;
}

/**
 * ticketsPerHour over the window `[window.from, window.to)`: one row per agent (`segment`; NULL
 * for the tickets without one), per period too. Row classes: 0 handled and solved in the window,
 * 1 handled only, 2 outside the window, 9 invalid (the checks of the first response and the
 * resolution). Per agent: `agentHandled`, `agentSolved`, `agentHours` (from `agentHours`, else the
 * window's), `agentHandledPerHour`, `agentSolvedPerHour`, `agentReason`; over the period's tickets:
 * `value` (= `handledPerHour`), `reason`, `solvedPerHour`, `handled`, `solved`, `hours`,
 * `handledPerAgentHour`, `solvedPerAgentHour` (means over the agents with a rate: `agentsHandledRated`,
 * `agentsSolvedRated`), `outsideWindow`; `invalid`
 * (the row's). @internal
 */
export function ticketsPerHourPlan(s: PlanSettings): Plan {
  const window = s.o['window'];
  const w = (typeof window === 'object' && window !== null ? window : {}) as Record<string, unknown>;
  if (
    window === undefined ||
    typeof window !== 'object' ||
    window === null ||
    Array.isArray(window) ||
    Object.keys(w).some((k) => k !== 'from' && k !== 'to')
  ) {
    return fail(FN, {
      code: window === undefined ? 'missing' : 'invalid_value',
      path: ['options', 'window'],
      input: window,
      expected: 'the window { from, to }: instants (a Date, an ISO-8601 string or epoch ms), from inclusive, to exclusive',
    });
  }
  const opts = { ...given(s, ['calendar', 'agentHours']), from: w['from'], to: w['to'] };
  // The TypeScript function checks the window (as its from and to), the calendar and agentHours, and counts the window's hours.
  const hours = ticketsPerHour({ tickets: [] }, opts as never).hours;
  const zone = calendarTimeZone(s.o['calendar']) ?? 'UTC';
  const from = numberLiteral(readTimestamp(FN, w['from'], ['options', 'window', 'from'], zone));
  const to = numberLiteral(readTimestamp(FN, w['to'], ['options', 'window', 'to'], zone));
  const agentHours = Object.entries((s.o['agentHours'] ?? {}) as Record<string, number>);
  const agent = agentRows(s, 'ticketsPerHour');
  const f = `CASE WHEN "has_firstResponseAt" THEN "firstResponseAt" ELSE "createdAt" + "firstResponseMs" END`;
  const inWindow = (t: string): string => `(${t}) >= ${from} AND (${t}) < ${to}`;
  const handled = cnt('"k" IN (0, 1)');
  const solved = cnt('"k" = 0');
  const hoursOf =
    agentHours.length === 0
      ? double(s, hours)
      : `CASE "segment" ${agentHours.map(([a, h], i) => `WHEN ${quoteLiteral(FN, a, ['options', 'agentHours', i])} THEN ${double(s, h)}`).join(' ')} ELSE ${double(s, hours)} END`;
  const agentRate = (count: string): string => perHourSql(s, count, hoursOf);
  // The agents listed (the rows of the outer levels: "agentHandled" is the agent's count).
  const listed = `"segment" IS NOT NULL AND "agentHandled" > 0`;
  const zeroHours = ticketsPerHour({ tickets: [] }, { from: 0, to: 0 }).reason ?? '';
  // An agent's hours are 0 only in a window without business hours (1 January 1970 was a Thursday; the calendar opens on Mondays).
  const agentZero =
    ticketsPerHour(
      { tickets: [{ createdAt: 0, firstResponseAt: 0, agent: 'a' }] },
      { from: 0, to: 1, calendar: { timeZone: 'UTC', hours: { mon: [['09:00', '10:00']] } } as never },
    ).agents[0]?.reason ?? '';
  const tooFew = (count: string, h: string): string => `CAST(${count} AS TEXT) || ' tickets in ' || ${h} || ' hours: too few hours for a finite rate per hour'`;
  const hoursText =
    agentHours.length === 0
      ? quoteLiteral(FN, String(hours), [])
      : `CASE "segment" ${agentHours.map(([a, h], i) => `WHEN ${quoteLiteral(FN, a, ['options', 'agentHours', i])} THEN ${quoteLiteral(FN, String(h), [])}`).join(' ')} ELSE ${quoteLiteral(FN, String(hours), [])} END`;
  const totalHandled = periodSum(s, handled);
  const totalRate = perHourSql(s, totalHandled, hours);
  return {
    read: [
      ...timestampColumns(s, 'createdAt'),
      ...timestampColumns(s, 'firstResponseAt'),
      numberColumn(s, 'firstResponseMs'),
      ...timestampColumns(s, 'resolvedAt'),
      numberColumn(s, 'resolutionMs'),
      textColumn(s, 'status'),
    ],
    segment: agent,
    kind: `CASE
      WHEN "createdAt" IS NULL THEN ${INVALID}
      ${firstResponseChecks()}
      ${resolutionChecks()}
      WHEN ${inWindow(resolvedAtSql)} AND (${resolvedSql(s)}) THEN 0
      WHEN ${inWindow(f)} OR ${inWindow(resolvedAtSql)} THEN 1
      ELSE 2 END`,
    value: null,
    aggregates: [
      as(handled, 'agentHandled'),
      as(solved, 'agentSolved'),
      as(hoursOf, 'agentHours'),
      as(agentRate(handled), 'agentHandledPerHour'),
      as(agentRate(solved), 'agentSolvedPerHour'),
      as(
        `CASE WHEN ${hoursOf} = 0 THEN ${quoteLiteral(FN, agentZero, [])} WHEN (${agentRate(handled)}) IS NULL THEN ${tooFew(handled, hoursText)} END`,
        'agentReason',
      ),
      as(totalRate, 'value'),
      as(
        hours === 0
          ? quoteLiteral(FN, zeroHours, [])
          : `CASE WHEN (${totalRate}) IS NULL THEN ${tooFew(totalHandled, quoteLiteral(FN, String(hours), []))} END`,
        'reason',
      ),
      as(totalRate, 'handledPerHour'),
      as(perHourSql(s, periodSum(s, solved), hours), 'solvedPerHour'),
      as(totalHandled, 'handled'),
      as(periodSum(s, solved), 'solved'),
      as(double(s, hours), 'hours'),
      as(periodSum(s, cnt('"k" = 2')), 'outsideWindow'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
    // The means over the agents: each rate divided by their number, then summed — no sum of rates that
    // overflows (PostgreSQL's avg of doubles also sums their squares, and raises an error past 1.8e308).
    outer: [
      // The agents with a rate (a rate that is not a finite number is left out of the mean, as in TypeScript).
      [
        as(periodSum(s, `CASE WHEN ${listed} AND "agentHandledPerHour" IS NOT NULL THEN 1 ELSE 0 END`), 'agentsHandledRated'),
        as(periodSum(s, `CASE WHEN ${listed} AND "agentSolvedPerHour" IS NOT NULL THEN 1 ELSE 0 END`), 'agentsSolvedRated'),
      ],
      [
        as(`sum(CASE WHEN ${listed} THEN "agentHandledPerHour" / "agentsHandledRated" END) ${overPeriod(s)}`, 'handledPerAgentHour'),
        as(`sum(CASE WHEN ${listed} THEN "agentSolvedPerHour" / "agentsSolvedRated" END) ${overPeriod(s)}`, 'solvedPerAgentHour'),
      ],
    ],
  };
}
