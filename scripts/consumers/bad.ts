// An incorrect consumer of kpi-kit: scripts/check-package.mjs requires tsc to report exactly the
// errors marked `expect TSnnnn` below, and no other. Were the money type `any` (as when the
// package's types degrade), these assignments would compile and the check would fail.
import { costPerResolution } from 'kpi-kit/finance';
import { nps } from 'kpi-kit/survey';

const cost = costPerResolution({ operatingCost: '1200.00', resolved: 40 });
export const money: number = cost.value ?? 0; // expect TS2322 (a Decimal is not a number)
export const truth: boolean = cost.operatingCost; // expect TS2322 (a Decimal is not a boolean)
export const score: string | null = nps({ responses: [10] }).value; // expect TS2322 (a score is a number)
