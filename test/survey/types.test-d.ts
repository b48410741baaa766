import { describe, expectTypeOf, it } from 'vitest';
import type { Interval, KpiInputErrorCode } from '../../src/index.js';
import { byPeriod, bySegment } from '../../src/grouping/index.js';
import {
  ces,
  compareNps,
  compareProportions,
  csat,
  csatAccumulator,
  enps,
  esat,
  nps,
  npsAccumulator,
  sentimentScore,
  type CsatOptions,
  type Accumulator,
  type AccumulatorFactory,
  type AccumulatorJSON,
  type CsatResult,
  type CsatTicketsResult,
  type NpsOptions,
  type NpsResult,
} from '../../src/survey/index.js';

describe('survey public types', () => {
  it('nps: value and statistics may be null; counts are numbers; methods are a union', () => {
    const r = nps({ responses: [9] });
    expectTypeOf(r.value).toEqualTypeOf<number | null>();
    expectTypeOf(r.reason).toEqualTypeOf<string | null>();
    expectTypeOf(r.n).toEqualTypeOf<number>();
    expectTypeOf(r.interval).toEqualTypeOf<Interval | null>();
    expectTypeOf(r.intervalMethod).toEqualTypeOf<'wald' | 'adjusted-wald'>();
    expectTypeOf<NpsOptions['scale']>().toEqualTypeOf<'0-10' | '1-10' | undefined>();
    expectTypeOf(enps).returns.toEqualTypeOf<NpsResult>();
    expectTypeOf<{ promoters: number; passives: number; detractors: number }>().toExtend<Parameters<typeof nps>[0]>();
    // @ts-expect-error — an unknown option is a type error too
    nps({ responses: [9] }, { confidnce: 0.9 });
    // @ts-expect-error — results are read-only
    r.value = 3;
  });

  it('csat / esat / ces results', () => {
    const r = csat({ satisfied: 1, total: 2 });
    expectTypeOf(r.value).toEqualTypeOf<number | null>();
    expectTypeOf(r.mean).toEqualTypeOf<number | null>();
    expectTypeOf(r.distribution).toEqualTypeOf<
      readonly { readonly score: number; readonly label?: 'good' | 'bad'; readonly count: number; readonly share: number | null }[] | null
    >();
    expectTypeOf(esat).returns.toEqualTypeOf<typeof r>();
    expectTypeOf<CsatOptions['scale']>().toEqualTypeOf<
      '0-10' | '1-10' | '1-3' | '1-5' | '1-7' | 'binary' | { readonly min: number; readonly max: number } | undefined
    >();
    const c = ces({ responses: [7] });
    expectTypeOf(c.easyShare).toEqualTypeOf<number | null>();
    expectTypeOf(c.direction).toEqualTypeOf<'higher-is-easier' | 'higher-is-harder'>();
  });

  it('comparisons and sentiment', () => {
    const p = compareProportions({ a: { successes: 1, total: 2 }, b: { successes: 1, total: 2 } });
    expectTypeOf(p.pValue).toEqualTypeOf<number | null>();
    expectTypeOf(p.significant).toEqualTypeOf<boolean>();
    // csat / esat results and proportionInterval results go in as they are, with no re-mapping.
    const q = compareProportions({ a: csat({ responses: [5] }), b: esat({ satisfied: 1, total: 2 }) });
    expectTypeOf(q.a).toEqualTypeOf<{ readonly successes: number; readonly total: number }>();
    expectTypeOf(q.reason).toEqualTypeOf<string | null>();
    // @ts-expect-error — a side needs its counts
    compareProportions({ a: { value: 0.5 }, b: { successes: 1, total: 2 } });
    const n = compareNps({ a: { responses: [9] }, b: { promoters: 1, passives: 0, detractors: 0 } });
    expectTypeOf(compareNps({ a: nps({ responses: [9] }), b: enps({ responses: [3] }) }).reason).toEqualTypeOf<string | null>();
    // @ts-expect-error — the interval option is `intervalMethod`
    nps({ responses: [9] }, { interval: 'wald' });
    expectTypeOf(n.a).toEqualTypeOf<NpsResult>();
    expectTypeOf(sentimentScore({ labels: ['positive'] }).value).toEqualTypeOf<number | null>();
    // @ts-expect-error — labels are a closed set
    sentimentScore({ labels: ['happy'] });
  });

  it('accumulators: the one contract of core', () => {
    expectTypeOf(npsAccumulator).toExtend<AccumulatorFactory<NpsOptions, NpsResult>>();
    const acc = npsAccumulator.create();
    expectTypeOf(acc).toEqualTypeOf<Accumulator<NpsResult>>();
    expectTypeOf(acc.result()).toEqualTypeOf<NpsResult>();
    expectTypeOf(acc.toJSON()).toEqualTypeOf<AccumulatorJSON>();
    expectTypeOf(acc.toJSON().options).toEqualTypeOf<AccumulatorJSON['options']>();
    expectTypeOf(npsAccumulator.fromJSON).parameters.toEqualTypeOf<[json: unknown]>();
    expectTypeOf(acc.addAll).parameters.toEqualTypeOf<[records: ArrayLike<unknown>, offset?: number]>();
    expectTypeOf(csatAccumulator.create().add(5, 3).result()).toEqualTypeOf<CsatResult>();
    expectTypeOf(csatAccumulator.create().add(5).result().value).toEqualTypeOf<number | null>();
    // @ts-expect-error — options are checked as the metric's are
    csatAccumulator.create({ satisfed: [5] });
  });

  it('csat over tickets: a ticket metric for byPeriod and bySegment', () => {
    const tickets = [{ createdAt: '2024-01-05T10:00:00Z', csat: 5, channel: 'chat' }, { createdAt: 0 }];
    const r = csat({ tickets }, { scale: '1-5', onInvalid: 'exclude' });
    expectTypeOf(r).toEqualTypeOf<CsatTicketsResult>();
    expectTypeOf(r.excluded.unanswered).toBeNumber();
    expectTypeOf(csat({ responses: [5] })).toEqualTypeOf<CsatResult>();
    expectTypeOf(byPeriod(csat, tickets, { period: 'month', by: 'channel' }).periods[0]!.segments[0]!.result).toEqualTypeOf<CsatTicketsResult>();
    expectTypeOf(bySegment(csat, tickets, 'channel').total).toEqualTypeOf<CsatTicketsResult>();
    expectTypeOf(csat.accumulator.create({ timeZone: 'UTC' }).result()).toEqualTypeOf<CsatTicketsResult>();
    // @ts-expect-error — a ticket needs createdAt
    csat({ tickets: [{ csat: 5 }] });
    // @ts-expect-error — the record options are for tickets only
    csat({ responses: [5] }, { onInvalid: 'exclude' });
    // @ts-expect-error — the at field of a ticket metric
    byPeriod(csat, tickets, { period: 'month', at: 'offeredAt' });
  });

  it('error codes are a closed union', () => {
    expectTypeOf<KpiInputErrorCode>().toEqualTypeOf<
      'invalid_type' | 'not_finite' | 'not_integer' | 'out_of_range' | 'invalid_value' | 'inconsistent' | 'missing' | 'ambiguous' | 'incompatible'
    >();
  });
});
