/**
 * The results of complaints, topTopics, resolutionConsistency, backlog and ticketsPerHour from the
 * rows of their SQL (src/sql/plans-tickets.ts): the objects their TypeScript functions return, the
 * rankings, spreads and intervals computed by those functions from the SQL's counts and per-key rows.
 *
 * @module
 */
import { deepFreeze } from '../core/result.js';
import { compareKeys, type SegmentKey } from '../grouping/by-segment.js';
import { type BacklogResult, backlog } from '../support/backlog.js';
import { type ComplaintGroup, type ComplaintsResult, complaints } from '../support/complaints.js';
import { type ConsistencyOutcome, type ResolutionConsistencyResult, resolutionConsistency } from '../support/resolution-consistency.js';
import { type AgentThroughput, type TicketsPerHourResult, ticketsPerHour } from '../support/tickets-per-hour.js';
import { type TopTopicsResult, topTopics } from '../support/top-topics.js';
import { type Row, NOT_LISTED, num, numOrNull, pick, sumOf, summaryOf } from './rows.js';

/** The metrics mapped here. @internal */
export type TicketRowMetric = 'complaints' | 'topTopics' | 'resolutionConsistency' | 'backlog' | 'ticketsPerHour';

/** The options the mappers read (those of `runMetrics` for these metrics). @internal */
export interface TicketRowOptions {
  readonly by?: string;
  readonly top?: number;
  readonly outcome?: ConsistencyOutcome;
  readonly minTickets?: number;
  readonly confidence?: number;
  readonly asOf?: Date | number | string;
  readonly ageBucketsMs?: readonly number[];
  readonly percentiles?: readonly number[];
  readonly window?: { readonly from: unknown; readonly to: unknown };
  readonly calendar?: unknown;
  readonly agentHours?: Readonly<Record<string, number>>;
}

/** The column of the first row (a figure of the whole period, the same on every row), or 0 without rows. */
const first = (parts: readonly Row[], key: string): number => (parts[0] === undefined ? 0 : num(parts[0], key));
/** A key as DuckDB gives it: numbers (BIGINT as bigint) as numbers. */
const keyOf = (v: unknown): SegmentKey => (typeof v === 'bigint' ? Number(v) : ((v ?? null) as SegmentKey));

/**
 * The field a metric's query is split by, one row per value (`undefined`: one row; backlog is never
 * split): the key of complaints (its `by`, when given) and topTopics (its `by`, default
 * `'topic-then-category'`), the agent of resolutionConsistency and ticketsPerHour. @internal
 */
export function ticketSplitOf(metric: Exclude<TicketRowMetric, 'backlog'>, o: TicketRowOptions): string | undefined {
  if (metric === 'complaints') return o.by;
  if (metric === 'topTopics') return o.by ?? 'topic-then-category';
  return 'agent';
}

/** The result of a metric mapped here, from its row (a split query's rows in `row.parts`). @internal */
export function ticketResult(metric: TicketRowMetric, row: Row, o: TicketRowOptions): unknown {
  const parts = (row['parts'] ?? [row]) as Row[];
  switch (metric) {
    case 'complaints':
      return complaintsResult(row, parts, o);
    case 'topTopics':
      return topTopicsResult(parts, o);
    case 'resolutionConsistency':
      return consistencyResult(parts, o);
    case 'backlog':
      return backlogResult(row, o);
    case 'ticketsPerHour':
      return throughputResult(parts, o);
  }
}

function complaintsResult(row: Row, parts: readonly Row[], o: TicketRowOptions): ComplaintsResult {
  const total = row['parts'] === undefined ? row : parts[0];
  const counts =
    total === undefined
      ? { open: 0, resolved: 0, escalated: 0, notComplaints: 0 }
      : { open: num(total, 'open'), resolved: num(total, 'resolved'), escalated: num(total, 'escalated'), notComplaints: num(total, 'notComplaints') };
  const r = complaints(counts);
  let groups: ComplaintGroup[] | null = null;
  if (o.by !== undefined) {
    groups = parts
      .filter((p) => num(p, 'groupComplaintCount') > 0)
      .map((p) => ({
        key: keyOf(p['segment']),
        complaintCount: num(p, 'groupComplaintCount'),
        open: num(p, 'groupOpen'),
        resolved: num(p, 'groupResolved'),
        escalated: num(p, 'groupEscalated'),
      }))
      .sort((a, b) => b.complaintCount - a.complaintCount || compareKeys(a.key, b.key));
  }
  return deepFreeze({ ...r, groups, by: o.by ?? null, excluded: { ...r.excluded, invalid: sumOf(parts, 'invalid'), ...NOT_LISTED } });
}

function topTopicsResult(parts: readonly Row[], o: TicketRowOptions): TopTopicsResult {
  const counts = new Map<SegmentKey, number>();
  for (const p of parts) if (num(p, 'tickets') > 0) counts.set(keyOf(p['segment']), num(p, 'tickets'));
  const r = topTopics({ counts }, pick(o, ['top', 'by']));
  return deepFreeze({ ...r, excluded: { ...r.excluded, invalid: sumOf(parts, 'invalid'), ...NOT_LISTED } });
}

function consistencyResult(parts: readonly Row[], o: TicketRowOptions): ResolutionConsistencyResult {
  // The agents' outcomes as the SQL computed them (each an exact sum divided once); the spread by the TypeScript function.
  const agents = parts.filter((p) => p['inSpread'] === true).map((p) => ({ agent: p['segment'] as string, value: num(p, 'agentValue'), n: num(p, 'agentN') }));
  const r = resolutionConsistency({ agents, qaPassed: first(parts, 'qaPassed'), qaReviewed: first(parts, 'qaReviewed') }, pick(o, ['confidence']));
  return deepFreeze({
    ...r,
    outcome: o.outcome ?? 'resolution-time',
    excluded: {
      noAgent: first(parts, 'noAgent'),
      agentsBelowMinTickets: first(parts, 'agentsBelowMinTickets'),
      invalid: sumOf(parts, 'invalid'),
      ...NOT_LISTED,
    },
  });
}

function backlogResult(row: Row, o: TicketRowOptions): BacklogResult {
  // The settings as the TypeScript function reads them: asOf, the age buckets.
  const empty = backlog({ tickets: [] }, pick(o, ['asOf', 'ageBucketsMs', 'percentiles']) as never);
  const open = num(row, 'open');
  return deepFreeze({
    value: open,
    open,
    closed: num(row, 'closed'),
    asOf: empty.asOf,
    age: summaryOf(row, 'mean'),
    ageBuckets: empty.ageBuckets.map((b, k) => ({ ...b, count: num(row, `ageBucket${k}`), share: numOrNull(row, `ageBucket${k}Share`) })),
    excluded: {
      notYetCreated: num(row, 'notYetCreated'),
      resolvedAtUnknownTime: num(row, 'resolvedAtUnknownTime'),
      invalid: num(row, 'invalid'),
      ...NOT_LISTED,
    },
  });
}

/** The mean of the rates given, as the TypeScript function takes it (a running mean, in agent order). */
function runningMean(values: readonly (number | null)[]): number | null {
  let m = 0;
  let k = 0;
  for (const v of values) if (v !== null) m += (v - m) / ++k;
  return k === 0 ? null : m;
}

function throughputResult(parts: readonly Row[], o: TicketRowOptions): TicketsPerHourResult {
  const w = o.window ?? { from: undefined, to: undefined };
  // The window's figures as the TypeScript function gives them without tickets (its hours, its reason for 0 hours).
  const empty = ticketsPerHour({ tickets: [] }, { ...pick(o, ['calendar', 'agentHours']), from: w.from, to: w.to } as never);
  const agents: AgentThroughput[] = parts
    .filter((p) => typeof p['segment'] === 'string' && num(p, 'agentHandled') > 0)
    .map((p) => ({
      agent: p['segment'] as string,
      handled: num(p, 'agentHandled'),
      solved: num(p, 'agentSolved'),
      hours: num(p, 'agentHours'),
      handledPerHour: numOrNull(p, 'agentHandledPerHour'),
      solvedPerHour: numOrNull(p, 'agentSolvedPerHour'),
      reason: (p['agentReason'] ?? null) as string | null,
    }))
    .sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));
  const total = parts[0];
  return deepFreeze({
    value: total === undefined ? empty.value : numOrNull(total, 'value'),
    reason: total === undefined ? empty.reason : ((total['reason'] ?? null) as string | null),
    handledPerHour: total === undefined ? empty.handledPerHour : numOrNull(total, 'handledPerHour'),
    solvedPerHour: total === undefined ? empty.solvedPerHour : numOrNull(total, 'solvedPerHour'),
    handled: first(parts, 'handled'),
    solved: first(parts, 'solved'),
    hours: empty.hours,
    agents,
    handledPerAgentHour: runningMean(agents.map((a) => a.handledPerHour)),
    solvedPerAgentHour: runningMean(agents.map((a) => a.solvedPerHour)),
    excluded: { outsideWindow: first(parts, 'outsideWindow'), invalid: sumOf(parts, 'invalid'), ...NOT_LISTED },
  });
}
