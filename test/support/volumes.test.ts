import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { type Accumulator, type AccumulatorFactory } from '../../src/core/accumulator.js';
import { type SegmentKey, bySegment } from '../../src/grouping/by-segment.js';
import { complaints, complaintsAccumulator } from '../../src/support/complaints.js';
import { topTopics, topTopicsAccumulator } from '../../src/support/top-topics.js';
import { volumeByChannel, volumeByChannelAccumulator } from '../../src/support/volume-by-channel.js';
import { instrument, sourceSnippets } from '../docs/snippets.js';
import { thrown } from '../helpers.js';

const T0 = Date.UTC(2024, 4, 6, 8);
const H = 3_600_000;

describe('volumeByChannel', () => {
  it('count and share per channel; most first, ties by key, null (no channel) last', () => {
    const tickets = [
      { createdAt: T0, channel: 'chat' },
      { createdAt: T0, channel: 'email' },
      { createdAt: T0, channel: 'chat' },
      { createdAt: T0, channel: null },
      { createdAt: T0, channel: 'phone' },
      { createdAt: T0 },
      { createdAt: T0, channel: 'email' },
      { createdAt: T0, channel: 'chat' },
    ];
    // 8 tickets: chat 3 → 3/8 = 0.375; email 2 → 0.25; no channel 2 → 0.25 (after email: null last); phone 1 → 0.125.
    const r = volumeByChannel({ tickets });
    expect(r).toEqual({
      value: 8,
      total: 8,
      groups: [
        { key: 'chat', count: 3, share: 0.375 },
        { key: 'email', count: 2, share: 0.25 },
        { key: null, count: 2, share: 0.25 },
        { key: 'phone', count: 1, share: 0.125 },
      ],
      by: 'channel',
      excluded: { invalid: 0, invalidIndices: [], invalidTickets: [] },
    });
    expect(Object.keys(r)[0]).toBe('value');
    expect(Object.isFrozen(r.groups[0])).toBe(true);
    // The same from counts (an object; a Map for the null key).
    expect(
      volumeByChannel({
        counts: new Map<SegmentKey, number>([
          ['phone', 1],
          [null, 2],
          ['email', 2],
          ['chat', 3],
        ]),
      }),
    ).toEqual(r);
    expect(volumeByChannel({ counts: { chat: 3, email: 2, phone: 1 } }).groups.map((g) => g.share)).toEqual([0.5, 1 / 3, 1 / 6]);
  });

  it('by another field, by a key function (with the index), keeping key types apart', () => {
    const tickets = [
      { createdAt: T0, priority: 'high', region: '1' },
      { createdAt: T0, priority: 'low', region: 1 },
      { createdAt: T0, priority: 'high', region: true },
      { createdAt: T0, priority: 'high', region: 1 },
      { createdAt: T0, region: null },
    ];
    // high 3/5 = 0.6, low 0.2, none 0.2.
    expect(volumeByChannel({ tickets }, { by: 'priority' }).groups.map((g) => [g.key, g.count, g.share])).toEqual([
      ['high', 3, 0.6],
      ['low', 1, 0.2],
      [null, 1, 0.2],
    ]);
    // region: number 1 twice; then boolean true, string "1", null (ties: booleans, numbers, strings, null).
    const region = volumeByChannel({ tickets }, { by: 'region' });
    expect(region.groups.map((g) => g.key)).toEqual([1, true, '1', null]);
    expect(region.by).toBe('region');
    // Index parity: tickets 0, 2, 4 even (3/5), 1, 3 odd.
    const parity = volumeByChannel({ tickets }, { by: (_t: unknown, i: number) => (i % 2 === 0 ? 'even' : 'odd') });
    expect(parity.groups.map((g) => [g.key, g.count])).toEqual([
      ['even', 3],
      ['odd', 2],
    ]);
    expect(parity.by).toBe('function');
    // Accumulators pass the index given to add (default: the count so far).
    const acc = volumeByChannelAccumulator.create({ by: (_t: unknown, i: number) => i });
    acc.add({ createdAt: 0 }, 7).add({ createdAt: 0 });
    expect(acc.n).toBe(2);
    expect(acc.result().groups.map((g) => g.key)).toEqual([1, 7]);
    // Keys keep their type through the JSON state.
    const restored = volumeByChannelAccumulator.fromJSON(
      JSON.parse(JSON.stringify(volumeByChannelAccumulator.create({ by: 'region' }).addAll(tickets).toJSON())),
    );
    expect(restored.result()).toEqual(region);
    // A key function cannot travel in JSON: toJSON says so, and merge compares functions by identity.
    expect(thrown(() => acc.toJSON()).path).toEqual(['options', 'by']);
    const other = volumeByChannelAccumulator.create({ by: (_t: unknown, i: number) => i });
    expect(thrown(() => acc.merge(other)).code).toBe('incompatible');
  });

  it('empty input and zero counts', () => {
    expect(volumeByChannel({ tickets: [] })).toEqual({
      value: 0,
      total: 0,
      groups: [],
      by: 'channel',
      excluded: { invalid: 0, invalidIndices: [], invalidTickets: [] },
    });
    expect(volumeByChannel({ counts: { chat: 0 } }).groups).toEqual([]);
    expect(volumeByChannel({ counts: { chat: 0, email: 4 } }, { by: 'queue' })).toMatchObject({
      value: 4,
      groups: [{ key: 'email', count: 4, share: 1 }],
      by: 'queue',
    });
  });

  it('rejects bad input, or excludes bad tickets with onInvalid: exclude', () => {
    expect(thrown(() => volumeByChannel({ tickets: 'x' } as never)).path).toEqual(['tickets']);
    expect(thrown(() => volumeByChannel({} as never)).code).toBe('missing');
    expect(thrown(() => volumeByChannel(null as never)).path).toEqual([]);
    expect(thrown(() => volumeByChannel({ tickets: [], counts: {} })).code).toBe('ambiguous');
    expect(thrown(() => volumeByChannel({ tickets: [{ createdAt: 0 }, { createdAt: 'x' }] })).path).toEqual(['tickets', 1, 'createdAt']);
    expect(thrown(() => volumeByChannel({ tickets: [{ createdAt: 0, channel: 5 }] as never })).path).toEqual(['tickets', 0, 'channel']);
    const e = thrown(() => volumeByChannel({ tickets: [{ createdAt: 0, region: {} }] as never }, { by: 'region' }));
    expect([e.code, e.path, e.message]).toEqual([
      'invalid_type',
      ['tickets', 0, 'region'],
      'volumeByChannel: tickets[0].region must be a segment key: a string, finite number, boolean or null, got an object',
    ]);
    expect(thrown(() => volumeByChannel({ tickets: [{ createdAt: 0 }] }, { by: () => NaN })).path).toEqual(['tickets', 0]);
    expect(() =>
      volumeByChannel(
        { tickets: [{ createdAt: 0 }] },
        {
          by: () => {
            throw new TypeError('boom');
          },
        },
      ),
    ).toThrow(TypeError);
    // Options.
    expect(thrown(() => volumeByChannel({ tickets: [] }, { nope: 1 } as never)).path).toEqual(['options', 'nope']);
    expect(thrown(() => volumeByChannel({ tickets: [] }, 3 as never)).path).toEqual(['options']);
    expect(thrown(() => volumeByChannel({ tickets: [] }, { by: '' })).path).toEqual(['options', 'by']);
    expect(thrown(() => volumeByChannel({ tickets: [] }, { by: 5 as never })).path).toEqual(['options', 'by']);
    expect(thrown(() => volumeByChannel({ tickets: [] }, { timeZone: 'Mars/Base' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => volumeByChannel({ tickets: [] }, { onInvalid: 'skip' as never })).path).toEqual(['options', 'onInvalid']);
    expect(thrown(() => volumeByChannel({ counts: {} }, { resolvedStatuses: [] })).path).toEqual(['options', 'resolvedStatuses']);
    expect(thrown(() => volumeByChannel({ counts: {} }, { by: () => 1 })).code).toBe('inconsistent');
    // Counts.
    expect(thrown(() => volumeByChannel({ counts: { chat: -1 } })).path).toEqual(['counts', 'chat']);
    expect(thrown(() => volumeByChannel({ counts: { chat: 1.5 } })).code).toBe('not_integer');
    expect(thrown(() => volumeByChannel({ counts: [1, 2] as never })).path).toEqual(['counts']);
    expect(thrown(() => volumeByChannel({ counts: new Map([[NaN, 1]]) as never })).path).toEqual(['counts', NaN]);
    expect(thrown(() => volumeByChannel({ counts: new Map([[{}, 1]]) as never })).path).toEqual(['counts', '[object Object]']);
    expect(thrown(() => volumeByChannel({ counts: new Map([[2, 'x']]) as never })).path).toEqual(['counts', 2]);
    // Excluded, with the reason.
    const ex = volumeByChannel(
      { tickets: [{ createdAt: 0, region: 'eu' }, { createdAt: 0, region: [1] }, { createdAt: null }] as never },
      { by: 'region', onInvalid: 'exclude' },
    );
    expect([ex.value, ex.excluded.invalid, ex.excluded.invalidIndices]).toEqual([1, 2, [1, 2]]);
    expect(ex.excluded.invalidTickets.map((t) => t.issues[0]!.path)).toEqual([
      ['tickets', 1, 'region'],
      ['tickets', 2, 'createdAt'],
    ]);
    const fnEx = volumeByChannel(
      { tickets: [{ createdAt: 0 }, { createdAt: 0 }] },
      { by: (_t: unknown, i: number) => (i === 1 ? Infinity : 'a'), onInvalid: 'exclude' },
    );
    expect(fnEx.excluded.invalidTickets[0]!.issues[0]!.path).toEqual(['tickets', 1]);
  });

  it('rejects a foreign accumulator and a bad JSON state', () => {
    const acc = volumeByChannelAccumulator.create();
    expect(thrown(() => acc.merge(topTopicsAccumulator.create() as never)).path).toEqual(['other', 'metric']);
    expect(thrown(() => acc.merge({} as never)).path).toEqual(['other']);
    expect(thrown(() => acc.merge(volumeByChannelAccumulator.create({ by: 'queue' }))).path).toEqual(['other', 'options', 'by']);
    expect(thrown(() => acc.addAll('x')).path).toEqual(['tickets']);
    const good = acc.add({ createdAt: 0, channel: 'chat' }).toJSON();
    expect(thrown(() => volumeByChannelAccumulator.fromJSON(3)).path).toEqual([]);
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, metric: 'nps' })).path).toEqual(['metric']);
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: { counts: { '"chat"': -1 } } })).path).toEqual(['state', 'counts', '"chat"']);
    // A key must be JSON text of a string, finite number, boolean or null, written canonically.
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: { counts: { chat: 1 } } })).path).toEqual(['state', 'counts', 'chat']);
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: { counts: { '1.0': 1 } } })).code).toBe('invalid_value');
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: { counts: { '{}': 1 } } })).code).toBe('invalid_value');
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: null })).path).toEqual(['state', 'counts']);
    // The counts must add up to the tickets seen (less the invalid ones).
    expect(thrown(() => volumeByChannelAccumulator.fromJSON({ ...good, state: { counts: { '"chat"': 2 } } })).path).toEqual(['seen']);
    expect(volumeByChannelAccumulator.fromJSON(good).result().groups).toEqual([{ key: 'chat', count: 1, share: 1 }]);
  });
});

describe('topTopics', () => {
  // Period: billing ×5, login ×3 (one by its category only), shipping ×2, refund ×1, one with neither → 12.
  const current = [
    ...Array.from({ length: 5 }, (_, i) => ({ createdAt: T0 + i * H, topic: 'billing' })),
    { createdAt: T0, topic: 'login' },
    { createdAt: T0, topic: 'login', category: 'account' },
    { createdAt: T0, topic: null, category: 'login' },
    { createdAt: T0, topic: 'shipping' },
    { createdAt: T0, topic: 'shipping' },
    { createdAt: T0, topic: 'refund' },
    { createdAt: T0 },
  ];
  // Previous period: billing ×4, login ×4, refund ×2 → 10.
  const previous = [
    ...Array.from({ length: 4 }, () => ({ createdAt: T0 - 7 * 24 * H, topic: 'billing' })),
    ...Array.from({ length: 4 }, () => ({ createdAt: T0 - 7 * 24 * H, category: 'login' })),
    ...Array.from({ length: 2 }, () => ({ createdAt: T0 - 7 * 24 * H, topic: 'refund' })),
  ];

  it('top N with an "other" row, and the trend against the previous period', () => {
    const r = topTopics({ tickets: current, previous }, { top: 3 });
    // Top 3: billing 5/12, login 3/12 = 0.25, shipping 2/12; other = refund 1 + no topic 1 = 2 (2 keys).
    // Previous: billing 4 → change +1, +1/4 = 0.25; login 4 → −1, −0.25; shipping 0 → +2, relative null;
    // other: 10 − (4 + 4 + 0) = 2 (refund) → change 0, relative 0.
    expect(r.rows).toEqual([
      { key: 'billing', count: 5, share: 5 / 12, rank: 1, previousCount: 4, change: 1, relativeChange: 0.25, other: false, keyCount: 1 },
      { key: 'login', count: 3, share: 0.25, rank: 2, previousCount: 4, change: -1, relativeChange: -0.25, other: false, keyCount: 1 },
      { key: 'shipping', count: 2, share: 2 / 12, rank: 3, previousCount: 0, change: 2, relativeChange: null, other: false, keyCount: 1 },
      { key: 'other', count: 2, share: 2 / 12, rank: null, previousCount: 2, change: 0, relativeChange: 0, other: true, keyCount: 2 },
    ]);
    expect([r.value, r.total, r.previousTotal, r.top, r.topicCount, r.otherCount, r.by]).toEqual([12, 12, 10, 3, 5, 2, 'topic-then-category']);
    expect(Object.keys(r)[0]).toBe('value');
    expect(r.excluded).toEqual({ invalid: 0, invalidIndices: [], invalidTickets: [], previous: { invalid: 0, invalidIndices: [], invalidTickets: [] } });
    // The same from counts.
    const counts = new Map<SegmentKey, number>([
      ['billing', 5],
      ['login', 3],
      ['shipping', 2],
      ['refund', 1],
      [null, 1],
    ]);
    expect(topTopics({ counts, previousCounts: { billing: 4, login: 4, refund: 2 } }, { top: 3 })).toEqual(r);
  });

  it('without a previous period; no "other" row when the topics fit; ties by key, null like any key', () => {
    const r = topTopics({ tickets: current });
    // Default top 10 ≥ 5 topics: no other row; refund and null tie at 1 → refund first (null last).
    expect(r.rows.map((x) => [x.key, x.rank, x.previousCount, x.change, x.relativeChange])).toEqual([
      ['billing', 1, null, null, null],
      ['login', 2, null, null, null],
      ['shipping', 3, null, null, null],
      ['refund', 4, null, null, null],
      [null, 5, null, null, null],
    ]);
    expect([r.previousTotal, r.otherCount, r.top, r.excluded.previous]).toEqual([null, 0, 10, null]);
    // Ties: a 2, b 2, c 1 with top 2 → a, b, then other (c).
    expect(topTopics({ counts: { b: 2, c: 1, a: 2 } }, { top: 2 }).rows.map((x) => x.key)).toEqual(['a', 'b', 'other']);
    // A null key with the highest count ranks first.
    expect(
      topTopics({
        counts: new Map<SegmentKey, number>([
          ['z', 1],
          [null, 3],
        ]),
      }).rows.map((x) => x.key),
    ).toEqual([null, 'z']);
    // Empty.
    expect(topTopics({ tickets: [] }).rows).toEqual([]);
    expect(topTopics({ tickets: [], previous: [{ createdAt: 0, topic: 'a' }] }).previousTotal).toBe(1);
    // A previous period without tickets: previous counts 0, relative change null.
    expect(topTopics({ counts: { a: 2 }, previousCounts: {} }).rows[0]).toMatchObject({ previousCount: 0, change: 2, relativeChange: null });
  });

  it('by a field or a key function', () => {
    const tickets = [
      { createdAt: 0, topic: 'x', category: 'billing' },
      { createdAt: 0, topic: 'y', category: 'billing' },
      { createdAt: 0, topic: 'z', category: 'login' },
    ];
    const byCategory = topTopics({ tickets }, { by: 'category', top: 1 });
    expect(byCategory.rows.map((x) => [x.key, x.count])).toEqual([
      ['billing', 2],
      ['other', 1],
    ]);
    expect(byCategory.by).toBe('category');
    const byFn = topTopics({ tickets }, { by: (t: { topic: string }) => t.topic.toUpperCase() });
    expect([byFn.rows.map((x) => x.key), byFn.by]).toEqual([['X', 'Y', 'Z'], 'function']);
    expect(topTopics({ tickets }, { by: 'topic-then-category' }).rows.map((x) => x.key)).toEqual(['x', 'y', 'z']);
  });

  it('rejects bad input; the previous period is named in paths and messages', () => {
    for (const top of [0, 1.5, 10_001, '3']) expect(thrown(() => topTopics({ tickets: [] }, { top: top as number })).path).toEqual(['options', 'top']);
    expect(topTopics({ counts: { a: 1 } }, { top: 10_000 }).top).toBe(10_000);
    expect(thrown(() => topTopics({ tickets: [] }, { by: null as never, bad: 1 } as never)).path).toEqual(['options', 'bad']);
    expect(thrown(() => topTopics({ tickets: [{ createdAt: 0, topic: 3 }] as never })).path).toEqual(['tickets', 0, 'topic']);
    const e = thrown(() => topTopics({ tickets: [], previous: [{ createdAt: 0 }, { createdAt: 5, resolvedAt: 1, topic: 'a' }, { createdAt: 'soon' }] }));
    // resolvedAt is not read by topTopics, so ticket 1 is valid; ticket 2 is not.
    expect([e.fn, e.code, e.path]).toEqual(['topTopics', 'invalid_value', ['previous', 2, 'createdAt']]);
    expect(e.message).toMatch(/^topTopics: previous\[2\]\.createdAt must be an ISO-8601 timestamp .*, got "soon"$/);
    const k = thrown(() => topTopics({ tickets: [], previous: [{ createdAt: 0, contract: {} }] as never }, { by: 'contract' }));
    expect([k.path, k.message]).toEqual([
      ['previous', 0, 'contract'],
      'topTopics: previous[0].contract must be a segment key: a string, finite number, boolean or null, got an object',
    ]);
    expect(thrown(() => topTopics({ tickets: [], previous: 'x' } as never)).path).toEqual(['previous']);
    expect(thrown(() => topTopics({ previous: [] } as never)).path).toEqual(['tickets']);
    expect(thrown(() => topTopics({ tickets: 5 } as never)).path).toEqual(['tickets']);
    expect(thrown(() => topTopics({ previousCounts: {} } as never)).path).toEqual(['counts']);
    expect(thrown(() => topTopics({ counts: {}, previousCounts: { a: -2 } })).path).toEqual(['previousCounts', 'a']);
    expect(thrown(() => topTopics({ counts: {}, tickets: [] })).code).toBe('ambiguous');
    expect(thrown(() => topTopics({ counts: {} }, { by: () => 'a' })).path).toEqual(['options', 'by']);
    expect(() =>
      topTopics(
        { tickets: [], previous: [{ createdAt: 0 }] },
        {
          by: () => {
            throw new RangeError('x');
          },
        },
      ),
    ).toThrow(RangeError);
    // Excluded: the previous period's invalid tickets apart, with its paths.
    const r = topTopics(
      { tickets: [{ createdAt: 0, topic: 'a' }, { createdAt: 'x' }], previous: [{ createdAt: 'y' }, { createdAt: 0, topic: 'a' }] },
      { onInvalid: 'exclude' },
    );
    expect([r.total, r.previousTotal, r.excluded.invalidIndices, r.excluded.previous!.invalidIndices]).toEqual([1, 1, [1], [0]]);
    expect(r.excluded.invalidTickets[0]!.issues[0]!.path).toEqual(['tickets', 1, 'createdAt']);
    expect(r.excluded.previous!.invalidTickets[0]!.issues[0]).toMatchObject({
      path: ['previous', 0, 'createdAt'],
      message: expect.stringMatching(/^previous\[0\]\.createdAt /),
    });
    expect(r.rows[0]).toMatchObject({ key: 'a', count: 1, previousCount: 1, change: 0 });
  });
});

describe('complaints', () => {
  const tickets = [
    { createdAt: T0, complaint: true, status: 'open', escalated: true, agent: 'ana' },
    { createdAt: T0, complaint: true, status: 'Solved', agent: 'ana' },
    { createdAt: T0, complaint: true, resolvedAt: T0 + H, escalated: true, agent: 'bo' },
    { createdAt: T0, complaint: true, status: 'pending', escalated: false },
    { createdAt: T0, complaint: false, status: 'open', escalated: true, agent: 'bo' },
    { createdAt: T0, status: 'solved', agent: 'ana' },
  ];

  it('open, resolved and escalated complaints; not-complaints apart', () => {
    // Complaints: tickets 0–3 → 4. Open: 0 (open), 3 (pending) → 2. Resolved: 1 (Solved), 2 (no status,
    // resolvedAt) → 2. Escalated: 0, 2 → 2 (ticket 4 is escalated but no complaint). Not complaints: 4, 5 → 2.
    // resolvedShare 2/4 = 0.5; escalatedShare 2/4 = 0.5.
    const r = complaints({ tickets });
    expect(r).toEqual({
      value: 4,
      complaintCount: 4,
      open: 2,
      resolved: 2,
      escalated: 2,
      resolvedShare: 0.5,
      escalatedShare: 0.5,
      notComplaints: 2,
      groups: null,
      by: null,
      excluded: { notComplaints: 2, invalid: 0, invalidIndices: [], invalidTickets: [] },
    });
    expect(Object.keys(r)[0]).toBe('value');
    // The count form gives the same.
    expect(complaints({ open: 2, resolved: 2, escalated: 2, notComplaints: 2 })).toEqual(r);
    // Other resolved statuses: 'pending' counts as resolved, 'Solved' does not.
    expect(complaints({ tickets }, { resolvedStatuses: ['pending'] })).toMatchObject({ open: 2, resolved: 2 });
  });

  it('groups by a field or a key function', () => {
    // By agent: ana → tickets 0 (open, escalated), 1 (resolved): 2, 1, 1, 1; bo → ticket 2: 1, 0, 1, 1;
    // none → ticket 3: 1, 1, 0, 0. bo and none tie at 1: bo first (null last).
    const r = complaints({ tickets }, { by: 'agent' });
    expect(r.groups).toEqual([
      { key: 'ana', complaintCount: 2, open: 1, resolved: 1, escalated: 1 },
      { key: 'bo', complaintCount: 1, open: 0, resolved: 1, escalated: 1 },
      { key: null, complaintCount: 1, open: 1, resolved: 0, escalated: 0 },
    ]);
    expect([r.by, r.complaintCount]).toEqual(['agent', 4]);
    const byEscalation = complaints({ tickets }, { by: (t: { escalated?: boolean }) => t.escalated === true });
    expect(byEscalation.groups!.map((g) => [g.key, g.complaintCount])).toEqual([
      [false, 2],
      [true, 2],
    ]);
    expect(byEscalation.by).toBe('function');
    expect(complaints({ tickets: [] })).toMatchObject({ value: 0, resolvedShare: null, escalatedShare: null, groups: null });
    expect(complaints({ tickets: [] }, { by: 'agent' }).groups).toEqual([]);
  });

  it('rejects bad input', () => {
    expect(thrown(() => complaints({ open: 1, resolved: 1, escalated: 3 })).path).toEqual(['escalated']);
    expect(thrown(() => complaints({ open: -1, resolved: 1, escalated: 0 })).path).toEqual(['open']);
    expect(thrown(() => complaints({ open: 1, resolved: 1 } as never)).path).toEqual(['escalated']);
    expect(thrown(() => complaints({ open: 1, resolved: 1, escalated: 0, notComplaints: 0.5 })).path).toEqual(['notComplaints']);
    expect(thrown(() => complaints({ open: 1, resolved: 1, escalated: 0 }, { by: 'agent' })).path).toEqual(['options', 'by']);
    expect(thrown(() => complaints({ open: 1, resolved: 1, escalated: 0 }, { timeZone: 'nowhere' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => complaints({ tickets: {} } as never)).path).toEqual(['tickets']);
    expect(thrown(() => complaints({ tickets: [{ createdAt: 0, complaint: 'yes' }] } as never)).path).toEqual(['tickets', 0, 'complaint']);
    expect(thrown(() => complaints({ tickets: [{ createdAt: 0, complaint: true, escalated: 1 }] } as never)).path).toEqual(['tickets', 0, 'escalated']);
    expect(thrown(() => complaints({ tickets: [{ createdAt: 0, agent: 7 }] } as never, { by: 'agent' })).path).toEqual(['tickets', 0, 'agent']);
    // The key is checked on every ticket, complaint or not.
    expect(thrown(() => complaints({ tickets: [{ createdAt: 0, complaint: false, contract: {} }] } as never, { by: 'contract' })).path).toEqual([
      'tickets',
      0,
      'contract',
    ]);
    expect(thrown(() => complaints({ tickets: [] }, { by: [] as never })).path).toEqual(['options', 'by']);
    const ex = complaints(
      {
        tickets: [
          { createdAt: 0, complaint: true, contract: [] },
          { createdAt: 0, complaint: true, contract: 'c1' },
        ],
      } as never,
      { by: 'contract', onInvalid: 'exclude' },
    );
    expect([ex.complaintCount, ex.excluded.invalidIndices, ex.groups!.map((g) => g.key)]).toEqual([1, [0], ['c1']]);
  });

  it('rejects a bad JSON state', () => {
    const json = complaintsAccumulator.create({ by: 'agent' }).addAll(tickets).toJSON();
    const state = json.state as Record<string, unknown>;
    expect(complaintsAccumulator.fromJSON(JSON.parse(JSON.stringify(json))).result()).toEqual(complaints({ tickets }, { by: 'agent' }));
    // Without `by` (options.by null), the groups must be null; with `by`, an object.
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, options: { ...json.options, by: null } })).path).toEqual(['state', 'groups']);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, groups: null } })).path).toEqual(['state', 'groups']);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, groups: { '"ana"': [1, 1] } } })).path).toEqual([
      'state',
      'groups',
      '"ana"',
    ]);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, groups: { '"ana"': [1, 1, 3] } } })).path).toEqual([
      'state',
      'groups',
      '"ana"',
      2,
    ]);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, groups: { ana: [1, 1, 0] } } })).path).toEqual(['state', 'groups', 'ana']);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, escalated: 9 } })).path).toEqual(['state', 'escalated']);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: { ...state, open: -1 } })).path).toEqual(['state', 'open']);
    expect(thrown(() => complaintsAccumulator.fromJSON({ ...json, state: 7 })).path).toEqual(['state']);
  });
});

// ---- Properties -------------------------------------------------------------------------------

const label = (values: readonly string[]) => fc.constantFrom<string | null | undefined>(...values, null, undefined);
const ticketArb = fc.record(
  {
    createdAt: fc.integer({ min: T0, max: T0 + 1_000 * H }),
    status: label(['open', 'pending', 'solved', 'Closed']),
    resolutionMs: fc.option(fc.integer({ min: 0, max: 100 * H }), { nil: undefined }),
    channel: label(['chat', 'email', 'phone', 'web']),
    topic: label(['billing', 'login', 'shipping', 'refund', 'other', 'app', 'bug']),
    category: label(['account', 'orders']),
    team: label(['a', 'b', 'c']),
    complaint: fc.constantFrom(true, false, null, undefined),
    escalated: fc.constantFrom(true, false, null, undefined),
    region: fc.constantFrom<unknown>('1', 1, true, false, null, undefined, 'eu'),
  },
  { requiredKeys: ['createdAt'] },
);
/** Mostly valid tickets, some invalid (a bad createdAt, a region that cannot be a key). */
const mixedArb = fc.oneof(
  { weight: 8, arbitrary: ticketArb },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>({ createdAt: 'never' }, { createdAt: 0, region: {} }, { createdAt: 0, channel: 3 }, { createdAt: 0, topic: 4 }, null),
  },
);
/** A split of `n` items into consecutive shards. */
const cutsArb = fc.array(fc.nat(), { maxLength: 4 });

function shards<T>(items: readonly T[], cuts: readonly number[]): [number, T[]][] {
  const at = [...new Set(cuts.map((c) => (items.length === 0 ? 0 : c % (items.length + 1))))].sort((a, b) => a - b);
  const out: [number, T[]][] = [];
  let start = 0;
  for (const end of [...at, items.length]) {
    out.push([start, items.slice(start, end)]);
    start = end;
  }
  return out;
}

type Factory = AccumulatorFactory<never, unknown>;
/**
 * Accumulates shards apart (each through a JSON round trip, unless a key function — which JSON
 * cannot carry — is among the options), then merges them.
 */
function sharded(factory: Factory, options: { readonly by?: unknown }, tickets: readonly unknown[], cuts: readonly number[]): unknown {
  const parts: Accumulator<unknown>[] = shards(tickets, cuts).map(([start, part]) => {
    const acc = factory.create(options as never);
    part.forEach((t, j) => acc.add(t, start + j));
    return typeof options.by === 'function' ? acc : factory.fromJSON(JSON.parse(JSON.stringify(acc.toJSON())));
  });
  const total = factory.create(options as never);
  for (const p of parts) total.merge(p);
  return total.result();
}

const metrics = [
  { name: 'volumeByChannel', run: volumeByChannel, factory: volumeByChannelAccumulator as unknown as Factory },
  { name: 'topTopics', run: topTopics, factory: topTopicsAccumulator as unknown as Factory },
  { name: 'complaints', run: complaints, factory: complaintsAccumulator as unknown as Factory },
] as const;
const bys = [undefined, 'region', 'team', (_t: unknown, i: number) => i % 3];

describe('grouped counts: properties', () => {
  for (const m of metrics) {
    const run = m.run as (input: unknown, options?: unknown) => unknown;

    it(`${m.name}: merged shards (through JSON) equal one pass, invalid tickets included`, () => {
      fc.assert(
        fc.property(fc.array(mixedArb, { maxLength: 40 }), cutsArb, fc.constantFrom(...bys), (tickets, cuts, by) => {
          const options = { onInvalid: 'exclude', ...(by === undefined ? {} : { by }) };
          expect(sharded(m.factory, options, tickets, cuts)).toEqual(run({ tickets }, options));
        }),
        { numRuns: 150 },
      );
    });

    it(`${m.name}: the order of tickets does not matter`, () => {
      fc.assert(
        fc.property(
          fc.array(ticketArb, { maxLength: 40 }).chain((t) => fc.tuple(fc.constant(t), fc.shuffledSubarray(t, { minLength: t.length }))),
          fc.constantFrom('region', 'team', undefined),
          ([tickets, shuffled], by) => {
            const options = by === undefined ? {} : { by };
            expect(run({ tickets: shuffled }, options)).toEqual(run({ tickets }, options));
          },
        ),
        { numRuns: 100 },
      );
    });

    it(`${m.name}: bySegment gives the metric per segment, and the metric over all as total`, () => {
      fc.assert(
        fc.property(fc.array(ticketArb, { maxLength: 30 }), (tickets) => {
          const r = bySegment(m.run as never, tickets, 'channel', { by: 'team' } as never);
          expect(r.total).toEqual(run({ tickets }, { by: 'team' }));
          for (const s of r.segments) expect(s.result).toEqual(run({ tickets: tickets.filter((t) => (t.channel ?? null) === s.key) }, { by: 'team' }));
        }),
        { numRuns: 60 },
      );
    });
  }

  /** Counts per key of valid tickets. */
  function countBy<T>(tickets: readonly T[], key: (t: T) => SegmentKey): Map<SegmentKey, number> {
    const out = new Map<SegmentKey, number>();
    for (const t of tickets) out.set(key(t), (out.get(key(t)) ?? 0) + 1);
    return out;
  }

  it('volumeByChannel: counts and tickets agree; shares sum to 1', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), fc.constantFrom('channel', 'region'), (tickets, by) => {
        const r = volumeByChannel({ tickets }, { by });
        const counts = countBy(tickets, (t) => ((t as Record<string, unknown>)[by] ?? null) as SegmentKey);
        expect(volumeByChannel({ counts }, { by })).toEqual(r);
        expect(r.groups.reduce((s, g) => s + g.count, 0)).toBe(tickets.length);
        if (tickets.length > 0) expect(r.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);
        for (let i = 1; i < r.groups.length; i++) expect(r.groups[i - 1]!.count).toBeGreaterThanOrEqual(r.groups[i]!.count);
      }),
      { numRuns: 150 },
    );
  });

  it('topTopics: counts and tickets agree; rows sum to the total and keep at most top + 1 rows', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), fc.array(ticketArb, { maxLength: 20 }), fc.integer({ min: 1, max: 8 }), (tickets, previous, top) => {
        const r = topTopics({ tickets, previous }, { top });
        const key = (t: { topic?: string | null | undefined; category?: string | null | undefined }): SegmentKey => t.topic ?? t.category ?? null;
        expect(topTopics({ counts: countBy(tickets, key), previousCounts: countBy(previous, key) }, { top })).toEqual(r);
        expect(r.rows.reduce((s, x) => s + x.count, 0)).toBe(tickets.length);
        expect(r.rows.length).toBeLessThanOrEqual(top + 1);
        expect(r.rows.filter((x) => x.other).length).toBe(r.topicCount > top ? 1 : 0);
        if (r.topicCount > top) expect(r.rows.reduce((s, x) => s + x.previousCount!, 0)).toBe(previous.length);
        for (const x of r.rows) expect(x.change).toBe(x.count - x.previousCount!);
      }),
      { numRuns: 150 },
    );
  });

  it('complaints: counts and tickets agree; groups sum to the totals', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { maxLength: 40 }), (tickets) => {
        const r = complaints({ tickets });
        const c = tickets.filter((t) => t.complaint === true);
        const resolved = c.filter((t) =>
          typeof t.status === 'string' ? ['solved', 'closed', 'resolved'].includes(t.status.toLowerCase()) : t.resolutionMs !== undefined,
        ).length;
        const escalated = c.filter((t) => t.escalated === true).length;
        expect(complaints({ open: c.length - resolved, resolved, escalated, notComplaints: tickets.length - c.length })).toEqual(r);
        const g = complaints({ tickets }, { by: 'team' }).groups!;
        for (const f of ['complaintCount', 'open', 'resolved', 'escalated'] as const) expect(g.reduce((s, x) => s + x[f], 0)).toBe(r[f]);
        expect(r.escalated).toBeLessThanOrEqual(r.complaintCount);
      }),
      { numRuns: 150 },
    );
  });

  it('bad input always yields KpiInputError, never a crash or NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.anything(), { maxLength: 5 }),
        fc.constantFrom<unknown>(undefined, 'region', 'channel', (t: unknown) => (t as { x?: unknown } | null)?.x),
        (tickets, by) => {
          for (const m of metrics) {
            try {
              const r = (m.run as (i: unknown, o?: unknown) => { value: number })({ tickets }, by === undefined ? undefined : { by });
              expect(Number.isInteger(r.value)).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(KpiInputError);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---- The TSDoc examples of these files -------------------------------------------------------

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'test', '.snippets-volumes');
const files = ['volume-by-channel', 'top-topics', 'complaints'];

describe('the TSDoc examples run and their stated results hold', () => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  (globalThis as Record<string, unknown>).__volumesCheck = (expr: string, actual: unknown, expected: unknown) => expect(actual, expr).toEqual(expected);
  const snippets = sourceSnippets(root).filter((s) => files.some((f) => s.where.startsWith(`src/support/${f}.ts:`)));
  it('finds them', () => expect(snippets.length).toBe(6));
  snippets.forEach((s, n) => {
    it(s.where, async () => {
      const source = join(root, s.where.slice(0, s.where.indexOf(':')));
      // The examples import 'kpi-kit'; here they import the file they document.
      const { code, assertions } = instrument(s.code.replace(/'kpi-kit'/g, JSON.stringify(source)), '__volumesCheck');
      const file = join(outDir, `example-${n}.ts`);
      writeFileSync(file, `const __volumesCheck = (globalThis as any).__volumesCheck;\n${code}\nexport {};\n`);
      await import(file);
      expect(assertions).toBeGreaterThan(0);
    });
  });
});
