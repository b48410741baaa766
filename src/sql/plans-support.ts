/**
 * The plans of the ticket metrics beyond first response, resolution and handle time: the status
 * times, reopen rate, first contact resolution, replies and reopens per ticket, SLA compliance and
 * volume by channel. Each classifies a row as the TypeScript function (with `onInvalid: 'exclude'`)
 * classifies the ticket.
 *
 * @module
 */
import { fail } from '../core/validate.js';
import { percentileKey, readPercentiles } from '../support/durations.js';
import { firstContactResolution } from '../support/first-contact-resolution.js';
import { reopenRate } from '../support/reopen-rate.js';
import { repliesPerTicket } from '../support/replies-per-ticket.js';
import { reopensPerTicket } from '../support/reopens-per-ticket.js';
import { type SlaTargetOptions, reasonOf, slaCompliance } from '../support/sla-compliance.js';
import { AGREEMENT_MS } from '../records/tickets.js';
import { readTimestamp } from '../time/timestamp.js';
import { type BusinessHoursSql } from './calendar.js';
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
  resolutionInvalid,
  resolvedSql,
  share,
  textColumn,
  timestampColumns,
} from './plan.js';

/** The ticket fields of the status-time metrics (requester wait, agent wait, on-hold and agent work time). @internal */
export type StatusTimeField = 'requesterWaitMs' | 'agentWaitMs' | 'onHoldMs' | 'agentWorkMs';

/**
 * A status-time metric over its duration field (`requesterWaitMs`, ...): invalid without a readable
 * `createdAt` or with a duration outside 0 … 100 years; `unmeasured` (class 1) without the duration.
 * `aggregates`: the duration summary of `metricSql`. @internal
 */
export function statusTimePlan(s: PlanSettings, field: StatusTimeField, aggregates: readonly string[]): Plan {
  const d = `"${field}"`;
  return {
    read: [...timestampColumns(s, 'createdAt'), numberColumn(s, field)],
    kind: `CASE WHEN "createdAt" IS NULL THEN ${INVALID} WHEN ${d} IS NULL THEN 1 WHEN NOT (${d} >= 0 AND ${d} <= ${MAX_MS}) THEN ${INVALID} ELSE 0 END`,
    value: d,
    aggregates,
  };
}

/**
 * reopenRate: class 0 reopened (`reopened` true: resolved and reopened), 1 resolved and not
 * reopened, 2 never resolved, 9 invalid (the checks of `resolvedAt` and `resolutionMs`). @internal
 */
export function reopenRatePlan(s: PlanSettings): Plan {
  const resolved = cnt('"k" IN (0, 1)');
  return {
    read: [...resolutionRead(s), booleanColumn(s, 'reopened')],
    kind: `CASE
      ${resolutionChecks()}
      WHEN "reopened" THEN 0
      WHEN ${resolvedSql(s)} THEN 1
      ELSE 2 END`,
    value: null,
    aggregates: [
      as(share(s, cnt('"k" = 0'), resolved), 'value'),
      as(`CASE WHEN ${resolved} = 0 THEN ${quoteLiteral(FN, reopenRate({ reopened: 0, resolved: 0 }).reason, [])} END`, 'reason'),
      as(cnt('"k" = 0'), 'reopened'),
      as(resolved, 'resolved'),
      as(cnt('"k" = 2'), 'neverResolved'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/** A count column holds a count: a non-negative safe integer. */
const validCount = (c: string): string => `(${c} >= 0 AND ${c} <= ${numberLiteral(Number.MAX_SAFE_INTEGER)} AND ${c} = floor(${c}))`;

/**
 * firstContactResolution over tickets: class 0 resolved on first contact, 1 resolved otherwise, 2
 * not resolved, 9 invalid. Method `'contact-count'`: a resolved ticket with `contactCount` 1
 * (invalid: a `contactCount` that is not a count, or none on a resolved ticket); `'flag'`:
 * `firstContactResolved` true (invalid: none on a resolved ticket); `'repeat-window'`: see
 * `repeatWindowPlan`. The options are checked by the TypeScript function. @internal
 */
export function firstContactResolutionPlan(s: PlanSettings): Plan {
  const opts: Record<string, unknown> = {};
  for (const key of ['basis', 'method', 'windowDays', 'sameTopic']) if (s.o[key] !== undefined) opts[key] = s.o[key];
  // The TypeScript function checks the options.
  const r = firstContactResolution({ tickets: [] }, opts);
  const basis = r.basis;
  const method = r.method;
  const resolved = resolvedSql(s);
  const denominator = basis === 'resolved' ? cnt('"k" IN (0, 1)') : cnt(`"k" <> ${INVALID}`);
  const aggregates = [
    as(share(s, cnt('"k" = 0'), denominator), 'value'),
    as(
      `CASE WHEN ${denominator} = 0 THEN ${quoteLiteral(FN, firstContactResolution({ resolvedOnFirstContact: 0, resolved: 0, received: 0 }, { basis }).reason, [])} END`,
      'reason',
    ),
    as(cnt('"k" = 0'), 'resolvedOnFirstContact'),
    as(cnt('"k" IN (0, 1)'), 'resolved'),
    as(cnt(`"k" <> ${INVALID}`), 'received'),
    as(denominator, 'denominator'),
    as(cnt(`"k" = ${INVALID}`), 'invalid'),
  ];
  if (method === 'repeat-window') return repeatWindowPlan(s, r.windowDays as number, s.o['sameTopic'] !== false, aggregates);
  const field = method === 'flag' ? 'firstContactResolved' : 'contactCount';
  const kind =
    method === 'flag'
      ? `CASE
      ${resolutionChecks()}
      WHEN NOT (${resolved}) THEN 2
      WHEN "firstContactResolved" IS NULL THEN ${INVALID}
      WHEN "firstContactResolved" THEN 0
      ELSE 1 END`
      : `CASE
      ${resolutionChecks()}
      WHEN "contactCount" IS NOT NULL AND NOT ${validCount('"contactCount"')} THEN ${INVALID}
      WHEN NOT (${resolved}) THEN 2
      WHEN "contactCount" IS NULL THEN ${INVALID}
      WHEN "contactCount" = 1 THEN 0
      ELSE 1 END`;
  return {
    read: [...resolutionRead(s), method === 'flag' ? booleanColumn(s, field) : numberColumn(s, field)],
    kind,
    value: null,
    aggregates,
  };
}

/**
 * firstContactResolution with method `'repeat-window'`: a resolved ticket is resolved on first
 * contact unless the same customer (and, with `sameTopic`, the same `topic`, else `category`) opened
 * a valid ticket later — strictly after its creation, at most `windowDays` after its resolution
 * (`resolvedAt`, else `createdAt` + `resolutionMs`, else `createdAt`) — in the same segment (`by`).
 * A resolved ticket without `customerId` is invalid; an unresolved one is received. Periods are not
 * written: the repeats of a period are those of its own tickets. @internal
 */
function repeatWindowPlan(s: PlanSettings, windowDays: number, sameTopic: boolean, aggregates: readonly string[]): Plan {
  if (s.period !== null) {
    return fail(FN, {
      code: 'invalid_value',
      path: ['options', 'period'],
      input: s.period,
      detail: `${FN}: firstContactResolution's method 'repeat-window' is written without periods (a repeat counts within its own period); run one query per period`,
    });
  }
  const c = (t: string, name: string): string => `${t}"${name}"`;
  const end = (t: string): string =>
    `CASE WHEN ${c(t, 'has_resolvedAt')} THEN ${c(t, 'resolvedAt')} WHEN ${c(t, 'resolutionMs')} IS NOT NULL THEN ${c(t, 'createdAt')} + ${c(t, 'resolutionMs')} ELSE ${c(t, 'createdAt')} END`;
  const topic = (t: string): string => `coalesce(${c(t, 'topic')}, ${c(t, 'category')})`;
  const me = '"read".';
  const later = '"later".';
  const repeat = [
    `${c(later, 'customerId')} = ${c(me, 'customerId')}`,
    ...(sameTopic ? [`${topic(later)} IS NOT DISTINCT FROM ${topic(me)}`] : []),
    ...(s.by === null ? [] : [`${c(later, 'segment')} IS NOT DISTINCT FROM ${c(me, 'segment')}`]),
    `${c(later, 'createdAt')} > ${c(me, 'createdAt')}`,
    `${c(later, 'createdAt')} <= (${end(me)}) + ${numberLiteral(windowDays * 86_400_000)}`,
    `NOT (${resolutionInvalid(later)})`,
  ];
  return {
    read: [...resolutionRead(s), as(s.column('customerId') ?? 'NULL', 'customerId'), textColumn(s, 'topic'), textColumn(s, 'category')],
    kind: `CASE
      ${resolutionChecks()}
      WHEN "customerId" IS NULL AND (${resolvedSql(s)}) THEN ${INVALID}
      WHEN NOT (${resolvedSql(s)}) THEN 2
      WHEN EXISTS (SELECT 1 FROM "read" AS "later" WHERE ${repeat.join(' AND ')}) THEN 1
      ELSE 0 END`,
    value: null,
    aggregates,
  };
}

/** The count fields of repliesPerTicket and reopensPerTicket. @internal */
export type CountField = 'replyCount' | 'reopenCount';

/**
 * repliesPerTicket / reopensPerTicket over their count field: class 0 measured (the count is `v`),
 * 1 unmeasured (no count), 9 invalid (no readable `createdAt`, a count that is not a non-negative
 * integer). The columns mirror the scalar fields of the TypeScript result: `value` (the mean),
 * `reason`, `n`, `mean`, `median`, one per percentile, `min`, `max`, `total`, `zeroCount`,
 * `zeroShare`, `atLeastOneCount`, `atLeastOneShare`, `unmeasured`, `invalid`. @internal
 */
export function countPlan(s: PlanSettings, field: CountField): Plan {
  const dbl = doubleType(s.dialect);
  const percentiles = readPercentiles(FN, s.o['percentiles']);
  const f = field === 'replyCount' ? repliesPerTicket : reopensPerTicket;
  const reason = f({ counts: [] }).reason;
  const d = `"${field}"`;
  const n = 'count("v")';
  const sum = exactSum(s.dialect, '"v"');
  const quantiles = quantilesSql(s.dialect, '"v"', [0.5, ...percentiles.map((p) => p / 100)]);
  return {
    read: [...timestampColumns(s, 'createdAt'), numberColumn(s, field)],
    kind: `CASE WHEN "createdAt" IS NULL THEN ${INVALID} WHEN ${d} IS NULL THEN 1 WHEN NOT ${validCount(d)} THEN ${INVALID} ELSE 0 END`,
    value: d,
    aggregates: [
      as(share(s, sum, n), 'value'),
      as(`CASE WHEN ${n} = 0 THEN ${quoteLiteral(FN, reason, [])} END`, 'reason'),
      as(n, 'n'),
      as(share(s, sum, n), 'mean'),
      as(quantiles[0] as string, 'median'),
      ...percentiles.map((p, i) => as(quantiles[i + 1] as string, percentileKey(p))),
      as(`CAST(min("v") AS ${dbl})`, 'min'),
      as(`CAST(max("v") AS ${dbl})`, 'max'),
      as(`CAST(coalesce(${sum}, 0) AS ${dbl})`, 'total'),
      as(cnt('"v" = 0'), 'zeroCount'),
      as(share(s, cnt('"v" = 0'), n), 'zeroShare'),
      as(cnt('"v" > 0'), 'atLeastOneCount'),
      as(share(s, cnt('"v" > 0'), n), 'atLeastOneShare'),
      as(cnt('"k" = 1'), 'unmeasured'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/** SLA outcomes in a row's value: the response outcome × 8 + the resolution outcome. */
const MET = 0;
const BREACHED = 1;
const PENDING = 2;
const NONE = 3;
/** A resolution outcome: none, because the resolved ticket has no resolution time (`excluded.noResolutionTime`). */
const NO_RESOLUTION_TIME = 4;

/** The SLA options of a call: `targets` (checked by the TypeScript function) and `asOf` (epoch ms, or null without). */
interface SlaSettings {
  readonly recorded: boolean;
  readonly asOf: number | null;
  /** The first-response and resolution targets of a row, as SQL (NULL: no target). */
  readonly response: string;
  readonly resolution: string;
}

function readSla(s: PlanSettings): SlaSettings {
  const targets = s.o['targets'];
  const asOf = s.o['asOf'];
  const calendar = s.o['calendar'];
  // The TypeScript function checks the options (targets; asOf, required with targets; a calendar only with targets).
  slaCompliance({ tickets: [] }, {
    ...(targets === undefined ? {} : { targets }),
    ...(asOf === undefined ? {} : { asOf }),
    ...(calendar === undefined ? {} : { calendar }),
  } as never);
  const at = asOf === undefined ? null : readTimestamp(FN, asOf, ['options', 'asOf'], 'UTC');
  if (targets === undefined) return { recorded: true, asOf: at, response: 'NULL', resolution: 'NULL' };
  const t = targets as SlaTargetOptions;
  const dbl = doubleType(s.dialect);
  const lit = (x: number | undefined): string => (x === undefined ? `CAST(NULL AS ${dbl})` : `CAST(${numberLiteral(x)} AS ${dbl})`);
  const per = Object.entries(t.byPriority ?? {});
  const target = (key: 'firstResponseMs' | 'resolutionMs'): string => {
    if (per.length === 0) return lit(t[key]);
    const whens = per.map(([p, v], i) => `WHEN ${quoteLiteral(FN, p.toLowerCase(), ['options', 'targets', 'byPriority', i])} THEN ${lit(v[key] ?? t[key])}`);
    return `CASE lower("priority") ${whens.join(' ')} ELSE ${lit(t[key])} END`;
  };
  return { recorded: false, asOf: at, response: target('firstResponseMs'), resolution: target('resolutionMs') };
}

/**
 * The invalid cases of SLA compliance in business hours (`WHEN` lines, after the record checks and
 * `notYetCreated`): a first response or resolution due by `asOf` given only as a duration (business
 * hours need the instant, as in TypeScript); a span counted (creation to the response, the
 * resolution or `asOf`) that leaves the range the calendar's intervals cover (SQL only).
 */
function businessChecks(s: PlanSettings, b: BusinessHoursSql, sla: SlaSettings, A: string, response: string, resolvedAt: string): string {
  const created = '"createdAt"';
  const resolved = resolvedSql(s);
  const responseEnd = `CASE WHEN (${response}) IS NOT NULL AND (${response}) <= ${A} THEN (${response}) ELSE ${A} END`;
  const resolutionEnd = `CASE WHEN (${resolved}) AND (${resolvedAt}) IS NOT NULL AND (${resolvedAt}) <= ${A} THEN (${resolvedAt}) ELSE ${A} END`;
  return [
    `WHEN ${sla.response} IS NOT NULL AND NOT "has_firstResponseAt" AND "firstResponseMs" IS NOT NULL AND ${created} + "firstResponseMs" <= ${A} THEN ${INVALID}`,
    `WHEN ${sla.resolution} IS NOT NULL AND (${resolved}) AND NOT "has_resolvedAt" AND "resolutionMs" IS NOT NULL AND ${created} + "resolutionMs" <= ${A} THEN ${INVALID}`,
    `WHEN ${sla.response} IS NOT NULL AND NOT ${b.covers(created, responseEnd)} THEN ${INVALID}`,
    `WHEN ${sla.resolution} IS NOT NULL AND NOT ((${resolved}) AND (${resolvedAt}) IS NULL) AND NOT ${b.covers(created, resolutionEnd)} THEN ${INVALID}`,
  ].join('\n      ');
}

/**
 * slaCompliance, with `targets` (outcomes against them as of `asOf`, in calendar time or, with a
 * `calendar`, in business hours) or without
 * (the outcomes recorded in `firstResponseSlaMet` / `resolutionSlaMet`): class 0 counted, its value
 * the response outcome × 8 + the resolution outcome (0 met, 1 breached, 2 pending, 3 none, 4 none
 * for want of a resolution time); 1 created after `asOf` (`notYetCreated`); 9 invalid (the record
 * checks of the first response and resolution fields). A first response or resolution time given
 * only as a duration counts from `createdAt`, as in TypeScript. @internal
 */
export function slaPlan(s: PlanSettings): Plan {
  const sla = readSla(s);
  // With targets, asOf is required (the TypeScript function checks it); without, it may be absent (no ticket is too new).
  const A = sla.asOf === null ? null : numberLiteral(sla.asOf);
  const created = '"createdAt"';
  const response = `CASE WHEN "has_firstResponseAt" THEN "firstResponseAt" ELSE ${created} + "firstResponseMs" END`;
  const resolvedAt = `CASE WHEN "has_resolvedAt" THEN "resolvedAt" ELSE ${created} + "resolutionMs" END`;
  // Calendar time, or business time through the calendar's intervals.
  const b = s.business;
  const span = (from: string, to: string): string => (b === null ? `${to} - ${from}` : b.duration(from, to));
  const outcomes = sla.recorded
    ? [
        `CASE WHEN "firstResponseSlaMet" THEN ${MET} WHEN NOT "firstResponseSlaMet" THEN ${BREACHED} ELSE ${NONE} END`,
        `CASE WHEN "resolutionSlaMet" THEN ${MET} WHEN NOT "resolutionSlaMet" THEN ${BREACHED} ELSE ${NONE} END`,
      ]
    : [
        `CASE WHEN ${sla.response} IS NULL THEN ${NONE}
        WHEN (${response}) IS NOT NULL AND (${response}) <= ${A} THEN CASE WHEN ${span(created, `(${response})`)} <= ${sla.response} THEN ${MET} ELSE ${BREACHED} END
        WHEN ${span(created, `${A}`)} > ${sla.response} THEN ${BREACHED} ELSE ${PENDING} END`,
        `CASE WHEN ${sla.resolution} IS NULL THEN ${NONE}
        WHEN (${resolvedSql(s)}) AND (${resolvedAt}) IS NOT NULL AND (${resolvedAt}) <= ${A} THEN CASE WHEN ${span(created, `(${resolvedAt})`)} <= ${sla.resolution} THEN ${MET} ELSE ${BREACHED} END
        WHEN (${resolvedSql(s)}) AND (${resolvedAt}) IS NULL THEN ${NO_RESOLUTION_TIME}
        WHEN ${span(created, `${A}`)} > ${sla.resolution} THEN ${BREACHED} ELSE ${PENDING} END`,
      ];
  const raw = '"firstResponseAt" - "createdAt"';
  const kind = `CASE
      WHEN "createdAt" IS NULL THEN ${INVALID}
      WHEN "has_firstResponseAt" AND ("firstResponseAt" IS NULL OR "firstResponseAt" < "createdAt") THEN ${INVALID}
      WHEN "firstResponseMs" IS NOT NULL AND NOT ("firstResponseMs" >= 0 AND "firstResponseMs" <= ${MAX_MS}) THEN ${INVALID}
      WHEN "firstResponseMs" IS NOT NULL AND "has_firstResponseAt" AND NOT (abs("firstResponseMs" - (${raw})) <= ${AGREEMENT_MS}) THEN ${INVALID}
      ${resolutionChecks()}
      ${A === null ? '' : `WHEN ${created} > ${A} THEN 1`}
      ${b === null ? '' : businessChecks(s, b, sla, `${A}`, response, resolvedAt)}
      ELSE 0 END`;
  // Outcomes of the response (r), the resolution (s) and the ticket (the worst of the two).
  const r = (o: number): string => `("v" >= ${8 * o} AND "v" < ${8 * o + 8})`;
  const sOf = (o: number): string => (o === NONE ? `"v" % 8 IN (${NONE}, ${NO_RESOLUTION_TIME})` : `"v" % 8 = ${o}`);
  const breached = `(${r(BREACHED)} OR ${sOf(BREACHED)})`;
  const pending = `(NOT ${breached} AND (${r(PENDING)} OR ${sOf(PENDING)}))`;
  const met = `(NOT ${breached} AND NOT (${r(PENDING)} OR ${sOf(PENDING)}) AND (${r(MET)} OR ${sOf(MET)}))`;
  const none = `(${r(NONE)} AND ${sOf(NONE)})`;
  const group = (prefix: string, m: string, b: string, p: string, n: string): string[] => {
    const key = (name: string): string => (prefix === '' ? name : `${prefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`);
    const reason = (mt: number, br: number, pe: number, no: number): string => quoteLiteral(FN, reasonOf(mt, br, pe, no, sla.recorded), []);
    return [
      as(share(s, cnt(m), `${cnt(m)} + ${cnt(b)}`), key('value')),
      as(
        `CASE WHEN ${cnt(m)} + ${cnt(b)} > 0 THEN NULL WHEN ${cnt(p)} > 0 THEN ${reason(0, 0, 1, 0)} WHEN ${cnt(n)} > 0 THEN ${reason(0, 0, 0, 1)} ELSE ${reason(0, 0, 0, 0)} END`,
        key('reason'),
      ),
      as(cnt(m), key('met')),
      as(cnt(b), key('breached')),
      as(cnt(p), key('pending')),
      as(cnt(n), key('noTarget')),
    ];
  };
  return {
    read: [
      ...timestampColumns(s, 'createdAt'),
      ...timestampColumns(s, 'firstResponseAt'),
      numberColumn(s, 'firstResponseMs'),
      ...timestampColumns(s, 'resolvedAt'),
      numberColumn(s, 'resolutionMs'),
      textColumn(s, 'status'),
      textColumn(s, 'priority'),
      booleanColumn(s, 'firstResponseSlaMet'),
      booleanColumn(s, 'resolutionSlaMet'),
    ],
    kind,
    value: `(${outcomes[0] as string}) * 8 + (${outcomes[1] as string})`,
    aggregates: [
      ...group('', met, breached, pending, none),
      ...group('firstResponse', r(MET), r(BREACHED), r(PENDING), r(NONE)),
      ...group('resolution', sOf(MET), sOf(BREACHED), sOf(PENDING), sOf(NONE)),
      as(cnt('"k" = 1'), 'notYetCreated'),
      as(cnt(`"v" % 8 = ${NO_RESOLUTION_TIME}`), 'noResolutionTime'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/**
 * volumeByChannel: tickets per key, the key being the `by` option of `metricSql` (one row per key,
 * in `segment`; per period and key with `period`). Columns: `tickets` (the key's tickets), `share`
 * (of the period's tickets, or of all), `total` and `value` (the period's tickets, or all: the
 * TypeScript result's `total` and `value`), `invalid` (no readable `createdAt`). @internal
 */
export function volumePlan(s: PlanSettings): Plan {
  const tickets = cnt('"k" = 0');
  const total = `CAST(sum(${tickets}) OVER (${s.period === null ? '' : 'PARTITION BY "period"'}) AS BIGINT)`;
  return {
    read: timestampColumns(s, 'createdAt'),
    kind: `CASE WHEN "createdAt" IS NULL THEN ${INVALID} ELSE 0 END`,
    value: null,
    aggregates: [as(total, 'value'), as(total, 'total'), as(tickets, 'tickets'), as(share(s, tickets, total), 'share'), as(cnt(`"k" = ${INVALID}`), 'invalid')],
  };
}
