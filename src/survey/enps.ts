import type { AccumulatorFactory } from '../core/accumulator.js';
import { type NpsInput, type NpsOptions, type NpsResult, npsAccumulatorFor, npsImpl } from './nps.js';

/** The input of {@link enps}: the same forms as {@link nps}. */
export type EnpsInput = NpsInput;
/** Options of {@link enps}: the same as {@link nps}'s. */
export type EnpsOptions = NpsOptions;
/** The result of {@link enps}: the same fields as {@link nps}'s. */
export type EnpsResult = NpsResult;

/**
 * Employee Net Promoter Score (eNPS): the NPS computation on employees' 0–10 answers to "how
 * likely are you to recommend this company as a place to work": %promoters (9–10) − %detractors
 * (0–6), in points from −100 to 100, with the same standard error and intervals as {@link nps}.
 *
 * @param input - `{ responses }` or `{ promoters, passives, detractors }`.
 * @param options - as for {@link nps}: `confidence`, `intervalMethod`, `scale`.
 * @returns An {@link EnpsResult}; `value` is `null` (with a `reason`) when there are no answers.
 * @throws {@link KpiInputError} on the same conditions as {@link nps}, naming `enps`.
 * @see docs/metrics.md#enps.
 *
 * @example
 * ```ts
 * import { enps } from 'kpi-kit';
 *
 * enps({ responses: [9, 10, 7, 4, 6] }).value; // 0 (2 promoters, 2 detractors of 5)
 * enps({ promoters: 0, passives: 0, detractors: 0 }).reason; // 'no answers: the eNPS is undefined'
 * ```
 */
export function enps(input: EnpsInput, options?: EnpsOptions): EnpsResult {
  return npsImpl('enps', input, options);
}

/**
 * A mergeable accumulator for {@link enps}: the same contract, options, JSON state and errors as
 * `npsAccumulator`, with metric `'enps'` (a state of one does not restore as the other, and the
 * two never merge).
 *
 * @throws {@link KpiInputError} as `npsAccumulator` does, naming `enps`.
 * @see docs/metrics.md#survey-accumulators
 *
 * @example
 * ```ts
 * import { enpsAccumulator } from 'kpi-kit';
 *
 * const acc = enpsAccumulator.create({ confidence: 0.9 }).addAll([10, 3]);
 * acc.result().value; // 0
 * enpsAccumulator.fromJSON(JSON.parse(JSON.stringify(acc))).result().confidence; // 0.9
 * ```
 */
export const enpsAccumulator: AccumulatorFactory<EnpsOptions, EnpsResult> = /* @__PURE__ */ npsAccumulatorFor('enps');
