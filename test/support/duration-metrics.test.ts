import { describe, expect, it } from 'vitest';
import {
  averageHandleTime,
  averageHandleTimeAccumulator,
  firstResponseTime,
  firstResponseTimeAccumulator,
  resolutionTime,
  resolutionTimeAccumulator,
} from '../../src/support/index.js';
import { thrown } from '../helpers.js';
import { businessCalendar } from '../../src/time/calendar.js';

const MIN = 60_000;
const HOUR = 3_600_000;

describe('firstResponseTime', () => {
  it('Zendesk 2022 §3: created 08:00, first reply 10:00 → 2 h', () => {
    const r = firstResponseTime({ tickets: [{ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T10:00:00Z' }] });
    expect(r.value).toBe(2 * HOUR);
    expect(r.n).toBe(1);
    expect(r.time).toBe('calendar');
  });

  it('gives mean, median, percentiles (R type 7), min, max and counts the unanswered', () => {
    // Responses after 10, 20, 30, 40 and 100 minutes; two tickets unanswered.
    // Mean = 200/5 = 40 min. Median = 30 min. R type 7 p90: h = (5 − 1)·0.9 = 3.6 → 40 + 0.6·(100 − 40) = 76 min.
    // p25: h = 1 → 20 min. Total 200 min.
    const minutes = [30, 10, 100, 20, 40];
    const tickets = [
      ...minutes.map((m, i) => ({ id: i, createdAt: i * HOUR, firstResponseAt: i * HOUR + m * MIN })),
      { id: 'u1', createdAt: 0 },
      { id: 'u2', createdAt: 0, firstResponseAt: null, firstResponseMs: null },
    ];
    const r = firstResponseTime({ tickets }, { percentiles: [25, 90] });
    expect(r.value).toBe(40 * MIN);
    expect(r.mean).toBe(40 * MIN);
    expect(r.median).toBe(30 * MIN);
    expect(r.percentiles).toEqual({ p25: 20 * MIN, p90: 76 * MIN });
    expect(r.min).toBe(10 * MIN);
    expect(r.max).toBe(100 * MIN);
    expect(r.total).toBe(200 * MIN);
    expect(r.excluded).toEqual({ unanswered: 2, invalid: 0, invalidIndices: [], invalidTickets: [] });
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.keys(r)[0]).toBe('value');
  });

  it('takes durations instead of timestamps, and a column of durations', () => {
    const a = firstResponseTime({
      tickets: [
        { createdAt: 0, firstResponseMs: 5 * MIN },
        { createdAt: '2024-01-01', firstResponseMs: 15 * MIN },
      ],
    });
    const b = firstResponseTime({ durations: Float64Array.from([5 * MIN, 15 * MIN]), unanswered: 0 });
    expect(a.value).toBe(10 * MIN);
    expect(b).toEqual(a);
  });

  it('accepts both a timestamp and a duration when they agree within 1 ms', () => {
    const ok = firstResponseTime({ tickets: [{ createdAt: 0, firstResponseAt: 60_000, firstResponseMs: 60_000.5 }] });
    expect(ok.value).toBe(60_000);
    const e = thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseAt: 60_000, firstResponseMs: 30_000 }] }));
    expect(e.code).toBe('inconsistent');
    expect(e.path).toEqual(['tickets', 0, 'firstResponseMs']);
  });

  it('reports SLA compliance against a target', () => {
    // 10, 20, 30, 40, 100 minutes against 30 minutes: 3 within (≤ target) → 0.6.
    const r = firstResponseTime({ durations: [10, 20, 30, 40, 100].map((m) => m * MIN) }, { targetMs: 30 * MIN });
    expect(r.withinTarget).toEqual({ count: 3, share: 0.6, targetMs: 30 * MIN });
  });

  it('gives null, never NaN, when nothing was answered', () => {
    const r = firstResponseTime({ tickets: [{ createdAt: 0 }] });
    expect(r.value).toBeNull();
    expect(r.median).toBeNull();
    expect(r.percentiles).toEqual({ p90: null });
    expect(r.min).toBeNull();
    expect(r.n).toBe(0);
    expect(r.total).toBe(0);
    expect(r.reason).toBe('no durations measured: the mean is undefined');
    expect(firstResponseTime({ tickets: [] })).toMatchObject({ value: null, reason: 'no durations measured: the mean is undefined' });
    // One answered ticket (2 min): a value, so no reason.
    expect(firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: 2 * MIN }] })).toMatchObject({ value: 2 * MIN, reason: null });
  });

  it('raises KpiInputError naming the ticket and field', () => {
    const e1 = thrown(() => firstResponseTime({ tickets: [{ createdAt: 0 }, { createdAt: '2024-13-01' }] as never }));
    expect(e1.path).toEqual(['tickets', 1, 'createdAt']);
    expect(e1.code).toBe('invalid_value');
    const e2 = thrown(() => firstResponseTime({ tickets: [{ createdAt: 10_000, firstResponseAt: 5_000 }] }));
    expect(e2.code).toBe('inconsistent');
    expect(e2.message).toBe('firstResponseTime: tickets[0].firstResponseAt (5000) is before tickets[0].createdAt (10000)');
    const e3 = thrown(() => firstResponseTime({ tickets: [{ firstResponseMs: 5 }] as never }));
    expect(e3.code).toBe('missing');
    expect(e3.path).toEqual(['tickets', 0, 'createdAt']);
    expect(thrown(() => firstResponseTime({ tickets: [null] as never })).path).toEqual(['tickets', 0]);
    expect(thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: -1 }] })).code).toBe('out_of_range');
    expect(thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: NaN }] })).code).toBe('not_finite');
    expect(thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: '5' }] as never })).code).toBe('invalid_type');
    expect(thrown(() => firstResponseTime({ durations: [1, -2] })).path).toEqual(['durations', 1]);
    expect(thrown(() => firstResponseTime({ tickets: 'x' } as never)).path).toEqual(['tickets']);
    expect(thrown(() => firstResponseTime({} as never)).code).toBe('missing');
    expect(thrown(() => firstResponseTime({ tickets: [], durations: [] })).code).toBe('ambiguous');
    expect(thrown(() => firstResponseTime(null as never)).code).toBe('invalid_type');
    expect(thrown(() => firstResponseTime({ tickets: [] }, { percentile: [90] } as never)).path).toEqual(['options', 'percentile']);
    expect(thrown(() => firstResponseTime({ tickets: [] }, { percentiles: [0] })).path).toEqual(['options', 'percentiles', 0]);
    expect(thrown(() => firstResponseTime({ tickets: [] }, { percentiles: 90 } as never)).code).toBe('invalid_type');
    expect(thrown(() => firstResponseTime({ tickets: [] }, { targetMs: -1 })).path).toEqual(['options', 'targetMs']);
    expect(thrown(() => firstResponseTime({ tickets: [] }, { onInvalid: 'skip' } as never)).path).toEqual(['options', 'onInvalid']);
    expect(thrown(() => firstResponseTime({ tickets: [] }, { timeZone: 'Nowhere/City' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => firstResponseTime({ tickets: [] }, { calendar: {} } as never)).path).toEqual(['options', 'calendar']);
  });

  it("with onInvalid: 'exclude', leaves bad tickets out and lists every one", () => {
    const tickets = [
      { createdAt: 0, firstResponseMs: MIN },
      { createdAt: 'yesterday', firstResponseMs: MIN },
      { createdAt: 0, firstResponseMs: 3 * MIN },
      { createdAt: 5 * MIN, firstResponseAt: 0 },
    ];
    const r = firstResponseTime({ tickets }, { onInvalid: 'exclude' });
    expect(r.value).toBe(2 * MIN);
    expect(r.n).toBe(2);
    expect(r.excluded.invalid).toBe(2);
    expect(r.excluded.invalidIndices).toEqual([1, 3]);
    expect(r.excluded.invalidTickets.map((t) => [t.index, t.issues[0]!.code, t.issues[0]!.path])).toEqual([
      [1, 'invalid_value', ['tickets', 1, 'createdAt']],
      [3, 'inconsistent', ['tickets', 3, 'firstResponseAt']],
    ]);
  });

  it('reads zone-less strings in the timeZone option (the duration spans a DST change)', () => {
    // Europe/Berlin leaves DST at 03:00 CEST on 2024-10-27 (clocks back to 02:00): 00:00 → 04:00 local is 5 h.
    const t = { createdAt: '2024-10-27 00:00:00', firstResponseAt: '2024-10-27 04:00:00' };
    expect(firstResponseTime({ tickets: [t] }).value).toBe(4 * HOUR);
    expect(firstResponseTime({ tickets: [t] }, { timeZone: 'Europe/Berlin' }).value).toBe(5 * HOUR);
  });

  it('counts business time with a calendar, and needs timestamps for it', () => {
    // A calendar open 09:00–17:00 UTC every day, to check the wiring (the calendar itself is tested in test/time).
    const day = [['09:00', '17:00']] as const;
    const calendar = businessCalendar({ timeZone: 'UTC', hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } });
    // Created 16:00, answered 10:00 next day: 1 h + 1 h of business time.
    const r = firstResponseTime({ tickets: [{ createdAt: '2024-05-06T16:00:00Z', firstResponseAt: '2024-05-07T10:00:00Z' }] }, { calendar });
    expect(r.value).toBe(2 * HOUR);
    expect(r.time).toBe('business-hours');
    const e = thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: 5 }] }, { calendar }));
    expect(e.code).toBe('missing');
    expect(e.path).toEqual(['tickets', 0, 'firstResponseAt']);
    expect(thrown(() => firstResponseTime({ durations: [1] }, { calendar })).path).toEqual(['options', 'calendar']);
    // An object that only looks like a calendar is rejected: its duration could make tickets vanish.
    const fake = thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseAt: HOUR }] }, { calendar: { duration: () => -5 } as never }));
    expect([fake.code, fake.path]).toEqual(['invalid_type', ['options', 'calendar']]);
  });
});

describe('resolutionTime', () => {
  it('averages resolved tickets only: sum of durations / resolved tickets (Performance guide §1)', () => {
    // Resolved after 4 h and 2 h; one In Progress ticket carries a resolution time but is unresolved;
    // one Solved ticket has no time at all. Mean = (4 + 2) / 2 = 3 h.
    const r = resolutionTime({
      tickets: [
        { createdAt: '2024-05-06T08:00:00Z', resolvedAt: '2024-05-06T12:00:00Z', status: 'Solved' },
        { createdAt: '2024-05-06T09:00:00Z', resolutionMs: 2 * HOUR, status: 'closed' },
        { createdAt: '2024-05-06T10:00:00Z', resolutionMs: 5 * HOUR, status: 'In Progress' },
        { createdAt: '2024-05-06T10:00:00Z', status: 'RESOLVED' },
        { createdAt: '2024-05-06T10:00:00Z', status: 'open' },
      ],
    });
    expect(r.value).toBe(3 * HOUR);
    expect(r.n).toBe(2);
    expect(r.excluded).toEqual({ unresolved: 2, noResolutionTime: 1, invalid: 0, invalidIndices: [], invalidTickets: [] });
  });

  it('without a status, a ticket with a resolution time is resolved', () => {
    const r = resolutionTime({ tickets: [{ createdAt: 0, resolvedAt: HOUR }, { createdAt: 0 }] });
    expect(r.value).toBe(HOUR);
    expect(r.excluded.unresolved).toBe(1);
  });

  it('takes the resolved statuses as an option, case-insensitively', () => {
    const tickets = [
      { createdAt: 0, resolutionMs: HOUR, status: 'Done' },
      { createdAt: 0, resolutionMs: 3 * HOUR, status: 'solved' },
    ];
    expect(resolutionTime({ tickets }).value).toBe(3 * HOUR);
    expect(resolutionTime({ tickets }, { resolvedStatuses: ['DONE', 'Solved'] }).value).toBe(2 * HOUR);
    expect(thrown(() => resolutionTime({ tickets }, { resolvedStatuses: [] })).path).toEqual(['options', 'resolvedStatuses']);
  });

  it('subtracts paused time when asked', () => {
    // 5 h to resolve, 2 h of it pending → 3 h.
    const tickets = [{ createdAt: 0, resolvedAt: 5 * HOUR, pausedMs: 2 * HOUR }];
    expect(resolutionTime({ tickets }).value).toBe(5 * HOUR);
    expect(resolutionTime({ tickets }, { excludePaused: true }).value).toBe(3 * HOUR);
    const e = thrown(() => resolutionTime({ tickets: [{ createdAt: 0, resolvedAt: HOUR, pausedMs: 2 * HOUR }] }, { excludePaused: true }));
    expect(e.code).toBe('inconsistent');
    expect(e.message).toBe('resolutionTime: tickets[0].pausedMs (7200000) is longer than the resolution time it would be subtracted from');
    expect(thrown(() => resolutionTime({ tickets }, { excludePaused: 'yes' } as never)).path).toEqual(['options', 'excludePaused']);
  });

  it('rejects bad tickets with their field', () => {
    expect(thrown(() => resolutionTime({ tickets: [{ createdAt: 0, status: 3 }] as never })).path).toEqual(['tickets', 0, 'status']);
    expect(thrown(() => resolutionTime({ tickets: [{ createdAt: HOUR, resolvedAt: 0 }] })).code).toBe('inconsistent');
    expect(thrown(() => resolutionTime({ tickets: [{ createdAt: 0, resolvedAt: HOUR, resolutionMs: 1 }] })).path).toEqual(['tickets', 0, 'resolutionMs']);
    expect(thrown(() => resolutionTime({ tickets: [{ createdAt: 'x' }] })).path).toEqual(['tickets', 0, 'createdAt']);
  });
});

describe('averageHandleTime', () => {
  it('is (talk + hold + after-contact work) / handled contacts (eDesk 2021 §6, Mopinion 2023 §5)', () => {
    // 10 min and 6 min → 8 min; a ticket without handle time is counted apart.
    const r = averageHandleTime({ tickets: [{ handleTimeMs: 10 * MIN }, { handleTimeMs: 6 * MIN }, {}] });
    expect(r.value).toBe(8 * MIN);
    expect(r.excluded.noHandleTime).toBe(1);
    const t = averageHandleTime({ totalHandleTimeMs: 16 * MIN, handled: 2 });
    expect(t.value).toBe(8 * MIN);
    expect(t.median).toBeNull();
    expect(t.reason).toBeNull();
    expect(averageHandleTime({ totalHandleTimeMs: 0, handled: 0 })).toMatchObject({ value: null, reason: 'no durations measured: the mean is undefined' });
  });

  it('rejects bad totals and handle times', () => {
    expect(thrown(() => averageHandleTime({ totalHandleTimeMs: 5, handled: 0 })).code).toBe('inconsistent');
    expect(thrown(() => averageHandleTime({ totalHandleTimeMs: -5, handled: 1 })).path).toEqual(['totalHandleTimeMs']);
    expect(thrown(() => averageHandleTime({ totalHandleTimeMs: 5, handled: 1.5 })).path).toEqual(['handled']);
    expect(thrown(() => averageHandleTime({ handled: 1 } as never)).code).toBe('missing');
    expect(thrown(() => averageHandleTime({ totalHandleTimeMs: 5, handled: 1, tickets: [] })).code).toBe('ambiguous');
    expect(thrown(() => averageHandleTime({ tickets: [{ handleTimeMs: -1 }] })).path).toEqual(['tickets', 0, 'handleTimeMs']);
  });
});

describe('averageHandleTime over contacts', () => {
  const contacts = [
    { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z', handleTimeMs: 10 * MIN, agent: 'ana' },
    { offeredAt: '2024-05-06T08:05:00Z', answeredAt: '2024-05-06T08:05:40Z', handleTimeMs: 6 * MIN, agent: 'ben' },
    { offeredAt: '2024-05-06T08:09:00Z', abandonedAt: '2024-05-06T08:09:30Z' },
  ];

  it('{ contacts } reads the same records as { tickets }: only handleTimeMs', () => {
    const r = averageHandleTime({ contacts }, { percentiles: [50, 95] });
    expect(r).toEqual(averageHandleTime({ tickets: contacts }, { percentiles: [50, 95] }));
    // (10 + 6) / 2 = 8 min; the abandoned contact has no handle time.
    expect([r.value, r.n, r.excluded.noHandleTime]).toEqual([8 * MIN, 2, 1]);
    expect(averageHandleTime({ contacts: [] }).value).toBeNull();
  });

  it('names a bad contact contacts[i], in errors and in excluded', () => {
    const bad = [...contacts, { offeredAt: 0, handleTimeMs: -1 }];
    const e = thrown(() => averageHandleTime({ contacts: bad }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['contacts', 3, 'handleTimeMs']]);
    expect(e.message).toMatch(/^averageHandleTime: contacts\[3\]\.handleTimeMs must be/);
    const r = averageHandleTime({ contacts: bad }, { onInvalid: 'exclude' });
    expect([r.value, r.excluded.invalid, r.excluded.invalidIndices]).toEqual([8 * MIN, 1, [3]]);
    expect(r.excluded.invalidTickets[0]!.issues[0]!.path).toEqual(['contacts', 3, 'handleTimeMs']);
    expect(r.excluded.invalidTickets[0]!.issues[0]!.message).toContain('contacts[3].handleTimeMs');
    expect(Object.isFrozen(r.excluded.invalidTickets[0])).toBe(true);
    expect(thrown(() => averageHandleTime({ contacts: [null] as never })).path).toEqual(['contacts', 0]);
  });

  it('refuses contacts that are not an array, or given with another input form', () => {
    expect(thrown(() => averageHandleTime({ contacts: 'x' } as never)).path).toEqual(['contacts']);
    expect(thrown(() => averageHandleTime({ contacts, tickets: [] })).code).toBe('ambiguous');
    expect(thrown(() => averageHandleTime({ contacts, durations: [1] })).code).toBe('ambiguous');
    expect(thrown(() => averageHandleTime({ contacts, totalHandleTimeMs: 5, handled: 1 })).path).toEqual(['contacts']);
    expect(thrown(() => averageHandleTime({ contacts }, { calendar: {} } as never)).path).toEqual(['options', 'calendar']);
  });
});

describe('accumulators', () => {
  it('merge shards and round-trip through JSON', () => {
    const a = firstResponseTimeAccumulator.create({ percentiles: [50] });
    const b = firstResponseTimeAccumulator.create({ percentiles: [50] });
    a.addAll([{ createdAt: 0, firstResponseMs: MIN }, { createdAt: 0 }]);
    b.add({ createdAt: 0, firstResponseMs: 3 * MIN }).add({ createdAt: 0, firstResponseMs: 5 * MIN });
    const restored = firstResponseTimeAccumulator.fromJSON(JSON.parse(JSON.stringify(b)));
    a.merge(restored);
    expect(a.n).toBe(4);
    const r = a.result();
    expect(r.value).toBe(3 * MIN);
    expect(r.excluded.unanswered).toBe(1);
    // result() leaves the accumulator usable.
    a.add({ createdAt: 0, firstResponseMs: 7 * MIN });
    expect(a.result().value).toBe(4 * MIN);
  });

  it('reject foreign or malformed states', () => {
    const a = resolutionTimeAccumulator.create();
    expect(thrown(() => a.merge(averageHandleTimeAccumulator.create() as never)).path).toEqual(['other', 'metric']);
    expect(thrown(() => a.merge({} as never)).path).toEqual(['other']);
    expect(thrown(() => resolutionTimeAccumulator.fromJSON({ metric: 'nps' })).fn).toBe('resolutionTimeAccumulator.fromJSON');
    expect(thrown(() => resolutionTimeAccumulator.fromJSON('x')).code).toBe('invalid_type');
    const good = JSON.parse(JSON.stringify(a.toJSON()));
    expect(resolutionTimeAccumulator.fromJSON(good).n).toBe(0);
    expect(thrown(() => resolutionTimeAccumulator.fromJSON({ ...good, state: { ...good.state, excluded: [1] } })).path).toEqual(['state', 'excluded']);
    expect(thrown(() => resolutionTimeAccumulator.fromJSON({ ...good, state: { ...good.state, durations: [-1] } })).path).toEqual(['state', 'durations', 0]);
    expect(thrown(() => resolutionTimeAccumulator.fromJSON({ ...good, invalid: null })).path).toEqual(['invalid']);
    expect(thrown(() => a.addAll('x')).path).toEqual(['tickets']);
    expect(thrown(() => a.add({ createdAt: 'x' }, 41)).path).toEqual(['tickets', 41, 'createdAt']);
  });
});
