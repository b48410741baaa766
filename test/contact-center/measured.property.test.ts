import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { abandonmentRate, abandonmentRateAccumulator } from '../../src/contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer, averageSpeedOfAnswerAccumulator } from '../../src/contact-center/average-speed-of-answer.js';
import { CONTACT_FIELDS, type Contact, ContactGuard, contactIssues } from '../../src/contact-center/contact.js';
import { ContactSchema } from '../../src/contact-center/schemas.js';
import { occupancy } from '../../src/contact-center/occupancy.js';
import { SERVICE_LEVEL_METHODS, serviceLevel, serviceLevelAccumulator } from '../../src/contact-center/service-level.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const T0 = Date.UTC(2024, 0, 1);
const FIELDS = Object.keys(CONTACT_FIELDS);

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01 00:00:05', '2024-01-01T00:00:10+00:00', '2024-02-30', 'soon', '', 'ana'),
  fc.boolean(),
  fc.constantFrom(new Date(T0), new Date(T0 + 5000), new Date(NaN)),
  fc.constantFrom(0, 1, -1, 1.5, 9e15, Infinity),
);
const recordArb = fc.dictionary(fc.constantFrom(...FIELDS, 'extra'), anyValue, { maxKeys: 6 });

/** Valid contacts: offered within a day, then answered, abandoned or still queued after 0..120 s. */
const contactArb: fc.Arbitrary<Contact> = fc
  .record({
    offered: fc.integer({ min: T0, max: T0 + 86_400_000 }),
    outcome: fc.constantFrom('answered', 'abandoned', 'queued'),
    wait: fc.integer({ min: 0, max: 120_000 }),
    talk: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
    asString: fc.boolean(),
    agent: fc.constantFrom('ana', 'ben', undefined),
  })
  .map((r) => {
    const at = (ms: number) => (r.asString ? new Date(ms).toISOString() : ms);
    const end = r.offered + r.wait + (r.talk ?? 0);
    return {
      offeredAt: at(r.offered),
      ...(r.outcome === 'answered' ? { answeredAt: at(r.offered + r.wait) } : {}),
      ...(r.outcome === 'abandoned' ? { abandonedAt: r.offered + r.wait } : {}),
      ...(r.outcome !== 'queued' && r.talk !== undefined ? { endedAt: end } : {}),
      ...(r.agent === undefined ? {} : { agent: r.agent }),
    };
  });
const contactsArb = fc.array(contactArb, { maxLength: 60 });
const targetArb = fc.integer({ min: 0, max: 120_000 });
const methodArb = fc.constantFrom(...SERVICE_LEVEL_METHODS);

describe('ContactSchema, contactIssues and ContactGuard agree', () => {
  it('on arbitrary records and on valid contacts with one or two fields changed', () => {
    const reader = new TimestampReader('UTC');
    const guard = new ContactGuard(reader);
    const nearValid = fc.tuple(contactArb, fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 2 })).map(([c, changes]) => ({ ...c, ...changes }));
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(recordArb, anyValue, nearValid), (record) => {
        const byIssues = contactIssues(record, reader, ['contacts', 0]).length === 0;
        expect(guard.check(record), JSON.stringify(record)).toBe(byIssues);
        expect(ContactSchema.safeParse(record).success, JSON.stringify(record)).toBe(byIssues);
        if (byIssues) valid++;
        else invalid++;
      }),
      { numRuns: 3000 },
    );
    // Both sides of the rule set are exercised.
    expect(Math.min(valid, invalid)).toBeGreaterThan(300);
  });
});

describe('record and count forms agree', () => {
  it('abandonmentRate', () => {
    fc.assert(
      fc.property(contactsArb, fc.option(targetArb, { nil: undefined }), (contacts, short) => {
        const r = abandonmentRate({ contacts }, short === undefined ? {} : { shortAbandonMs: short });
        const c = abandonmentRate({ abandoned: r.abandoned, offered: r.offered, shortAbandons: r.shortAbandons });
        expect(c.value).toBe(r.value);
        expect(c.interval).toEqual(r.interval);
        expect([c.numerator, c.denominator]).toEqual([r.numerator, r.denominator]);
        expect(r.offered + r.excluded.queued).toBe(contacts.length);
      }),
    );
  });

  it('serviceLevel, for every method', () => {
    fc.assert(
      fc.property(contactsArb, targetArb, methodArb, (contacts, targetAnswerMs, method) => {
        const r = serviceLevel({ contacts }, { targetAnswerMs, method });
        const { answeredWithinTarget, abandonedWithinTarget, offered } = r;
        const c = serviceLevel({ answeredWithinTarget, abandonedWithinTarget: abandonedWithinTarget!, offered }, { targetAnswerMs, method });
        const { excluded, ...rest } = r;
        expect(c).toEqual({ ...rest, excluded: { ...excluded, queued: 0 } });
        expect(r.offered + excluded.queued).toBe(contacts.length);
      }),
    );
  });

  it('averageSpeedOfAnswer', () => {
    fc.assert(
      fc.property(contactsArb, (contacts) => {
        const r = averageSpeedOfAnswer({ contacts });
        const c = averageSpeedOfAnswer({ totalWaitMs: r.totalWaitMs, answered: r.answered });
        expect(c.value).toBe(r.value);
        expect(r.answered + r.excluded.abandoned + r.excluded.queued).toBe(contacts.length);
      }),
    );
  });
});

/** Splits `xs` into consecutive shards at the given cut points. */
function shards<T>(xs: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (xs.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const p of [...points, xs.length]) {
    out.push(xs.slice(from, p));
    from = p;
  }
  return out;
}

describe('accumulators: merge of shards (through JSON) equals one pass', () => {
  const invalidArb = fc.constantFrom<unknown>({ offeredAt: 'never' }, null, { offeredAt: 0, answeredAt: 1, abandonedAt: 1 }, { answeredAt: 5 });
  const mixedArb = fc.array(fc.oneof({ weight: 5, arbitrary: contactArb }, { weight: 1, arbitrary: invalidArb }), { maxLength: 60 });

  it('for all three contact metrics', () => {
    fc.assert(
      fc.property(mixedArb, fc.array(fc.nat(), { maxLength: 4 }), targetArb, methodArb, (contacts, cuts, target, method) => {
        const cases = [
          [abandonmentRateAccumulator, { onInvalid: 'exclude', shortAbandonMs: target }, abandonmentRate],
          [serviceLevelAccumulator, { onInvalid: 'exclude', targetAnswerMs: target, method }, serviceLevel],
          [averageSpeedOfAnswerAccumulator, { onInvalid: 'exclude' }, averageSpeedOfAnswer],
        ] as const;
        for (const [factory, options, metric] of cases) {
          const whole = (metric as (i: unknown, o: unknown) => unknown)({ contacts }, options);
          let offset = 0;
          const parts = shards(contacts, cuts).map((part) => {
            const acc = factory.create(options);
            part.forEach((c, i) => acc.add(c, offset + i));
            offset += part.length;
            return factory.fromJSON(JSON.parse(JSON.stringify(acc.toJSON())));
          });
          // Merge in reverse order: the result must not depend on it.
          const total = parts.reduceRight((acc, p) => acc.merge(p as never), factory.create(options as never));
          expect(total.result()).toEqual(whole);
          expect(total.n).toBe(contacts.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('bounds, invariance and monotonicity', () => {
  it('rates lie in [0, 1] inside their interval; ASA within the waits; order does not matter', () => {
    fc.assert(
      fc.property(contactsArb, targetArb, methodArb, (contacts, target, method) => {
        const reversed = [...contacts].reverse();
        for (const r of [abandonmentRate({ contacts }, { shortAbandonMs: target }), serviceLevel({ contacts }, { targetAnswerMs: target, method })]) {
          if (r.value === null) {
            expect(r.denominator).toBe(0);
            continue;
          }
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(1);
          expect(r.interval!.lower).toBeLessThanOrEqual(r.value + 1e-12);
          expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value - 1e-12);
        }
        expect(serviceLevel({ contacts: reversed }, { targetAnswerMs: target, method })).toEqual(
          serviceLevel({ contacts }, { targetAnswerMs: target, method }),
        );
        const asa = averageSpeedOfAnswer({ contacts });
        expect(averageSpeedOfAnswer({ contacts: reversed }).value).toBe(asa.value);
        if (asa.value !== null) {
          expect(asa.value).toBeGreaterThanOrEqual(0);
          expect(asa.value).toBeLessThanOrEqual(120_000);
        }
      }),
    );
  });

  it('one more contact answered within target never lowers the service level', () => {
    fc.assert(
      fc.property(contactsArb, targetArb, methodArb, fc.nat(), (contacts, target, method, pick) => {
        const options = { targetAnswerMs: target, method };
        const before = serviceLevel({ contacts }, options).value ?? 0;
        // Adding a contact answered at once.
        const added = serviceLevel({ contacts: [...contacts, { offeredAt: T0, answeredAt: T0 }] }, options).value!;
        expect(added).toBeGreaterThanOrEqual(before - 1e-12);
        // Turning one contact's outcome into an answer within target.
        if (contacts.length > 0) {
          const k = pick % contacts.length;
          const changed = contacts.map((c, i) => (i === k ? { offeredAt: T0, answeredAt: T0 + target } : c));
          expect(serviceLevel({ contacts: changed }, options).value!).toBeGreaterThanOrEqual(before - 1e-12);
        }
      }),
    );
  });

  it('counts: more answered within target never lowers it; one more abandon never lowers the abandonment rate', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.nat(500), methodArb, (a, b, rest, method) => {
        const n = a + b + rest;
        const sl = (x: number, m: number) => serviceLevel({ answeredWithinTarget: x, abandonedWithinTarget: b, offered: m }, { method }).value ?? 0;
        expect(sl(a + 1, n + 1)).toBeGreaterThanOrEqual(sl(a, n) - 1e-12);
        if (rest > 0) expect(sl(a + 1, n)).toBeGreaterThanOrEqual(sl(a, n) - 1e-12);
        const ab = (x: number, m: number) => abandonmentRate({ abandoned: x, offered: m }).value ?? 0;
        expect(ab(b + 1, n + 1)).toBeGreaterThanOrEqual(ab(b, n) - 1e-12);
      }),
    );
  });

  it('occupancy: shares in [0, 1], the overall one between the agents’ extremes, band as stated', () => {
    const row = fc.record({ agent: fc.constantFrom('a', 'b', 'c', 1), handleMs: fc.nat(36_000_000), availableMs: fc.nat(36_000_000) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (agents) => {
        const r = occupancy({ agents });
        const values = r.agents.map((a) => a.value).filter((v): v is number => v !== null);
        for (const a of [r, ...r.agents]) {
          if (a.value === null) {
            expect(a.loggedInMs).toBe(0);
            expect(a.band).toBeNull();
            continue;
          }
          expect(a.value).toBeGreaterThanOrEqual(0);
          expect(a.value).toBeLessThanOrEqual(1);
          expect(a.band).toBe(a.value < 0.75 ? 'below' : a.value > 0.85 ? 'above' : 'within');
        }
        if (r.value !== null) {
          expect(r.value).toBeGreaterThanOrEqual(Math.min(...values) - 1e-12);
          expect(r.value).toBeLessThanOrEqual(Math.max(...values) + 1e-12);
          expect(occupancy({ handleMs: r.handleMs, availableMs: r.availableMs }).value).toBe(r.value);
        }
      }),
    );
  });
});

describe('bad input always raises KpiInputError, never NaN', () => {
  const junk = fc.oneof(anyValue, fc.integer({ min: -5, max: 5 }), fc.constant([]), fc.constant({}));
  const calls: ((x: Record<string, unknown>, o: unknown) => unknown)[] = [
    (x, o) => abandonmentRate({ abandoned: x['a'], offered: x['b'], shortAbandons: x['c'] } as never, o as never),
    (x, o) => serviceLevel({ answeredWithinTarget: x['a'], abandonedWithinTarget: x['b'], offered: x['c'] } as never, o as never),
    (x, o) => averageSpeedOfAnswer({ totalWaitMs: x['a'], answered: x['b'] } as never, o as never),
    (x, o) => occupancy({ handleMs: x['a'], availableMs: x['b'] } as never, o as never),
    (x, o) => occupancy({ agents: [{ agent: x['c'], handleMs: x['a'], availableMs: x['b'] }] } as never, o as never),
    (x, o) => serviceLevel({ contacts: [{ offeredAt: x['a'], answeredAt: x['b'], abandonedAt: x['c'] }] } as never, { targetAnswerMs: 5, ...(o as object) }),
  ];
  const optionsArb = fc.option(
    fc.oneof(
      fc.record({ confidence: junk }, { requiredKeys: [] }),
      fc.record({ method: fc.constantFrom('abandons-ignored', 'x', undefined) }, { requiredKeys: [] }),
      fc.record({ guideBand: fc.oneof(junk, fc.tuple(junk, junk)) }, { requiredKeys: [] }),
    ),
    { nil: undefined },
  );

  it('each call returns finite values or null, or throws KpiInputError', () => {
    fc.assert(
      fc.property(fc.record({ a: junk, b: junk, c: junk }), optionsArb, fc.nat(calls.length - 1), (x, options, k) => {
        let r: unknown;
        try {
          r = calls[k]!(x, options);
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
          return;
        }
        const numbers = JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'NON-FINITE' : v));
        expect(numbers).not.toContain('NON-FINITE');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reason is given exactly when value is null', () => {
  const count = fc.integer({ min: 0, max: 50 });
  it('for the contact metrics over records, and over counts', () => {
    fc.assert(
      fc.property(contactsArb, targetArb, methodArb, count, count, count, (contacts, targetAnswerMs, method, a, b, c) => {
        const results = [
          abandonmentRate({ contacts }, { shortAbandonMs: targetAnswerMs }),
          serviceLevel({ contacts }, { targetAnswerMs, method }),
          averageSpeedOfAnswer({ contacts }),
          // Counts: short ≤ abandoned ≤ offered; a ≤ answered-within, b abandoned-within, a + b ≤ offered.
          abandonmentRate({ abandoned: a + b, offered: a + b + c, shortAbandons: a }),
          serviceLevel({ answeredWithinTarget: a, abandonedWithinTarget: b, offered: a + b + c }, { method }),
          averageSpeedOfAnswer({ totalWaitMs: a === 0 ? 0 : b, answered: a }),
          occupancy({ handleMs: a, availableMs: c }),
          ...occupancy({ agents: [{ agent: 'x', handleMs: a, availableMs: b }] }).agents,
        ];
        for (const r of results) {
          expect(r.reason === null).toBe(r.value !== null);
          if (r.reason !== null) expect(r.reason).toMatch(/ is undefined$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
