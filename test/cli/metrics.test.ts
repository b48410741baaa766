import { describe, expect, it } from 'vitest';
import { csat } from '../../src/survey/csat.js';
import { backlog } from '../../src/support/backlog.js';
import { byPeriod } from '../../src/grouping/by-period.js';
import { bySegment } from '../../src/grouping/by-segment.js';
import { firstContactResolution } from '../../src/support/first-contact-resolution.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionConsistency } from '../../src/support/resolution-consistency.js';
import { resolutionRate } from '../../src/support/resolution-rate.js';
import { resolutionTime } from '../../src/support/resolution-time.js';
import { slaCompliance } from '../../src/support/sla-compliance.js';
import { topTopics } from '../../src/support/top-topics.js';
import { volumeByChannel } from '../../src/support/volume-by-channel.js';
import { H, MIN, fixture, plain, report, tempDir } from './helpers.js';

// tickets.csv written out by hand as the library's tickets (the CLI must compute nothing more).
const TICKETS = [
  {
    id: '1',
    createdAt: '2024-03-01T09:00:00Z',
    firstResponseAt: '2024-03-01T10:00:00Z',
    resolvedAt: '2024-03-01T12:00:00Z',
    status: 'solved',
    channel: 'email',
    topic: 'billing',
    agent: 'ann',
    priority: 'normal',
    contactCount: 1,
  },
  {
    id: '2',
    createdAt: '2024-03-01T10:00:00Z',
    firstResponseAt: '2024-03-01T10:30:00Z',
    resolvedAt: '2024-03-02T10:00:00Z',
    status: 'closed',
    channel: 'chat',
    topic: 'billing',
    agent: 'bob',
    priority: 'urgent',
    contactCount: 2,
  },
  {
    id: '3',
    createdAt: '2024-03-02T08:00:00Z',
    firstResponseAt: '2024-03-02T12:00:00Z',
    status: 'open',
    channel: 'email',
    topic: 'login',
    agent: 'ann',
    priority: 'normal',
    contactCount: 1,
  },
  {
    id: '4',
    createdAt: '2024-03-15T09:00:00Z',
    firstResponseAt: '2024-03-15T09:15:00Z',
    resolvedAt: '2024-03-15T11:00:00Z',
    status: 'solved',
    channel: 'phone',
    topic: 'login',
    agent: 'bob',
    priority: 'normal',
    contactCount: 1,
  },
  { id: '5', createdAt: '2024-04-01T09:00:00Z', status: 'new', channel: 'email', topic: 'shipping', agent: 'ann', priority: 'urgent' },
  {
    id: '6',
    createdAt: '2024-04-02T09:00:00Z',
    firstResponseAt: '2024-04-02T11:00:00Z',
    resolvedAt: '2024-04-05T09:00:00Z',
    status: 'solved',
    channel: 'chat',
    topic: 'billing',
    agent: 'cat',
    priority: 'normal',
    contactCount: 3,
  },
  {
    id: '7',
    createdAt: '2024-04-10T14:00:00Z',
    firstResponseAt: '2024-04-10T14:45:00Z',
    resolvedAt: '2024-04-10T16:00:00Z',
    status: 'resolved',
    channel: 'email',
    topic: 'login',
    agent: 'cat',
    priority: 'high',
    contactCount: 1,
  },
  {
    id: '8',
    createdAt: '2024-04-20T09:00:00Z',
    firstResponseAt: '2024-04-20T09:20:00Z',
    status: 'pending',
    channel: 'chat',
    topic: 'billing',
    agent: 'ann',
    priority: 'high',
    contactCount: 2,
  },
];
const ANSWERS = [5, 4, 3, 1, 5, 2];
const PERCENTILES = { percentiles: [90, 95] };
const AS_OF = '2024-04-15T00:00:00Z';

const file = tempDir();

describe('kpi-kit report: the JSON document', () => {
  it('has { records, metrics, excluded, errors, source }, and only metrics the columns allow', async () => {
    const r = await report([fixture('tickets.csv')]);
    expect(Object.keys(r)).toEqual(['records', 'metrics', 'excluded', 'errors', 'source']);
    expect(Object.keys(r.metrics)).toEqual([
      'firstResponseTime',
      'resolutionTime',
      'resolutionRate',
      'firstContactResolution',
      'resolutionConsistency',
      'volumeByChannel',
      'topTopics',
      'csat',
    ]);
    // No handle time, reopened or complaint column; no --as-of: none of those metrics.
    for (const absent of ['averageHandleTime', 'reopenRate', 'complaints', 'backlog', 'slaCompliance']) expect(r.metrics[absent]).toBeUndefined();
  });

  it('a file with only createdAt and channel has only volumeByChannel', async () => {
    const path = file('channels.csv', 'created_at,channel\n2024-05-01T09:00:00Z,email\n2024-05-01T10:00:00Z,chat\n2024-05-01T11:00:00Z,email\n');
    const r = await report([path]);
    expect(Object.keys(r.metrics)).toEqual(['volumeByChannel']);
    // email 2 of 3, chat 1 of 3.
    expect(r.metrics['volumeByChannel'].groups).toEqual([
      { key: 'email', count: 2, share: 2 / 3 },
      { key: 'chat', count: 1, share: 1 / 3 },
    ]);
    const none = await report([file('no-channel.csv', 'created_at,first_response_at\n2024-05-01T09:00:00Z,\n')]);
    expect(none.metrics['volumeByChannel']).toBeUndefined();
  });

  it('adds byPeriod with --period and bySegment with --by', async () => {
    const r = await report([fixture('tickets.csv'), '--period', 'month', '--by', 'channel']);
    expect(Object.keys(r)).toEqual(['records', 'metrics', 'byPeriod', 'bySegment', 'excluded', 'errors', 'source']);
    // Every metric per period and per segment, csat included.
    expect(Object.keys(r.byPeriod ?? {})).toEqual(Object.keys(r.metrics));
    expect(Object.keys(r.bySegment ?? {})).toEqual(Object.keys(r.metrics));
    // CSAT (1–5, satisfied = 4 or 5): March answers 5, 4, 3 → 2/3; April 1, 5, 2 → 1/3 (tickets 3
    // and 5 unanswered); email 5, 5 → 1; chat 4, 1, 2 → 1/3; phone 3 → 0.
    const csatMonths = r.byPeriod?.['csat'].periods as { key: string; result: { value: number; n: number } }[];
    expect(csatMonths.map((p) => [p.key, p.result.n, p.result.value])).toEqual([
      ['2024-03', 3, 2 / 3],
      ['2024-04', 3, 1 / 3],
    ]);
    const csatChannels = r.bySegment?.['csat'].segments as { key: string; result: { value: number } }[];
    expect(csatChannels.map((c) => [c.key, c.result.value])).toEqual([
      ['email', 1],
      ['chat', 1 / 3],
      ['phone', 0],
    ]);
    // March: 60, 30, 240, 15 min → 86.25 min; April: 120, 45, 20 min (ticket 5 unanswered) → 185 / 3 min.
    const months = r.byPeriod?.['firstResponseTime'].periods as { key: string; count: number; result: { value: number } }[];
    expect(months.map((p) => [p.key, p.count])).toEqual([
      ['2024-03', 4],
      ['2024-04', 4],
    ]);
    expect(months[0]?.result.value).toBe(86.25 * MIN);
    expect(months[1]?.result.value).toBeCloseTo((185 / 3) * MIN, 6);
    // email: 60, 240, 45 (5 unanswered) → 115 min; chat: 30, 120, 20 → 170 / 3 min; phone: 15 min.
    const channels = r.bySegment?.['firstResponseTime'].segments as { key: string; result: { value: number } }[];
    expect(channels.map((s) => s.key)).toEqual(['email', 'chat', 'phone']);
    expect(channels[0]?.result.value).toBe(115 * MIN);
    expect(channels[1]?.result.value).toBeCloseTo((170 / 3) * MIN, 6);
    expect(channels[2]?.result.value).toBe(15 * MIN);
    // The totals are still the whole file's.
    expect(r.metrics['firstResponseTime'].value).toBeCloseTo((530 / 7) * MIN, 6);
    expect(r.source).toMatchObject({ period: 'month', by: 'channel' });
  });
});

describe('kpi-kit report: invalid tickets in a grouped report', () => {
  it('lists them once, under metrics and errors; each period, segment and cell counts its own', async () => {
    // contact-count FCR needs contactCount on every resolved ticket: tickets 1 and 3 (rows 1 and 3,
    // indices 0 and 2, both email, one in March and one in April) have none.
    const csv = file(
      'fcr-invalid.csv',
      'id,created_at,status,channel,contact_count\n' +
        '1,2024-03-01T09:00:00Z,solved,email,\n2,2024-03-02T09:00:00Z,solved,chat,1\n' +
        '3,2024-04-01T09:00:00Z,solved,email,\n4,2024-04-02T09:00:00Z,solved,chat,2\n5,2024-04-03T09:00:00Z,solved,email,1\n',
    );
    const r = await report([csv, '--period', 'month', '--by', 'channel', '--on-invalid', 'exclude']);
    type Excluded = { invalid: number; invalidIndices: number[]; invalidTickets: { index: number }[] };
    type Row = { key: string; result: { excluded: Excluded }; segments?: Row[] };
    const fcr = r.metrics['firstContactResolution'] as { excluded: Excluded; value: number };
    expect(fcr.excluded.invalid).toBe(2);
    expect(fcr.excluded.invalidIndices).toEqual([0, 2]);
    expect(fcr.excluded.invalidTickets.map((t) => t.index)).toEqual([0, 2]);
    expect(r.errors.map((e) => e.row)).toEqual([1, 3]);
    const counted = (rows: Row[]): [string, number, number, number][] =>
      rows.map((g) => [g.key, g.result.excluded.invalid, g.result.excluded.invalidIndices.length, g.result.excluded.invalidTickets.length]);
    const months = r.byPeriod?.['firstContactResolution'].periods as Row[];
    expect(counted(months)).toEqual([
      ['2024-03', 1, 0, 0],
      ['2024-04', 1, 0, 0],
    ]);
    // A period's segments, most tickets first (ties by key): March chat (2), email (1); April
    // email (3, 5), chat (4).
    expect(months.map((m) => counted(m.segments ?? []))).toEqual([
      [
        ['chat', 0, 0, 0],
        ['email', 1, 0, 0],
      ],
      [
        ['email', 1, 0, 0],
        ['chat', 0, 0, 0],
      ],
    ]);
    const channels = r.bySegment?.['firstContactResolution'].segments as Row[];
    expect(counted(channels)).toEqual([
      ['email', 2, 0, 0],
      ['chat', 0, 0, 0],
    ]);
    for (const total of [r.byPeriod?.['firstContactResolution'].total, r.bySegment?.['firstContactResolution'].total] as { excluded: Excluded }[]) {
      expect(total.excluded).toEqual({ invalid: 2, invalidIndices: [], invalidTickets: [] });
    }
    // The figures are the library's: FCR of the resolved tickets it can read, 2 of 3 with one contact.
    expect(r.byPeriod?.['firstContactResolution'].total.value).toBe(fcr.value);
    expect(fcr.value).toBe(2 / 3);
  });
});

describe('kpi-kit report: the CLI computes nothing the library does not', () => {
  it('each metric equals the library function over the same tickets', async () => {
    const r = await report([fixture('tickets.csv'), '--as-of', AS_OF, '--sla', 'first-response=1h', '--sla', 'urgent:resolution=1d']);
    const o = { timeZone: 'UTC' };
    expect(r.metrics['firstResponseTime']).toEqual(plain(firstResponseTime({ tickets: TICKETS }, { ...o, ...PERCENTILES })));
    expect(r.metrics['resolutionTime']).toEqual(plain(resolutionTime({ tickets: TICKETS }, { ...o, ...PERCENTILES })));
    expect(r.metrics['resolutionRate']).toEqual(plain(resolutionRate({ tickets: TICKETS }, o)));
    expect(r.metrics['firstContactResolution']).toEqual(plain(firstContactResolution({ tickets: TICKETS }, { ...o, method: 'contact-count' })));
    expect(r.metrics['resolutionConsistency']).toEqual(plain(resolutionConsistency({ tickets: TICKETS }, o)));
    expect(r.metrics['volumeByChannel']).toEqual(plain(volumeByChannel({ tickets: TICKETS }, o)));
    expect(r.metrics['topTopics']).toEqual(plain(topTopics({ tickets: TICKETS }, { ...o, top: 10 })));
    expect(r.metrics['csat']).toEqual(plain(csat({ responses: ANSWERS })));
    expect(r.metrics['backlog']).toEqual(plain(backlog({ tickets: TICKETS }, { ...o, asOf: AS_OF, ...PERCENTILES })));
    const targets = { firstResponseMs: H, byPriority: { urgent: { resolutionMs: 24 * H } } };
    expect(r.metrics['slaCompliance']).toEqual(plain(slaCompliance({ tickets: TICKETS }, { ...o, asOf: AS_OF, targets })));
  });

  it('hand figures of the same report', async () => {
    const r = await report([fixture('tickets.csv'), '--as-of', AS_OF, '--sla', 'first-response=1h']);
    // Resolved (solved, closed, resolved): 1, 2, 4, 6, 7 of 8 → 0.625.
    expect(r.metrics['resolutionRate']).toMatchObject({ value: 0.625, resolved: 5, inquiries: 8 });
    // Resolution 3, 24, 2, 72, 2 h → 103 / 5 = 20.6 h.
    expect(r.metrics['resolutionTime'].value).toBeCloseTo(20.6 * H, 6);
    // FCR: of the 5 resolved, one contact for 1, 4, 7 → 0.6.
    expect(r.metrics['firstContactResolution'].value).toBe(0.6);
    // Backlog at Apr 15: 3 and 5 open; 8 not yet created.
    expect(r.metrics['backlog']).toMatchObject({ value: 2, open: 2 });
    expect(r.metrics['backlog'].excluded.notYetCreated).toBe(1);
    // SLA 1 h first response at Apr 15: met 1 (60 min), 2, 4, 7; breached 3 (240), 6 (120), 5
    // (unanswered for two weeks) → 4 / 7; 8 not yet created.
    expect(r.metrics['slaCompliance']).toMatchObject({ met: 4, breached: 3 });
    expect(r.metrics['slaCompliance'].value).toBeCloseTo(4 / 7, 12);
  });

  it('byPeriod and bySegment equal the library over the same tickets', async () => {
    const r = await report([fixture('tickets.csv'), '--period', 'week', '--by', 'priority']);
    const o = { timeZone: 'UTC', ...PERCENTILES };
    // --period with --by: period × segment (each period row carries its segments).
    const cells = { period: 'week', timeZone: 'UTC', by: 'priority' } as const;
    expect(r.byPeriod?.['firstResponseTime']).toEqual(plain(byPeriod(firstResponseTime, TICKETS, cells, o)));
    expect(r.byPeriod?.['volumeByChannel']).toEqual(plain(byPeriod(volumeByChannel, TICKETS, cells, { timeZone: 'UTC' })));
    expect(r.byPeriod?.['firstResponseTime'].periods[0].segments.length).toBeGreaterThan(1);
    expect(r.bySegment?.['firstResponseTime']).toEqual(plain(bySegment(firstResponseTime, TICKETS, 'priority', o)));
    expect(r.bySegment?.['resolutionRate']).toEqual(plain(bySegment(resolutionRate, TICKETS, 'priority', { timeZone: 'UTC' })));
    // --period alone: the periods without segments; --by alone: the segments.
    const periodsOnly = await report([fixture('tickets.csv'), '--period', 'week']);
    expect(periodsOnly.byPeriod?.['firstResponseTime']).toEqual(plain(byPeriod(firstResponseTime, TICKETS, { period: 'week', timeZone: 'UTC' }, o)));
    const segmentsOnly = await report([fixture('tickets.csv'), '--by', 'priority']);
    expect(segmentsOnly.bySegment?.['firstResponseTime']).toEqual(plain(bySegment(firstResponseTime, TICKETS, 'priority', o)));
  });
});
