import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { abandonmentRate } from '../../src/contact-center/abandonment-rate.js';
import { byPeriod, byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegment, bySegmentAccumulator } from '../../src/grouping/by-segment.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionRate } from '../../src/support/resolution-rate.js';
import { volumeByChannel } from '../../src/support/volume-by-channel.js';
import { type PeriodUnit } from '../../src/time/period.js';
import { thrown } from '../helpers.js';

const DAY = 86_400_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2024, 5, 1);

type Row = Record<string, unknown>;

/** Tickets, some invalid (response before creation, unreadable createdAt, no createdAt, not an object). */
const validTicket = fc
  .record({
    created: fc.integer({ min: FROM, max: TO }),
    asString: fc.boolean(),
    response: fc.option(fc.integer({ min: 0, max: 5 * DAY }), { nil: undefined }),
    status: fc.constantFrom('open', 'solved', 'closed', 'pending'),
    channel: fc.constantFrom('email', 'chat', 'phone', null, undefined),
  })
  .map((r): Row => {
    const at = (ms: number) => (r.asString ? new Date(ms).toISOString() : ms);
    const t: Row = { createdAt: at(r.created), status: r.status };
    if (r.response !== undefined) t['firstResponseAt'] = at(r.created + r.response);
    if (r.channel !== undefined) t['channel'] = r.channel;
    return t;
  });
const tickets = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: validTicket },
    { weight: 1, arbitrary: validTicket.map((t): Row => ({ ...t, firstResponseAt: FROM - DAY })) },
    { weight: 1, arbitrary: validTicket.map((t): Row => ({ ...t, createdAt: 'yesterday' })) },
    { weight: 1, arbitrary: validTicket.map(({ createdAt: _c, ...t }): Row => t) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('not a ticket', null) },
  ),
  { maxLength: 50 },
);

const exclude = { onInvalid: 'exclude' } as const;
const METRICS = [
  { name: 'firstResponseTime', metric: firstResponseTime, options: { ...exclude, percentiles: [90] } },
  { name: 'resolutionRate', metric: resolutionRate, options: exclude },
  { name: 'volumeByChannel', metric: volumeByChannel, options: exclude },
] as const;

/** Cut points splitting `n` records into consecutive shards. */
const cuts = fc.array(fc.nat(), { maxLength: 4 });
function shardsOf<T>(records: readonly T[], at: readonly number[]): { offset: number; records: T[] }[] {
  const points = [...new Set(at.map((c) => (records.length === 0 ? 0 : c % (records.length + 1))))].sort((a, b) => a - b);
  const bounds = [0, ...points, records.length];
  const shards: { offset: number; records: T[] }[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) shards.push({ offset: bounds[i] as number, records: records.slice(bounds[i], bounds[i + 1]) });
  return shards;
}

describe('byPeriodAccumulator and bySegmentAccumulator', () => {
  it('shards added (one by one or in batches with their offset) and merged in any order = byPeriod over the whole array', () => {
    fc.assert(
      fc.property(
        tickets,
        fc.constantFrom(...METRICS),
        fc.constantFrom<PeriodUnit>('day', 'week', 'month'),
        fc.constantFrom('UTC', 'Europe/Berlin'),
        fc.constantFrom<'createdAt' | 'firstResponseAt'>('createdAt', 'firstResponseAt'),
        fc.boolean(),
        cuts,
        fc.boolean(),
        fc.boolean(),
        (records, m, period, timeZone, at, fill, cutAt, oneByOne, reverse) => {
          // Place-by timestamps before creation are not malformed: they only make the record invalid for the metric.
          const options = { period, timeZone, at, fill };
          const expected = byPeriod(m.metric as typeof firstResponseTime, records, options, m.options as never);
          const shards = shardsOf(records, cutAt).map(({ offset, records: part }) => {
            const acc = byPeriodAccumulator(m.metric as typeof firstResponseTime, options, m.options as never);
            if (oneByOne) part.forEach((r, i) => acc.add(r, offset + i));
            else acc.addAll(part, offset);
            return acc;
          });
          if (reverse) shards.reverse();
          const [first, ...rest] = shards;
          const merged = rest.reduce((a, b) => a.merge(b), first!);
          expect(merged.n).toBe(records.length);
          expect(merged.result()).toEqual(expected);
          // result() leaves the accumulator as it was.
          expect(merged.result()).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shards merged in any order = bySegment over the whole array', () => {
    fc.assert(
      fc.property(tickets, fc.constantFrom(...METRICS), fc.constantFrom('channel', 'status'), cuts, fc.boolean(), (records, m, by, cutAt, reverse) => {
        const expected = bySegment(m.metric as typeof firstResponseTime, records, by, m.options as never);
        const shards = shardsOf(records, cutAt).map(({ offset, records: part }) =>
          bySegmentAccumulator(m.metric as typeof firstResponseTime, by, m.options as never).addAll(part, offset),
        );
        if (reverse) shards.reverse();
        const [first, ...rest] = shards;
        const merged = rest.reduce((a, b) => a.merge(b), first!);
        expect(merged.n).toBe(records.length);
        expect(merged.result()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('contact metrics: placed by offeredAt, as byPeriod places them', () => {
    const contacts = [
      { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z', queue: 'sales' },
      { offeredAt: '2024-05-06T09:00:00Z', abandonedAt: '2024-05-06T09:01:00Z', queue: 'sales' },
      { offeredAt: '2024-05-07T08:00:00Z', answeredAt: '2024-05-07T08:00:10Z', queue: 'billing' },
    ];
    const acc = byPeriodAccumulator(abandonmentRate, { period: 'day' }).addAll(contacts);
    // Hand count: 6 May, 1 of 2 abandoned; 7 May, 0 of 1.
    expect(acc.result().periods.map((p) => [p.key, p.result.value])).toEqual([
      ['2024-05-06', 0.5],
      ['2024-05-07', 0],
    ]);
    expect(bySegmentAccumulator(abandonmentRate, 'queue').addAll(contacts).result()).toEqual(bySegment(abandonmentRate, contacts, 'queue'));
  });

  it('rejects what byPeriod and bySegment reject, and merges of another kind', () => {
    expect(thrown(() => byPeriodAccumulator(firstResponseTime, { period: 'year' as never })).issues[0]?.path).toEqual(['options', 'period']);
    expect(thrown(() => byPeriodAccumulator({} as never, { period: 'day' })).issues[0]?.path).toEqual(['metric']);
    expect(thrown(() => byPeriodAccumulator(firstResponseTime, { period: 'day' }, { percentiles: [101] })).message).toMatch(/percentiles/);
    // A malformed place-by timestamp other than createdAt names the record and field.
    const acc = byPeriodAccumulator(firstResponseTime, { period: 'day', at: 'firstResponseAt' });
    acc.add({ createdAt: 0, firstResponseAt: 1000 });
    expect(thrown(() => acc.add({ createdAt: 0, firstResponseAt: 'later' })).issues[0]?.path).toEqual(['tickets', 1, 'firstResponseAt']);
    expect(thrown(() => acc.add({ createdAt: 0 }, -1)).issues[0]?.path).toEqual(['index']);
    expect(thrown(() => acc.addAll('x')).issues[0]?.path).toEqual(['tickets']);
    const fnAt = byPeriodAccumulator(firstResponseTime, { period: 'day', at: () => 'soon' });
    expect(thrown(() => fnAt.add({ createdAt: 0 })).issues[0]?.path).toEqual(['tickets', 0]);
    const other = byPeriodAccumulator(firstResponseTime, { period: 'month', at: 'firstResponseAt' });
    expect([thrown(() => acc.merge(other)).code, thrown(() => acc.merge(other)).path]).toEqual(['incompatible', ['other', 'options', 'period']]);
    expect(thrown(() => acc.merge(byPeriodAccumulator(resolutionRate, { period: 'day', at: 'firstResponseAt' }) as never)).code).toBe('incompatible');

    expect(thrown(() => bySegmentAccumulator(firstResponseTime, '')).issues[0]?.path).toEqual(['by']);
    const seg = bySegmentAccumulator(firstResponseTime, 'channel');
    expect(thrown(() => seg.add({ createdAt: 0, channel: {} })).issues[0]?.path).toEqual(['tickets', 0, 'channel']);
    expect(thrown(() => seg.addAll(null as never)).issues[0]?.path).toEqual(['tickets']);
    expect(() => seg.merge(bySegmentAccumulator(firstResponseTime, 'agent'))).toThrow(KpiInputError);
  });
});
