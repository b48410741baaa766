/**
 * zod schemas of the survey inputs and options, for validating data at an application's edge
 * (forms, APIs, files) with the same rules the functions apply. Built from the same rule objects
 * as the functions' own guards; a property test checks that both accept the same values.
 *
 * Response schemas describe the default scale of each metric (0–10 for NPS, 1–5 for CSAT/ESAT,
 * 1–7 for CES); with another `scale` option the function checks answers against that scale.
 *
 * @module
 */
import { z } from 'zod';
import { arrayLikeSchema, inputFormsSchema, ruleSchema } from '../core/schemas.js';
import { CONFIDENCE, COUNT, integerRange, range } from '../core/validate.js';

const count = ruleSchema(COUNT);
const confidence = ruleSchema(CONFIDENCE).optional();
const scalePoint = z.number().int().min(-1000).max(1000);
const scoreSet = z.union([
  z.array(z.union([scalePoint, z.literal('good'), z.literal('bad'), z.boolean()])).min(1),
  z.strictObject({ atLeast: scalePoint }),
  z.strictObject({ atMost: scalePoint }),
]);
const customScale = z.strictObject({ min: scalePoint, max: scalePoint });

/** `{ promoters, passives, detractors }`: non-negative integer counts. */
export const NpsCountsSchema = z.object({ promoters: count, passives: count, detractors: count });

/** `{ promoters, passives, detractors }` or `{ responses }` of integers 0–10 (the input of `nps`, `enps`). */
export const NpsInputSchema = inputFormsSchema([{ responses: arrayLikeSchema(ruleSchema(integerRange(0, 10))) }, NpsCountsSchema.shape]);

/** Options of `nps` and `enps`. */
export const NpsOptionsSchema = z.strictObject({
  confidence,
  intervalMethod: z.enum(['wald', 'adjusted-wald']).optional(),
  scale: z.enum(['0-10', '1-10']).optional(),
});

/** `{ satisfied, total }` with satisfied ≤ total. */
export const CsatTotalsSchema = z
  .object({ satisfied: count, total: count })
  .refine((v) => (v.satisfied as number) <= (v.total as number), { error: 'satisfied cannot exceed total', path: ['satisfied'] });

/** The input of `csat` and `esat` on the default 1–5 scale: `{ responses }`, `{ counts }` or `{ satisfied, total }`. */
export const CsatInputSchema = inputFormsSchema([
  { responses: arrayLikeSchema(ruleSchema(integerRange(1, 5))) },
  { counts: z.partialRecord(z.enum(['1', '2', '3', '4', '5']), count) },
  { satisfied: count, total: count },
]).refine((v) => !('satisfied' in v) || v.satisfied === undefined || (v.satisfied as number) <= (v.total as number), {
  error: 'satisfied cannot exceed total',
  path: ['satisfied'],
});

/** Options of `csat` and `esat`. */
export const CsatOptionsSchema = z.strictObject({
  scale: z.union([z.enum(['0-10', '1-10', '1-3', '1-5', '1-7', 'binary']), customScale]).optional(),
  satisfied: scoreSet.optional(),
  confidence,
});

/** The input of `ces` on the default 1–7 scale: `{ responses }` or `{ counts }`. */
export const CesInputSchema = inputFormsSchema([
  { responses: arrayLikeSchema(ruleSchema(integerRange(1, 7))) },
  { counts: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), count) },
]);

/** Options of `ces`. */
export const CesOptionsSchema = z.strictObject({
  scale: z.union([z.enum(['1-5', '1-7', '1-10', '0-10']), customScale]).optional(),
  direction: z.enum(['higher-is-easier', 'higher-is-harder']).optional(),
  easy: scoreSet.optional(),
  confidence,
});

/** The input of `sentimentScore`: `{ positive, neutral, negative }` or `{ labels }`. */
export const SentimentInputSchema = inputFormsSchema([
  { positive: count, neutral: count, negative: count },
  { labels: arrayLikeSchema(z.enum(['positive', 'neutral', 'negative'])) },
]);

const weight = ruleSchema(range(-1, 1)).optional();

/** Options of `sentimentScore`. */
export const SentimentOptionsSchema = z.strictObject({
  weights: z.strictObject({ positive: weight, neutral: weight, negative: weight }).optional(),
  confidence,
});

/** `{ successes, total }` with successes ≤ total. */
export const ProportionCountsSchema = z
  .object({ successes: count, total: count })
  .refine((v) => (v.successes as number) <= (v.total as number), { error: 'successes cannot exceed total', path: ['successes'] });

/**
 * One side of `compareProportions`: `{ successes, total }`, a csat or esat result (its
 * `{ satisfied, n }`; other fields allowed) or `{ satisfied, total }`; one count of successes
 * (`successes` or `satisfied`), one of trials (`total` or `n`), the first not above the second.
 */
export const ProportionSideSchema = z
  .object({ successes: count.optional(), satisfied: count.optional(), total: count.optional(), n: count.optional() })
  .refine((v) => (v.successes === undefined) !== (v.satisfied === undefined), { error: 'give one of successes and satisfied', path: ['successes'] })
  .refine((v) => (v.total === undefined) !== (v.n === undefined), { error: 'give one of total and n', path: ['total'] })
  .refine((v) => ((v.successes ?? v.satisfied) as number) <= ((v.total ?? v.n) as number), {
    error: 'successes cannot exceed total',
    path: ['successes'],
  });

/** The input of `compareProportions`: `{ a, b }`, each a {@link ProportionSideSchema}. */
export const CompareProportionsInputSchema = z.object({ a: ProportionSideSchema, b: ProportionSideSchema });

/** The input of `compareNps`: `{ a, b }`, each an `nps` input. */
export const CompareNpsInputSchema = z.object({ a: NpsInputSchema, b: NpsInputSchema });

/** Options of `compareProportions`. */
export const CompareProportionsOptionsSchema = z.strictObject({ confidence });

/** Options of `compareNps`. */
export const CompareNpsOptionsSchema = z.strictObject({ confidence, scale: z.enum(['0-10', '1-10']).optional() });
