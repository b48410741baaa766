/**
 * The totals of the grouped accumulators — a period's total over its segments, each segment over
 * all periods, the total over everything — are taken from their parts without merging them when
 * the metric can (a duration metric reads its parts' durations where they are, from 2,048
 * durations on): each must equal the metric over the same tickets at once. Thousands of tickets
 * (drawn from a seed) over several months and channels, with tickets unanswered and invalid,
 * durations whole or with fractions of a ms (then the parts are merged), targets and percentiles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegmentAccumulator } from '../../src/grouping/by-segment.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { averageHandleTime } from '../../src/support/average-handle-time.js';
import { seededRandom } from '../../scripts/random.mjs';

/** A seeded generator (mulberry32), so that fast-check draws a seed, not thousands of numbers. */
const random = seededRandom;

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const CHANNELS = ['chat', 'email', 'phone', null];

function tickets(seed: number, count: number, fractions: boolean): Record<string, unknown>[] {
  const r = random(seed);
  return Array.from({ length: count }, () => {
    const createdAt = T0 + Math.floor(r() * 90 * DAY);
    const u = r();
    // Mostly answered; some unanswered, a few answered before creation (invalid).
    const wait = Math.floor(-Math.log(1 - r()) * 3_600_000) + (fractions && r() < 0.3 ? 0.5 : 0);
    const firstResponseAt = u < 0.08 ? null : u < 0.1 ? createdAt - 1000 : createdAt + wait;
    return {
      createdAt,
      firstResponseAt,
      channel: CHANNELS[Math.floor(r() * CHANNELS.length)],
      handleTimeMs: r() < 0.1 ? null : Math.floor(r() * 7_200_000) + (fractions && r() < 0.3 ? 0.25 : 0),
    };
  });
}

/** The metric over some tickets at once, as JSON (invalid tickets named by their index among all). */
function direct(
  metric: typeof firstResponseTime | typeof averageHandleTime,
  all: readonly Record<string, unknown>[],
  keep: (t: Record<string, unknown>) => boolean,
  options: object,
): unknown {
  const acc = metric.accumulator.create({ onInvalid: 'exclude', ...options } as never);
  all.forEach((t, i) => {
    if (keep(t)) acc.add(t, i);
  });
  return JSON.parse(JSON.stringify(acc.result())) as unknown;
}

const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;

/** A group's result as a grouping gives it: its invalid tickets counted, not listed (the total lists them). */
function counted(result: unknown): unknown {
  const r = result as { excluded: Record<string, unknown> };
  return { ...r, excluded: { ...r.excluded, invalidIndices: [], invalidTickets: [] } };
}

describe('grouped totals taken from their parts ≡ the metric over the same tickets', () => {
  it('bySegment and byPeriod with by: every total, for duration metrics', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 6_000, max: 9_000 }),
        fc.boolean(),
        fc.constantFrom(firstResponseTime, averageHandleTime),
        fc.record({ percentiles: fc.constantFrom([90], [50, 95], [99.9]), targetMs: fc.constantFrom(undefined, 600_000) }),
        (seed, count, fractions, metric, extra) => {
          const all = tickets(seed, count, fractions);
          const options = { onInvalid: 'exclude', percentiles: extra.percentiles, ...(extra.targetMs === undefined ? {} : { targetMs: extra.targetMs }) };
          const bySegment = bySegmentAccumulator(metric as never, 'channel', options as never);
          const byMonth = byPeriodAccumulator(metric as never, { period: 'month', by: 'channel' }, options as never);
          bySegment.addAll(all);
          byMonth.addAll(all);
          const everything = direct(metric, all, () => true, options);
          const s = bySegment.result() as unknown as { total: unknown; segments: { key: unknown; result: unknown }[] };
          const p = byMonth.result() as unknown as {
            total: unknown;
            segments: { key: unknown; result: unknown }[];
            periods: { key: string; startMs: number; endMs: number; result: unknown; segments: { key: unknown; result: unknown }[] }[];
          };
          expect(json(s.total)).toEqual(everything);
          expect(json(p.total)).toEqual(everything);
          for (const { key, result } of [...s.segments, ...p.segments]) {
            expect(json(result)).toEqual(counted(direct(metric, all, (t) => (t['channel'] ?? null) === key, options)));
          }
          for (const period of p.periods) {
            const inPeriod = (t: Record<string, unknown>) => (t['createdAt'] as number) >= period.startMs && (t['createdAt'] as number) < period.endMs;
            expect(json(period.result)).toEqual(counted(direct(metric, all, inPeriod, options)));
            for (const { key, result } of period.segments) {
              expect(json(result)).toEqual(counted(direct(metric, all, (t) => inPeriod(t) && (t['channel'] ?? null) === key, options)));
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('a grouping lists its first 100 invalid tickets, explained, as the metric over them all', () => {
  // Its parts explain only what the total may list (a listing bound shared by the parts): the total
  // must still list the first 100 by index, with their issues, whatever order the tickets come in
  // and however the shards are split, written as JSON, read back and merged.
  it('over shuffled tickets split into shards, through JSON and merge', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), fc.boolean(), (seed, shards, withPeriods) => {
        const r = random(seed);
        // About a third invalid (a response before creation), so that every part has some.
        const all = tickets(seed, 1_500, false).map((t) => (r() < 0.33 ? { ...t, firstResponseAt: (t['createdAt'] as number) - 1000 } : t));
        const order = all.map((_, i) => i).sort(() => r() - 0.5);
        const options = { onInvalid: 'exclude', percentiles: [90] };
        const make = () =>
          withPeriods
            ? byPeriodAccumulator(firstResponseTime as never, { period: 'month', by: 'channel' }, options as never)
            : bySegmentAccumulator(firstResponseTime as never, 'channel', options as never);
        const parts = Array.from({ length: shards }, make);
        order.forEach((i, k) => parts[k % shards]!.add(all[i], i));
        const restored = parts.map((p) => JSON.parse(JSON.stringify(p.toJSON())) as unknown);
        const merged = withPeriods
          ? byPeriodAccumulator.fromJSON(restored[0], firstResponseTime)
          : bySegmentAccumulator.fromJSON(restored[0], firstResponseTime);
        for (const j of restored.slice(1)) {
          merged.merge((withPeriods ? byPeriodAccumulator.fromJSON(j, firstResponseTime) : bySegmentAccumulator.fromJSON(j, firstResponseTime)) as never);
        }
        const total = (merged.result() as unknown as { total: { excluded: { invalid: number; invalidTickets: unknown[] } } }).total;
        const want = direct(firstResponseTime, all, () => true, options) as { excluded: unknown };
        expect(total.excluded.invalid).toBeGreaterThan(100);
        expect(json(total.excluded)).toEqual(want.excluded);
      }),
      { numRuns: 12 },
    );
  });
});
