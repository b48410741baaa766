import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bySegment, firstResponseTime, resolutionTime } from '../../src/support/index.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;

describe('bySegment', () => {
  it('splits by a field: most tickets first, null (no value) last', () => {
    // chat: 1 and 3 min → mean 2 min; email: 120 min; phone: 10 min; one ticket without a channel: 4 min.
    const tickets = [
      { createdAt: 0, firstResponseMs: 1 * MIN, channel: 'chat' },
      { createdAt: 0, firstResponseMs: 120 * MIN, channel: 'email' },
      { createdAt: 0, firstResponseMs: 3 * MIN, channel: 'chat' },
      { createdAt: 0, firstResponseMs: 4 * MIN },
      { createdAt: 0, firstResponseMs: 10 * MIN, channel: 'phone' },
    ];
    const r = bySegment(firstResponseTime, tickets, 'channel');
    expect(r.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      ['chat', 2, 2 * MIN],
      ['email', 1, 120 * MIN],
      ['phone', 1, 10 * MIN],
      [null, 1, 4 * MIN],
    ]);
    // Total: (1 + 120 + 3 + 4 + 10) / 5 = 27.6 min.
    expect(r.total.value).toBe(27.6 * MIN);
    expect(r.by).toBe('channel');
    expect(Object.isFrozen(r.segments[0])).toBe(true);
  });

  it('splits by a key function, with the metric options', () => {
    const tickets = [
      { createdAt: 0, resolutionMs: 5 * MIN, status: 'solved', priority: 'HIGH' },
      { createdAt: 0, resolutionMs: 7 * MIN, status: 'solved', priority: 'high' },
      { createdAt: 0, resolutionMs: 1 * MIN, status: 'open', priority: 'low' },
    ];
    const r = bySegment(resolutionTime, tickets, (t: { priority: string }) => t.priority.toLowerCase(), { percentiles: [50] });
    expect(r.segments.map((s) => [s.key, s.result.value, s.result.excluded.unresolved])).toEqual([
      ['high', 6 * MIN, 0],
      ['low', null, 1],
    ]);
    expect(r.segments[0]!.result.percentiles).toEqual({ p50: 6 * MIN });
    expect(r.by).toBe('function');
  });

  it('names the original index in errors, and lists excluded tickets by it, once, in the total', () => {
    const tickets = [
      { createdAt: 0, firstResponseMs: MIN, channel: 'chat' },
      { createdAt: 0, firstResponseMs: MIN, channel: 'email' },
      { createdAt: 'bad', firstResponseMs: MIN, channel: 'email' },
    ];
    expect(thrown(() => bySegment(firstResponseTime, tickets, 'channel')).path).toEqual(['tickets', 2, 'createdAt']);
    const r = bySegment(firstResponseTime, tickets, 'channel', { onInvalid: 'exclude' });
    expect(r.segments.find((s) => s.key === 'email')!.result.excluded).toMatchObject({ invalid: 1, invalidIndices: [], invalidTickets: [] });
    expect(r.segments.find((s) => s.key === 'chat')!.result.excluded).toMatchObject({ invalid: 0, invalidIndices: [], invalidTickets: [] });
    expect(r.total.excluded.invalidIndices).toEqual([2]);
    expect(r.total.excluded.invalidTickets.map((t) => [t.index, t.issues[0]!.path])).toEqual([[2, ['tickets', 2, 'createdAt']]]);
  });

  it('rejects what it cannot use', () => {
    expect(thrown(() => bySegment({} as never, [], 'channel')).path).toEqual(['metric']);
    expect(thrown(() => bySegment(firstResponseTime, 'x' as never, 'channel')).path).toEqual(['tickets']);
    const by = thrown(() => bySegment(firstResponseTime, [], ''));
    expect([by.path, by.message]).toEqual([['by'], 'bySegment: by must be a record field name or a key function, got ""']);
    expect(thrown(() => bySegment({} as never, [], 'channel')).message).toBe(
      'bySegment: metric must be a ticket or contact metric of kpi-kit (like firstResponseTime or abandonmentRate), got an object',
    );
    expect(thrown(() => bySegment(firstResponseTime, [{ createdAt: 0, channel: {} }], 'channel')).path).toEqual(['tickets', 0, 'channel']);
    expect(thrown(() => bySegment(firstResponseTime, [{ createdAt: 0 }], () => NaN)).path).toEqual(['tickets', 0]);
    expect(thrown(() => bySegment(firstResponseTime, [], 'channel', { nope: 1 } as never)).path).toEqual(['options', 'nope']);
  });

  it('each segment equals the metric over its tickets; the total equals the metric over all (property)', () => {
    const ticket = fc.record({
      createdAt: fc.integer({ min: 0, max: 1e9 }),
      firstResponseMs: fc.option(fc.integer({ min: 0, max: 1e7 }), { nil: undefined }),
      channel: fc.option(fc.constantFrom('chat', 'email', 'phone'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 50 }), (tickets) => {
        const options = { percentiles: [25, 90] };
        const r = bySegment(firstResponseTime, tickets, 'channel', options);
        expect(r.total).toEqual(firstResponseTime({ tickets }, options));
        expect(r.segments.reduce((s, x) => s + x.count, 0)).toBe(tickets.length);
        for (const s of r.segments) {
          const mine = tickets.filter((t) => (t.channel ?? null) === s.key);
          expect(s.result).toEqual(firstResponseTime({ tickets: mine }, options));
        }
        for (let i = 1; i < r.segments.length; i++) expect(r.segments[i - 1]!.count).toBeGreaterThanOrEqual(r.segments[i]!.count);
      }),
      { numRuns: 200 },
    );
  });
});
