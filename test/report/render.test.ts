import { describe, expect, it } from 'vitest';
import * as k from '../../src/index.js';
import {
  JUPYTER_DISPLAY,
  type ReportDocument,
  barChart,
  detailOf,
  display,
  formatValue,
  isReportDocument,
  lineChart,
  metricInfo,
  renderReport,
  renderResult,
} from '../../src/report/index.js';
import { tagProblem } from './markup.js';

const rate = { value: 0.75, resolved: 3, inquiries: 4 };

describe('renderResult', () => {
  it('golden text: title, then the figures with their units', () => {
    // 0.75 → "75.0 %"; counts as integers; numbers right-aligned in a 6-wide column.
    expect(renderResult(rate, 'text', { metric: 'resolutionRate' })).toBe(
      [
        'Resolution rate',
        '---------------',
        '',
        'Figures',
        '',
        'figure      value',
        '---------  ------',
        'value      75.0 %',
        'resolved        3',
        'inquiries       4',
        '',
      ].join('\n'),
    );
  });

  it('golden Markdown: a GitHub table per array of objects, | escaped', () => {
    const result = {
      value: 3,
      groups: [
        { key: 'a|b', count: 2, share: 2 / 3 },
        { key: null, count: 1, share: 1 / 3 },
      ],
    };
    expect(renderResult(result, 'markdown', { metric: 'volumeByChannel' })).toBe(
      [
        '## Volume by channel',
        '',
        '### Figures',
        '',
        '| figure | value |',
        '| --- | ---: |',
        '| value | 3 |',
        '',
        '### groups',
        '',
        '| key | count | share |',
        '| --- | ---: | ---: |',
        '| a\\|b | 2 | 66.7 % |',
        '| — | 1 | 33.3 % |',
        '',
      ].join('\n'),
    );
  });

  it('durations: mean, median and percentiles in ms, counts as counts', () => {
    // Two answered tickets: 60,000 ms and 7,200,000 ms → mean 3,630,000 ms = 60.5 min → "1 h 01 min" (rounded to the minute).
    const r = k.firstResponseTime({
      tickets: [{ createdAt: 0, firstResponseMs: 60_000 }, { createdAt: 0, firstResponseMs: 7_200_000 }, { createdAt: 0 }],
    });
    const text = renderResult(r, 'text');
    expect(text).toMatch(/^value\s+1 h 01 min$/m);
    expect(text).toMatch(/^percentiles\.p90\s+1 h 48 min$/m); // 60,000 + 0.9 · 7,140,000 = 6,486,000 ms = 108.1 min
    expect(text).toMatch(/^min\s+1 min 00 s$/m);
    expect(text).toMatch(/^n\s+2$/m);
    expect(text).toMatch(/^excluded\.unanswered\s+1$/m);
    expect(text).not.toContain('invalidIndices'); // empty arrays are left out
  });

  it('money as Decimal or as JSON strings: the exact string', () => {
    const r = k.netCash({ operatingCashFlow: '120000.10', investments: 30000.05, workingCapitalIncrease: '10000.02' });
    for (const x of [r, JSON.parse(JSON.stringify(r)) as unknown]) {
      const text = renderResult(x, 'text', { metric: 'netCash' });
      expect(text).toMatch(/^value\s+80,000.03$/m);
      expect(text).toMatch(/^operatingCashFlow\s+120,000.1$/m);
    }
  });

  it('tables: nested result shown by value and n; timestamps dropped beside keys; lists joined; nested rows counted', () => {
    const byPeriod = {
      periods: [{ key: '2024-01', startMs: 0, endMs: 1, tickets: 2, result: { value: 60_000, n: 2, excluded: { invalid: 0 } }, change: null }],
      total: { value: 60_000, n: 2, median: 60_000, percentiles: { p90: 60_000 } },
    };
    const text = renderResult(byPeriod, 'text');
    // `change` is null in every period: a column of nothing but "—" is left out.
    expect(text).toContain('key      tickets  result.value  result.n\n');
    expect(text).toContain('2024-01        2    1 min 00 s         2\n');
    const odd = renderResult(
      { list: [1, 2], lines: [{ byStream: [{ a: 1 }, { a: 2 }], tags: ['x', 'y'] }], many: Array.from({ length: 25 }, (_, i) => i) },
      'text',
    );
    expect(odd).toMatch(/^list\s+1, 2$/m);
    expect(odd).toContain('2 rows');
    expect(odd).toContain('x, y');
    expect(odd).toContain('19, … (5 more)');
  });

  it('scalars, arrays and odd values do not throw', () => {
    expect(renderResult(42, 'text')).toContain('42');
    expect(renderResult(null, 'markdown')).toContain('| value | — |');
    expect(renderResult([{ a: 1 }, { b: 'x' }], 'text')).toContain('rows');
    expect(renderResult([[1, 2], { a: 1 }], 'text')).toContain('[1,2], {"a":1}');
    expect(renderResult({ f: () => 1, s: Symbol('s'), deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } }, 'text')).toContain('{"f":{"g":1}}');
    expect(renderResult({}, 'html')).toBe('<div class="kpi-report">\n\n</div>\n');
  });

  it('HTML escapes input strings (a <script> topic appears as text)', () => {
    const r = k.topTopics({ tickets: [{ createdAt: 0, topic: '<script>alert(1)</script>' }] });
    const html = renderResult(r, 'html', { metric: 'topTopics' });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(tagProblem(html)).toBeNull();
  });
});

/** Every result shape the library makes, by the function's name. */
function results(): [string, unknown][] {
  const tickets = [
    {
      createdAt: '2024-01-01T00:00:00Z',
      firstResponseMs: 60_000,
      resolutionMs: 3_900_000,
      handleTimeMs: 300_000,
      status: 'solved',
      channel: 'chat',
      topic: 'billing',
      contactCount: 1,
      priority: 'high',
      agent: 'a',
      complaint: true,
    },
    {
      createdAt: '2024-01-02T00:00:00Z',
      firstResponseMs: 7_200_000,
      channel: 'email',
      topic: 'login',
      contactCount: 2,
      status: 'open',
      priority: 'low',
      agent: 'b',
    },
    { createdAt: '2024-02-02T00:00:00Z', channel: 'email', topic: 'billing', status: 'closed', resolutionMs: 100_000_000, contactCount: 1, agent: 'b' },
  ];
  const asOf = '2024-03-01T00:00:00Z';
  return [
    ['firstResponseTime', k.firstResponseTime({ tickets }, { percentiles: [50, 90] })],
    ['resolutionTime', k.resolutionTime({ tickets })],
    ['averageHandleTime', k.averageHandleTime({ tickets })],
    ['resolutionRate', k.resolutionRate({ tickets })],
    ['reopenRate', k.reopenRate({ tickets })],
    ['firstContactResolution', k.firstContactResolution({ tickets })],
    ['backlog', k.backlog({ tickets }, { asOf })],
    ['slaCompliance', k.slaCompliance({ tickets }, { asOf, targets: { firstResponseMs: 3_600_000, byPriority: { high: { firstResponseMs: 100 } } } })],
    ['ticketsPerHour', k.ticketsPerHour({ handled: 10, solved: 5, hours: 2 })],
    ['resolutionConsistency', k.resolutionConsistency({ tickets })],
    ['volumeByChannel', k.volumeByChannel({ tickets })],
    ['topTopics', k.topTopics({ tickets })],
    ['complaints', k.complaints({ tickets })],
    ['csat', k.csat({ responses: [5, 4, 2] })],
    ['ces', k.ces({ responses: [7, 6, 5, 2, 1] })],
    ['nps', k.nps({ responses: [10, 9, 3, 7] })],
    ['sentimentScore', k.sentimentScore({ positive: 3, neutral: 1, negative: 1 })],
    ['compareNps', k.compareNps({ a: { promoters: 5, passives: 3, detractors: 2 }, b: { promoters: 6, passives: 3, detractors: 1 } })],
    ['abandonmentRate', k.abandonmentRate({ abandoned: 5, offered: 100 })],
    ['serviceLevel', k.serviceLevel({ answeredWithinTarget: 70, abandonedWithinTarget: 10, offered: 100 })],
    ['averageSpeedOfAnswer', k.averageSpeedOfAnswer({ totalWaitMs: 60_000, answered: 3 })],
    ['occupancy', k.occupancy({ handleMs: 3000, availableMs: 1000 })],
    ['erlangC', k.erlangC({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, targetAnswerMs: 20_000 })],
    ['retentionRate', k.retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 })],
    ['churnRate', k.churnRate({ customersAtStart: 200, customersLost: 30 })],
    ['revenueChurn', k.revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 })],
    [
      'cohortRetention',
      k.cohortRetention({ customers: [{ startedAt: '2024-01-10', mrr: 100 }, { startedAt: '2024-02-03' }] }, { period: 'month', asOf: '2024-04-15' }),
    ],
    [
      'funnel',
      k.funnel({
        stages: [
          { name: 'a', count: 100 },
          { name: 'b', count: 40 },
        ],
      }),
    ],
    ['conversionRate', k.conversionRate({ leads: 100, customerCount: 12 })],
    ['costPerResolution', k.costPerResolution({ operatingCost: '1000', ticketCount: 40 })],
    ['lifetimeValue', k.lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' })],
    [
      'revenue',
      k.revenue(
        {
          lines: [
            { amount: '10.50', stream: 'a', date: '2024-01-03' },
            { amount: 3, stream: 'b', date: '2024-02-03' },
          ],
        },
        { period: 'month' },
      ),
    ],
    ['byPeriod', k.byPeriod(k.firstResponseTime, tickets, { period: 'month' })],
    ['bySegment', k.bySegment(k.resolutionRate, tickets, 'channel')],
  ];
}

describe('renderResult on every result shape', () => {
  it('never throws, shows the value in its unit, and gives balanced HTML', () => {
    for (const [name, r] of results()) {
      const metric = metricInfo(name) ? name : undefined;
      for (const x of [r, JSON.parse(JSON.stringify(r)) as unknown]) {
        const value = (x as { value?: unknown }).value;
        const shown = formatValue(value, metric ? metricInfo(metric)!.unit : undefined);
        for (const format of ['text', 'markdown', 'html'] as const) {
          const out = renderResult(x, format, metric ? { metric } : {});
          if (value !== undefined && !Array.isArray(value)) expect(out, `${name} ${format}`).toContain(shown);
          if (format === 'html') expect(tagProblem(out), name).toBeNull();
        }
        expect(detailOf(x, metric)).toBeTypeOf('string');
      }
    }
  });

  it('key figures of some shapes', () => {
    const all = new Map(results());
    expect(renderResult(all.get('slaCompliance'), 'text', { metric: 'slaCompliance' })).toContain('byPriority');
    expect(renderResult(all.get('bySegment'), 'text')).toMatch(/^email\s+2\s+50\.0 %\s+—?/m); // 1 of 2 email tickets resolved
    expect(renderResult(all.get('backlog'), 'text', { metric: 'backlog' })).toMatch(/^age\.median\s+59 d 0 h$/m); // 2024-01-02 → 2024-03-01
    expect(renderResult(all.get('csat'), 'text', { metric: 'csat' })).toMatch(/^mean\s+3\.67$/m); // (5 + 4 + 2)/3
  });
});

describe('detailOf', () => {
  it('explains a result in one line', () => {
    expect(detailOf(rate, 'resolutionRate')).toBe('3 of 4');
    expect(detailOf({ value: 30, n: 100, promoters: 50, passives: 30, detractors: 20 })).toBe('n = 100: promoters 50, passives 30, detractors 20');
    expect(detailOf({ value: 0.75, resolvedOnFirstContact: 45, resolved: 60, received: 80, basis: 'resolved', denominator: 60 })).toBe('45 of 60');
    expect(detailOf({ value: 0.5625, resolvedOnFirstContact: 45, resolved: 60, received: 80, basis: 'received', denominator: 80 })).toBe('45 of 80');
    expect(detailOf({ value: 0.5, met: 1, breached: 1, pending: 2 })).toBe('1 of 2 met, 2 pending');
    expect(detailOf({ value: 0.8, interval: { lower: 0.5, upper: 0.9 }, confidence: 0.9 })).toBe('90 % CI 50.0 % – 90.0 %');
    expect(detailOf({ value: '25', currency: 'EUR' })).toBe('EUR');
    expect(detailOf({ value: 3, n: 7, excluded: { unanswered: 2, invalid: 0, invalidIndices: [] } })).toBe('n = 7; excluded: unanswered 2');
    expect(detailOf(5)).toBe('');
  });
});

describe('renderReport', () => {
  const small: ReportDocument = { records: 1234, metrics: { resolutionRate: rate }, excluded: {}, errors: [], source: { file: 't.csv' } };

  it('golden text report', () => {
    expect(renderReport(small, 'text')).toBe(
      [
        'KPI report',
        '==========',
        '',
        'Records: 1,234 · Source: file t.csv',
        '',
        'Key figures',
        '-----------',
        '',
        'Metric            Value  Detail',
        '---------------  ------  ------',
        'Resolution rate  75.0 %  3 of 4',
        '',
        'Excluded',
        '--------',
        '',
        'None.',
        '',
        'Errors (0)',
        '----------',
        '',
        'None.',
        '',
      ].join('\n'),
    );
  });

  const tickets = [
    { createdAt: '2024-01-01T00:00:00Z', firstResponseMs: 60_000, channel: 'chat', topic: '<script>', status: 'solved' },
    { createdAt: '2024-02-01T00:00:00Z', firstResponseMs: 120_000, channel: 'a|b', topic: 'billing', status: 'open' },
  ];
  const full: ReportDocument = {
    records: 2,
    metrics: {
      firstResponseTime: k.firstResponseTime({ tickets }),
      resolutionRate: k.resolutionRate({ tickets }),
      topTopics: k.topTopics({ tickets }),
      csat: k.csat({ responses: [5, 4, 2] }),
      custom: 7,
    },
    byPeriod: {
      firstResponseTime: k.byPeriod(k.firstResponseTime, tickets, { period: 'month' }),
      resolutionRate: k.byPeriod(k.resolutionRate, tickets, { period: 'month' }),
    },
    bySegment: { firstResponseTime: k.bySegment(k.firstResponseTime, tickets, 'channel') },
    excluded: { rows: 3 },
    errors: Array.from({ length: 22 }, (_, i) => ({ row: i + 2, column: 'createdAt', value: i === 0 ? { x: 1 } : '<b>bad</b>', message: 'not a timestamp' })),
    source: { file: 'tickets.csv', format: 'csv', asOf: 1_704_067_200_000, by: ['channel', 'team'], missing: null },
  };

  it('text: periods as rows and metrics as columns, segments, excluded, first 20 errors', () => {
    const text = renderReport(full, 'text');
    expect(text).toContain('Records: 2 · Source: file tickets.csv · format csv · asOf 2024-01-01T00:00:00Z · by channel, team');
    expect(text).toContain('By period (month)');
    expect(text).toMatch(/^Period\s+First response time\s+Resolution rate$/m);
    expect(text).toMatch(/^2024-01\s+1 min 00 s\s+100\.0 %$/m);
    expect(text).toMatch(/^2024-02\s+2 min 00 s\s+0\.0 %$/m);
    expect(text).toMatch(/^total\s+1 min 30 s\s+50\.0 %$/m); // mean of 60 s and 120 s; 1 of 2 resolved
    expect(text).toContain('First response time by channel');
    expect(text).toMatch(/^a\|b\s+1\s+2 min 00 s\s+1$/m);
    expect(text).toMatch(/^custom\s+7$/m);
    expect(text).toMatch(/^rows\s+3$/m);
    expect(text).toContain('Errors (22)');
    expect(text).toContain('… and 2 more');
    expect(text).toContain('{"x":1}');
    expect(text.includes('\u001b')).toBe(false); // no ANSI colours
  });

  it('Markdown: | escaped in segments and tables', () => {
    const md = renderReport(full, 'markdown');
    expect(md).toContain('| a\\|b | 1 | 2 min 00 s | 1 |');
    expect(md).toContain('## By period (month)');
    expect(md).toContain('top: &lt;script> 50.0 %'); // the first topic (1 of 2 tickets), escaped
    expect(md).not.toContain('<svg');
  });

  it('HTML: one self-contained page, everything escaped, charts and definitions', () => {
    const html = renderReport(full, 'html', { title: 'Support <Q1>' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Support &lt;Q1&gt;</title>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|@import|url\(/); // no scripts, no network
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;b&gt;bad&lt;/b&gt;');
    expect(html).toContain('<div class="card-value">1 min 30 s</div>'); // mean of 60 s and 120 s
    expect(html).toContain('<h2>Trends</h2>');
    expect(html).toContain('First response time per period');
    expect(html).toContain('<h2>Distributions</h2>');
    expect(html).toContain('<h2>Definitions</h2>');
    expect(html).toContain(metricInfo('resolutionRate')!.definition);
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(5); // 2 trends, 1 segment chart, FRT percentiles, topics, CSAT
    expect(tagProblem(html)).toBeNull();
    expect(renderReport(full, 'html')).toBe(renderReport(JSON.parse(JSON.stringify(full)) as ReportDocument, 'html'));
    expect(renderReport(full, 'html', { charts: false })).not.toContain('<svg');
  });

  it('period × segment: a table per metric (periods × segments, the segments over all periods last); a heat table in HTML', () => {
    // Resolution rate by month and channel: email 1/2 and 2/2 in two months, chat 0/1 in the first.
    const seg = (key: string, resolved: number, inquiries: number) => ({ key, count: inquiries, result: { value: resolved / inquiries, resolved, inquiries } });
    const doc: ReportDocument = {
      records: 5,
      metrics: { resolutionRate: { value: 3 / 5, resolved: 3, inquiries: 5 } },
      byPeriod: {
        resolutionRate: {
          period: 'month',
          by: 'channel',
          periods: [
            { key: '2024-02', count: 2, result: { value: 1, resolved: 2, inquiries: 2 }, segments: [seg('email', 2, 2)] },
            { key: '2024-01', count: 3, result: { value: 1 / 3, resolved: 1, inquiries: 3 }, segments: [seg('email', 1, 2), seg('chat', 0, 1)] },
          ],
          undated: null,
          total: { value: 3 / 5, resolved: 3, inquiries: 5 },
          segments: [seg('email', 3, 4), seg('chat', 0, 1)],
        },
      },
      excluded: {},
      errors: [],
    };
    const text = renderReport(doc, 'text');
    const table = text.slice(text.indexOf('By period and channel'));
    // Rows in period order whatever their order in the document; a period without a segment shows —.
    expect(table).toContain(
      [
        'Period         email   chat',
        '-----------  -------  -----',
        '2024-01       50.0 %  0.0 %',
        '2024-02      100.0 %      —',
        'all periods   75.0 %  0.0 %',
      ].join('\n'),
    );
    const html = renderReport(doc, 'html');
    // Shades from the smallest value (0: 5 %) to the largest (1: 45 %); none on the last row or for —.
    expect(html).toContain('<td class="num" style="background:rgba(37,99,235,0.450)">100.0 %</td>');
    expect(html).toContain('<td class="num" style="background:rgba(37,99,235,0.050)">0.0 %</td>');
    expect(html).toContain('<td class="num" style="background:rgba(37,99,235,0.250)">50.0 %</td>');
    expect(html).toContain('<td class="num">75.0 %</td>');
    expect(tagProblem(html)).toBeNull();
    // Without segments in the periods, no such section.
    expect(renderReport({ ...doc, byPeriod: { resolutionRate: { ...(doc.byPeriod!['resolutionRate'] as object), periods: [] } } }, 'text')).not.toContain(
      'By period and',
    );
  });

  it('empty documents and odd members do not throw', () => {
    const empty = { records: 0, metrics: {}, excluded: {}, errors: [] };
    expect(renderReport(empty, 'text')).toContain('No metrics.');
    expect(tagProblem(renderReport(empty, 'html'))).toBeNull();
    const odd = {
      records: 1,
      metrics: { x: null },
      byPeriod: { x: 3, y: { periods: [null, { key: 'k', result: { value: 'abc' } }], total: null, undated: { result: { value: 1 } } } },
      bySegment: { x: null, z: { segments: [{ key: null, tickets: 'n/a', result: 2 }] } },
      excluded: { rows: 0 },
      errors: [null as never],
    };
    for (const f of ['text', 'markdown', 'html'] as const) expect(() => renderReport(odd, f)).not.toThrow();
    expect(renderReport(odd, 'text')).toMatch(/^undated\s+1$/m);
    expect(tagProblem(renderReport(odd, 'html'))).toBeNull();
  });
});

/** The y-axis labels of a line chart, bottom to top. */
function yLabels(svg: string): string[] {
  return [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end" fill="#6b7280">([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('charts', () => {
  it('bar chart: size, title, labels, values in the unit, balanced tags, deterministic', () => {
    const svg = barChart(
      [
        { label: 'chat', value: 0.6 },
        { label: '<email>', value: null },
        { label: 'phone', value: -0.1 },
      ],
      { title: 'Share & change', unit: 'share' },
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="480" height="120" viewBox="0 0 480 120"/); // 28 + 3·22 + 26 = 120
    expect(svg).toContain('<title>Share &amp; change</title>');
    expect(svg).toContain('&lt;email&gt;');
    expect(svg).toContain('>60.0 %<');
    expect(svg).toContain('>—<');
    expect(svg).toContain('>-10.0 %<');
    expect(tagProblem(svg)).toBeNull();
    expect(barChart([{ label: 'a', value: 1 }])).toBe(barChart([{ label: 'a', value: 1 }]));
    expect(barChart([{ label: 'a', value: 0 }], { title: 'zero' })).toContain('>0<');
  });

  it('line chart: gaps at null, labels, axis in the unit', () => {
    const svg = lineChart(
      [
        { label: '2024-01', value: 3_600_000 },
        { label: '2024-02', value: 1_800_000 },
        { label: '2024-03', value: null },
        { label: '2024-04', value: 900_000 },
      ],
      { title: 'FRT', unit: 'ms' },
    );
    expect(svg.match(/<polyline/g)).toHaveLength(1); // the null splits the line; a lone point has no segment
    expect(svg.match(/<circle/g)).toHaveLength(3);
    // Largest value 1 h: 1 h / 5 intervals = 12 min → the next whole step 15 min; 1 h is a
    // multiple of it, so one more step of headroom: 0, 15 min, 30 min, 45 min, 1 h, 1 h 15 min.
    expect(yLabels(svg)).toEqual(['0', '15 min', '30 min', '45 min', '1 h', '1 h 15 min']);
    expect(svg).toContain('2024-04');
    expect(tagProblem(svg)).toBeNull();
    // -2 / 5 = 0.4 → step 0.5; -2 is a multiple, so one more step below: -2.5 … 0.
    expect(yLabels(lineChart([{ label: 'x', value: -2 }]))).toEqual(['-2.5', '-2', '-1.5', '-1', '-0.5', '0']);
    const many = lineChart(Array.from({ length: 20 }, (_, i) => ({ label: `p${i}`, value: i })));
    expect(many).toContain('>p0<');
    expect(many).not.toContain('>p1<'); // every third label of 20 (⌈20/8⌉ = 3)
  });

  it('empty or all-null data says "no data"', () => {
    for (const svg of [barChart([]), barChart([{ label: 'a', value: null }]), lineChart([{ label: 'a', value: Number.NaN }], { width: 300, height: 100 })]) {
      expect(svg).toContain('no data');
      expect(tagProblem(svg)).toBeNull();
    }
  });
});

describe('display', () => {
  it('a result: the Jupyter MIME bundle and the text form', () => {
    const shown = display(rate, { metric: 'resolutionRate' });
    const bundle = shown[JUPYTER_DISPLAY]();
    expect(JUPYTER_DISPLAY).toBe(Symbol.for('Jupyter.display'));
    expect(bundle['text/plain']).toBe(renderResult(rate, 'text', { metric: 'resolutionRate' }));
    expect(bundle['text/html']).toContain('<td class="num">75.0 %</td>');
    expect(bundle['text/html']).toContain('<style>');
    expect(String(shown)).toBe(bundle['text/plain']);
    expect(Object.isFrozen(shown)).toBe(true);
    expect(String(display(rate, { title: 'Mine' }))).toMatch(/^Mine\n/);
  });

  it('a report document: the report body', () => {
    const doc = { records: 1, metrics: { csat: { value: 0.5, satisfied: 1, n: 2 } }, excluded: {}, errors: [] };
    expect(isReportDocument(doc)).toBe(true);
    expect(isReportDocument({ records: 1 })).toBe(false);
    const shown = display(doc, { title: 'T' });
    expect(String(shown)).toBe(renderReport(doc, 'text', { title: 'T' }));
    const html = shown[JUPYTER_DISPLAY]()['text/html']!;
    expect(html).not.toContain('<!doctype');
    expect(html).toContain('<h1>T</h1>');
    expect(tagProblem(html)).toBeNull();
  });
});
