/**
 * byPeriod with `by` (period × segment) and its accumulator: golden cells computed by hand,
 * properties (cells merged over segments = the period row, over periods = bySegment's segment),
 * merge ≡ one pass, JSON round trip, and bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { abandonmentRate } from '../../src/contact-center/abandonment-rate.js';
import { type ByPeriodSegmentsAccumulator, byPeriod, byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { type SegmentKey, bySegment } from '../../src/grouping/by-segment.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionRate } from '../../src/support/resolution-rate.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;
const DAY = 86_400_000;

// Five tickets over two months and two channels.
const TICKETS = [
  { createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 10 * MIN, status: 'solved', channel: 'chat' },
  { createdAt: '2024-01-09T10:00:00Z', firstResponseMs: 30 * MIN, status: 'open', channel: 'email' },
  { createdAt: '2024-01-20T10:00:00Z', firstResponseMs: 50 * MIN, status: 'solved', channel: 'email' },
  { createdAt: '2024-02-02T09:00:00Z', firstResponseMs: 20 * MIN, status: 'solved', channel: 'chat' },
  { createdAt: '2024-02-03T09:00:00Z', firstResponseMs: 40 * MIN, status: 'open', channel: 'chat' },
];

/** `[key, count, value]` of each segment. */
const cells = (segments: readonly { key: SegmentKey; count: number; result: { value: unknown } }[]) => segments.map((s) => [s.key, s.count, s.result.value]);

describe('byPeriod with by (period × segment)', () => {
  it('gives each period its segments, and the segments over all tickets (golden)', () => {
    const r = byPeriod(firstResponseTime, TICKETS, { period: 'month', by: 'channel' });
    // January: chat 10 min (1 ticket); email (30 + 50) / 2 = 40 min (2 tickets) — most tickets
    // first. The row: (10 + 30 + 50) / 3 = 30 min.
    // February: chat (20 + 40) / 2 = 30 min (2 tickets); no email. The row: 30 min.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, cells(p.segments)])).toEqual([
      [
        '2024-01',
        3,
        30 * MIN,
        [
          ['email', 2, 40 * MIN],
          ['chat', 1, 10 * MIN],
        ],
      ],
      ['2024-02', 2, 30 * MIN, [['chat', 2, 30 * MIN]]],
    ]);
    // Over both months: chat (10 + 20 + 40) / 3 = 70 / 3 min (3 tickets); email 40 min (2 tickets).
    expect(cells(r.segments)).toEqual([
      ['chat', 3, (70 * MIN) / 3],
      ['email', 2, 40 * MIN],
    ]);
    // Total: (10 + 30 + 50 + 20 + 40) / 5 = 150 / 5 = 30 min; change Jan → Feb: 30 − 30 = 0.
    expect(r.total.value).toBe(30 * MIN);
    expect(r.periods[1]!.change).toEqual({ value: 0, relative: 0, reason: null });
    expect([r.by, r.undated]).toEqual(['channel', null]);
    expect(Object.isFrozen(r.periods[0]!.segments)).toBe(true);
  });

  it('works for a counting metric, a filled empty period and undated tickets (golden)', () => {
    const tickets = [
      ...TICKETS,
      { createdAt: '2024-04-01T00:00:00Z', status: 'solved', channel: 'email' },
      { createdAt: 'soon', status: 'solved', channel: 'chat' }, // invalid: excluded, undated
    ];
    const r = byPeriod(resolutionRate, tickets, { period: 'month', by: 'channel' }, { onInvalid: 'exclude' });
    // Resolution rate = resolved / tickets. January: chat 1/1 = 1, email 1/2 = 0.5, row 2/3.
    // February: chat 1/2 = 0.5, row 0.5. March: empty (filled). April: email 1/1 = 1.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, cells(p.segments)])).toEqual([
      [
        '2024-01',
        3,
        2 / 3,
        [
          ['email', 2, 0.5],
          ['chat', 1, 1],
        ],
      ],
      ['2024-02', 2, 0.5, [['chat', 2, 0.5]]],
      ['2024-03', 0, null, []],
      ['2024-04', 1, 1, [['email', 1, 1]]],
    ]);
    // The invalid ticket is undated (its createdAt unreadable): its chat segment counts it, excluded.
    expect(r.undated?.count).toBe(1);
    expect(r.undated?.segments.map((s) => [s.key, s.count, s.result.excluded.invalid])).toEqual([['chat', 1, 1]]);
    // Over all: chat 2 resolved of 3 valid (1 invalid excluded); email 2 resolved of 3.
    expect(r.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      ['chat', 4, 2 / 3],
      ['email', 3, 2 / 3],
    ]);
    expect(r.total.value).toBe(4 / 6);
  });

  it('takes a key function, and contacts', () => {
    const r = byPeriod(firstResponseTime, TICKETS, { period: 'month', by: (t: { firstResponseMs: number }) => t.firstResponseMs > 25 * MIN });
    expect(r.by).toBe('function');
    expect(cells(r.periods[0]!.segments)).toEqual([
      [true, 2, 40 * MIN],
      [false, 1, 10 * MIN],
    ]);
    const contacts = [
      { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z', queue: 'sales' },
      { offeredAt: '2024-05-06T09:00:00Z', abandonedAt: '2024-05-06T09:01:00Z', queue: 'sales' },
      { offeredAt: '2024-05-07T08:00:00Z', answeredAt: '2024-05-07T08:00:10Z', queue: 'billing' },
    ];
    // 6 May: sales 1 abandoned of 2 = 0.5. 7 May: billing 0 of 1.
    const c = byPeriod(abandonmentRate, contacts, { period: 'day', by: 'queue' });
    expect(c.periods.map((p) => [p.key, cells(p.segments)])).toEqual([
      ['2024-05-06', [['sales', 2, 0.5]]],
      ['2024-05-07', [['billing', 1, 0]]],
    ]);
  });

  it('the accumulator gives the same, through JSON and merged', () => {
    const one = byPeriod(firstResponseTime, TICKETS, { period: 'month', by: 'channel' });
    const a = byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' }).addAll(TICKETS.slice(0, 2));
    const b = byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' }).addAll(TICKETS.slice(2), 2);
    const json = JSON.parse(JSON.stringify(b)) as unknown;
    expect((json as { options: { by: string } }).options.by).toBe('channel');
    const restored = byPeriodAccumulator.fromJSON(json, firstResponseTime) as ByPeriodSegmentsAccumulator<ReturnType<typeof firstResponseTime>>;
    expect(a.merge(restored).result()).toEqual(one);
    // A state without `by` is written as before: no `by` among its options.
    expect(Object.keys(byPeriodAccumulator(firstResponseTime, { period: 'month' }).toJSON().options)).not.toContain('by');
  });

  it('rejects a bad by, a key that is not a key, and mixing with and without by', () => {
    const e = thrown(() => byPeriod(firstResponseTime, TICKETS, { period: 'month', by: 42 as never }));
    expect(e).toBeInstanceOf(KpiInputError);
    expect(e.issues[0]).toMatchObject({ code: 'invalid_type', path: ['options', 'by'] });
    expect(thrown(() => byPeriod(firstResponseTime, TICKETS, { period: 'month', by: '' })).issues[0]?.path).toEqual(['options', 'by']);
    expect(thrown(() => byPeriodAccumulator(firstResponseTime, { period: 'month', by: {} as never })).issues[0]?.path).toEqual(['options', 'by']);
    const key = thrown(() => byPeriod(firstResponseTime, [TICKETS[0], { ...TICKETS[1], channel: { name: 'x' } }], { period: 'month', by: 'channel' }));
    expect(key.issues[0]).toMatchObject({ code: 'invalid_type', path: ['tickets', 1, 'channel'] });
    const plain = byPeriodAccumulator(firstResponseTime, { period: 'month' });
    const split = byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' });
    expect(thrown(() => plain.merge(split)).code).toBe('incompatible');
    const fn = byPeriodAccumulator(firstResponseTime, { period: 'month', by: () => 'x' });
    expect(thrown(() => fn.toJSON()).issues[0]?.path).toEqual(['options', 'by']);
    const forged = { ...split.toJSON(), options: { ...split.toJSON().options, by: 'function' } };
    expect(thrown(() => byPeriodAccumulator.fromJSON(forged, firstResponseTime)).issues[0]?.path).toEqual(['options', 'by']);
  });
});

// Tickets over four months in three channels (and none), some invalid.
const ticket = fc
  .record({
    created: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 4, 1) }),
    response: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: undefined }),
    status: fc.constantFrom('open', 'solved'),
    channel: fc.constantFrom('email', 'chat', 'phone', null),
    bad: fc.integer({ min: 0, max: 9 }),
  })
  .map((r): Record<string, unknown> => ({
    createdAt: r.bad === 0 ? 'soon' : r.created,
    ...(r.response === undefined ? {} : { firstResponseMs: r.response }),
    status: r.status,
    channel: r.channel,
  }));
const METRICS = [
  { metric: firstResponseTime, options: { onInvalid: 'exclude', percentiles: [90] } },
  { metric: resolutionRate, options: { onInvalid: 'exclude' } },
] as const;

describe('byPeriod with by: properties', () => {
  it('each period row is its cells merged over segments; each segment is its cells merged over periods; both = byPeriod and bySegment', () => {
    fc.assert(
      fc.property(
        fc.array(ticket, { maxLength: 40 }),
        fc.constantFrom(...METRICS),
        fc.constantFrom('week', 'month'),
        (tickets, { metric, options }, period) => {
          const m = metric as typeof firstResponseTime;
          const r = byPeriod(m, tickets, { period: period, by: 'channel' }, options as never);
          const plain = byPeriod(m, tickets, { period: period }, options as never);
          // The period rows are byPeriod's; the segments over all tickets are bySegment's.
          expect(r.periods.map(({ segments: _s, ...row }) => row)).toEqual(plain.periods);
          expect(r.total).toEqual(plain.total);
          expect(r.segments).toEqual(bySegment(m, tickets, 'channel', options as never).segments);
          // Each period's segments are bySegment over the period's tickets (placed by createdAt).
          for (const p of r.periods) {
            const own = tickets.filter((t) => typeof t['createdAt'] === 'number' && t['createdAt'] >= p.startMs && t['createdAt'] < p.endMs);
            // (No invalid ticket is placed in a period: the invalid ones, createdAt unreadable, are undated.)
            expect(p.segments).toEqual(bySegment(m, own, 'channel', options as never).segments);
            expect(p.segments.reduce((n, s) => n + s.count, 0)).toBe(p.count);
          }
          // Each segment's count is the sum of its cells over the periods and the undated.
          for (const s of r.segments) {
            const inCells = [...r.periods.map((p) => p.segments), r.undated?.segments ?? []].flat().filter((c) => c.key === s.key);
            expect(inCells.reduce((n, c) => n + c.count, 0)).toBe(s.count);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merged shards of the accumulator (through JSON) = byPeriod with by in one pass', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 40 }), fc.nat(40), (tickets, cut) => {
        const at = Math.min(cut, tickets.length);
        const options = { period: 'month', by: 'channel' } as const;
        const metricOptions = { onInvalid: 'exclude' } as const;
        const a = byPeriodAccumulator(resolutionRate, options, metricOptions).addAll(tickets.slice(0, at));
        const b = byPeriodAccumulator(resolutionRate, options, metricOptions).addAll(tickets.slice(at), at);
        const shipped = byPeriodAccumulator.fromJSON(JSON.parse(JSON.stringify(b)), resolutionRate) as ByPeriodSegmentsAccumulator<
          ReturnType<typeof resolutionRate>
        >;
        expect(a.merge(shipped).result()).toEqual(byPeriod(resolutionRate, tickets, options, metricOptions));
      }),
      { numRuns: 60 },
    );
  });
});
