// A week's plan for a contact centre, from forecast to roster, computed by kpi-kit: a forecast of
// contacts per 15 minutes (07:00–21:00, Monday to Sunday; invented), the agents each interval needs
// (staffingPlan: Erlang C, 80 % answered within 20 s, occupancy ≤ 85 %, 30 % shrinkage), the
// cheapest roster of whole shifts covering them (shiftPlan on the HiGHS solver), and what that
// roster delivers interval by interval (evaluateStaffing). Run it with
// `node examples/week-plan.mjs` after `npm run build`; it needs the optional `highs` package.
import highs from 'highs';
import { evaluateStaffing, shiftPlan, staffingPlan } from 'kpi-kit';

const QUARTER = 900_000;
const PER_DAY = 96; // 15-minute intervals in a day
const OPEN = 28; // 07:00
const CLOSE = 84; // 21:00
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
// Contacts per 15 minutes: a morning and an evening peak on weekdays, a flatter weekend.
const level = [1, 0.95, 0.9, 0.9, 0.85, 0.5, 0.4];
const intervals = [];
for (let d = 0; d < 7; d++) {
  for (let q = 0; q < PER_DAY; q++) {
    const hour = q / 4;
    const open = q >= OPEN && q < CLOSE;
    const shape = Math.exp(-((hour - 10.5) ** 2) / 4) + 0.8 * Math.exp(-((hour - 17) ** 2) / 5) + 0.3;
    intervals.push({ start: Date.UTC(2024, 2, 4 + d) + q * QUARTER, contactCount: open ? Math.round(40 * level[d] * shape) : 0, ahtMs: 300_000 });
  }
}
const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: QUARTER, maxOccupancy: 0.85, shrinkage: 0.3 };
const plan = staffingPlan(intervals, targets);

// Candidate shifts, every day: 8.5 h full-time (a 30-minute break after 4 h; 8 paid hours at 20)
// starting on the hour from 07:00 to 12:00, and 4 h part-time (at 22 an hour) from 07:00 to 17:00.
const shifts = [
  ...[28, 32, 36, 40, 44, 48].map((start) => ({ id: `full ${start / 4}:00`, start, length: 34, breaks: [{ offset: 16, length: 2 }], cost: 160, daily: true })),
  ...[28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68].map((start) => ({ id: `part ${start / 4}:00`, start, length: 16, cost: 88, daily: true })),
];
const solver = await highs();
const roster = shiftPlan({ plan, shifts }, { solver });

// What the roster delivers: its coverage as the scheduled headcount of each interval.
const delivered = evaluateStaffing(intervals, targets, { scheduled: roster.intervals.map((i) => i.coverage) });

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
console.log('\nWeek plan, 4–10 March 2024, 15-minute intervals (672), Erlang C 80/20, occupancy ≤ 85 %, shrinkage 30 %\n');
console.log('day  contacts  peak headcount  people on shift  service level delivered');
for (let d = 0; d < 7; d++) {
  const rows = delivered.intervals.slice(d * PER_DAY, (d + 1) * PER_DAY);
  const contacts = rows.reduce((a, r) => a + r.contactCount, 0);
  const answered = rows.reduce((a, r) => a + (r.serviceLevel === null ? 0 : r.serviceLevel * r.contactCount), 0);
  const people = roster.shifts.filter((s) => s.day === d).reduce((a, s) => a + s.agents, 0);
  const peak = Math.max(...plan.intervals.slice(d * PER_DAY, (d + 1) * PER_DAY).map((r) => r.headcount));
  console.log(
    [
      DAYS[d].padEnd(3),
      String(contacts).padStart(8),
      String(peak).padStart(14),
      String(people).padStart(15),
      pct(contacts === 0 ? null : answered / contacts).padStart(23),
    ].join('  '),
  );
}
console.log(
  `\nRoster: ${roster.status}, cost ${roster.value?.toString()}, required ${roster.requiredAgentHours} agent-hours, ` +
    `over-staffed ${roster.overstaffedAgentHours}, under-staffed ${roster.understaffedAgentHours}; ` +
    `delivered service level over the week ${pct(delivered.value)}, ${delivered.intervalsBelowTarget} intervals below target`,
);
