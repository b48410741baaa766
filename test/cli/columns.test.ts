import { describe, expect, it } from 'vitest';
import { H, MIN, cli, fixture, report, tempDir } from './helpers.js';

const file = tempDir();

describe('kpi-kit report: columns matched by name', () => {
  it('matches snake_case columns to the fields (created_at → createdAt), without a preset', async () => {
    const r = await report([fixture('tickets.csv')]);
    expect(r.source['preset']).toBeUndefined();
    expect(r.source['columns']).toEqual({
      id: 'id',
      createdAt: 'created_at',
      firstResponseAt: 'first_response_at',
      resolvedAt: 'resolved_at',
      status: 'status',
      channel: 'channel',
      topic: 'topic',
      agent: 'agent',
      priority: 'priority',
      // The header's "contacts" column, read as contactCount (a column alias).
      contactCount: 'contacts',
      csat: 'csat',
    });
  });

  it('matches "Created At" and "First-Response-At" too', async () => {
    const path = file('spaced.csv', 'Created At,First-Response-At\n2024-05-01T09:00:00Z,2024-05-01T09:06:00Z\n');
    const r = await report([path]);
    expect(r.source['columns']).toEqual({ createdAt: 'Created At', firstResponseAt: 'First-Response-At' });
    expect(r.metrics['firstResponseTime'].value).toBe(6 * MIN);
  });

  it('contactCount from a contact_count column, or from a "contacts" column when there is none', async () => {
    // Two resolved tickets, with 1 and 3 contacts: one resolved in the first contact → FCR 1 / 2.
    const rows = '2024-05-01T09:00:00Z,solved,1\n2024-05-01T10:00:00Z,solved,3\n';
    const own = await report([file('own.csv', `created_at,status,contact_count\n${rows}`)]);
    expect((own.source['columns'] as Record<string, string>)['contactCount']).toBe('contact_count');
    expect(own.metrics['firstContactResolution']).toMatchObject({ value: 0.5, method: 'contact-count', denominator: 2 });
    const alias = await report([file('alias.csv', `created_at,status,contacts\n${rows}`)]);
    expect((alias.source['columns'] as Record<string, string>)['contactCount']).toBe('contacts');
    expect(alias.metrics['firstContactResolution']).toEqual(own.metrics['firstContactResolution']);
    // Both columns: the field's own name wins (contactCount 1 and 1 → FCR 2 / 2 = 1).
    const both = await report([file('both.csv', 'createdAt,status,contactCount,contacts\n2024-05-01T09:00:00Z,solved,1,3\n2024-05-01T10:00:00Z,solved,1,3\n')]);
    expect(both.source['preset']).toBe('kpi-kit');
    expect((both.source['columns'] as Record<string, string>)['contactCount']).toBe('contactCount');
    expect(both.metrics['firstContactResolution'].value).toBe(1);
    // --map names the field, not the old name: --map contacts=... is an unknown field.
    const r = await cli(['report', file('map.csv', `created_at,status,n_contacts\n${rows}`), '--map', 'contacts=n_contacts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map: unknown field "contacts"');
    const mapped = await report([file('map2.csv', `created_at,status,n_contacts\n${rows}`), '--map', 'contactCount=n_contacts']);
    expect(mapped.metrics['firstContactResolution'].value).toBe(0.5);
  });

  it('no createdAt column: exit 2, naming the columns there are', async () => {
    const path = file('no-created.csv', 'opened,channel\n2024-05-01T09:00:00Z,email\n');
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column for createdAt');
    expect(r.stderr).toContain('"opened", "channel"');
    expect(r.stderr).toContain('--map createdAt=COLUMN');
  });

  it('a column the report reads, named twice in the header: exit 2 naming it; --map to another column reads that one', async () => {
    // Two "channel" columns: the first used to win silently.
    const path = file('twice.csv', 'created_at,channel,channel,via\n2024-05-01T09:00:00Z,email,chat,phone\n');
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"channel" (2 times, read as channel)');
    expect(r.stdout).toBe('');
    const mapped = await report([path, '--map', 'channel=via']);
    expect(mapped.source['columns']).toMatchObject({ channel: 'via' });
    // A duplicated column the report does not read is no problem.
    const unread = await report([file('twice-unread.csv', 'created_at,note,note\n2024-05-01T09:00:00Z,a,b\n')]);
    expect(unread.records).toBe(1);
  });

  it('JSON: --map reads own keys only (an inherited __proto__.constructor or toString names nothing)', async () => {
    const path = file('proto.json', '[{"created_at":"2024-05-01T09:00:00Z","channel":"email"}]');
    for (const column of ['__proto__.constructor', 'toString']) {
      const r = await cli(['report', path, '--map', `channel=${column}`, '--format', 'json']);
      // toString is no key of any record: exit 2; the dotted path reads nothing (no channel), never a function.
      if (column === 'toString') expect(r.code).toBe(2);
      else {
        expect(r.code).toBe(0);
        expect(r.stdout).not.toContain('function');
        expect(JSON.parse(r.stdout).metrics.volumeByChannel.groups).toEqual([{ key: null, count: 1, share: 1 }]);
      }
    }
  });
});

describe('kpi-kit report: presets', () => {
  // zendesk.csv, zone-less timestamps read in UTC:
  //   101 30 min, solved after 2 h, Good, Reopens 0
  //   102 90 min, closed after 48 h, Bad, Reopens 2
  //   103 unanswered, open, "Offered" (no answer), Reopens 0
  //   104 12.5 min, solved after 0.5 h, "Unoffered" (no answer), Reopens 1
  //   105 45 min, pending, blank score, blank Reopens
  it('zendesk: detected from the header; minutes, Good/Bad/Offered and Reopens read as such', async () => {
    const r = await report([fixture('zendesk.csv')]);
    expect(r.source['preset']).toBe('zendesk');
    expect(r.records).toBe(5);
    // First reply: (30 + 90 + 12.5 + 45) / 4 = 177.5 / 4 = 44.375 min; 103 unanswered.
    expect(r.metrics['firstResponseTime'].value).toBe(44.375 * MIN);
    expect(r.metrics['firstResponseTime'].min).toBe(12.5 * MIN);
    expect(r.metrics['firstResponseTime'].excluded.unanswered).toBe(1);
    // Resolution: (2 + 48 + 0.5) / 3 h = 50.5 / 3 h; 103 and 105 unresolved.
    expect(r.metrics['resolutionTime'].value).toBeCloseTo((50.5 / 3) * H, 6);
    // "Solved", "Closed" are resolved statuses (case aside): 101, 102, 104 → 3 / 5.
    expect(r.metrics['resolutionRate'].value).toBe(0.6);
    // Binary CSAT: Good, Bad answered; Offered, Unoffered and blank are not answers → 1 / 2.
    expect(r.metrics['csat'].n).toBe(2);
    expect(r.metrics['csat'].value).toBe(0.5);
    expect(r.metrics['csat'].scale).toBe('binary');
    // Reopens as a count: of the resolved 101 (0), 102 (2), 104 (1), two were reopened → 2 / 3.
    expect(r.metrics['reopenRate'].value).toBeCloseTo(2 / 3, 12);
    expect(r.metrics['volumeByChannel'].groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['Mail', 3],
      ['Phone call', 1],
      ['Web Widget', 1],
    ]);
    // No contact-count column in this export: no FCR.
    expect(r.metrics['firstContactResolution']).toBeUndefined();
  });

  it('--preset zendesk named explicitly gives the same report', async () => {
    const detected = await report([fixture('zendesk.csv')]);
    const named = await report([fixture('zendesk.csv'), '--preset', 'zendesk']);
    expect(named.metrics).toEqual(detected.metrics);
  });

  it('freshdesk: detected; Customer interactions as contactCount', async () => {
    const r = await report([fixture('freshdesk.csv')]);
    expect(r.source['preset']).toBe('freshdesk');
    // First responses 20, 120, 40 min, one unanswered → 60 min.
    expect(r.metrics['firstResponseTime'].value).toBe(60 * MIN);
    // Resolved after 1 h and 48 h → 24.5 h.
    expect(r.metrics['resolutionTime'].value).toBe(24.5 * H);
    // Closed, Resolved of 4 → 0.5.
    expect(r.metrics['resolutionRate'].value).toBe(0.5);
    // Of the 2 resolved, ticket 1 had 1 contact, ticket 2 had 3 → FCR 1 / 2.
    expect(r.metrics['firstContactResolution']).toMatchObject({
      value: 0.5,
      resolvedOnFirstContact: 1,
      resolved: 2,
      basis: 'resolved',
      denominator: 2,
      method: 'contact-count',
      reason: null,
    });
    expect((r.source['columns'] as Record<string, string>)['contactCount']).toBe('Customer interactions');
  });

  it('kpi-kit: detected from a createdAt column; ms durations and boolean flags', async () => {
    const r = await report([fixture('kpi-kit.csv')]);
    expect(r.source['preset']).toBe('kpi-kit');
    // 10, 20, 30 min → 20 min; resolved after 1 h and 2 h → 1.5 h; handle 5, 10, 15 min → 10 min.
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
    expect(r.metrics['resolutionTime'].value).toBe(1.5 * H);
    expect(r.metrics['averageHandleTime'].value).toBe(10 * MIN);
    // FCR from the flag: of the 2 resolved, one resolved in the first contact → 0.5.
    expect(r.metrics['firstContactResolution']).toMatchObject({ value: 0.5, basis: 'resolved', denominator: 2, method: 'flag' });
    // Reopened: of the 2 resolved, one → 0.5.
    expect(r.metrics['reopenRate'].value).toBe(0.5);
    // topTopics from the category column: returns 2, delivery 1.
    expect(r.metrics['topTopics'].rows.map((t: { key: string; count: number }) => [t.key, t.count])).toEqual([
      ['returns', 2],
      ['delivery', 1],
    ]);
    // complaint yes/no/no: one complaint, on the second ticket, which is solved.
    expect(r.metrics['complaints']).toMatchObject({ complaintCount: 1, resolved: 1, open: 0, notComplaints: 2 });
  });

  it('an unknown preset: exit 2, listing the presets', async () => {
    const r = await cli(['report', fixture('zendesk.csv'), '--preset', 'salesforce']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown preset "salesforce"');
    expect(r.stderr).toContain('kpi-kit, zendesk, freshdesk');
  });

  it('a preset whose columns the file lacks: only createdAt missing is an error', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--preset', 'zendesk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column for createdAt');
  });
});

describe('kpi-kit report: --map', () => {
  it('adds a field from a column (team from agent), usable with --by', async () => {
    const r = await report([fixture('tickets.csv'), '--map', 'team=agent', '--by', 'team']);
    expect((r.source['columns'] as Record<string, string>)['team']).toBe('agent');
    // Tickets per agent: ann 1, 3, 5, 8 → 4; bob 2, 4 → 2; cat 6, 7 → 2.
    expect(r.bySegment?.['volumeByChannel'].segments.map((s: { key: string; count: number }) => [s.key, s.count])).toEqual([
      ['ann', 4],
      ['bob', 2],
      ['cat', 2],
    ]);
  });

  it('replaces a preset column (topic from Subject in a Zendesk export)', async () => {
    const r = await report([fixture('zendesk.csv'), '--map', 'topic=Subject']);
    expect((r.source['columns'] as Record<string, string>)['topic']).toBe('Subject');
    // Five different subjects, one ticket each.
    expect(r.metrics['topTopics'].rows.map((t: { key: string; count: number }) => t.count)).toEqual([1, 1, 1, 1, 1]);
    expect(r.metrics['topTopics'].topicCount).toBe(5);
  });

  it('an unknown field: exit 2, listing the fields', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--map', 'owner=agent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map: unknown field "owner"');
    expect(r.stderr).toContain('createdAt');
  });

  it('a column not in the CSV header: exit 2, naming the columns', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--map', 'team=squad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column "squad" in the file');
    expect(r.stderr).toContain('"created_at"');
  });

  it('not field=column: exit 2', async () => {
    for (const m of ['team', '=agent', 'team=']) {
      const r = await cli(['report', fixture('tickets.csv'), '--map', m]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--map takes field=value');
    }
  });

  it('JSON: a key no record has is an error (exit 2); a dotted path reads nested values', async () => {
    const missing = await cli(['report', fixture('tickets.json'), '--map', 'team=squad']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no record of');
    expect(missing.stderr).toContain('"squad"');
    const r = await report([
      fixture('nested.json'),
      '--map',
      'createdAt=created',
      '--map',
      'channel=via.channel',
      '--map',
      'firstResponseMs=stats.reply_min',
      '--unit',
      'firstResponseMs=min',
    ]);
    // via.channel: email, chat, email; stats.reply_min: 10, 20, none → mean 15 min, 1 unanswered.
    expect(r.metrics['volumeByChannel'].groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['email', 2],
      ['chat', 1],
    ]);
    expect(r.metrics['firstResponseTime'].value).toBe(15 * MIN);
    expect(r.metrics['firstResponseTime'].excluded.unanswered).toBe(1);
  });
});

describe('kpi-kit report: --unit', () => {
  // handle_time 1.5 and 0.5 → mean 1 of the unit.
  const path = file('handle.csv', 'created_at,handle_time\n2024-05-01T09:00:00Z,1.5\n2024-05-01T10:00:00Z,0.5\n');
  const mean = async (unit: string) =>
    (await report([path, '--map', 'handleTimeMs=handle_time', '--unit', `handleTimeMs=${unit}`])).metrics['averageHandleTime'].value as number;

  it('reads a duration column in s, min, h or d', async () => {
    expect(await mean('s')).toBe(1000);
    expect(await mean('min')).toBe(MIN);
    expect(await mean('h')).toBe(H);
    expect(await mean('d')).toBe(24 * H);
    // Without --unit: ms.
    expect((await report([path, '--map', 'handleTimeMs=handle_time'])).metrics['averageHandleTime'].value).toBe(1);
  });

  it('a field that is not a duration: exit 2', async () => {
    const r = await cli(['report', path, '--unit', 'csat=min']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('csat is not a duration field');
  });

  it('an unknown unit: exit 2, listing the units', async () => {
    const r = await cli(['report', path, '--map', 'handleTimeMs=handle_time', '--unit', 'handleTimeMs=weeks']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown unit');
    expect(r.stderr).toContain('ms, s, min, h, d');
  });

  it('an unknown field: exit 2', async () => {
    const r = await cli(['report', path, '--unit', 'waitMs=min']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--unit: unknown field "waitMs"');
  });
});
