import { describe, expect, it } from 'vitest';
import { H, cli, report, tempDir } from './helpers.js';

const file = tempDir();

// Two tickets with histories and one without (hand-worked below, times UTC on 2024-05-06).
const TICKETS = 'id,created_at,status,channel\n7,2024-05-06T08:00:00Z,solved,email\n8,2024-05-06T08:00:00Z,solved,chat\n9,2024-05-06T10:00:00Z,open,email\n';

// Ticket 7: new 08:00–09:00, open 09:00–10:30, pending 10:30–12:30, solved 12:30; a private note at
// 10:00 and the first public agent reply at 10:30.
//   agent work (new + open) 2.5 h; requester wait (new + open + hold) 2.5 h; agent wait (pending) 2 h;
//   on hold 0; first resolution 08:00 → 12:30 = 4.5 h; 1 reply; 0 reopens.
// Ticket 8: open 08:00–09:00, hold 09:00–11:00, open 11:00–12:00, solved 12:00–13:00, open 13:00–14:00, solved 14:00.
//   agent work 1 + 1 + 1 = 3 h; requester wait 3 + 2 = 5 h; agent wait 0; on hold 2 h;
//   first resolution 08:00 → 12:00 = 4 h; 1 reply; 1 reopen.
const KPI_KIT_EVENTS = [
  'ticketId,at,kind,from,to,actorRole,public',
  '7,2024-05-06T08:00:00Z,comment,,,end-user,true',
  '7,2024-05-06T09:00:00Z,status,new,open,,',
  '7,2024-05-06T10:00:00Z,comment,,,agent,false',
  '7,2024-05-06T10:30:00Z,comment,,,agent,true',
  '7,2024-05-06T10:30:00Z,status,open,pending,,',
  '7,2024-05-06T12:30:00Z,status,pending,solved,,',
  '8,2024-05-06T08:00:00Z,comment,,,end-user,true',
  '8,2024-05-06T08:00:00Z,status,new,open,,',
  '8,2024-05-06T09:00:00Z,comment,,,agent,true',
  '8,2024-05-06T09:00:00Z,status,open,hold,,',
  '8,2024-05-06T11:00:00Z,status,hold,open,,',
  '8,2024-05-06T12:00:00Z,status,open,solved,,',
  '8,2024-05-06T13:00:00Z,status,solved,open,,',
  '8,2024-05-06T14:00:00Z,status,open,solved,,',
].join('\n');

// The same histories as Zendesk's tables (Fivetran's ticket_field_history, ticket_comment, user).
const FIELD_HISTORY = [
  'ticket_id,field_name,value,updated',
  '7,status,new,2024-05-06 08:00:00',
  '7,status,open,2024-05-06 09:00:00',
  '7,status,pending,2024-05-06 10:30:00',
  '7,status,solved,2024-05-06 12:30:00',
  '8,status,open,2024-05-06 08:00:00',
  '8,status,hold,2024-05-06 09:00:00',
  '8,status,open,2024-05-06 11:00:00',
  '8,status,solved,2024-05-06 12:00:00',
  '8,status,open,2024-05-06 13:00:00',
  '8,status,solved,2024-05-06 14:00:00',
].join('\n');
const COMMENTS = [
  'ticket_id,created,public,user_id',
  '7,2024-05-06 08:00:00,true,100',
  '7,2024-05-06 10:00:00,false,200',
  '7,2024-05-06 10:30:00,true,200',
  '8,2024-05-06 08:00:00,true,101',
  '8,2024-05-06 09:00:00,true,200',
].join('\n');
const USERS = 'id,role\n100,end-user\n101,end-user\n200,agent\n';

function expectHandWorked(r: Awaited<ReturnType<typeof report>>): void {
  const m = r.metrics;
  expect(m['requesterWaitTime']).toMatchObject({ n: 2, mean: (2.5 * H + 5 * H) / 2, excluded: { unmeasured: 1 } });
  expect(m['agentWorkTime']).toMatchObject({ n: 2, mean: (2.5 * H + 3 * H) / 2 });
  expect(m['agentWaitTime']).toMatchObject({ n: 2, mean: (2 * H + 0) / 2 });
  expect(m['onHoldTime']).toMatchObject({ n: 2, mean: (0 + 2 * H) / 2 });
  expect(m['firstResolutionTime']).toMatchObject({ n: 2, mean: (4.5 * H + 4 * H) / 2 });
  expect(m['repliesPerTicket']).toMatchObject({ n: 2, mean: 1 });
  expect(m['reopensPerTicket']).toMatchObject({ n: 2, mean: 0.5 });
}

describe('kpi-kit report --events: ticket histories', () => {
  it('kpi-kit events (CSV): the history metrics, joined to the tickets by id', async () => {
    const r = await report([file('t.csv', TICKETS), '--events', file('events.csv', KPI_KIT_EVENTS)]);
    expectHandWorked(r);
    expect(r.source['histories']).toEqual({
      format: 'kpi-kit',
      files: [expect.stringMatching(/events\.csv$/)],
      events: 14,
      tickets: 2,
      invalid: 0,
      clock: 'calendar',
      matched: 2,
    });
  });

  it("Zendesk's tables (ticket_field_history + ticket_comment + user) give the same figures", async () => {
    const r = await report([
      file('zt.csv', TICKETS),
      '--events',
      file('field_history.csv', FIELD_HISTORY),
      '--comments',
      file('comments.csv', COMMENTS),
      '--users',
      file('users.csv', USERS),
    ]);
    expectHandWorked(r);
    expect(r.source['histories']).toMatchObject({ format: 'zendesk', tickets: 2, matched: 2 });
  });

  it('per period and segment too, and in the table report', async () => {
    const r = await report([file('p.csv', TICKETS), '--events', file('pe.csv', KPI_KIT_EVENTS), '--by', 'channel']);
    const segs = r.bySegment?.['requesterWaitTime'].segments as { key: string; result: { mean: number | null } }[];
    expect(segs.find((s) => s.key === 'chat')?.result.mean).toBe(5 * H);
    const t = await cli(['report', file('pt.csv', TICKETS), '--events', file('pte.csv', KPI_KIT_EVENTS), '--format', 'table']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Requester wait time\s+3 h 45 min/);
  });

  it('usage errors: no id column, --comments without --events or --users, an unknown layout', async () => {
    const noId = await cli(['report', file('noid.csv', 'created_at\n2024-05-06T08:00:00Z\n'), '--events', file('e1.csv', KPI_KIT_EVENTS)]);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain("--events needs the tickets' id column");
    const lone = await cli(['report', file('l.csv', TICKETS), '--comments', file('c.csv', COMMENTS)]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('--comments and --users need --events');
    const noUsers = await cli(['report', file('nu.csv', TICKETS), '--events', file('fh.csv', FIELD_HISTORY), '--comments', file('c2.csv', COMMENTS)]);
    expect(noUsers.code).toBe(2);
    expect(noUsers.stderr).toContain('--comments needs --users');
    const odd = await cli(['report', file('o.csv', TICKETS), '--events', file('odd.csv', 'a,b\n1,2\n')]);
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('unknown layout (columns "a", "b")');
  });

  it('an invalid history: exit 2 naming it, or with --on-invalid exclude left out and counted', async () => {
    const bad = KPI_KIT_EVENTS + '\n9,not a time,status,new,open,,';
    const fail = await cli(['report', file('b.csv', TICKETS), '--events', file('bad.csv', bad)]);
    expect(fail.code).toBe(2);
    expect(fail.stderr).toContain('ticketMetrics');
    const r = await report([file('b2.csv', TICKETS), '--events', file('bad2.csv', bad), '--on-invalid', 'exclude']);
    expect(r.source['histories']).toMatchObject({ tickets: 2, invalid: 1 });
    expectHandWorked(r);
  });
});

describe('kpi-kit report: SLA outcomes recorded by the export', () => {
  it('without --sla, slaCompliance counts the response_sla_met / resolution_sla_met columns', async () => {
    // Ticket 1 met both; 2 met the response, breached the resolution; 3 has no outcome → 1 of 2 compliant.
    const csv =
      'id,created_at,response_sla_met,resolution_sla_met\n1,2024-05-06T08:00:00Z,true,true\n2,2024-05-06T09:00:00Z,yes,no\n3,2024-05-06T10:00:00Z,,\n';
    const r = await report([file('sla.csv', csv)]);
    expect(r.source['columns']).toMatchObject({ firstResponseSlaMet: 'response_sla_met', resolutionSlaMet: 'resolution_sla_met' });
    expect(r.metrics['slaCompliance']).toMatchObject({ value: 0.5, met: 1, breached: 1, noTarget: 1, time: 'recorded', asOf: null });
    expect(r.metrics['slaCompliance'].firstResponse.value).toBe(1);
    expect(r.metrics['slaCompliance'].resolution.value).toBe(0.5);
  });
});
