/**
 * A week of 15-minute intervals (672) and 32 daily shift types, for the shift-plan tests (the
 * benchmark, bench/shifts.bench.mjs, builds the same week).
 */
import { type ShiftType } from '../../src/contact-center/shifts.js';

/** Agents required in interval q (0–95) of day d (0 = Monday): 2 at night, two peaks by day, 60 % at the weekend. */
export function weekRequirement(d: number, q: number): number {
  const h = q / 4;
  if (h < 6 || h >= 22) return 2;
  const peak = (centre: number, width: number) => Math.exp(-(((h - centre) / width) ** 2));
  const load = 6 + 30 * peak(10.5, 2) + 22 * peak(15, 2.5);
  return Math.round(d >= 5 ? 0.6 * load : load);
}

/**
 * 24 full-time shifts of 8.5 h (a 30-minute break 4 h in) starting every 30 minutes from 06:00 to
 * 17:30, 6 part-time shifts of 4 h starting every 2 hours from 08:00, and 2 night shifts of 9 h
 * (break 4 h in) at 21:00 and 22:00 — all daily. Costs: 8 h paid at 19 an hour (152), 4 h at 21
 * (84), nights 8.5 h at 24 (204).
 */
export function weekShifts(): ShiftType[] {
  const shifts: ShiftType[] = [];
  for (let k = 0; k < 24; k++)
    shifts.push({ id: `full-${k}`, start: 24 + 2 * k, length: 34, breaks: [{ offset: 16, length: 2 }], cost: '152.00', daily: true });
  for (let k = 0; k < 6; k++) shifts.push({ id: `part-${k}`, start: 32 + 8 * k, length: 16, cost: '84.00', daily: true });
  for (const [k, start] of [84, 88].entries())
    shifts.push({ id: `night-${k}`, start, length: 36, breaks: [{ offset: 16, length: 2 }], cost: '204.00', daily: true });
  return shifts;
}

/** The week: 7 × 96 requirements and the shifts. */
export function weekInstance(): { required: number[]; shifts: ShiftType[] } {
  const required: number[] = [];
  for (let d = 0; d < 7; d++) for (let q = 0; q < 96; q++) required.push(weekRequirement(d, q));
  return { required, shifts: weekShifts() };
}
