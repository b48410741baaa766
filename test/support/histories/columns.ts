/**
 * Test helper: the rows of a columnar `ticketMetrics` result, rebuilt from its columns by reading
 * each field at its path (NaN → null, dictionary codes → values), with no code of the library.
 */
import {
  type HistoryDictionaryColumn,
  type HistoryDurationColumns,
  type HistoryDurations,
  type TicketMetricsColumnsResult,
  type TicketMetricsRow,
} from '../../../src/support/index.js';

const num = (a: Float64Array, i: number): number | null => (Number.isNaN(a[i]!) ? null : a[i]!);
const label = (d: HistoryDictionaryColumn, i: number): string | null => (d.codes[i]! < 0 ? null : d.dictionary[d.codes[i]!]!);

function durations(d: HistoryDurationColumns, i: number): HistoryDurations {
  const s = d.statusTimes;
  return {
    firstReplyTime: num(d.firstReplyTime, i),
    firstResolutionTime: num(d.firstResolutionTime, i),
    fullResolutionTime: num(d.fullResolutionTime, i),
    agentWorkTime: num(d.agentWorkTime, i),
    requesterWaitTime: num(d.requesterWaitTime, i),
    agentWaitTime: num(d.agentWaitTime, i),
    onHoldTime: num(d.onHoldTime, i),
    statusTimes: { new: s.new[i]!, open: s.open[i]!, pending: s.pending[i]!, hold: s.hold[i]!, solved: s.solved[i]!, closed: s.closed[i]!, other: s.other[i]! },
  };
}

/** Every row of `r`, as the rows result gives it. */
export function rowsOfColumns(r: TicketMetricsColumnsResult): TicketMetricsRow[] {
  const c = r.columns;
  const t = c.ticket;
  return Array.from({ length: r.length }, (_, i) => ({
    ticketId: c.ticketId[i]!,
    createdAt: c.createdAt[i]!,
    calendar: durations(c.calendar, i),
    business: c.business === null ? null : durations(c.business, i),
    counts: {
      replies: c.counts.replies[i]!,
      reopens: c.counts.reopens[i]!,
      resolutions: c.counts.resolutions[i]!,
      assigneeStations: c.counts.assigneeStations[i]!,
      groupStations: c.counts.groupStations[i]!,
      uniqueAssignees: c.counts.uniqueAssignees[i]!,
    },
    finalStatus: label(c.finalStatus, i)!,
    firstReplyAt: num(c.firstReplyAt, i),
    firstResolvedAt: num(c.firstResolvedAt, i),
    lastResolvedAt: num(c.lastResolvedAt, i),
    schedule: c.schedule === null ? null : label(c.schedule, i),
    reasons: {
      firstReplyTime: label(c.reasons.firstReplyTime, i),
      firstResolutionTime: label(c.reasons.firstResolutionTime, i),
      fullResolutionTime: label(c.reasons.fullResolutionTime, i),
      statusTimes: label(c.reasons.statusTimes, i),
      business: label(c.reasons.business, i),
    },
    ticket: {
      id: t.id[i]!,
      createdAt: t.createdAt[i]!,
      firstResponseAt: num(t.firstResponseAt, i),
      resolvedAt: num(t.resolvedAt, i),
      closedAt: num(t.closedAt, i),
      status: label(t.status, i),
      reopened: t.reopened[i] === 1,
      pausedMs: t.pausedMs[i]!,
      agent: label(t.agent, i),
      team: label(t.team, i),
      firstResolvedAt: num(t.firstResolvedAt, i),
      requesterWaitMs: num(t.requesterWaitMs, i),
      agentWaitMs: num(t.agentWaitMs, i),
      onHoldMs: num(t.onHoldMs, i),
      agentWorkMs: num(t.agentWorkMs, i),
      replyCount: t.replyCount[i]!,
      reopenCount: t.reopenCount[i]!,
    },
  }));
}

/** Every typed array and id list of `r`'s columns (to check their lengths). */
export function everyColumn(r: TicketMetricsColumnsResult): ArrayLike<unknown>[] {
  const out: ArrayLike<unknown>[] = [];
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v) || Array.isArray(v)) out.push(v as unknown as ArrayLike<unknown>);
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) if (k !== 'dictionary') visit(x);
  };
  visit(r.columns);
  return out;
}
