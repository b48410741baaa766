// How reports read: tables that do not squeeze, one ticket-count trend, round chart axes, units of
// resolutionConsistency, alignment of figures, timestamps, age buckets, empty columns, "Excluded".
import { describe, expect, it } from 'vitest';
import * as k from '../../src/index.js';
import { REPORT_CSS, type ReportDocument, detailOf, formatValue, lineChart, metricInfo, renderReport, renderResult } from '../../src/report/index.js';
import { tagProblem } from './markup.js';

const HOUR = 3_600_000;
const MIN = 60_000;

/** The y-axis labels of a line chart, bottom to top. */
function yLabels(svg: string): string[] {
  return [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end" fill="#6b7280">([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The x-axis labels of a line chart with their x coordinates. */
function xLabels(svg: string): [number, string][] {
  return [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" fill="#6b7280">([^<]*)<\/text>/g)].map((m) => [Number(m[1]), m[2]!]);
}

const points = (values: readonly (number | null)[]): { label: string; value: number | null }[] =>
  values.map((value, i) => ({ label: `2024-${String(9 + i).padStart(2, '0')}`, value }));

/** Three months of tickets: 2 in September, 3 in October, 1 in November. */
const tickets = [
  { createdAt: '2024-09-02T08:00:00Z', firstResponseMs: 30 * MIN, status: 'solved', resolutionMs: HOUR, channel: 'chat', topic: 'billing' },
  { createdAt: '2024-09-03T08:00:00Z', firstResponseMs: 90 * MIN, status: 'open', channel: 'email', topic: 'login' },
  { createdAt: '2024-10-01T08:00:00Z', firstResponseMs: HOUR, status: 'solved', resolutionMs: 2 * HOUR, channel: 'chat', topic: 'billing' },
  { createdAt: '2024-10-02T08:00:00Z', firstResponseMs: 2 * HOUR, status: 'solved', resolutionMs: 3 * HOUR, channel: 'email', topic: 'billing' },
  { createdAt: '2024-10-03T08:00:00Z', firstResponseMs: 3 * HOUR, status: 'open', channel: 'email', topic: 'login' },
  { createdAt: '2024-11-04T08:00:00Z', firstResponseMs: 15 * MIN, status: 'solved', resolutionMs: HOUR, channel: 'phone', topic: 'login' },
];
const monthly = { period: 'month' as const };

function periodDoc(): ReportDocument {
  return {
    records: tickets.length,
    metrics: { firstResponseTime: k.firstResponseTime({ tickets }) },
    byPeriod: {
      firstResponseTime: k.byPeriod(k.firstResponseTime, tickets, monthly),
      volumeByChannel: k.byPeriod(k.volumeByChannel, tickets, monthly),
      topTopics: k.byPeriod(k.topTopics, tickets, monthly),
      backlog: k.byPeriod(k.backlog, tickets, monthly, { asOf: '2024-12-01T00:00:00Z' }),
    },
    excluded: { rows: 0 },
    errors: [],
  };
}

describe('wide tables', () => {
  it('scroll sideways in a wrapper; period keys and numbers never wrap', () => {
    const html = renderReport(periodDoc(), 'html');
    expect(html).toContain('<div class="table-wrap"><table class="periods">');
    expect(html).toContain('</table></div>');
    expect(REPORT_CSS).toContain('.kpi-report .table-wrap{max-width:100%;overflow-x:auto;');
    expect(REPORT_CSS).toContain('.kpi-report td.num,.kpi-report table.periods td:first-child{white-space:nowrap}');
    // Every table is wrapped, and the markup stays balanced.
    expect(html.match(/<table/g)!.length).toBe(html.match(/<div class="table-wrap"><table/g)!.length);
    expect(tagProblem(html)).toBeNull();
  });
});

describe('trends of counts', () => {
  it('the ticket count once ("Tickets per period"), not once per metric that only counts tickets', () => {
    const html = renderReport(periodDoc(), 'html');
    expect(html.match(/<title>Tickets per period<\/title>/g)).toHaveLength(1);
    expect(html).not.toContain('Volume by channel per period');
    expect(html).not.toContain('Top topics per period');
    expect(html).toContain('<title>First response time per period</title>');
    // The backlog counts open tickets, not the period's tickets: it keeps its own trend.
    expect(html).toContain('<title>Backlog per period</title>');
    // Tickets 2, 3, 1: 3 / 5 = 0.6 → a count step is at least 1; 3 is a multiple, so one more: 0 … 4.
    const chart = /<svg[^>]*aria-label="Tickets per period"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(yLabels(chart)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('the period table shows the ticket count in one "Tickets" column, after the period', () => {
    const text = renderReport(periodDoc(), 'text');
    expect(text).toMatch(/^Period\s+Tickets\s+First response time\s+Backlog$/m);
    // September: 2 tickets, FRT (30 + 90) / 2 = 60 min = 1 h 00 min, 1 still open on 1 December.
    expect(text).toMatch(/^2024-09\s+2\s+1 h 00 min\s+1$/m);
    // October: 3 tickets, FRT (1 + 2 + 3) h / 3 = 2 h, 1 open.
    expect(text).toMatch(/^2024-10\s+3\s+2 h 00 min\s+1$/m);
    expect(text).toMatch(/^total\s+6\s+/m);
  });

  it('a count axis has whole-number ticks only', () => {
    // 195, 202, 203: 203 / 5 = 40.6 → step 50 → top ⌈203 / 50⌉ · 50 = 250 (no 101.5).
    expect(yLabels(lineChart(points([195, 202, 203]), { unit: 'count' }))).toEqual(['0', '50', '100', '150', '200', '250']);
    // 1, 2, 1: 2 / 5 = 0.4, but a count step is at least 1: 0, 1, 2 and one step of headroom.
    expect(yLabels(lineChart(points([1, 2, 1]), { unit: 'count' }))).toEqual(['0', '1', '2', '3']);
  });
});

describe('line chart axes', () => {
  it('durations: whole hours, with headroom above the largest value', () => {
    // 3 h 30 min, 3 h 45 min, 2 h 40 min: 3.75 h / 5 = 45 min → the next whole step, 1 h → top 4 h.
    const svg = lineChart(points([3.5 * HOUR, 3.75 * HOUR, (2 + 40 / 60) * HOUR]), { unit: 'ms' });
    expect(yLabels(svg)).toEqual(['0', '1 h', '2 h', '3 h', '4 h']);
    // 23 h 07 min: / 5 = 4.6 h → 6 h steps → top 24 h.
    expect(yLabels(lineChart(points([21 * HOUR, (23 + 7 / 60) * HOUR]), { unit: 'ms' }))).toEqual(['0', '6 h', '12 h', '18 h', '24 h']);
    // 11 min: / 5 = 2.2 min → 5 min steps → top 15 min.
    expect(yLabels(lineChart(points([9.25 * MIN, 11 * MIN]), { unit: 'ms' }))).toEqual(['0', '5 min', '10 min', '15 min']);
    // 50 days: / 5 = 10 d; 50 d is a multiple of 10 d, and one step of headroom makes 6 intervals,
    // more than 5: the next 1-2-5 step of days, 20 d → top ⌈50 / 20⌉ · 20 = 60 d.
    expect(yLabels(lineChart(points([50 * 24 * HOUR]), { unit: 'ms' }))).toEqual(['0', '20 d', '40 d', '60 d']);
  });

  it('the largest value is never on the top line', () => {
    // 4 h exactly: with 1 h steps the top would be 4 h, where the point is: the axis goes to 5 h.
    const svg = lineChart(points([2 * HOUR, 4 * HOUR]), { unit: 'ms' });
    expect(yLabels(svg)).toEqual(['0', '1 h', '2 h', '3 h', '4 h', '5 h']);
    // Plot from y = 30 (top) to y = 200 (240 − 40): 4 h of 5 h is at 200 − 170 · 4/5 = 64.
    expect(svg).toContain('<circle cx="416.3" cy="64" r="3"');
  });

  it('shares: 0–100 % or a round sub-range', () => {
    // 81.7 %: / 5 = 16.3 % → 20 % steps; stops at 100 %.
    expect(yLabels(lineChart(points([0.815, 0.817, 0.739]), { unit: 'share' }))).toEqual(['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']);
    // 9.3 %: / 5 = 1.86 % → 2 % steps → top 10 %.
    expect(yLabels(lineChart(points([0.093, 0.083, 0.092]), { unit: 'share' }))).toEqual(['0 %', '2 %', '4 %', '6 %', '8 %', '10 %']);
    // 100 % is the most a share can be: the top line, no 120 %.
    expect(yLabels(lineChart(points([1, 0.5]), { unit: 'share' }))).toEqual(['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']);
  });

  it('the first x label clears the y labels', () => {
    const [[x, label]] = xLabels(lineChart(points([1, 2, 3]), { unit: 'count' })) as [[number, string]];
    expect(label).toBe('2024-09');
    // The plot starts at x = 76 and the y labels end at x = 70; the label is centred on its point and
    // about 7 · 6.2 / 2 = 21.7 px wide on each side, so its point is at least 76 + 21.7 = 97.7.
    expect(x).toBeGreaterThanOrEqual(97.7);
  });
});

describe('resolutionConsistency', () => {
  const agentTickets = [
    { createdAt: 0, status: 'solved', resolutionMs: HOUR, agent: 'a', csat: 5, contactCount: 1 },
    { createdAt: 0, status: 'solved', resolutionMs: 3 * HOUR, agent: 'b', csat: 3, contactCount: 2 },
  ];

  it('mean, SD, min, max and agents in the outcome unit: durations by default', () => {
    // Agents 1 h and 3 h: mean 2 h, population SD 1 h, CV 1 / 2 = 50 %.
    const r = k.resolutionConsistency({ tickets: agentTickets });
    const text = renderResult(r, 'text', { metric: 'resolutionConsistency' });
    expect(text).toMatch(/^value\s+50\.0 %$/m);
    expect(text).toMatch(/^mean\s+2 h 00 min$/m);
    expect(text).toMatch(/^standardDeviation\s+1 h 00 min$/m);
    expect(text).toMatch(/^min\s+1 h 00 min$/m);
    expect(text).toMatch(/^max\s+3 h 00 min$/m);
    expect(text).toMatch(/^a\s+1\s+1 h 00 min$/m);
    expect(text).toMatch(/^b\s+1\s+3 h 00 min$/m);
    expect(detailOf(r, 'resolutionConsistency')).toBe('2 agents, mean 2 h 00 min, SD 1 h 00 min');
    expect(metricInfo('resolutionConsistency')).toMatchObject({ title: 'Resolution consistency (CV)', unit: 'share' });
  });

  it('csat as a score, fcr as a share', () => {
    // CSAT 5 and 3: mean 4, SD 1, CV 25 %.
    const csat = k.resolutionConsistency({ tickets: agentTickets }, { outcome: 'csat' });
    expect(detailOf(csat, 'resolutionConsistency')).toBe('2 agents, mean 4, SD 1');
    expect(renderResult(csat, 'text', { metric: 'resolutionConsistency' })).toMatch(/^value\s+25\.0 %$/m);
    // One contact (1) and two contacts (0): mean 0.5 = 50.0 %, SD 0.5 = 50.0 %.
    const fcr = k.resolutionConsistency({ tickets: agentTickets }, { outcome: 'fcr' });
    expect(detailOf(fcr, 'resolutionConsistency')).toBe('2 agents, mean 50.0 %, SD 50.0 %');
    expect(renderResult(fcr, 'text', { metric: 'resolutionConsistency' })).toMatch(/^b\s+1\s+0\.0 %$/m);
    // Without a metric name the shape says it: the value is a CV, shown as a percentage.
    expect(renderResult(JSON.parse(JSON.stringify(csat)), 'text')).toMatch(/^mean\s+4$/m);
    expect(renderResult(JSON.parse(JSON.stringify(csat)), 'text')).toMatch(/^value\s+25\.0 %$/m);
  });
});

describe('alignment of figures', () => {
  const fcr = { value: 0.75, resolvedOnFirstContact: 3, resolved: 4, received: 5, basis: 'resolved', denominator: 4, windowDays: null };

  it('numbers, shares and "—" right-aligned; a text figure left-aligned without flipping the column', () => {
    const html = renderResult(fcr, 'html', { metric: 'firstContactResolution' });
    expect(html).toContain('<th>figure</th><th class="num">value</th>');
    expect(html).toContain('<tr><td>value</td><td class="num">75.0 %</td></tr>');
    expect(html).toContain('<tr><td>resolved</td><td class="num">4</td></tr>');
    expect(html).toContain('<tr><td>basis</td><td>resolved</td></tr>');
    expect(html).toContain('<tr><td>windowDays</td><td class="num">—</td></tr>');
    const text = renderResult(fcr, 'text', { metric: 'firstContactResolution' });
    // The value column is 8 wide ("resolved"): numbers padded on the left, text on the right.
    expect(text).toContain('value                     75.0 %\n');
    expect(text).toContain('basis                   resolved\n');
    expect(text).toContain('received                       5\n');
    expect(renderResult(fcr, 'markdown', { metric: 'firstContactResolution' })).toContain('| --- | ---: |');
  });

  it('in tables of rows too: a text cell in a column of numbers stays left', () => {
    const html = renderResult(
      {
        value: 3,
        rows: [
          { key: 'a', count: 2 },
          { key: 'b', count: 'n/a' },
          { key: 'c', count: 1 },
        ],
      },
      'html',
    );
    expect(html).toContain('<th>key</th><th class="num">count</th>');
    expect(html).toContain('<tr><td>a</td><td class="num">2</td></tr>');
    expect(html).toContain('<tr><td>b</td><td>n/a</td></tr>');
  });
});

describe('smaller things', () => {
  it('timestamps one way: ISO-8601 UTC without .000', () => {
    const doc: ReportDocument = { records: 0, metrics: {}, excluded: {}, errors: [], source: { asOf: '2024-11-30T23:00:00.000Z' } };
    expect(renderReport(doc, 'text')).toContain('asOf 2024-11-30T23:00:00Z');
    expect(renderReport({ ...doc, source: { asOf: 1_733_007_600_000 } }, 'text')).toContain('asOf 2024-11-30T23:00:00Z');
    // 2024-12-01T00:00 in Berlin (UTC+1) is 2024-11-30T23:00 UTC.
    expect(formatValue('2024-12-01T00:00:00+01:00', 'timestamp')).toBe('2024-11-30T23:00:00Z');
    expect(formatValue('not a date', 'timestamp')).toBe('not a date');
  });

  it('age buckets: bounds as durations under "from" and "to"', () => {
    // Open tickets created 2 d and 10 d before the as-of time.
    const asOf = Date.UTC(2024, 11, 1);
    const r = k.backlog(
      {
        tickets: [
          { createdAt: asOf - 2 * 24 * HOUR, status: 'open' },
          { createdAt: asOf - 10 * 24 * HOUR, status: 'open' },
        ],
      },
      { asOf },
    );
    const text = renderResult(r, 'text', { metric: 'backlog' });
    // Every column right-aligned (durations, counts, shares), 8 wide for "30 d 0 h".
    expect(text).toContain('\n    from        to  count   share\n');
    expect(text).toContain('\n    0 ms   1 d 0 h      0   0.0 %\n');
    expect(text).toContain('\n 1 d 0 h   3 d 0 h      1  50.0 %\n'); // 2 d
    expect(text).toContain('\n 7 d 0 h  30 d 0 h      1  50.0 %\n'); // 10 d
    expect(text).toContain('\n30 d 0 h         —      0   0.0 %\n'); // open-ended
    expect(text).not.toMatch(/fromMs|toMs/);
  });

  it('columns of nothing but "—" or empty cells are left out', () => {
    const r = k.topTopics({ tickets });
    const text = renderResult(r, 'text', { metric: 'topTopics' });
    expect(text).toMatch(/^key\s+count\s+share\s+rank\s+other\s+keyCount$/m); // previousCount, change, relativeChange: all null
    expect(text).not.toMatch(/previousCount|relativeChange/);
    // billing 3 of 6 tickets.
    expect(text).toMatch(/^billing\s+3\s+50\.0 %\s+1\s+no\s+1$/m);
  });

  it('"Excluded" is the line "None." when every count is 0, in every format', () => {
    const doc: ReportDocument = { records: 1, metrics: {}, excluded: { rows: 0, invalid: 0 }, errors: [] };
    expect(renderReport(doc, 'text')).toContain('Excluded\n--------\n\nNone.\n');
    expect(renderReport(doc, 'markdown')).toContain('## Excluded\n\nNone.\n');
    expect(renderReport(doc, 'html')).toContain('<h2>Excluded</h2>\n<p>None.</p>');
    const some = renderReport({ ...doc, excluded: { rows: 2, invalid: 0 } }, 'text');
    expect(some).toMatch(/^rows\s+2$/m);
    expect(some).not.toMatch(/^invalid/m);
  });
});
