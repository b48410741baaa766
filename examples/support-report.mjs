// Support KPIs computed by kpi-kit from a help-desk export: examples/data/tickets.csv, 600 invented
// tickets made by scripts/make-sample-tickets.mjs, with local (zone-less) Europe/Berlin timestamps.
// Run it with `npm run demo` (which builds the package first), or `node examples/support-report.mjs`.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  averageHandleTime,
  backlog,
  businessCalendar,
  byPeriod,
  bySegment,
  firstContactResolution,
  firstResponseTime,
  reopenRate,
  resolutionRate,
  resolutionTime,
  slaCompliance,
  topTopics,
  volumeByChannel,
} from 'kpi-kit';

const rows = parse(readFileSync(new URL('./data/tickets.csv', import.meta.url)), { columns: true, skip_empty_lines: true });
const empty = (v) => (v === '' ? null : v);
const tickets = rows.map((r) => ({
  id: r.id,
  createdAt: r.created_at,
  firstResponseAt: empty(r.first_response_at),
  resolvedAt: empty(r.resolved_at),
  status: r.status,
  channel: r.channel,
  topic: r.topic,
  agent: r.agent,
  team: r.team,
  priority: r.priority,
  // Minutes with one decimal → ms, rounded to whole ms.
  handleTimeMs: r.handle_time_min === '' ? null : Math.round(Number(r.handle_time_min) * 60_000),
  customerId: r.customer_id,
  // The export's "contacts" column is the ticket's contact count.
  contactCount: r.contacts === '' ? null : Number(r.contacts),
  reopened: r.reopened === 'true',
}));

// The export writes Berlin wall-clock times without a zone: say so, so that durations across the
// end of DST (27 October) come out right.
const options = { timeZone: 'Europe/Berlin', percentiles: [90] };
const frt = firstResponseTime({ tickets }, { ...options, targetMs: 3_600_000 });
const rt = resolutionTime({ tickets }, options);
const aht = averageHandleTime({ tickets }, { percentiles: [90] });

const hm = (ms) => {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
};
const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const table = (header, body) => {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
};

console.log(`\nkpi-kit demo — support KPIs from examples/data/tickets.csv (${tickets.length} tickets)\n`);
console.log(
  table(
    ['metric', 'mean', 'median', 'p90', 'detail'],
    [
      [
        'First response time',
        hm(frt.value),
        hm(frt.median),
        hm(frt.percentiles.p90),
        `${frt.n} answered, ${frt.excluded.unanswered} unanswered; ${pct(frt.withinTarget.share)} within 1 h`,
      ],
      ['Resolution time', hm(rt.value), hm(rt.median), hm(rt.percentiles.p90), `${rt.n} resolved, ${rt.excluded.unresolved} unresolved`],
      ['Average handle time', hm(aht.value), hm(aht.median), hm(aht.percentiles.p90), `${aht.n} handled`],
    ],
  ),
);

const byChannel = bySegment(firstResponseTime, tickets, 'channel', options);
console.log('\nFirst response time by channel\n');
console.log(
  table(
    ['channel', 'tickets', 'mean', 'median', 'p90'],
    byChannel.segments.map((s) => [s.key ?? '(none)', s.count, hm(s.result.value), hm(s.result.median), hm(s.result.percentiles.p90)]),
  ),
);

// Counting metrics. A ticket resolved without a contact count cannot say whether it took one
// contact: exclude those (they are counted and listed) rather than guess.
const tz = { timeZone: 'Europe/Berlin' };
const asOf = '2024-12-01 00:00';
const rr = resolutionRate({ tickets }, tz);
const reopen = reopenRate({ tickets }, tz);
const fcr = firstContactResolution({ tickets }, { ...tz, onInvalid: 'exclude' });
const fcrRepeat = firstContactResolution({ tickets }, { ...tz, method: 'repeat-window', windowDays: 7 });
const open = backlog({ tickets }, { ...tz, asOf });
const H = 3_600_000;
const sla = slaCompliance(
  { tickets },
  {
    ...tz,
    asOf,
    targets: {
      firstResponseMs: 8 * H,
      resolutionMs: 72 * H,
      byPriority: { urgent: { firstResponseMs: H, resolutionMs: 8 * H }, high: { firstResponseMs: 4 * H } },
    },
  },
);
console.log('\nRates and counts\n');
console.log(
  table(
    ['metric', 'value', 'detail'],
    [
      ['Resolution rate', pct(rr.value), `${rr.resolved} of ${rr.inquiries} resolved`],
      ['Reopen rate', pct(reopen.value), `${reopen.reopened} of ${reopen.resolved} resolved tickets reopened`],
      [
        'First contact resolution (contact count)',
        pct(fcr.value),
        `${fcr.resolvedOnFirstContact} of ${fcr.resolved} in one contact; ${fcr.excluded.invalid} resolved without a contact count left out`,
      ],
      [
        'First contact resolution (7-day repeat)',
        pct(fcrRepeat.value),
        `${fcrRepeat.resolvedOnFirstContact} of ${fcrRepeat.resolved} with no new ticket on the topic within 7 days`,
      ],
      ['Backlog on 1 Dec 2024', String(open.value), `median age ${hm(open.age.median)}, oldest ${hm(open.age.max)}`],
      ['SLA compliance', pct(sla.value), `${sla.met} met, ${sla.breached} breached, ${sla.pending} pending`],
    ],
  ),
);

console.log('\nSLA compliance by priority\n');
console.log(
  table(
    ['priority', 'compliance', 'first response', 'resolution'],
    sla.byPriority.map((p) => [p.priority ?? '(none)', pct(p.value), pct(p.firstResponse.value), pct(p.resolution.value)]),
  ),
);

const volume = volumeByChannel({ tickets }, tz);
const topics = topTopics({ tickets }, { ...tz, top: 3 });
console.log('\nVolume by channel and top topics\n');
console.log(
  table(
    ['channel', 'tickets', 'share'],
    volume.groups.map((g) => [g.key ?? '(none)', g.count, pct(g.share)]),
  ),
);
console.log('');
console.log(
  table(
    ['topic', 'tickets', 'share'],
    topics.rows.map((r) => [r.key ?? '(none)', r.count, pct(r.share)]),
  ),
);

// Per month in Berlin time, and in business hours (Mon–Fri 09:00–18:00 Berlin, with Christmas).
const nineToSix = [['09:00', '18:00']];
const calendar = businessCalendar({
  timeZone: 'Europe/Berlin',
  hours: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
  holidays: ['2024-10-03', '2024-12-25', '2024-12-26'],
});
const monthly = byPeriod(firstResponseTime, tickets, { period: 'month', timeZone: 'Europe/Berlin' }, tz);
const monthlyBusiness = byPeriod(firstResponseTime, tickets, { period: 'month', timeZone: 'Europe/Berlin' }, { ...tz, calendar });
console.log('\nFirst response time by month (calendar time and business hours)\n');
console.log(
  table(
    ['month', 'tickets', 'mean', 'change', 'mean, business hours'],
    monthly.periods.map((p, i) => [
      p.key,
      p.count,
      hm(p.result.value),
      p.change === null ? '—' : `${p.change.value >= 0 ? '+' : '−'}${hm(Math.abs(p.change.value))}`,
      hm(monthlyBusiness.periods[i].result.value),
    ]),
  ),
);
