// Shift plans: a week of 15-minute intervals (672) with 32 daily shift types (224 decisions),
// solved by HiGHS (the optional peer dependency `highs`) through shiftPlan, timed end to end
// (validation, model text, solve, result). Target: under 2 s. The first solve in a process also
// pays for the engine compiling HiGHS's WebAssembly, so it is printed apart from the later ones.
// The week is the one of test/contact-center/shifts-week.ts.
import { shiftPlan } from '../dist/index.js';

const quick = process.env.BENCH_QUICK === '1';
const TARGET_MS = 2000;
const QUARTER = 900_000;

let highs;
try {
  highs = (await import('highs')).default;
} catch {
  console.log('\n## shiftPlan: skipped (the optional peer dependency highs is not installed)');
}

/** Agents required in interval q (0–95) of day d: 2 at night, two peaks by day, 60 % at the weekend. */
function weekRequirement(d, q) {
  const h = q / 4;
  if (h < 6 || h >= 22) return 2;
  const peak = (centre, width) => Math.exp(-(((h - centre) / width) ** 2));
  const load = 6 + 30 * peak(10.5, 2) + 22 * peak(15, 2.5);
  return Math.round(d >= 5 ? 0.6 * load : load);
}

function weekShifts() {
  const shifts = [];
  for (let k = 0; k < 24; k++)
    shifts.push({ id: `full-${k}`, start: 24 + 2 * k, length: 34, breaks: [{ offset: 16, length: 2 }], cost: '152.00', daily: true });
  for (let k = 0; k < 6; k++) shifts.push({ id: `part-${k}`, start: 32 + 8 * k, length: 16, cost: '84.00', daily: true });
  for (const [k, start] of [84, 88].entries())
    shifts.push({ id: `night-${k}`, start, length: 36, breaks: [{ offset: 16, length: 2 }], cost: '204.00', daily: true });
  return shifts;
}

if (highs !== undefined) {
  let t = performance.now();
  const solver = await highs();
  const loadMs = performance.now() - t;
  const required = [];
  for (let d = 0; d < 7; d++) for (let q = 0; q < 96; q++) required.push(weekRequirement(d, q));
  const input = { required, intervalMs: QUARTER, shifts: weekShifts() };
  const runs = quick ? 2 : 5;
  const times = [];
  let r;
  for (let k = 0; k < runs; k++) {
    t = performance.now();
    r = shiftPlan(input, { solver, cyclic: true });
    times.push(performance.now() - t);
  }
  const [first, ...later] = times;
  later.sort((a, b) => a - b);
  const median = later[Math.floor(later.length / 2)];
  const flag = (ms) => (ms > TARGET_MS ? `  ABOVE TARGET ${TARGET_MS} ms` : '');
  console.log(
    `\n## shiftPlan: a week of ${required.length} intervals, ${input.shifts.length} daily shift types (${r.model.variables} variables, ${r.model.constraints} constraints, ${r.model.nonzeros} non-zeros)`,
  );
  console.log(`loading HiGHS (await highs())   ${loadMs.toFixed(0).padStart(7)} ms`);
  console.log(`first solve in the process      ${first.toFixed(0).padStart(7)} ms${flag(first)}`);
  console.log(`later solves (median of ${later.length})      ${median.toFixed(0).padStart(7)} ms${flag(median)}`);
  console.log(
    `status ${r.status}, MIP gap ${r.mipGap}, cost ${r.value}, ${r.agentShifts} agent-shifts, over-staffed ${r.overstaffedAgentHours} agent-hours, under-staffed ${r.understaffedAgentHours}`,
  );
}
