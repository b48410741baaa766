/**
 * The plans of the survey metrics over answer columns: csat and esat (one plan, the CSAT
 * computation, named by the metric), nps and enps (the NPS computation), ces, and sentimentScore
 * over a label column. The options are checked, and the scale and the empty result's `reason` taken,
 * by the TypeScript function itself.
 *
 * @module
 */
import { csatImpl } from '../survey/csat.js';
import { npsImpl } from '../survey/nps.js';
import { ces } from '../survey/ces.js';
import { sentimentScore } from '../survey/sentiment-score.js';
import { doubleType, exactSum, numberLiteral, quoteLiteral } from './dialect.js';
import { type Plan, type PlanSettings, FN, INVALID, as, cnt, share } from './plan.js';

/** The survey metrics written in SQL. @internal */
export type SurveyMetric = 'csat' | 'esat' | 'nps' | 'enps' | 'ces' | 'sentimentScore';

/** The metrics of the CSAT computation, and of the NPS computation. @internal */
export type CsatMetric = 'csat' | 'esat';
/** @internal */
export type NpsMetric = 'nps' | 'enps';

/**
 * The field each survey metric reads its answers from: the field named like the metric (`csat`,
 * `esat`, `nps`, `enps`, `ces`), and `sentiment` for sentimentScore (one label per message, as its
 * `{ labels }` form). @internal
 */
export const SURVEY_FIELDS: Readonly<Record<SurveyMetric, string>> = {
  csat: 'csat',
  esat: 'esat',
  nps: 'nps',
  enps: 'enps',
  ces: 'ces',
  sentimentScore: 'sentiment',
};

/** The scale of a survey metric, validated by the TypeScript function itself. */
interface SurveyScale {
  readonly min: number;
  readonly max: number;
  readonly binary: boolean;
}

/** The options of `keys` given in the settings, as the TypeScript function takes them. */
function given(s: PlanSettings, keys: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const key of keys) if (s.o[key] !== undefined) o[key] = s.o[key];
  return o;
}

/** `CASE WHEN n = 0 THEN reason END`: the empty result's reason. */
const reasonSql = (n: string, reason: string | null): string => `CASE WHEN ${n} = 0 THEN ${quoteLiteral(FN, reason ?? '', [])} END`;

/** A survey plan: answers of `field` classified (0 a scale point, 1 unanswered, 9 invalid), the point as `v`. */
function surveyPlan(s: PlanSettings, field: string, scale: SurveyScale, tail: (n: string) => string[]): Plan {
  const a = '"answer"';
  const { min, max } = scale;
  const valid = scale.binary
    ? `CAST(${a} AS TEXT) IN ('good', 'bad', 'true', 'false', '1', '0', '1.0', '0.0')`
    : `${a} >= ${min} AND ${a} <= ${max} AND ${a} = floor(${a})`;
  const point = scale.binary ? `CASE WHEN CAST(${a} AS TEXT) IN ('good', 'true', '1', '1.0') THEN 1 ELSE 0 END` : `CAST(${a} AS INTEGER)`;
  const n = 'count("v")';
  const dbl = doubleType(s.dialect);
  const sum = exactSum(s.dialect, '"v"');
  const sumSquares = exactSum(s.dialect, '"v" * "v"');
  const bigN = s.dialect === 'duckdb' ? `CAST(${n} AS HUGEINT)` : `CAST(${n} AS NUMERIC)`;
  const points: string[] = [];
  for (let p = min; p <= max; p++) points.push(as(cnt(`"v" = ${p}`), `score${p}`));
  return {
    // Without a column, a typed NULL (PostgreSQL reads an untyped NULL as text, which compares with no number).
    read: [as(s.column(field) ?? `CAST(NULL AS ${dbl})`, 'answer')],
    kind: `CASE WHEN ${a} IS NULL THEN 1 WHEN ${valid} THEN 0 ELSE ${INVALID} END`,
    value: point,
    aggregates: [
      ...tail(n),
      as(share(s, sum, n), 'mean'),
      // Σ(x − mean)² / (n − 1) = (nΣx² − (Σx)²) / (n(n − 1)), from exact integer sums.
      as(
        `CASE WHEN ${n} >= 2 THEN sqrt(CAST(${bigN} * ${sumSquares} - ${sum} * ${sum} AS ${dbl}) / (CAST(${n} AS ${dbl}) * (${n} - 1))) END`,
        'standardDeviation',
      ),
      ...points,
      as(cnt('"k" = 1'), 'unanswered'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

/** The plan of csat or esat (the CSAT computation; the `reason` names the metric). @internal */
export function csatPlan(s: PlanSettings, metric: CsatMetric): Plan {
  const r = csatImpl(metric, { responses: [] }, given(s, ['scale', 'satisfied']));
  const scale = r.distribution ?? [];
  const min = scale[0]?.score ?? 0;
  const max = scale[scale.length - 1]?.score ?? 0;
  const satisfied = `"v" IN (${(r.satisfiedScores ?? []).join(', ')})`;
  return surveyPlan(s, SURVEY_FIELDS[metric], { min, max, binary: r.scale === 'binary' }, (n) => [
    as(share(s, cnt(satisfied), n), 'value'),
    as(reasonSql(n, r.reason), 'reason'),
    as(n, 'n'),
    as(cnt(satisfied), 'satisfied'),
  ]);
}

/** The plan of nps or enps (the NPS computation; the `reason` names the metric). @internal */
export function npsPlan(s: PlanSettings, metric: NpsMetric): Plan {
  const r = npsImpl(metric, { responses: [] }, given(s, ['scale']));
  const min = r.scale === '0-10' ? 0 : 1;
  const promoters = cnt('"v" >= 9');
  const passives = cnt('"v" >= 7 AND "v" <= 8');
  const detractors = cnt('"v" <= 6');
  return surveyPlan(s, SURVEY_FIELDS[metric], { min, max: 10, binary: false }, (n) => [
    as(share(s, `100 * (${promoters} - ${detractors})`, n), 'value'),
    as(reasonSql(n, r.reason), 'reason'),
    as(n, 'n'),
    as(promoters, 'promoters'),
    as(passives, 'passives'),
    as(detractors, 'detractors'),
    as(share(s, promoters, n), 'promoterShare'),
    as(share(s, passives, n), 'passiveShare'),
    as(share(s, detractors, n), 'detractorShare'),
  ]);
}

/** The plan of ces. @internal */
export function cesPlan(s: PlanSettings): Plan {
  const r = ces({ responses: [] }, given(s, ['scale', 'easy', 'direction']));
  const min = r.distribution[0]?.score ?? 0;
  const max = r.distribution[r.distribution.length - 1]?.score ?? 0;
  const easy = cnt(`"v" IN (${r.easyScores.join(', ')})`);
  return surveyPlan(s, SURVEY_FIELDS.ces, { min, max, binary: false }, (n) => [
    as(share(s, exactSum(s.dialect, '"v"'), n), 'value'),
    as(reasonSql(n, r.reason), 'reason'),
    as(n, 'n'),
    as(easy, 'easy'),
    as(share(s, easy, n), 'easyShare'),
  ]);
}

/** The sentiment labels, in the order of the result's counts; a label's value `v` is its index. */
const LABELS = ['positive', 'neutral', 'negative'] as const;

/**
 * The plan of sentimentScore over a label column (`sentiment`): a row is a label (`v` 0 positive,
 * 1 neutral, 2 negative: the text exactly, as the TypeScript function compares it), unlabelled
 * (NULL, class 1) or invalid (any other text). The score is the weighted mean of the labels, in
 * double precision in the TypeScript function's order of operations: (w₊·positive + w₀·neutral +
 * w₋·negative) / n, each weight read from its shortest decimal text (the JavaScript number in both
 * databases), so the same double. @internal
 */
export function sentimentPlan(s: PlanSettings): Plan {
  // The weights (and their errors) as the TypeScript function reads them.
  const r = sentimentScore({ positive: 0, neutral: 0, negative: 0 }, given(s, ['weights']));
  const dbl = doubleType(s.dialect);
  const label = '"label"';
  const n = 'count("v")';
  const counts = LABELS.map((_, i) => cnt(`"v" = ${i}`));
  const weighted = LABELS.map((l, i) => `CAST(${quoteLiteral(FN, numberLiteral(r.weights[l]), [])} AS ${dbl}) * CAST(${counts[i] as string} AS ${dbl})`);
  return {
    read: [as(`CAST(${s.column(SURVEY_FIELDS.sentimentScore) ?? 'NULL'} AS TEXT)`, 'label')],
    kind: `CASE WHEN ${label} IS NULL THEN 1 WHEN ${label} IN ('positive', 'neutral', 'negative') THEN 0 ELSE ${INVALID} END`,
    value: `CASE ${label} WHEN 'positive' THEN 0 WHEN 'neutral' THEN 1 ELSE 2 END`,
    aggregates: [
      as(`CASE WHEN ${n} > 0 THEN (${weighted.join(' + ')}) / CAST(${n} AS ${dbl}) END`, 'value'),
      as(reasonSql(n, r.reason), 'reason'),
      as(n, 'n'),
      ...LABELS.map((l, i) => as(counts[i] as string, l)),
      ...LABELS.map((l, i) => as(share(s, counts[i] as string, n), `${l}Share`)),
      as(cnt('"k" = 1'), 'unlabelled'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}
