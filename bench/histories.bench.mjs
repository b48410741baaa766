// Histories benchmark: ticketMetrics over ~1M flat events (100,000 tickets, about 10 events each:
// status changes, public and private comments by agents and end-users, assignee and group changes),
// sorted by ticket then time as exports list them, against a hand loop over the same events in the
// same run. Target: ≤ 3× the hand loop, in calendar time and with one business schedule. The hand
// loop is what one writes for the same figures: one pass, the current status and the time since it
// in locals, one plain object per ticket (first reply, first and full resolution, requester and
// agent wait, on-hold, agent work, replies, reopens); with a schedule it calls the calendar's
// duration() for the same spans. The columnar result (output: 'columns') is timed against the same
// hand loop writing its figures into typed arrays instead (Float64Array, NaN for null; Int32Array
// counts; grown by doubling, as a loop that does not know the number of tickets grows them). Both
// results are checked to agree with their hand loop on every ticket before timing. Then the heap
// each result keeps alive, per ticket (after a full GC; typed arrays' memory included).
import { businessCalendar, ticketMetrics } from '../dist/index.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const TICKETS = 100_000;
const random = rng(16);
const T0 = Date.UTC(2024, 0, 1);
const YEAR = 365 * 86_400_000;

/** A wait before the next event: seconds to days, skewed short like real queues (whole seconds). */
const gap = () => 1000 * Math.floor(1 + 259_200 * random() ** 3);
const pick = (list) => list[Math.floor(random() * list.length)];
const AGENTS = Array.from({ length: 200 }, (_, i) => 9000 + i);
const GROUPS = ['billing', 'tech', 'sales', 'vip', 'returns'];

/**
 * One ticket's events in time order: the description at creation (by an end-user, 15% by an agent),
 * often the `new` status row at the same instant, then a help-desk conversation: agent replies that
 * set pending, private notes, requester answers that reopen, hold, assignments, solves and closes.
 */
function ticketEvents(ticketId, events) {
  let at = T0 + 1000 * Math.floor((random() * YEAR) / 1000);
  const target = 3 + Math.floor(random() * 15); // 3..17 events, 10 on average
  const start = events.length;
  const agentCreated = random() < 0.15;
  events.push({ ticketId, at, kind: 'comment', public: true, actorRole: agentCreated ? 'agent' : 'end-user' });
  let status = 'new';
  if (random() < 0.5) events.push({ ticketId, at, kind: 'status', from: null, to: 'new' });
  let assignee = null;
  const setStatus = (to) => {
    if (to !== status) events.push({ ticketId, at, kind: 'status', from: status, to });
    status = to;
  };
  while (events.length - start < target) {
    at += gap();
    const r = random();
    if (status === 'closed') break;
    if (r < 0.3) {
      // An agent's public reply, usually waiting on the requester afterwards (same instant).
      if (assignee === null) {
        assignee = pick(AGENTS);
        events.push({ ticketId, at, kind: 'assignee', from: null, to: assignee });
      }
      events.push({ ticketId, at, kind: 'comment', public: true, actorRole: random() < 0.95 ? 'agent' : 'admin' });
      setStatus(random() < 0.7 ? 'pending' : 'open');
    } else if (r < 0.42) {
      events.push({ ticketId, at, kind: 'comment', public: false, actorRole: 'agent' });
      if (status === 'new') setStatus('open');
    } else if (r < 0.6) {
      // The requester answers: a pending or solved ticket opens again.
      events.push({ ticketId, at, kind: 'comment', public: true, actorRole: 'end-user' });
      if (status !== 'new' && status !== 'open' && status !== 'hold') setStatus('open');
    } else if (r < 0.67) {
      const to = pick(AGENTS);
      events.push({ ticketId, at, kind: 'assignee', from: assignee, to });
      assignee = to;
    } else if (r < 0.72) {
      events.push({ ticketId, at, kind: 'group', from: null, to: pick(GROUPS) });
    } else if (r < 0.78) {
      setStatus('hold');
    } else if (r < 0.79) {
      events.push({ ticketId, at, kind: 'comment', public: true, actorRole: 'system' });
    } else if (r < 0.95) {
      setStatus('solved');
    } else if (status === 'solved') {
      setStatus('closed');
    } else setStatus('open');
  }
}

const events = [];
for (let id = 1; id <= TICKETS; id++) ticketEvents(id, events);
const N = events.length;

/** What one writes by hand over events sorted by ticket then time (see the header). */
function handLoop(events, calendar, shape) {
  const out = [];
  const n = events.length;
  let i = 0;
  while (i < n) {
    const ticketId = events[i].ticketId;
    const createdAt = events[i].at;
    let status = 'new';
    let since = createdAt;
    let newOpen = 0;
    let pending = 0;
    let hold = 0;
    let busNewOpen = 0;
    let busPending = 0;
    let busHold = 0;
    let statusChanges = 0;
    let commentSeen = false;
    let replies = 0;
    let reopens = 0;
    let firstReplyAt = null;
    let firstResolvedAt = null;
    let lastResolvedAt = null;
    for (; i < n && events[i].ticketId === ticketId; i++) {
      const e = events[i];
      const at = e.at;
      if (e.kind === 'status') {
        statusChanges++;
        const spent = at - since;
        const bus = calendar === undefined ? 0 : calendar.duration(since, at);
        if (status === 'new' || status === 'open') {
          newOpen += spent;
          busNewOpen += bus;
        } else if (status === 'pending') {
          pending += spent;
          busPending += bus;
        } else if (status === 'hold') {
          hold += spent;
          busHold += bus;
        }
        const to = e.to;
        const wasResolved = status === 'solved' || status === 'closed';
        if ((to === 'solved' && status !== 'solved') || (to === 'closed' && !wasResolved)) {
          lastResolvedAt = at;
          firstResolvedAt ??= at;
        }
        if (wasResolved && to !== 'solved' && to !== 'closed') reopens++;
        status = to;
        since = at;
      } else if (e.kind === 'comment') {
        const creation = !commentSeen && at === createdAt;
        commentSeen = true;
        if (!creation && e.public && (e.actorRole === 'agent' || e.actorRole === 'admin')) {
          replies++;
          firstReplyAt ??= at;
        }
      }
    }
    const measured = statusChanges > 0;
    const fullAt = status === 'solved' || status === 'closed' ? lastResolvedAt : null;
    const span = (end) => (end === null ? null : calendar === undefined ? end - createdAt : calendar.duration(createdAt, end));
    const row = {
      ticketId,
      firstReplyTime: span(firstReplyAt),
      firstResolutionTime: span(firstResolvedAt),
      fullResolutionTime: span(fullAt),
      agentWorkTime: measured ? (calendar === undefined ? newOpen : busNewOpen) : null,
      requesterWaitTime: measured ? (calendar === undefined ? newOpen + hold : busNewOpen + busHold) : null,
      agentWaitTime: measured ? (calendar === undefined ? pending : busPending) : null,
      onHoldTime: measured ? (calendar === undefined ? hold : busHold) : null,
      replies,
      reopens,
    };
    out.push(shape === undefined ? row : shape(row, createdAt, status, firstReplyAt, firstResolvedAt, lastResolvedAt));
  }
  return out;
}

/**
 * The hand loop writing its figures into typed arrays, one per figure (NaN for null), grown by
 * doubling and trimmed at the end: what a data team's loop that keeps columns does.
 */
function handLoopColumns(events, calendar) {
  const n = events.length;
  let size = 1024;
  let k = 0;
  const ticketId = [];
  const float = () => new Float64Array(size);
  let c = {
    firstReplyTime: float(),
    firstResolutionTime: float(),
    fullResolutionTime: float(),
    agentWorkTime: float(),
    requesterWaitTime: float(),
    agentWaitTime: float(),
    onHoldTime: float(),
    replies: new Int32Array(size),
    reopens: new Int32Array(size),
  };
  const resize = (to) => {
    const next = {};
    for (const [key, a] of Object.entries(c)) {
      const b = new a.constructor(to);
      b.set(a.subarray(0, Math.min(k, to)));
      next[key] = b;
    }
    c = next;
    size = to;
  };
  let i = 0;
  while (i < n) {
    const id = events[i].ticketId;
    const createdAt = events[i].at;
    let status = 'new';
    let since = createdAt;
    let newOpen = 0;
    let pending = 0;
    let hold = 0;
    let busNewOpen = 0;
    let busPending = 0;
    let busHold = 0;
    let statusChanges = 0;
    let commentSeen = false;
    let replies = 0;
    let reopens = 0;
    let firstReplyAt = NaN;
    let firstResolvedAt = NaN;
    let lastResolvedAt = NaN;
    for (; i < n && events[i].ticketId === id; i++) {
      const e = events[i];
      const at = e.at;
      if (e.kind === 'status') {
        statusChanges++;
        const spent = at - since;
        const bus = calendar === undefined ? 0 : calendar.duration(since, at);
        if (status === 'new' || status === 'open') {
          newOpen += spent;
          busNewOpen += bus;
        } else if (status === 'pending') {
          pending += spent;
          busPending += bus;
        } else if (status === 'hold') {
          hold += spent;
          busHold += bus;
        }
        const to = e.to;
        const wasResolved = status === 'solved' || status === 'closed';
        if ((to === 'solved' && status !== 'solved') || (to === 'closed' && !wasResolved)) {
          lastResolvedAt = at;
          if (firstResolvedAt !== firstResolvedAt) firstResolvedAt = at;
        }
        if (wasResolved && to !== 'solved' && to !== 'closed') reopens++;
        status = to;
        since = at;
      } else if (e.kind === 'comment') {
        const creation = !commentSeen && at === createdAt;
        commentSeen = true;
        if (!creation && e.public && (e.actorRole === 'agent' || e.actorRole === 'admin')) {
          replies++;
          if (firstReplyAt !== firstReplyAt) firstReplyAt = at;
        }
      }
    }
    if (k === size) resize(size * 2);
    const measured = statusChanges > 0;
    const fullAt = status === 'solved' || status === 'closed' ? lastResolvedAt : NaN;
    const span = (end) => (end !== end ? NaN : calendar === undefined ? end - createdAt : calendar.duration(createdAt, end));
    ticketId[k] = id;
    c.firstReplyTime[k] = span(firstReplyAt);
    c.firstResolutionTime[k] = span(firstResolvedAt);
    c.fullResolutionTime[k] = span(fullAt);
    c.agentWorkTime[k] = measured ? (calendar === undefined ? newOpen : busNewOpen) : NaN;
    c.requesterWaitTime[k] = measured ? (calendar === undefined ? newOpen + hold : busNewOpen + busHold) : NaN;
    c.agentWaitTime[k] = measured ? (calendar === undefined ? pending : busPending) : NaN;
    c.onHoldTime[k] = measured ? (calendar === undefined ? hold : busHold) : NaN;
    c.replies[k] = replies;
    c.reopens[k] = reopens;
    k++;
  }
  if (k !== size) resize(k);
  return { length: k, ticketId, ...c };
}

/**
 * The floor of the result's shape: the hand loop's rows rebuilt as ticketMetrics shapes its rows
 * (row, calendar durations, status times, counts, ticket record: five frozen objects per ticket, the
 * figures the hand loop does not compute as 0 or null), built in the loop as each ticket ends. Not
 * the same figures: the cost of the shape, to read the ratio against.
 */
function handLoopShaped(events) {
  const reasons = Object.freeze({ firstReplyTime: null, firstResolutionTime: null, fullResolutionTime: null, statusTimes: null, business: null });
  return handLoop(events, undefined, (h, createdAt, status, firstReplyAt, firstResolvedAt, lastResolvedAt) =>
    Object.freeze({
      ticketId: h.ticketId,
      createdAt,
      calendar: Object.freeze({
        firstReplyTime: h.firstReplyTime,
        firstResolutionTime: h.firstResolutionTime,
        fullResolutionTime: h.fullResolutionTime,
        agentWorkTime: h.agentWorkTime,
        requesterWaitTime: h.requesterWaitTime,
        agentWaitTime: h.agentWaitTime,
        onHoldTime: h.onHoldTime,
        statusTimes: Object.freeze({ new: h.agentWorkTime, open: 0, pending: h.agentWaitTime, hold: h.onHoldTime, solved: 0, closed: 0, other: 0 }),
      }),
      business: null,
      counts: Object.freeze({ replies: h.replies, reopens: h.reopens, resolutions: 0, assigneeStations: 0, groupStations: 0, uniqueAssignees: 0 }),
      finalStatus: status,
      firstReplyAt,
      firstResolvedAt,
      lastResolvedAt,
      schedule: null,
      reasons,
      ticket: Object.freeze({
        id: h.ticketId,
        createdAt,
        firstResponseAt: firstReplyAt,
        resolvedAt: h.fullResolutionTime === null ? null : lastResolvedAt,
        closedAt: null,
        status,
        reopened: h.reopens > 0,
        pausedMs: h.agentWaitTime + h.onHoldTime,
        agent: null,
        team: null,
        firstResolvedAt,
        requesterWaitMs: h.requesterWaitTime,
        agentWaitMs: h.agentWaitTime,
        onHoldMs: h.onHoldTime,
        agentWorkMs: h.agentWorkTime,
        replyCount: h.replies,
        reopenCount: h.reopens,
      }),
    }),
  );
}

const days = [['09:00', '17:00']];
const spec = { timeZone: 'Europe/Berlin', hours: { mon: days, tue: days, wed: days, thu: days, fri: days }, holidays: ['2024-12-25', '2024-12-26'] };
const calendar = businessCalendar(spec);
const options = { schedules: { eu: calendar } }; // one calendar, reused (as the docs advise)
const FIELDS = ['firstReplyTime', 'firstResolutionTime', 'fullResolutionTime', 'agentWorkTime', 'requesterWaitTime', 'agentWaitTime', 'onHoldTime'];

// Same figures first, on every ticket, in calendar and business time.
for (const [label, lib, hand, part] of [
  ['calendar', ticketMetrics({ events }), handLoop(events), 'calendar'],
  ['business', ticketMetrics({ events }, options), handLoop(events, calendar), 'business'],
]) {
  if (lib.tickets.length !== TICKETS || hand.length !== TICKETS) throw new Error(`${label}: ${lib.tickets.length} rows, hand loop ${hand.length}`);
  for (let t = 0; t < TICKETS; t++) {
    const row = lib.tickets[t];
    const h = hand[t];
    const got = { ticketId: row.ticketId, ...row[part], replies: row.counts.replies, reopens: row.counts.reopens };
    for (const key of ['ticketId', ...FIELDS, 'replies', 'reopens'])
      if (got[key] !== h[key]) throw new Error(`${label}: ticket ${h.ticketId} ${key}: ticketMetrics ${got[key]}, hand loop ${h[key]}`);
  }
}
// The columns too, against the hand loop's columns (NaN and NaN agree).
for (const [label, lib, hand, part] of [
  ['calendar columns', ticketMetrics({ events }, { output: 'columns' }), handLoopColumns(events), 'calendar'],
  ['business columns', ticketMetrics({ events }, { ...options, output: 'columns' }), handLoopColumns(events, calendar), 'business'],
]) {
  if (lib.length !== TICKETS || hand.length !== TICKETS) throw new Error(`${label}: ${lib.length} tickets, hand loop ${hand.length}`);
  const columns = { ticketId: lib.columns.ticketId, ...lib.columns[part], replies: lib.columns.counts.replies, reopens: lib.columns.counts.reopens };
  for (const key of ['ticketId', ...FIELDS, 'replies', 'reopens'])
    for (let t = 0; t < TICKETS; t++)
      if (!Object.is(columns[key][t], hand[key][t]))
        throw new Error(`${label}: ticket ${hand.ticketId[t]} ${key}: ticketMetrics ${columns[key][t]}, hand loop ${hand[key][t]}`);
}
const statusEvents = events.filter((e) => e.kind === 'status').length;
const comments = events.filter((e) => e.kind === 'comment').length;
console.log(
  `${N} events of ${TICKETS} tickets (${statusEvents} status, ${comments} comments, ${N - statusEvents - comments} assignee/group), ` +
    'sorted by ticket then time; ticketMetrics and the hand loop agree on every ticket, as rows and as columns',
);

const opts = quick ? { minMs: 300, minRuns: 3, rounds: 2 } : { minMs: 2000, minRuns: 5, rounds: 3 };
const withRate = (rows) => {
  for (const row of rows) row.name = `${row.name}`.padEnd(46) + `${((N / row.ms) * 1000).toExponential(2)} events/s`.padStart(22);
  return rows;
};
const calendarRows = compare(
  { name: 'hand loop (calendar)', fn: () => handLoop(events).length },
  [
    { name: 'ticketMetrics (calendar)', fn: () => ticketMetrics({ events }).tickets.length },
    { name: 'floor: hand loop, rows shaped as the result', fn: () => handLoopShaped(events).length },
  ],
  opts,
);
const businessRows = compare(
  { name: 'hand loop + calendar.duration()', fn: () => handLoop(events, calendar).length },
  [{ name: 'ticketMetrics (one schedule)', fn: () => ticketMetrics({ events }, options).tickets.length }],
  opts,
);
const columnsOptions = { output: 'columns' };
const businessColumnsOptions = { ...options, output: 'columns' };
const calendarColumns = compare(
  { name: 'hand loop into typed arrays (calendar)', fn: () => handLoopColumns(events).length },
  [{ name: 'ticketMetrics (columns)', fn: () => ticketMetrics({ events }, columnsOptions).length }],
  opts,
);
const businessColumns = compare(
  { name: 'hand loop into typed arrays + duration()', fn: () => handLoopColumns(events, calendar).length },
  [{ name: 'ticketMetrics (columns, one schedule)', fn: () => ticketMetrics({ events }, businessColumnsOptions).length }],
  opts,
);
withRate(calendarRows);
report(`ticketMetrics over ${N} events, calendar time`, calendarRows.slice(0, 2), 3);
const floor = calendarRows[2];
console.log(`${floor.name}  ${floor.ms.toFixed(2).padStart(9)} ms  ${floor.ratio.toFixed(2).padStart(6)}x  (the cost of the result's shape alone)`);
report(`ticketMetrics over ${N} events, one business schedule (Europe/Berlin)`, withRate(businessRows), 3);
report(`ticketMetrics (output: 'columns') over ${N} events, calendar time`, withRate(calendarColumns), 3);
report(`ticketMetrics (output: 'columns') over ${N} events, one business schedule (Europe/Berlin)`, withRate(businessColumns), 3);

// The heap a result keeps alive (after a full GC), per ticket, plus the bytes of its typed arrays
// (their buffers live outside the heap; each array counted once).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const bufferBytes = (value, seen = new Set()) => {
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return 0;
  let sum = 0;
  for (const v of Object.values(value)) sum += bufferBytes(v, seen);
  return sum;
};
const retained = (make) => {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  const bytes = process.memoryUsage().heapUsed - before + bufferBytes(kept);
  if (kept === null) throw new Error('unreachable');
  return bytes / TICKETS;
};
const heap = {
  hand: retained(() => handLoop(events)),
  handColumns: retained(() => handLoopColumns(events)),
  rows: retained(() => ticketMetrics({ events })),
  rowsSchedule: retained(() => ticketMetrics({ events }, options)),
  columns: retained(() => ticketMetrics({ events }, columnsOptions)),
  columnsSchedule: retained(() => ticketMetrics({ events }, businessColumnsOptions)),
};
const b = (x) => `${x.toFixed(0)} B`;
console.log(
  `\nretained heap per ticket: hand loop ${b(heap.hand)} (into typed arrays ${b(heap.handColumns)}), ` +
    `ticketMetrics ${b(heap.rows)} (with a schedule ${b(heap.rowsSchedule)}), columns ${b(heap.columns)} (with a schedule ${b(heap.columnsSchedule)})`,
);

console.log(
  `\nhistories: ticketMetrics ${calendarRows[1].ratio.toFixed(2)}x the hand loop in calendar time, ` +
    `${businessRows[1].ratio.toFixed(2)}x with one schedule (target ≤ 3x); rows shaped as the result alone ${floor.ratio.toFixed(2)}x; ` +
    `output: 'columns' ${calendarColumns[1].ratio.toFixed(2)}x the hand loop into typed arrays in calendar time, ${businessColumns[1].ratio.toFixed(2)}x with one schedule`,
);

// The benches run one after another in one process: let the events go before the next one.
events.length = 0;
