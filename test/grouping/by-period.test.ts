import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byPeriod } from '../../src/grouping/by-period.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionTime } from '../../src/support/resolution-time.js';
import { type PeriodUnit, periodOf } from '../../src/time/period.js';
import { toEpochMs } from '../../src/time/timestamp.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

// Six tickets over five months, as epoch ms and ISO strings.
const TICKETS = [
  { createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 60 * MIN },
  { createdAt: Date.UTC(2024, 0, 20, 8), firstResponseAt: '2024-01-20T10:00:00Z' }, // 120 min
  { createdAt: '2024-03-02T00:00:00Z', firstResponseMs: 30 * MIN },
  { createdAt: '2024-03-31T23:30:00Z', firstResponseMs: 90 * MIN }, // already April 1 in Berlin
  { createdAt: '2024-03-15' }, // unanswered; zone-less: midnight in the zone of reading
  { createdAt: '2024-05-10T12:00:00Z', firstResponseMs: 45 * MIN },
];

describe('byPeriod', () => {
  it('unsorted tickets: a day seen before does not leave the previous range in place (regression)', () => {
    // Jan 5, Feb 10, Jan 5 again (its day already known), then Feb 11: two tickets in each month.
    const at = (m: number, d: number) => Date.UTC(2024, m, d, 12);
    const tickets = [at(0, 5), at(1, 10), at(0, 5), at(1, 11)].map((createdAt) => ({ createdAt, firstResponseMs: 1000 }));
    const r = byPeriod(firstResponseTime, tickets, { period: 'month' });
    expect(r.periods.map((p) => [p.key, p.count])).toEqual([
      ['2024-01', 2],
      ['2024-02', 2],
    ]);
  });

  it('computes the metric per month, listing empty months, with the total (golden)', () => {
    const r = byPeriod(firstResponseTime, TICKETS, { period: 'month' });
    // January: 60 and 120 min → mean 90 min. February: none. March: 30 and 90 min → 60 min, plus one
    // unanswered ticket (3 tickets). April: none. May: 45 min. Every change is null: each month has
    // an empty neighbour (value null).
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, p.change])).toEqual([
      ['2024-01', 2, 90 * MIN, null],
      ['2024-02', 0, null, null],
      ['2024-03', 3, 60 * MIN, null],
      ['2024-04', 0, null, null],
      ['2024-05', 1, 45 * MIN, null],
    ]);
    expect(r.periods[2]!.result.excluded.unanswered).toBe(1);
    expect(r.periods[0]!.startMs).toBe(Date.UTC(2024, 0, 1));
    expect(r.periods[0]!.endMs).toBe(Date.UTC(2024, 1, 1));
    expect(r.periods[1]!.result).toEqual(firstResponseTime({ tickets: [] }));
    // Total: (60 + 120 + 30 + 90 + 45) / 5 = 345 / 5 = 69 min; one unanswered.
    expect(r.total.value).toBe(69 * MIN);
    expect(r.total.excluded.unanswered).toBe(1);
    expect(r.undated).toBeNull();
    expect([r.period, r.timeZone, r.weekStartsOn, r.at]).toEqual(['month', 'UTC', 1, 'createdAt']);
    expect(Object.isFrozen(r.periods[0])).toBe(true);
  });

  it('gives the change from the previous period (golden)', () => {
    const r = byPeriod(firstResponseTime, TICKETS, { period: 'month', fill: false });
    // March: 60 − 90 = −30 min, −30 / 90 = −1/3. May: 45 − 60 = −15 min, −15 / 60 = −0.25.
    expect(r.periods.map((p) => [p.key, p.change])).toEqual([
      ['2024-01', null],
      ['2024-03', { value: -30 * MIN, relative: -1 / 3, reason: null }],
      ['2024-05', { value: -15 * MIN, relative: -0.25, reason: null }],
    ]);
    // From a value of 0 the relative change is undefined (null).
    const zero = byPeriod(
      firstResponseTime,
      [
        { createdAt: '2024-01-01', firstResponseMs: 0 },
        { createdAt: '2024-02-01', firstResponseMs: MIN },
      ],
      { period: 'month' },
    );
    expect(zero.periods[1]!.change).toEqual({ value: MIN, relative: null, reason: 'the previous value is 0: the relative change is undefined' });
  });

  it('places tickets in the time zone: months begin at local midnight (golden, Europe/Berlin)', () => {
    const r = byPeriod(firstResponseTime, TICKETS, { period: 'month', timeZone: 'Europe/Berlin' });
    // 2024-03-31T23:30Z is 2024-04-01 01:30 CEST: April. '2024-03-15' is read as Berlin midnight:
    // March. March: 30 min (and the unanswered one); April: 90 min, +60 min = +200 % (60 / 30 = 2);
    // May: 45 min, −45 min = −50 %.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, p.change])).toEqual([
      ['2024-01', 2, 90 * MIN, null],
      ['2024-02', 0, null, null],
      ['2024-03', 2, 30 * MIN, null],
      ['2024-04', 1, 90 * MIN, { value: 60 * MIN, relative: 2, reason: null }],
      ['2024-05', 1, 45 * MIN, { value: -45 * MIN, relative: -0.5, reason: null }],
    ]);
    // March in Berlin: 00:00 CET on 03-01 = 02-29 23:00Z; April: 00:00 CEST on 04-01 = 03-31 22:00Z.
    expect(r.periods[2]!.startMs).toBe(Date.UTC(2024, 1, 29, 23));
    expect(r.periods[3]!.startMs).toBe(Date.UTC(2024, 2, 31, 22));
    expect(r.timeZone).toBe('Europe/Berlin');
  });

  it('weeks start on Monday by default, or on weekStartsOn (golden)', () => {
    // Saturday May 4, Sunday May 5, Monday May 6, Sunday May 12 (2024); 10, 20, 30, 40 min.
    const tickets = ['2024-05-04T12:00:00Z', '2024-05-05T12:00:00Z', '2024-05-06T12:00:00Z', '2024-05-12T12:00:00Z'].map((createdAt, i) => ({
      createdAt,
      firstResponseMs: (i + 1) * 10 * MIN,
    }));
    // Monday weeks: Apr 29–May 5 {10, 20} → 15 min; May 6–12 {30, 40} → 35 min.
    const monday = byPeriod(firstResponseTime, tickets, { period: 'week' });
    expect(monday.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-04-29', 2, 15 * MIN],
      ['2024-05-06', 2, 35 * MIN],
    ]);
    expect(monday.periods[0]!.endMs - monday.periods[0]!.startMs).toBe(7 * DAY);
    // Sunday weeks: Apr 28–May 4 {10}; May 5–11 {20, 30} → 25 min; May 12–18 {40}.
    const sunday = byPeriod(firstResponseTime, tickets, { period: 'week', weekStartsOn: 0 });
    expect(sunday.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-04-28', 1, 10 * MIN],
      ['2024-05-05', 2, 25 * MIN],
      ['2024-05-12', 1, 40 * MIN],
    ]);
    expect(sunday.weekStartsOn).toBe(0);
  });

  it('quarters, with an empty one filled (golden)', () => {
    const tickets = [
      { createdAt: '2024-01-15T00:00:00Z', firstResponseMs: 10 * MIN },
      { createdAt: '2024-03-31T23:00:00Z', firstResponseMs: 20 * MIN },
      { createdAt: '2024-04-01T00:00:00Z', firstResponseMs: 30 * MIN },
      { createdAt: '2024-11-30T00:00:00Z', firstResponseMs: 40 * MIN },
    ];
    const r = byPeriod(firstResponseTime, tickets, { period: 'quarter' });
    // Q1 {10, 20} → 15 min; Q2 {30}; Q3 none; Q4 {40}. Q2 is 91 days (30 + 31 + 30).
    expect(r.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-Q1', 2, 15 * MIN],
      ['2024-Q2', 1, 30 * MIN],
      ['2024-Q3', 0, null],
      ['2024-Q4', 1, 40 * MIN],
    ]);
    expect(r.periods[1]!.endMs - r.periods[1]!.startMs).toBe(91 * DAY);
    expect(r.periods[1]!.change).toEqual({ value: 15 * MIN, relative: 1, reason: null });
    expect(byPeriod(firstResponseTime, tickets, { period: 'quarter', fill: false }).periods.map((p) => p.key)).toEqual(['2024-Q1', '2024-Q2', '2024-Q4']);
  });

  it('days follow daylight saving: 2024-03-31 in Berlin lasts 23 h (golden)', () => {
    const tickets = ['2024-03-30 12:00', '2024-03-31 12:00', '2024-04-01 12:00'].map((createdAt) => ({ createdAt, firstResponseMs: MIN }));
    const r = byPeriod(firstResponseTime, tickets, { period: 'day', timeZone: 'Europe/Berlin' }, { timeZone: 'Europe/Berlin' });
    // 03-31 00:00 CET = 03-30 23:00Z to 04-01 00:00 CEST = 03-31 22:00Z: 23 h = 82,800,000 ms.
    expect(r.periods.map((p) => [p.key, p.endMs - p.startMs])).toEqual([
      ['2024-03-30', 24 * H],
      ['2024-03-31', 82_800_000],
      ['2024-04-01', 24 * H],
    ]);
    expect(r.periods[1]!.startMs).toBe(Date.UTC(2024, 2, 30, 23));
  });

  it('keeps the placing time zone apart from the metric’s', () => {
    // Placed in Berlin: '2024-04-01 00:30' is April there (03-31 22:30Z). The metric reads both
    // zone-less strings in its own zone (UTC by default): 01:30 − 00:30 = 1 h either way.
    const tickets = [{ createdAt: '2024-04-01 00:30', firstResponseAt: '2024-04-01 01:30' }];
    const r = byPeriod(firstResponseTime, tickets, { period: 'month', timeZone: 'Europe/Berlin' });
    expect(r.periods.map((p) => [p.key, p.result.value])).toEqual([['2024-04', H]]);
    // In UTC the same string is still April (00:30Z); an instant at 03-31 22:30Z is March.
    expect(byPeriod(firstResponseTime, [{ createdAt: Date.UTC(2024, 2, 31, 22, 30), firstResponseMs: 0 }], { period: 'month' }).periods[0]!.key).toBe(
      '2024-03',
    );
  });

  it('lists tickets without the timestamp as undated, and counts them in the total (golden)', () => {
    const tickets = [
      { createdAt: '2024-01-10T08:00:00Z', resolvedAt: '2024-01-10T12:00:00Z', status: 'solved' }, // Jan, 4 h
      { createdAt: '2024-01-31T20:00:00Z', resolvedAt: '2024-02-01T02:00:00Z', status: 'solved' }, // resolved in Feb, 6 h
      { createdAt: '2024-01-15T00:00:00Z', status: 'open' },
      { createdAt: '2024-02-03T00:00:00Z', resolvedAt: null, status: 'open' },
    ];
    const r = byPeriod(resolutionTime, tickets, { period: 'month', at: 'resolvedAt' });
    // Feb: 6 h − 4 h = +2 h, +2 / 4 = +0.5.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, p.change])).toEqual([
      ['2024-01', 1, 4 * H, null],
      ['2024-02', 1, 6 * H, { value: 2 * H, relative: 0.5, reason: null }],
    ]);
    expect(r.undated!.count).toBe(2);
    expect(r.undated!.result.value).toBeNull();
    expect(r.undated!.result.excluded.unresolved).toBe(2);
    // Total: (4 + 6) / 2 = 5 h, two unresolved.
    expect(r.total.value).toBe(5 * H);
    expect(r.total.excluded.unresolved).toBe(2);
    expect(r.at).toBe('resolvedAt');
  });

  it('places by a function of the ticket and its index', () => {
    const tickets = [
      { createdAt: 0, firstResponseMs: MIN, day: '2024-06-01' },
      { createdAt: 0, firstResponseMs: 3 * MIN, day: '2024-06-01' },
      { createdAt: 0, firstResponseMs: 5 * MIN, day: null },
    ];
    const r = byPeriod(firstResponseTime, tickets, { period: 'day', at: (t: { day: string | null }) => t.day });
    expect(r.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([['2024-06-01', 2, 2 * MIN]]);
    expect(r.undated!.count).toBe(1);
    expect(r.at).toBe('function');
    expect(byPeriod(firstResponseTime, tickets, { period: 'day', at: (_t, i) => Date.UTC(2024, 0, 1 + i) }).periods.map((p) => p.key)).toEqual([
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
    ]);
  });

  it('lets the metric report tickets without a readable createdAt, under its onInvalid', () => {
    const tickets = [{ createdAt: '2024-01-01', firstResponseMs: MIN }, { createdAt: 'soon', firstResponseMs: MIN }, 'not a ticket'];
    const e = thrown(() => byPeriod(firstResponseTime, tickets, { period: 'month' }));
    expect([e.fn, e.path]).toEqual(['firstResponseTime', ['tickets', 1, 'createdAt']]);
    const r = byPeriod(firstResponseTime, tickets, { period: 'month' }, { onInvalid: 'exclude' });
    expect(r.undated!.count).toBe(2);
    // The undated count their invalid tickets; the total lists them (once).
    expect(r.undated!.result.excluded).toMatchObject({ invalid: 2, invalidIndices: [], invalidTickets: [] });
    expect(r.total.excluded.invalidIndices).toEqual([1, 2]);
    expect(r.total.excluded.invalidTickets.map((t) => t.index)).toEqual([1, 2]);
    expect(r.periods.map((p) => [p.key, p.count])).toEqual([['2024-01', 1]]);
  });

  it('rejects what it cannot use', () => {
    const o = { period: 'month' } as const;
    expect(thrown(() => byPeriod({} as never, [], o)).path).toEqual(['metric']);
    expect(thrown(() => byPeriod(firstResponseTime, 'x' as never, o)).path).toEqual(['tickets']);
    expect(thrown(() => byPeriod(firstResponseTime, [], undefined as never)).path).toEqual(['options']);
    expect(thrown(() => byPeriod(firstResponseTime, [], {} as never)).path).toEqual(['options', 'period']);
    expect(thrown(() => byPeriod(firstResponseTime, [], { period: 'month', nope: 1 } as never)).path).toEqual(['options', 'nope']);
    expect(thrown(() => byPeriod(firstResponseTime, [], { period: 'month', at: 'updatedAt' } as never)).path).toEqual(['options', 'at']);
    expect(thrown(() => byPeriod(firstResponseTime, [], { period: 'month', fill: 'yes' } as never)).path).toEqual(['options', 'fill']);
    expect(thrown(() => byPeriod(firstResponseTime, [], { period: 'month', timeZone: 'Nowhere' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => byPeriod(firstResponseTime, [], { period: 'week', weekStartsOn: -1 as never })).path).toEqual(['options', 'weekStartsOn']);
    // The metric's options are checked even without tickets.
    expect(thrown(() => byPeriod(firstResponseTime, [], o, { percentiles: [200] })).path).toEqual(['options', 'percentiles', 0]);
    // A malformed timestamp other than createdAt is an error of byPeriod, at the ticket's field.
    const bad = thrown(() =>
      byPeriod(
        resolutionTime,
        [
          { createdAt: 0, resolvedAt: 0 },
          { createdAt: 0, resolvedAt: '2024-02-30' },
        ],
        { period: 'month', at: 'resolvedAt' },
      ),
    );
    expect([bad.fn, bad.code, bad.path]).toEqual(['byPeriod', 'invalid_value', ['tickets', 1, 'resolvedAt']]);
    expect(thrown(() => byPeriod(firstResponseTime, [{ createdAt: 0 }], { period: 'month', at: () => ({}) as never })).path).toEqual(['tickets', 0]);
    // Filling 1970 to 2300 day by day would list ~120,000 periods.
    const far = [{ createdAt: 0 }, { createdAt: Date.UTC(2300, 0, 1) }];
    expect(thrown(() => byPeriod(firstResponseTime, far, { period: 'day' })).path).toEqual(['options', 'fill']);
    expect(byPeriod(firstResponseTime, far, { period: 'day', fill: false }).periods.map((p) => p.key)).toEqual(['1970-01-01', '2300-01-01']);
  });

  it('rejects a contact timestamp field for a ticket metric, naming the ticket fields', () => {
    for (const at of ['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt']) {
      const e = thrown(() => byPeriod(firstResponseTime, [{ createdAt: 0 }], { period: 'month', at: at as never }));
      expect([e.fn, e.code, e.path]).toEqual(['byPeriod', 'invalid_value', ['options', 'at']]);
      expect(e.message).toBe(
        `byPeriod: options.at must be one of 'createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt', 'firstResolvedAt', or a function (ticket, index) => timestamp, got "${at}"`,
      );
    }
    expect(thrown(() => byPeriod(firstResponseTime, 'x' as never, { period: 'month' })).message).toBe('byPeriod: tickets must be an array of tickets, got "x"');
  });

  it('gives no periods for no tickets', () => {
    const r = byPeriod(firstResponseTime, [], { period: 'day' });
    expect(r.periods).toEqual([]);
    expect(r.undated).toBeNull();
    expect(r.total).toEqual(firstResponseTime({ tickets: [] }));
  });

  it('does not mutate the tickets', () => {
    const tickets = structuredClone(TICKETS);
    byPeriod(firstResponseTime, tickets, { period: 'week', timeZone: 'America/New_York' });
    expect(tickets).toEqual(TICKETS);
  });

  describe('properties', () => {
    const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;
    const FROM = Date.UTC(2023, 0, 1);
    const TO = Date.UTC(2025, 0, 1);
    const ticket = fc
      .record({
        created: fc.integer({ min: FROM, max: TO }),
        asString: fc.boolean(),
        response: fc.option(fc.integer({ min: 0, max: 40 * DAY }), { nil: undefined }),
        byTimestamp: fc.boolean(),
      })
      .map(({ created, asString, response, byTimestamp }) => {
        const t: { createdAt: string | number; firstResponseAt?: number; firstResponseMs?: number } = {
          createdAt: asString ? new Date(created).toISOString() : created,
        };
        if (response !== undefined) {
          if (byTimestamp) t.firstResponseAt = created + response;
          else t.firstResponseMs = response;
        }
        return t;
      });
    const setup = fc.record({
      tickets: fc.array(ticket, { maxLength: 60 }),
      timeZone: fc.constantFrom(...ZONES),
      period: fc.constantFrom<PeriodUnit>('day', 'week', 'month', 'quarter'),
      weekStartsOn: fc.constantFrom<0 | 1 | 2 | 3 | 4 | 5 | 6>(0, 1, 2, 3, 4, 5, 6),
      at: fc.constantFrom<'createdAt' | 'firstResponseAt'>('createdAt', 'firstResponseAt'),
      fill: fc.boolean(),
    });
    const metricOptions = { percentiles: [50, 90] };

    it('total = the metric over all tickets; counts add up; each ticket lies in its period; periods ascend and are consecutive when filled', () => {
      fc.assert(
        fc.property(setup, ({ tickets, ...options }) => {
          const r = byPeriod(firstResponseTime, tickets, options, metricOptions);
          expect(JSON.parse(JSON.stringify(r.total))).toEqual(JSON.parse(JSON.stringify(firstResponseTime({ tickets }, metricOptions))));
          expect(r.periods.reduce((s, p) => s + p.count, 0) + (r.undated?.count ?? 0)).toBe(tickets.length);
          // Each ticket's instant lies in [startMs, endMs) of its period, which holds it.
          const byKey = new Map(r.periods.map((p) => [p.key, p]));
          const periodOptions = { period: options.period, timeZone: options.timeZone, weekStartsOn: options.weekStartsOn };
          const counts = new Map<string, number>();
          let undated = 0;
          for (const t of tickets) {
            const at = t[options.at];
            if (at === undefined) {
              undated++;
              continue;
            }
            const own = periodOf(at, periodOptions);
            const row = byKey.get(own.key);
            expect(row?.key).toBe(own.key);
            const ms = toEpochMs(at);
            expect(row!.startMs <= ms && ms < row!.endMs).toBe(true);
            expect([row!.startMs, row!.endMs]).toEqual([own.startMs, own.endMs]);
            counts.set(own.key, (counts.get(own.key) ?? 0) + 1);
          }
          expect(r.undated?.count ?? 0).toBe(undated);
          for (const p of r.periods) expect(p.count).toBe(counts.get(p.key) ?? 0);
          for (let i = 1; i < r.periods.length; i++) {
            const [a, b] = [r.periods[i - 1]!, r.periods[i]!];
            if (options.fill) expect(b.startMs).toBe(a.endMs);
            else expect(b.startMs).toBeGreaterThanOrEqual(a.endMs);
            // The change, recomputed from the two values.
            const [va, vb] = [a.result.value, b.result.value];
            if (va === null || vb === null) expect(b.change).toBeNull();
            else
              expect(b.change).toEqual(
                va === 0
                  ? { value: vb - va, relative: null, reason: 'the previous value is 0: the relative change is undefined' }
                  : { value: vb - va, relative: (vb - va) / Math.abs(va), reason: null },
              );
          }
          if (r.periods.length > 0) expect(r.periods[0]!.change).toBeNull();
        }),
        { numRuns: 150 },
      );
    }, 120_000);

    it('each period’s result is the metric over its own tickets, invalid and unanswered ones included (onInvalid: exclude)', () => {
      // Tickets with a malformed response (a negative duration), a missing createdAt, or no response.
      const mixed = fc.array(
        fc.oneof(
          { weight: 6, arbitrary: ticket },
          { weight: 1, arbitrary: ticket.map((t) => ({ ...t, firstResponseMs: -5 })) },
          { weight: 1, arbitrary: ticket.map(({ createdAt: _c, ...t }) => t) },
        ),
        { maxLength: 60 },
      );
      const metricOpts = { percentiles: [50, 90], onInvalid: 'exclude' as const };
      fc.assert(
        fc.property(mixed, fc.constantFrom<PeriodUnit>('day', 'week', 'month'), fc.constantFrom('UTC', 'Asia/Kolkata'), (tickets, period, timeZone) => {
          const r = byPeriod(firstResponseTime, tickets as never[], { period, timeZone }, metricOpts);
          const own = new Map<string, { tickets: unknown[]; indices: number[] }>();
          const undated: { tickets: unknown[]; indices: number[] } = { tickets: [], indices: [] };
          tickets.forEach((t, i) => {
            const group = 'createdAt' in t ? (own.get(periodOf(t.createdAt, { period, timeZone }).key) ?? { tickets: [], indices: [] }) : undated;
            if ('createdAt' in t) own.set(periodOf(t.createdAt, { period, timeZone }).key, group);
            group.tickets.push(t);
            group.indices.push(i);
          });
          const expectSame = (got: ReturnType<typeof firstResponseTime>, group: { tickets: unknown[]; indices: number[] }) => {
            const want = firstResponseTime({ tickets: group.tickets as never[] }, metricOpts);
            const { excluded: gotExcluded, ...gotRest } = got;
            const { excluded: wantExcluded, ...wantRest } = want;
            expect(gotRest).toEqual(wantRest);
            expect(gotExcluded.unanswered).toBe(wantExcluded.unanswered);
            // A period counts its invalid tickets; the total lists them, by their positions in the whole input.
            expect([gotExcluded.invalid, gotExcluded.invalidIndices, gotExcluded.invalidTickets]).toEqual([wantExcluded.invalid, [], []]);
          };
          for (const p of r.periods) expectSame(p.result, own.get(p.key) ?? { tickets: [], indices: [] });
          if (undated.tickets.length > 0) expectSame(r.undated!.result, undated);
          else expect(r.undated).toBeNull();
          expect(JSON.parse(JSON.stringify(r.total))).toEqual(JSON.parse(JSON.stringify(firstResponseTime({ tickets: tickets as never[] }, metricOpts))));
        }),
        { numRuns: 150 },
      );
    }, 120_000);

    it('days split by a period boundary (zones away from UTC): every ticket lands in its own period', () => {
      // Many tickets in a few days, so that most UTC days are met again after the placer has learnt
      // them, on both sides of a local midnight (day periods) or a month boundary.
      const FROM2 = Date.UTC(2024, 2, 28);
      const dense = fc.array(fc.integer({ min: FROM2, max: FROM2 + 6 * DAY }), { minLength: 1, maxLength: 300 });
      fc.assert(
        fc.property(
          dense,
          fc.constantFrom<PeriodUnit>('day', 'month'),
          fc.constantFrom('Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe', 'Europe/Berlin'),
          (times, period, timeZone) => {
            const tickets = times.map((createdAt) => ({ createdAt, firstResponseMs: 1000 }));
            const r = byPeriod(firstResponseTime, tickets, { period, timeZone, fill: false });
            const want = new Map<string, number>();
            for (const t of times) {
              const key = periodOf(t, { period, timeZone }).key;
              want.set(key, (want.get(key) ?? 0) + 1);
            }
            expect(new Map(r.periods.map((p) => [p.key, p.count]))).toEqual(want);
          },
        ),
        { numRuns: 200 },
      );
    }, 120_000);

    it('with a target, or durations that are not whole ms, each period still equals the metric over its own tickets', () => {
      // These take the ordering path (the grouped figures need integers and no target count).
      const mixed = fc.array(
        fc.record({
          created: fc.integer({ min: FROM, max: TO }),
          ms: fc.oneof(fc.integer({ min: 0, max: 40 * DAY }), fc.double({ min: 0, max: 1e6, noNaN: true })),
        }),
        { minLength: 1, maxLength: 80 },
      );
      fc.assert(
        fc.property(mixed, fc.boolean(), (rows, withTarget) => {
          const tickets = rows.map((t) => ({ createdAt: t.created, firstResponseMs: t.ms }));
          const opts = withTarget ? { percentiles: [50, 90], targetMs: 3_600_000 } : { percentiles: [50, 90] };
          const r = byPeriod(firstResponseTime, tickets, { period: 'month', fill: false }, opts);
          for (const p of r.periods) {
            const own = tickets.filter((t) => periodOf(t.createdAt, { period: 'month' }).key === p.key);
            expect(p.result).toEqual(firstResponseTime({ tickets: own }, opts));
          }
          expect(JSON.parse(JSON.stringify(r.total))).toEqual(JSON.parse(JSON.stringify(firstResponseTime({ tickets }, opts))));
        }),
        { numRuns: 150 },
      );
    }, 120_000);

    it('per-period results do not depend on the order of the tickets', () => {
      fc.assert(
        fc.property(setup, fc.integer(), ({ tickets, ...options }, seed) => {
          const shuffled = tickets
            .map((t, i) => ({ t, k: Math.imul(i + 1, 2_654_435_761) ^ seed }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.t);
          const summary = (ts: typeof tickets) =>
            byPeriod(firstResponseTime, ts, options, metricOptions).periods.map((p) => [
              p.key,
              p.count,
              p.result.n,
              p.result.mean,
              p.result.median,
              p.result.percentiles,
            ]);
          expect(summary(shuffled)).toEqual(summary(tickets));
        }),
        { numRuns: 150 },
      );
    }, 120_000);
  });
});
