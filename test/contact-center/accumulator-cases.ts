/**
 * The contact-centre accumulator factories, described for the property suite that runs over every
 * factory of the library (see test/accumulator-case.ts): option sets with contacts (some invalid
 * when the options exclude them), and pairs of option sets that differ in one normalised option.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import { abandonmentRateAccumulator, averageSpeedOfAnswerAccumulator, serviceLevelAccumulator } from '../../src/contact-center/index.js';

const S = 1000;
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A valid contact: offered, then answered, abandoned or still queued, sometimes ended, in a queue. */
const validContact = fc
  .record({
    offeredAt: fc.integer({ min: 0, max: 30 * 86_400 * S }),
    outcome: fc.constantFrom('answered', 'abandoned', 'queued'),
    wait: fc.integer({ min: 0, max: 600 * S }),
    queue: fc.constantFrom('sales', 'billing', undefined),
  })
  .map(({ offeredAt, outcome, wait, queue }) =>
    defined({
      offeredAt,
      answeredAt: outcome === 'answered' ? offeredAt + wait : undefined,
      abandonedAt: outcome === 'abandoned' ? offeredAt + wait : undefined,
      queue,
    }),
  );

/** An invalid contact: no offer, a wait before the offer, or not an object. */
const invalidContact = fc.constantFrom<unknown>({ answeredAt: 5 }, { offeredAt: 10, answeredAt: 5 }, 'x', null, {
  offeredAt: 0,
  answeredAt: 1,
  abandonedAt: 2,
});

/** Contacts for options: invalid ones only when they are excluded. */
const contacts = (onInvalid: string | undefined) =>
  fc.array(onInvalid === 'exclude' ? fc.oneof({ weight: 5, arbitrary: validContact }, { weight: 1, arbitrary: invalidContact }) : validContact, {
    maxLength: 50,
  });

const common = { timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin')), onInvalid: maybe(fc.constantFrom('throw', 'exclude')) };

export const contactAccumulatorCases: readonly AccumulatorCase[] = [
  {
    name: 'abandonmentRateAccumulator',
    create: (o) => abandonmentRateAccumulator.create(o as never),
    fromJSON: (j) => abandonmentRateAccumulator.fromJSON(j),
    input: fc
      .record({ ...common, shortAbandonMs: maybe(fc.integer({ min: 0, max: 60 * S })), confidence: maybe(fc.constantFrom(0.8, 0.95)) })
      .chain((o) => contacts(o.onInvalid).map((records) => ({ options: defined(o), records }))),
    incompatible: [
      [{ shortAbandonMs: 5000 }, {}],
      [{ confidence: 0.8 }, {}],
      [{ timeZone: 'Europe/Berlin' }, {}],
      [{ onInvalid: 'exclude' }, {}],
    ],
  },
  {
    name: 'serviceLevelAccumulator',
    create: (o) => serviceLevelAccumulator.create(o as never),
    fromJSON: (j) => serviceLevelAccumulator.fromJSON(j),
    input: fc
      .record({
        ...common,
        targetAnswerMs: fc.integer({ min: 0, max: 120 * S }),
        method: maybe(fc.constantFrom('abandons-ignored', 'abandons-negative', 'abandons-positive')),
        confidence: maybe(fc.constantFrom(0.8, 0.95)),
      })
      .chain((o) => contacts(o.onInvalid).map((records) => ({ options: defined(o), records }))),
    incompatible: [
      [{ targetAnswerMs: 20_000 }, { targetAnswerMs: 10_000 }],
      [{ targetAnswerMs: 20_000, method: 'abandons-negative' }, { targetAnswerMs: 20_000 }],
      [{ targetAnswerMs: 20_000, confidence: 0.8 }, { targetAnswerMs: 20_000 }],
      [{ targetAnswerMs: 20_000, timeZone: 'Europe/Berlin' }, { targetAnswerMs: 20_000 }],
      [{ targetAnswerMs: 20_000, onInvalid: 'exclude' }, { targetAnswerMs: 20_000 }],
    ],
  },
  {
    name: 'averageSpeedOfAnswerAccumulator',
    create: (o) => averageSpeedOfAnswerAccumulator.create(o as never),
    fromJSON: (j) => averageSpeedOfAnswerAccumulator.fromJSON(j),
    input: fc.record(common).chain((o) => contacts(o.onInvalid).map((records) => ({ options: defined(o), records }))),
    incompatible: [
      [{ timeZone: 'Europe/Berlin' }, {}],
      [{ onInvalid: 'exclude' }, {}],
    ],
  },
];
