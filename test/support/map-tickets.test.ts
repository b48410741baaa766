import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { mapTickets } from '../../src/support/map-tickets.js';
import { mapContacts } from '../../src/contact-center/map-contacts.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionRate } from '../../src/support/resolution-rate.js';
import { cli } from '../cli/helpers.js';

const MIN = 60_000;
const at = (iso: string): number => Date.parse(iso);

function thrown(f: () => unknown): KpiInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof KpiInputError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('mapTickets: columns', () => {
  it('detects the Zendesk export: minutes to ms, "offered" as no answer, good/bad on the binary scale', () => {
    const rows = [
      {
        Id: '1',
        'Created at': '2024-05-06 09:00:00',
        'Solved at': '2024-05-06 11:30:00',
        Status: 'Solved',
        'First reply time in minutes': '12.5',
        'Satisfaction Score': 'Good',
      },
      { Id: '2', 'Created at': '2024-05-06 10:00:00', 'Solved at': '', Status: 'Open', 'First reply time in minutes': '', 'Satisfaction Score': 'Offered' },
    ];
    const m = mapTickets(rows);
    expect(m.preset).toBe('zendesk');
    expect(m.csatScale).toBe('binary');
    expect(m.columns).toEqual({
      id: 'Id',
      createdAt: 'Created at',
      resolvedAt: 'Solved at',
      status: 'Status',
      firstResponseMs: 'First reply time in minutes',
      csat: 'Satisfaction Score',
    });
    // 12.5 min = 12.5 × 60,000 = 750,000 ms.
    expect(m.tickets[0]).toEqual({
      id: '1',
      createdAt: at('2024-05-06T09:00:00Z'),
      resolvedAt: at('2024-05-06T11:30:00Z'),
      status: 'Solved',
      firstResponseMs: 750_000,
      csat: 'good',
    });
    expect(m.tickets[1]).toMatchObject({ resolvedAt: null, firstResponseMs: null, csat: null });
    expect(Object.isFrozen(m) && Object.isFrozen(m.tickets) && Object.isFrozen(m.tickets[0])).toBe(true);
  });

  it("reads Zendesk's ticket metrics columns: waits in minutes, replies and reopens as counts", () => {
    const m = mapTickets([
      {
        Id: '3',
        'Created at': '2024-05-06 09:00:00',
        'Solved at': '',
        Replies: '2',
        Reopens: '1',
        'Requester wait time in minutes': '90',
        'Agent wait time in minutes': '0.5',
        'On hold time in minutes': '',
      },
    ]);
    // 90 min = 5,400,000 ms; 0.5 min = 30,000 ms; an empty cell is not measured (null), not 0.
    expect(m.tickets[0]).toMatchObject({ replyCount: 2, reopenCount: 1, reopened: true, requesterWaitMs: 5_400_000, agentWaitMs: 30_000, onHoldMs: null });
  });

  it('matches columns by name without a preset, reads aliases, and zone-less times in timeZone', () => {
    const m = mapTickets(
      [
        { created_at: '2024-05-06 09:00', 'First-Response-At': '2024-05-06 09:20', contacts: '2', extra: 'x' },
        { created_at: '2024-05-06 10:00', 'First-Response-At': '', contacts: '1', extra: 'y' },
      ],
      { timeZone: 'Europe/Berlin' },
    );
    expect(m.preset).toBeNull();
    expect(m.columns).toEqual({ createdAt: 'created_at', firstResponseAt: 'First-Response-At', contactCount: 'contacts' });
    // 09:00 in Berlin (CEST, UTC+2) is 07:00Z.
    expect(m.tickets[0]!.createdAt).toBe(at('2024-05-06T07:00:00Z'));
    expect(firstResponseTime({ tickets: m.tickets }).value).toBe(20 * MIN);
  });

  it('map and units add or replace fields; a duration beside its timestamps is dropped unless mapped', () => {
    const rows = [{ opened: '2024-05-06T09:00:00Z', firstResponseAt: '2024-05-06T09:30:00Z', firstResponseMs: '1800000', wait: '1.5', handled: '2' }];
    const m = mapTickets(rows, { map: { createdAt: 'opened', handleTimeMs: 'handled' }, units: { handleTimeMs: 'h' } });
    expect(m.preset).toBeNull();
    expect(m.columns).toEqual({ firstResponseAt: 'firstResponseAt', createdAt: 'opened', handleTimeMs: 'handled' });
    // 2 h = 7,200,000 ms.
    expect(m.tickets[0]!.handleTimeMs).toBe(7_200_000);
    const both = mapTickets(rows, { map: { createdAt: 'opened', firstResponseMs: 'firstResponseMs' } });
    expect(both.columns['firstResponseMs']).toBe('firstResponseMs');
  });

  it('takes a header with rows of cells, and reads nested keys of object rows with dotted columns', () => {
    const h = mapTickets({ header: ['createdAt', 'channel'], rows: [['2024-05-06T09:00:00Z', 'email']] });
    expect(h.preset).toBe('kpi-kit');
    expect(h.tickets).toEqual([{ createdAt: at('2024-05-06T09:00:00Z'), channel: 'email' }]);
    const n = mapTickets([{ createdAt: '2024-05-06T09:00:00Z', via: { channel: 'chat' } }], { map: { channel: 'via.channel' } });
    expect(n.tickets[0]!.channel).toBe('chat');
    // Only own keys: a record never inherits a column.
    expect(thrown(() => mapTickets([{ createdAt: '2024-05-06T09:00:00Z' }], { map: { channel: 'constructor.name' } })).path).toEqual([
      'options',
      'map',
      'channel',
    ]);
  });

  it('empty rows give no tickets', () => {
    const m = mapTickets([]);
    expect(m.tickets).toEqual([]);
    expect(m.excluded.invalid).toBe(0);
  });
});

describe('mapTickets: cells that cannot be read', () => {
  const rows = [
    { createdAt: '2024-05-06T09:00:00Z', contactCount: '1' },
    { createdAt: 'yesterday', contactCount: '1' },
    { createdAt: '2024-05-06T10:00:00Z', contactCount: '0x10' },
    { createdAt: '2024-05-06T11:00:00Z', contactCount: '2' },
  ];

  it('raise by default, naming the row and column', () => {
    const e = thrown(() => mapTickets(rows));
    expect(e.path).toEqual([1, 'createdAt']);
    expect(e.message).toContain('row 1, column "createdAt"');
    expect(e.input).toBe('yesterday');
  });

  it('with onInvalid exclude leave their rows out, listed with the cell as written (0x10 is not a number)', () => {
    const m = mapTickets(rows, { timeZone: 'America/New_York', onInvalid: 'exclude' });
    expect(m.tickets.map((t) => t.contactCount)).toEqual([1, 2]);
    expect(m.excluded.invalid).toBe(2);
    expect(m.errors.map((e) => [e.index, e.column, e.value])).toEqual([
      [1, 'createdAt', 'yesterday'],
      [2, 'contactCount', '0x10'],
    ]);
    expect(m.errors[1]!.message).toBe('contactCount must be a non-negative integer, got "0x10"');
  });

  it('a cell that is not a scalar is a problem shown briefly, whatever its size', () => {
    const huge: unknown[] = [];
    huge.length = 2 ** 32 - 1;
    const m = mapTickets(
      [
        { createdAt: '2024-05-06T09:00:00Z', channel: { name: 'chat' } },
        { createdAt: '2024-05-06T09:00:00Z', channel: huge },
        { createdAt: '2024-05-06T09:00:00Z', csat: 10n },
      ],
      { onInvalid: 'exclude' },
    );
    expect(m.errors.map((e) => e.message)).toEqual([
      'channel must be text, a number or a boolean, got {"name":"chat"}',
      'channel must be text, a number or a boolean, got an array of 4294967295',
      'csat must be a number, got 10n',
    ]);
  });

  it('rows that are not records are problems too', () => {
    const m = mapTickets([{ createdAt: '2024-05-06T09:00:00Z' }, 7], { onInvalid: 'exclude' });
    expect(m.errors).toEqual([{ index: 1, column: null, value: 7, message: 'the row is not an object' }]);
  });
});

describe('mapTickets: bad options', () => {
  const one = [{ createdAt: '2024-05-06T09:00:00Z', opened: '2024-05-06T09:00:00Z' }];
  it.each([
    [{ preset: 'helpscout' }, ['options', 'preset'], 'unknown preset "helpscout"'],
    [{ map: { contacts: 'opened' } }, ['options', 'map', 'contacts'], 'unknown field "contacts"'],
    [{ units: { createdAt: 'min' } }, ['options', 'units', 'createdAt'], 'createdAt is not a duration field'],
    [{ units: { handleTimeMs: 'weeks' } }, ['options', 'units', 'handleTimeMs'], 'unknown unit "weeks"'],
    [{ map: { channel: 'via' } }, ['options', 'map', 'channel'], 'no row has the column "via"'],
    [{ onInvalid: 'skip' }, ['options', 'onInvalid'], "'throw' or 'exclude'"],
    [{ timeZone: 'Mars/Olympus' }, ['options', 'timeZone'], 'IANA time zone'],
    [{ csatScale: '1-4' }, ['options', 'csatScale'], "'binary'"],
    [{ colour: 'red' }, ['options', 'colour'], 'not an option of mapTickets'],
  ])('%j → KpiInputError at its path', (options, path, text) => {
    const e = thrown(() => mapTickets(one, options as never));
    expect(e.path).toEqual(path);
    expect(e.message).toContain(text);
  });

  it('no createdAt column, a header naming a read column twice, or rows that are not an array', () => {
    expect(thrown(() => mapTickets([{ opened: 'x' }])).message).toContain('no column for createdAt: map one with map.createdAt; the columns are "opened"');
    const twice = thrown(() => mapTickets({ header: ['createdAt', 'channel', 'channel'], rows: [] }));
    expect(twice.code).toBe('ambiguous');
    expect(twice.message).toContain('"channel" (2 times, read as channel)');
    expect(thrown(() => mapTickets({ header: ['createdAt'], rows: [] }, { map: { channel: 'via' } })).message).toContain('no column "via"');
    expect(thrown(() => mapTickets('a,b' as never)).path).toEqual([]);
    expect(thrown(() => mapTickets({ header: [1], rows: [] } as never)).path).toEqual(['header', 0]);
  });
});

describe('mapContacts', () => {
  it('maps contact rows by name and map; abandonment over them', () => {
    const m = mapContacts(
      {
        header: ['call_id', 'offered_at', 'answered', 'hung_up', 'queue'],
        rows: [
          ['c1', '2024-05-06T09:00:00Z', '2024-05-06T09:00:40Z', '', 'sales'],
          ['c2', '2024-05-06T09:01:00Z', '', '2024-05-06T09:02:10Z', 'sales'],
        ],
      },
      { map: { id: 'call_id', answeredAt: 'answered', abandonedAt: 'hung_up' } },
    );
    expect(m.columns).toEqual({ offeredAt: 'offered_at', queue: 'queue', id: 'call_id', answeredAt: 'answered', abandonedAt: 'hung_up' });
    expect(m.contacts[1]).toEqual({
      offeredAt: at('2024-05-06T09:01:00Z'),
      queue: 'sales',
      id: 'c2',
      answeredAt: null,
      abandonedAt: at('2024-05-06T09:02:10Z'),
    });
    expect(thrown(() => mapContacts([{ start: 'x' }])).message).toContain('no column for offeredAt');
    expect(thrown(() => mapContacts([{ offeredAt: 'x' }], { preset: 'zendesk' } as never)).path).toEqual(['options', 'preset']);
  });
});

describe('mapTickets reads an export exactly as kpi-kit report does', () => {
  const stamp = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' '));
  const row = fc.record({
    created_at: stamp,
    first_response_at: fc.oneof(stamp, fc.constant('')),
    status: fc.constantFrom('solved', 'open', 'closed', 'pending', ''),
    contacts: fc.constantFrom('1', '2', '', 'x'),
  });
  it('same tickets left out, same first response time and resolution rate (random files)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const header = ['created_at', 'first_response_at', 'status', 'contacts'] as const;
        const csv = [header.join(','), ...rows.map((r) => header.map((h) => r[h]).join(','))].join('\n') + '\n';
        const { mkdtempSync, writeFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        const { tmpdir } = await import('node:os');
        const path = join(mkdtempSync(join(tmpdir(), 'kpi-map-')), 'x.csv');
        writeFileSync(path, csv);
        const out = await cli(['report', path, '--format', 'json', '--time-zone', 'America/New_York', '--on-invalid', 'exclude']);
        expect(out.code).toBe(0);
        const doc = JSON.parse(out.stdout) as { excluded: { rows: number }; metrics: Record<string, { value: number | null; n?: number }> };
        const m = mapTickets(rows, { timeZone: 'America/New_York', onInvalid: 'exclude' });
        expect(m.excluded.invalid).toBe(doc.excluded.rows);
        const frt = firstResponseTime({ tickets: m.tickets }, { timeZone: 'America/New_York', onInvalid: 'exclude' });
        expect(frt.value).toBe(doc.metrics['firstResponseTime']!.value);
        expect(resolutionRate({ tickets: m.tickets }, { onInvalid: 'exclude' }).value).toBe(doc.metrics['resolutionRate']!.value);
      }),
      { numRuns: 25 },
    );
  });
});
