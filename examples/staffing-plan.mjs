// A day's staffing plan for a contact centre, computed by kpi-kit from an interval forecast:
// contacts per 30 minutes from 08:00 to 20:00, AHT 4 minutes, 80 % answered within 20 s, occupancy
// at most 85 %, 30 % shrinkage. Compares Erlang C with Erlang A (callers abandon after 90 s on
// average). Run it with `node examples/staffing-plan.mjs` after `npm run build`.
import { erlangC, requiredAgents, staffingPlan } from 'kpi-kit';

const HALF_HOUR = 1_800_000;
// Forecast contacts per half hour (a morning peak, a lunch dip, an after-work peak).
const forecast = [60, 95, 130, 150, 160, 150, 135, 120, 110, 125, 140, 150, 145, 130, 120, 115, 125, 140, 150, 135, 110, 85, 60, 40];
const intervals = forecast.map((contactCount, i) => ({ start: Date.UTC(2024, 2, 4, 8) + i * HALF_HOUR, contactCount, ahtMs: 240_000 }));
const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HALF_HOUR, maxOccupancy: 0.85, shrinkage: 0.3 };

const planC = staffingPlan(intervals, targets);
const planA = staffingPlan(intervals, { ...targets, model: 'erlang-a', patienceMs: 90_000 });

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const time = (ms) => new Date(ms).toISOString().slice(11, 16);
console.log('\nStaffing plan, Monday 4 March 2024 (UTC), 30-minute intervals, AHT 4 min, 80/20, occupancy ≤ 85 %, shrinkage 30 %\n');
console.log('start  contacts  Erlangs  agents (C)  SL (C)   occupancy  binding        headcount  agents (A)');
planC.intervals.forEach((row, i) => {
  const a = planA.intervals[i];
  console.log(
    [
      time(row.start).padEnd(5),
      String(forecast[i]).padStart(8),
      row.trafficErlangs.toFixed(2).padStart(7),
      String(row.agentCount).padStart(10),
      pct(row.serviceLevel).padStart(7),
      pct(row.occupancy).padStart(10),
      String(row.binding ?? '—').padEnd(13),
      String(row.headcount).padStart(10),
      String(a.agentCount).padStart(11),
    ].join('  '),
  );
});
console.log(
  `\nErlang C: ${planC.agentHours} agent-hours, ${planC.headcountHours} scheduled hours with shrinkage, peak ${planC.peakAgents} agents (${planC.peakHeadcount} scheduled)`,
);
console.log(`Erlang A: ${planA.agentHours} agent-hours, ${planA.headcountHours} scheduled hours with shrinkage, peak ${planA.peakAgents} agents`);

// One interval by hand: what does one agent fewer than required do to the queue?
const peak = intervals[4];
const need = requiredAgents({ contactCount: peak.contactCount, intervalMs: HALF_HOUR, ahtMs: peak.ahtMs, targetServiceLevel: 0.8, targetAnswerMs: 20_000 });
for (const agentCount of [need.agentCount - 1, need.agentCount, need.agentCount + 1]) {
  const q = erlangC({ contactCount: peak.contactCount, intervalMs: HALF_HOUR, ahtMs: peak.ahtMs, agentCount, targetAnswerMs: 20_000 });
  console.log(
    `${time(peak.start)} with ${agentCount} agents: service level ${pct(q.serviceLevel)}, P(wait) ${pct(q.probabilityOfWaiting)}, ASA ${(q.averageSpeedOfAnswerMs / 1000).toFixed(1)} s`,
  );
}
