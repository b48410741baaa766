/** Every accumulator factory of the library, with its cases: the families' lists in one. */
import type { AccumulatorCase } from './accumulator-case.js';
import { contactAccumulatorCases } from './contact-center/accumulator-cases.js';
import { financeAccumulatorCases } from './finance/accumulator-cases.js';
import { groupingAccumulatorCases } from './grouping/accumulator-cases.js';
import { growthAccumulatorCases } from './growth/accumulator-cases.js';
import { supportAccumulatorCases } from './support/accumulator-cases.js';
import { surveyAccumulatorCases } from './survey/accumulator-cases.js';

export const ALL_ACCUMULATOR_CASES: readonly AccumulatorCase[] = [
  ...surveyAccumulatorCases,
  ...growthAccumulatorCases,
  ...supportAccumulatorCases,
  ...financeAccumulatorCases,
  ...contactAccumulatorCases,
  ...groupingAccumulatorCases,
];
