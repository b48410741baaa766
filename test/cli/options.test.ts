import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slaCompliance } from '../../src/support/sla-compliance.js';
import type { Ticket } from '../../src/support/ticket.js';
import { DAY, H, MIN, cli, fixture, plain, report, tempDir } from './helpers.js';

const file = tempDir();
const TICKETS = fixture('tickets.csv');

/** Exit code and standard error of a run expected to fail. */
async function fails(argv: string[], message: string): Promise<void> {
  const r = await cli(['report', ...argv]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stdout).toBe('');
}

describe('kpi-kit report: --resolved-status', () => {
  it('replaces the resolved statuses (repeatable), changing resolutionRate', async () => {
    // Default (solved, closed, resolved): tickets 1, 2, 4, 6, 7 → 5 / 8.
    expect((await report([TICKETS])).metrics['resolutionRate'].value).toBe(5 / 8);
    // Only "pending": ticket 8 → 1 / 8.
    expect((await report([TICKETS, '--resolved-status', 'pending'])).metrics['resolutionRate'].value).toBe(1 / 8);
    // "solved" and "pending": 1, 4, 6, 8 → 4 / 8.
    const r = await report([TICKETS, '--resolved-status', 'solved', '--resolved-status', 'pending']);
    expect(r.metrics['resolutionRate']).toMatchObject({ value: 0.5, resolved: 4, unresolved: 4 });
  });
});

describe('kpi-kit report: --time-zone', () => {
  // zones.csv: (1) zone-less 2024-03-31 01:30 → 03:30, across Berlin's switch to summer time at
  // 02:00; (2) 2024-01-31T23:30Z → 2024-02-01T00:30Z, already February 1 in Berlin.
  it('reads zone-less timestamps in the zone (1 h across the DST switch in Berlin, 2 h in UTC)', async () => {
    const utc = await report([fixture('zones.csv')]);
    // UTC: 2 h and 1 h → 1.5 h.
    expect(utc.metrics['firstResponseTime'].value).toBe(1.5 * H);
    const berlin = await report([fixture('zones.csv'), '--time-zone', 'Europe/Berlin']);
    // Berlin: 01:30 CET = 00:30Z, 03:30 CEST = 01:30Z → 1 h; and 1 h → 1 h.
    expect(berlin.metrics['firstResponseTime'].value).toBe(H);
    expect(berlin.source['timeZone']).toBe('Europe/Berlin');
  });

  it('puts tickets in the zone’s months (a month boundary)', async () => {
    const months = async (zone: string) =>
      (
        (await report([fixture('zones.csv'), '--period', 'month', '--time-zone', zone])).byPeriod?.['firstResponseTime'].periods as {
          key: string;
          count: number;
        }[]
      ).map((p) => [p.key, p.count]);
    // UTC: ticket 2 in January, ticket 1 in March (February listed empty).
    expect(await months('UTC')).toEqual([
      ['2024-01', 1],
      ['2024-02', 0],
      ['2024-03', 1],
    ]);
    // Berlin: ticket 2 on February 1 local time.
    expect(await months('Europe/Berlin')).toEqual([
      ['2024-02', 1],
      ['2024-03', 1],
    ]);
  });

  it('an unknown zone: exit 2', async () => {
    await fails([TICKETS, '--time-zone', 'Mars/Olympus'], 'unknown time zone "Mars/Olympus"');
  });
});

describe('kpi-kit report: --calendar', () => {
  // after-hours.csv: Fri 2024-03-01 16:00 → Mon 03-04 10:00 (66 h; business 1 h Fri + 1 h Mon = 2 h)
  // and Mon 08:00 → 09:30 (1.5 h; business 0.5 h), with Mon–Fri 09:00–17:00 UTC.
  it('counts business hours only', async () => {
    const plainTime = await report([fixture('after-hours.csv')]);
    expect(plainTime.metrics['firstResponseTime'].value).toBe(((66 + 1.5) / 2) * H);
    const business = await report([fixture('after-hours.csv'), '--calendar', fixture('business-hours.json')]);
    expect(business.metrics['firstResponseTime'].value).toBe(((2 + 0.5) / 2) * H);
    expect(business.source['calendar']).toBe(fixture('business-hours.json'));
  });

  it('a missing or malformed file: exit 2', async () => {
    await fails([TICKETS, '--calendar', fixture('no-calendar.json')], '--calendar: cannot read');
    await fails([TICKETS, '--calendar', file('broken.json', '{"timeZone": ')], '--calendar: cannot read');
  });

  it('reads zone-less timestamps in the calendar zone unless --time-zone is given', async () => {
    // Fri 2024-03-01, created 08:00, answered 09:05 (no offset); Berlin Mon–Fri 09:00–18:00 (UTC+1).
    // In Berlin: 5 min of business time. Read as UTC (09:00–10:05 Berlin): 65 min.
    const day = [['09:00', '18:00']];
    const calendar = file('berlin.json', JSON.stringify({ timeZone: 'Europe/Berlin', hours: { mon: day, tue: day, wed: day, thu: day, fri: day } }));
    const csv = file('local.csv', 'created_at,first_response_at\n2024-03-01 08:00,2024-03-01 09:05\n');
    const berlin = await report([csv, '--calendar', calendar]);
    expect(berlin.metrics['firstResponseTime'].value).toBe(5 * MIN);
    expect(berlin.source['timeZone']).toBe('Europe/Berlin');
    const utc = await report([csv, '--calendar', calendar, '--time-zone', 'UTC']);
    expect(utc.metrics['firstResponseTime'].value).toBe(65 * MIN);
    expect(utc.source['timeZone']).toBe('UTC');
  });

  it('a bad spec: exit 2', async () => {
    await fails([TICKETS, '--calendar', file('no-zone.json', '{"hours": {"mon": [["09:00", "17:00"]]}}')], '--calendar');
    await fails([TICKETS, '--calendar', file('backwards.json', '{"timeZone": "UTC", "hours": {"mon": [["17:00", "09:00"]]}}')], '--calendar');
  });
});

describe('kpi-kit report: --period and --week-starts-on', () => {
  it('day, week, month and quarter periods', async () => {
    const keys = async (period: string) =>
      ((await report([TICKETS, '--period', period])).byPeriod?.['volumeByChannel'].periods as { key: string; count: number }[]).map((p) => [p.key, p.count]);
    // Quarters: 4 tickets in March, 4 in April.
    expect(await keys('quarter')).toEqual([
      ['2024-Q1', 4],
      ['2024-Q2', 4],
    ]);
    expect(await keys('month')).toEqual([
      ['2024-03', 4],
      ['2024-04', 4],
    ]);
    // Days from March 1 to April 20: 31 + 20 = 51 days, listed even when empty; 8 tickets in all.
    const days = await keys('day');
    expect(days).toHaveLength(51);
    expect(days[0]).toEqual(['2024-03-01', 2]);
    expect(days.reduce((n, [, t]) => n + (t as number), 0)).toBe(8);
    // Weeks (Monday first) from Feb 26 to the week of April 15: 8 weeks.
    expect(await keys('week')).toHaveLength(8);
  });

  it('a bad period: exit 2 (the choices are listed)', async () => {
    await fails([TICKETS, '--period', 'year'], "argument 'year' is invalid");
    const r = await cli(['report', TICKETS, '--period', 'year']);
    expect(r.stderr).toContain('day, week, month, quarter');
  });

  it('--week-starts-on moves a Sunday ticket into the next week', async () => {
    // Sunday 2024-03-03 and Monday 2024-03-04.
    const path = file('sunday.csv', 'created_at,channel\n2024-03-03T12:00:00Z,email\n2024-03-04T12:00:00Z,email\n');
    const weeks = async (...extra: string[]) =>
      ((await report([path, '--period', 'week', ...extra])).byPeriod?.['volumeByChannel'].periods as { count: number }[]).map((p) => p.count);
    // Monday first (default): the Sunday closes the week of Feb 26, the Monday opens the next.
    expect(await weeks()).toEqual([1, 1]);
    expect(await weeks('--week-starts-on', '1')).toEqual([1, 1]);
    // Sunday first: both in the week of March 3.
    expect(await weeks('--week-starts-on', '0')).toEqual([2]);
  });

  it('a bad --week-starts-on: exit 2', async () => {
    for (const d of ['7', 'monday', '1.5']) await fails([TICKETS, '--period', 'week', '--week-starts-on', d], '--week-starts-on must be an integer from 0');
  });
});

describe('kpi-kit report: --by', () => {
  it('an unknown field: exit 2', async () => {
    await fails([TICKETS, '--by', 'region'], '--by: unknown field "region"');
  });
  it('a field no column is mapped to: exit 2', async () => {
    await fails([TICKETS, '--by', 'team'], '--by team: no column is mapped to team');
  });
});

describe('kpi-kit report: --as-of and --sla', () => {
  it('a bad --as-of: exit 2', async () => {
    await fails([TICKETS, '--as-of', 'next tuesday'], '--as-of: "next tuesday" is not an ISO-8601 timestamp');
  });

  it('--as-of alone gives backlog, not slaCompliance', async () => {
    const r = await report([TICKETS, '--as-of', '2024-04-15']);
    expect(r.metrics['backlog'].value).toBe(2);
    expect(r.metrics['slaCompliance']).toBeUndefined();
    expect(r.source['asOf']).toBe('2024-04-15T00:00:00.000Z');
  });

  it('reads first-response=4h, resolution=3d and urgent:first-response=1h', async () => {
    const r = await report([
      TICKETS,
      '--as-of',
      '2024-04-30T00:00:00Z',
      '--sla',
      'first-response=4h',
      '--sla',
      'resolution=3d',
      '--sla',
      'urgent:first-response=1h',
    ]);
    const targets = { firstResponseMs: 4 * H, resolutionMs: 3 * DAY, byPriority: { urgent: { firstResponseMs: H } } };
    // The library's result over tickets of the same file read by the CLI.
    const tickets = JSON.parse(readFileSync(fixture('tickets.json'), 'utf8')) as Record<string, string>[];
    const renamed = tickets.map((t) => ({
      createdAt: t['created_at'],
      firstResponseAt: t['first_response_at'],
      resolvedAt: t['resolved_at'],
      status: t['status'],
      priority: t['priority'],
    })) as Ticket[];
    expect(r.metrics['slaCompliance']).toEqual(plain(slaCompliance({ tickets: renamed }, { asOf: '2024-04-30T00:00:00Z', targets, timeZone: 'UTC' })));
    // Urgent tickets 2 (30 min: met) and 5 (never answered, a month old: breached) against 1 h.
    const urgent = (r.metrics['slaCompliance'].byPriority as { priority: string; firstResponse: { met: number; breached: number } }[]).find(
      (p) => p.priority === 'urgent',
    );
    expect(urgent?.firstResponse).toMatchObject({ met: 1, breached: 1 });
  });

  it('bad targets: exit 2', async () => {
    for (const sla of ['first-response', 'wait=4h', 'first-response=4 hours', 'first-response=-1h', 'resolution=3w']) {
      await fails([TICKETS, '--as-of', '2024-04-30', '--sla', sla], '--sla');
    }
  });

  it('--sla without --as-of: exit 2', async () => {
    await fails([TICKETS, '--sla', 'first-response=4h'], '--sla needs --as-of');
  });
});

describe('kpi-kit report: --csat-scale, --percentiles, --top', () => {
  it('binary: good and bad', async () => {
    const path = file('binary.csv', 'created_at,csat\n2024-05-01T09:00:00Z,good\n2024-05-01T10:00:00Z,Bad\n2024-05-01T11:00:00Z,good\n2024-05-01T12:00:00Z,\n');
    const r = await report([path, '--csat-scale', 'binary']);
    // 2 good of 3 answers.
    expect(r.metrics['csat']).toMatchObject({ n: 3, scale: 'binary' });
    expect(r.metrics['csat'].value).toBeCloseTo(2 / 3, 12);
    // "good" is not a number on the default 1–5 scale.
    await fails([path], 'row 1, column "csat": "good"');
  });

  it('1-10: 9 and 10 are satisfied', async () => {
    const path = file('ten.csv', 'created_at,csat\n2024-05-01T09:00:00Z,10\n2024-05-01T10:00:00Z,9\n2024-05-01T11:00:00Z,8\n2024-05-01T12:00:00Z,3\n');
    const r = await report([path, '--csat-scale', '1-10']);
    // 10 and 9 of 4 answers → 0.5; on 1–5 (default) 8 and 10 are off the scale.
    expect(r.metrics['csat']).toMatchObject({ value: 0.5, n: 4, scale: '1-10' });
    expect((await cli(['report', path])).code).toBe(2);
  });

  it('an unknown scale: exit 2', async () => {
    await fails([TICKETS, '--csat-scale', '1-4'], '1-4');
  });

  it('--percentiles chooses the percentiles of durations; bad lists: exit 2', async () => {
    const r = await report([TICKETS, '--percentiles', '50,75']);
    // First responses sorted: 15, 20, 30, 45, 60, 120, 240 min. p50 = 45; p75: h = 6 × 0.75 = 4.5 →
    // 60 + 0.5 × (120 − 60) = 90 min (R type 7).
    expect(r.metrics['firstResponseTime'].percentiles).toEqual({ p50: 45 * MIN, p75: 90 * MIN });
    for (const p of ['x', '90,101', '-1', '0', '100', '', '50,']) await fails([TICKETS, '--percentiles', p], '--percentiles takes numbers between 0 and 100');
  });

  it('--percentiles 0, 100 or nothing: exit 2 with a message about --percentiles', async () => {
    // The metrics take percentiles strictly between 0 and 100: 0, 100 and '' are the option's error.
    for (const p of ['0', '100', '']) await fails([TICKETS, '--percentiles', p], '--percentiles');
  });

  it('--top limits topTopics; bad values: exit 2', async () => {
    const r = await report([TICKETS, '--top', '1']);
    // billing 4, then the other 4 (login 3, shipping 1) together.
    expect(r.metrics['topTopics'].rows.map((t: { key: string; count: number; other: boolean }) => [t.key, t.count, t.other])).toEqual([
      ['billing', 4, false],
      ['other', 4, true],
    ]);
    for (const n of ['0', '2.5', 'ten']) await fails([TICKETS, '--top', n], '--top must be a positive integer');
  });
});

describe('kpi-kit report: --format, --out, --title', () => {
  it('json, markdown, html and table', async () => {
    const json = await cli(['report', TICKETS, '--format', 'json']);
    expect(JSON.parse(json.stdout).records).toBe(8);
    const md = await cli(['report', TICKETS, '--format', 'markdown', '--title', 'March & April']);
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('# March & April\n')).toBe(true);
    const html = await cli(['report', TICKETS, '--format', 'html', '--title', 'March & April']);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(html.stdout).toContain('<title>March &amp; April</title>');
    expect(html.stdout).toContain('<svg');
    const table = await cli(['report', TICKETS, '--format', 'table']);
    expect(table.stdout.startsWith('KPI report\n')).toBe(true);
    expect(() => JSON.parse(table.stdout)).toThrow();
  });

  it('defaults: JSON when standard output is not a terminal, a table when it is', async () => {
    const piped = await cli(['report', TICKETS], { stdoutTTY: false });
    expect(JSON.parse(piped.stdout).records).toBe(8);
    const terminal = await cli(['report', TICKETS, '--no-progress'], { stdoutTTY: true });
    expect(terminal.stdout.startsWith('KPI report\n')).toBe(true);
  });

  it('an unknown format: exit 2', async () => {
    await fails([TICKETS, '--format', 'pdf'], 'pdf');
  });

  it('--out writes the file, in the format of its extension', async () => {
    const expected: [string, (text: string) => void][] = [
      ['report.json', (t) => expect(JSON.parse(t).records).toBe(8)],
      ['report.md', (t) => expect(t.startsWith('# KPI report\n')).toBe(true)],
      ['report.markdown', (t) => expect(t.startsWith('# KPI report\n')).toBe(true)],
      ['report.html', (t) => expect(t).toMatch(/^<!DOCTYPE html>/i)],
      ['report.HTM', (t) => expect(t).toMatch(/^<!DOCTYPE html>/i)],
      ['report.txt', (t) => expect(t.startsWith('KPI report\n')).toBe(true)],
    ];
    for (const [name, check] of expected) {
      const path = file(name);
      const r = await cli(['report', TICKETS, '--out', path]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      check(readFileSync(path, 'utf8'));
    }
    // --format wins over the extension.
    const path = file('forced.html');
    await cli(['report', TICKETS, '--out', path, '--format', 'json']);
    expect(JSON.parse(readFileSync(path, 'utf8')).records).toBe(8);
  });

  it('an unwritable --out: exit 2 naming it', async () => {
    const path = join(fixture('no-such-dir'), 'report.json');
    await fails([TICKETS, '--out', path], `cannot write ${path}`);
  });
});

describe('kpi-kit report: progress', () => {
  it('on a terminal, a progress bar is drawn on standard error', async () => {
    const r = await cli(['report', TICKETS, '--format', 'json'], { stderrTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toBe('');
    expect(JSON.parse(r.stdout).records).toBe(8);
  });

  it('on a terminal, reading standard input (size unknown), too', async () => {
    // Standard input wholly buffered (regression: see input.test.ts, standard input).
    const r = await cli(['report', '-', '--format', 'json'], { stderrTTY: true, stdin: readFileSync(TICKETS) });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toBe('');
  });

  it('--no-progress, or no terminal: nothing on standard error', async () => {
    expect((await cli(['report', TICKETS, '--format', 'json', '--no-progress'], { stderrTTY: true })).stderr).toBe('');
    expect((await cli(['report', TICKETS, '--format', 'json'], { stderrTTY: false })).stderr).toBe('');
  });
});
