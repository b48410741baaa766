// Support KPIs computed by kpi-kit from a help-desk export: examples/data/tickets.csv, 600 invented
// tickets made by scripts/make-sample-tickets.mjs, with local (zone-less) Europe/Berlin timestamps.
// Run it with `npm run demo` (which builds the package first), or `node examples/support-report.mjs`.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { averageHandleTime, bySegment, firstResponseTime, resolutionTime } from 'kpi-kit';

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
  contacts: r.contacts === '' ? null : Number(r.contacts),
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
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
};

console.log(`\nkpi-kit demo — support KPIs from examples/data/tickets.csv (${tickets.length} tickets)\n`);
console.log(
  table(
    ['metric', 'mean', 'median', 'p90', 'detail'],
    [
      ['First response time', hm(frt.value), hm(frt.median), hm(frt.percentiles.p90), `${frt.n} answered, ${frt.excluded.unanswered} unanswered; ${pct(frt.withinTarget.share)} within 1 h`],
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
    byChannel.segments.map((s) => [s.key ?? '(none)', s.tickets, hm(s.result.value), hm(s.result.median), hm(s.result.percentiles.p90)]),
  ),
);
