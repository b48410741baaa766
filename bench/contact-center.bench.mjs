// Contact-centre benchmarks: requiredAgents (Erlang C staffing, validation and result included) at
// 10, 100, 2,000 and 20,000 Erlangs against one hand-written Erlang B recursion from 1 up to the
// answer N — the least any exact search has to do — in the same run. Target: ≤ 3× that loop.
// erlangB at whole and fractional agents, requiredLines and fractional requiredAgents against the
// same recursion.
// Then staffingPlan over a week of 15-minute intervals (672) at ~500 Erlangs each, against 672
// separate requiredAgents calls on the same intervals.
import { abandonmentRate, averageSpeedOfAnswer, erlangB, evaluateStaffing, requiredAgents, requiredLines, staffingPlan } from '../dist/index.js';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const opts = quick ? { minMs: 200, minRuns: 5, rounds: 2 } : { minMs: 800, minRuns: 9, rounds: 3 };
const HALF_HOUR = 1_800_000;
const AHT = 300_000;

/** Erlang B by its recursion, B(n) from B(n − 1), n = 1..N: the hand-written floor. */
function erlangBLoop(a, n) {
  let b = 1;
  for (let k = 1; k <= n; k++) {
    const ab = a * b;
    b = ab / (k + ab);
  }
  return b;
}

/** Calls `fn` `reps` times per measured unit, so that small problems are timed above the clock's grain. */
const repeat = (reps, fn) => () => {
  let s = 0;
  for (let i = 0; i < reps; i++) s += fn();
  return s;
};

const summary = [];
for (const erlangs of [10, 100, 2000, 20_000]) {
  // A = contactCount × AHT / interval: 300 s handle time in 30-minute intervals.
  const input = { contactCount: (erlangs * HALF_HOUR) / AHT, intervalMs: HALF_HOUR, ahtMs: AHT, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };
  const { agentCount } = requiredAgents(input);
  const reps = Math.max(1, Math.round(20_000 / (erlangs + 50)));
  const rows = compare(
    { name: `hand loop: Erlang B recursion n = 1..${agentCount}`, fn: repeat(reps, () => erlangBLoop(erlangs, agentCount)) },
    [
      { name: 'requiredAgents (erlang-c)', fn: repeat(reps, () => requiredAgents(input).agentCount) },
      { name: 'requiredAgents (erlang-a, patience = AHT)', fn: repeat(reps, () => requiredAgents(input, { model: 'erlang-a', patienceMs: AHT }).agentCount) },
    ],
    opts,
  );
  // Per call, in µs (the shared `report` prints ms with two decimals, too coarse here).
  console.log(`\n## requiredAgents at ${erlangs.toLocaleString('en-US')} Erlangs → ${agentCount} agents (per call)`);
  const width = Math.max(...rows.map((r) => r.name.length));
  rows.forEach((row, i) => {
    const note = i === 1 && row.ratio > 3 ? '  ABOVE TARGET 3x' : i === 2 ? '  (no target)' : '';
    console.log(`${row.name.padEnd(width)}  ${((row.ms / reps) * 1000).toFixed(2).padStart(9)} µs  ${row.ratio.toFixed(2).padStart(6)}x${note}`);
  });
  summary.push(`${erlangs} E: ${rows[1].ratio.toFixed(2)}x`);
}
console.log(`\ncontact-center: requiredAgents vs one Erlang B recursion to the answer (target ≤ 3x): ${summary.join(', ')}`);

// erlangB per call (validation and frozen result included) at whole and fractional agents, and
// requiredLines (the least N with B(N) ≤ 1 %), against the same hand recursion; then
// requiredAgents with fractional: true against the whole answer.
const erlangSummary = [];
for (const erlangs of [10, 100, 2000, 20_000]) {
  const n = Math.ceil(erlangs * 1.05) + 3;
  const reps = Math.max(1, Math.round(20_000 / (erlangs + 50)));
  const input = { contactCount: (erlangs * HALF_HOUR) / AHT, intervalMs: HALF_HOUR, ahtMs: AHT, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };
  const rows = compare(
    { name: `hand loop: Erlang B recursion n = 1..${n}`, fn: repeat(reps, () => erlangBLoop(erlangs, n)) },
    [
      { name: `erlangB (${n} agents)`, fn: repeat(reps, () => erlangB({ trafficErlangs: erlangs, agentCount: n }).value) },
      { name: `erlangB (${n}.5 agents, continuous)`, fn: repeat(reps, () => erlangB({ trafficErlangs: erlangs, agentCount: n + 0.5 }).value) },
      { name: 'requiredLines (1 % blocking)', fn: repeat(reps, () => requiredLines({ trafficErlangs: erlangs, maxBlocking: 0.01 }).value) },
      { name: 'requiredAgents (whole)', fn: repeat(reps, () => requiredAgents(input).agentCount) },
      { name: 'requiredAgents (fractional: true)', fn: repeat(reps, () => requiredAgents(input, { fractional: true }).agentCount) },
    ],
    opts,
  );
  console.log(`\n## Erlang B at ${erlangs.toLocaleString('en-US')} Erlangs (per call)`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${((row.ms / reps) * 1000).toFixed(2).padStart(9)} µs  ${row.ratio.toFixed(2).padStart(6)}x`);
  erlangSummary.push(
    `${erlangs} E: whole ${rows[1].ratio.toFixed(2)}x, fractional ${rows[2].ratio.toFixed(2)}x, fractional requiredAgents ${(rows[5].ms / rows[4].ms).toFixed(1)}x whole`,
  );
}
console.log(`\ncontact-center: erlangB vs the hand recursion: ${erlangSummary.join('; ')}`);

// A week of 15-minute intervals, ~500 Erlangs each (±10 %, seeded).
const random = rng(17);
const QUARTER = 900_000;
const week = [];
const start = Date.UTC(2024, 2, 4);
for (let i = 0; i < 672; i++) {
  const erlangs = 500 * (0.9 + 0.2 * random());
  week.push({ start: start + i * QUARTER, contactCount: Math.round((erlangs * QUARTER) / AHT), ahtMs: AHT });
}
const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: QUARTER, maxOccupancy: 0.9, shrinkage: 0.3 };
const { maxOccupancy, shrinkage } = targets;
const separate = () => {
  let s = 0;
  for (const interval of week) {
    s += requiredAgents(
      { contactCount: interval.contactCount, intervalMs: QUARTER, ahtMs: interval.ahtMs, targetServiceLevel: 0.8, targetAnswerMs: 20_000 },
      { maxOccupancy, shrinkage },
    ).agentCount;
  }
  return s;
};
const plan = staffingPlan(week, targets);
if (plan.intervals.reduce((s, i) => s + i.agentCount, 0) !== separate()) throw new Error('staffingPlan and requiredAgents disagree');
const planRows = compare(
  { name: '672 × requiredAgents', fn: separate },
  [{ name: 'staffingPlan (672 intervals)', fn: () => staffingPlan(week, targets).value }],
  opts,
);
report(`staffingPlan, a week of 15-minute intervals at ~500 Erlangs (${plan.agentHours} agent-hours, peak ${plan.peakAgents} agents)`, planRows);
console.log(`\ncontact-center: staffingPlan ${planRows[1].ms.toFixed(2)} ms for 672 intervals, ${planRows[1].ratio.toFixed(2)}x 672 requiredAgents calls`);

// evaluateStaffing: the same week against a roster of the plan's headcount minus one person per
// interval (fractional agents on the phones after shrinkage), against staffingPlan alone.
const roster = { scheduled: plan.intervals.map((i) => Math.max(0, i.headcount - 1)) };
const evalRows = report(
  'evaluateStaffing, the week against a roster one person short per interval',
  compare(
    { name: 'staffingPlan (672 intervals)', fn: () => staffingPlan(week, targets).value },
    [{ name: 'evaluateStaffing (672 intervals)', fn: () => evaluateStaffing(week, targets, roster).value }],
    opts,
  ),
);
console.log(`\ncontact-center: evaluateStaffing ${evalRows[1].ms.toFixed(2)} ms for 672 intervals, ${evalRows[1].ratio.toFixed(2)}x staffingPlan`);

// The record metrics: abandonmentRate and averageSpeedOfAnswer over 1M contact objects (epoch ms),
// the compiled contact guard (generated from the contact declaration) included, against hand loops
// computing the same figures without validation.
const contacts = [];
{
  const r = rng(23);
  const T = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 1_000_000; i++) {
    const offeredAt = T + Math.floor(r() * 365 * 86_400_000);
    const wait = Math.floor(r() * 120_000);
    const abandoned = r() < 0.1;
    contacts.push({
      id: i,
      offeredAt,
      answeredAt: abandoned ? null : offeredAt + wait,
      abandonedAt: abandoned ? offeredAt + wait : null,
      endedAt: offeredAt + wait + (abandoned ? 0 : 300_000),
      agent: abandoned ? null : 'a' + (i % 50),
      queue: i % 2 === 0 ? 'sales' : 'support',
    });
  }
}
function handAbandonment(cs) {
  let abandoned = 0;
  let answered = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.abandonedAt !== null) abandoned++;
    else if (c.answeredAt !== null) answered++;
  }
  return abandoned / (abandoned + answered);
}
function handAsa(cs) {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.answeredAt !== null) {
      sum += c.answeredAt - c.offeredAt;
      n++;
    }
  }
  return sum / n;
}
if (abandonmentRate({ contacts }).value !== handAbandonment(contacts)) throw new Error('abandonmentRate differs from the hand loop');
const abandonRows = report(
  'abandonmentRate over 1M contacts, epoch ms',
  compare(
    { name: 'hand loop (outcome count)', fn: () => handAbandonment(contacts) },
    [{ name: 'abandonmentRate', fn: () => abandonmentRate({ contacts }).value }],
    opts,
  ),
);
const asaRows = report(
  'averageSpeedOfAnswer over 1M contacts, epoch ms',
  compare(
    { name: 'hand loop (mean wait)', fn: () => handAsa(contacts) },
    [{ name: 'averageSpeedOfAnswer', fn: () => averageSpeedOfAnswer({ contacts }).value }],
    opts,
  ),
);
console.log(
  `\ncontact-center: abandonmentRate ${abandonRows[1].ratio.toFixed(2)}x the hand loop, averageSpeedOfAnswer ${asaRows[1].ratio.toFixed(2)}x (1M contacts, validation included)`,
);
