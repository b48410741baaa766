/**
 * The results of the survey metrics from the row of their SQL (src/sql/plans-survey.ts): csat and
 * esat (the CSAT computation), nps and enps (the NPS computation), ces and sentimentScore, each the
 * object its TypeScript function returns for the counts of the row — counts per scale point, the
 * three NPS groups, the three sentiment labels — so that the figures, intervals and `reason`s are
 * the TypeScript function's own.
 *
 * @module
 */
import { deepFreeze } from '../core/result.js';
import { type CsatResult, type CsatTicketsResult, csatImpl } from '../survey/csat.js';
import { type NpsResult, npsImpl } from '../survey/nps.js';
import { type CesResult, ces } from '../survey/ces.js';
import { type SentimentResult, sentimentScore } from '../survey/sentiment-score.js';
import { type SurveyMetric } from '../sql/plans-survey.js';
import { type Row, NOT_LISTED, num, pick } from './rows.js';

/** The options the mappers read (those of `runMetrics` for these metrics). @internal */
export interface SurveyRowOptions {
  readonly scale?: unknown;
  readonly satisfied?: unknown;
  readonly easy?: unknown;
  readonly direction?: unknown;
  readonly weights?: unknown;
  readonly confidence?: number;
  readonly intervalMethod?: unknown;
}

/** Counts per scale point, `{ <point>: count }`, from the `score<k>` columns. */
function pointCounts(row: Row): Record<string, number> {
  return Object.fromEntries(
    Object.keys(row)
      .filter((k) => /^score-?\d+$/.test(k))
      .map((k) => [k.slice(5), num(row, k)]),
  );
}

/**
 * The result of a survey metric from its SQL row, through the counts form of its TypeScript
 * function: csat as `csat({ tickets })` gives it (with `excluded`: the unanswered rows, and the
 * invalid ones counted, not listed); esat, nps, enps, ces and sentimentScore as their functions give
 * it for the valid answers (they have no record form, so no `excluded`). @internal
 */
export function surveyResult(metric: SurveyMetric, row: Row, o: SurveyRowOptions): CsatTicketsResult | CsatResult | NpsResult | CesResult | SentimentResult {
  switch (metric) {
    case 'csat':
    case 'esat': {
      const r = csatImpl(metric, { counts: pointCounts(row) }, pick(o, ['scale', 'satisfied', 'confidence']));
      if (metric === 'esat') return r;
      const excluded = { unanswered: num(row, 'unanswered'), invalid: num(row, 'invalid'), ...NOT_LISTED };
      return deepFreeze({ ...r, excluded });
    }
    case 'nps':
    case 'enps':
      return npsImpl(
        metric,
        { promoters: num(row, 'promoters'), passives: num(row, 'passives'), detractors: num(row, 'detractors') },
        pick(o, ['scale', 'confidence', 'intervalMethod']),
      );
    case 'ces':
      return ces({ counts: pointCounts(row) }, pick(o, ['scale', 'easy', 'direction', 'confidence']));
    case 'sentimentScore':
      return sentimentScore(
        { positive: num(row, 'positive'), neutral: num(row, 'neutral'), negative: num(row, 'negative') },
        pick(o, ['weights', 'confidence']),
      );
  }
}
