import type { AccumulatorFactory } from '../core/accumulator.js';
import { type CsatInput, type CsatOptions, type CsatResult, csatAccumulatorFor, csatImpl } from './csat.js';

/** The input of {@link esat}: the same forms as {@link csat}. */
export type EsatInput = CsatInput;
/** Options of {@link esat}: the same as {@link csat}'s. */
export type EsatOptions = CsatOptions;
/** The result of {@link esat}: the same fields as {@link csat}'s. */
export type EsatResult = CsatResult;

/**
 * Employee satisfaction (ESAT): the CSAT computation on employee survey answers — the share of
 * answers in the satisfied set (default: top two points of a 1–5 scale), with the mean, the
 * distribution and a Wilson interval. For the employee Net Promoter Score use `enps`.
 *
 * Formula: ESAT = satisfied answers / all answers.
 *
 * @param input - `{ responses }`, `{ counts }` or `{ satisfied, total }`.
 * @param options - as for {@link csat}: `scale` (`'1-5'`), `satisfied` (top two), `confidence` (0.95).
 * @returns An {@link EsatResult}; `value` is `null` (with a `reason`) when there are no answers.
 * @throws {@link KpiInputError} on the same conditions as {@link csat}, naming `esat`.
 * @see docs/metrics.md#esat.
 *
 * @example
 * ```ts
 * import { esat } from 'kpi-kit';
 *
 * esat({ responses: [5, 4, 3, 4, 2] }).value; // 0.6
 * esat({ satisfied: 18, total: 24 }).value; // 0.75
 * esat({ responses: [] }).reason; // 'no responses: the ESAT is undefined'
 * ```
 */
export function esat(input: EsatInput, options?: EsatOptions): EsatResult {
  return csatImpl('esat', input, options);
}

/**
 * A mergeable accumulator for {@link esat}: the same contract, options, JSON state and errors as
 * `csatAccumulator`, with metric `'esat'` (a state of one does not restore as the other, and the
 * two never merge).
 *
 * @throws {@link KpiInputError} as `csatAccumulator` does, naming `esat`.
 * @see docs/metrics.md#survey-accumulators
 *
 * @example
 * ```ts
 * import { esatAccumulator } from 'kpi-kit';
 *
 * esatAccumulator.create().addAll([5, 4, 1]).result().satisfied; // 2
 * ```
 */
export const esatAccumulator: AccumulatorFactory<EsatOptions, EsatResult> = /* @__PURE__ */ csatAccumulatorFor('esat');
