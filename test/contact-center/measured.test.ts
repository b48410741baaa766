import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { abandonmentRate, abandonmentRateAccumulator } from '../../src/contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer, averageSpeedOfAnswerAccumulator } from '../../src/contact-center/average-speed-of-answer.js';
import { CONTACT_FIELDS, type Contact } from '../../src/contact-center/contact.js';
import { ContactSchema } from '../../src/contact-center/schemas.js';
import { occupancy } from '../../src/contact-center/occupancy.js';
import { SERVICE_LEVEL_METHODS, serviceLevel, serviceLevelAccumulator } from '../../src/contact-center/service-level.js';
import { instrument } from '../docs/snippets.js';
import { thrown } from '../helpers.js';

const S = 1000;
const T0 = Date.UTC(2024, 4, 6, 8);

/** docs/metrics.md#servicelevel worked example as records: 70 answered in 10 s, 10 abandoned at 5 s, 20 abandoned at 60 s; T = 20 s. */
function goldenContacts(): Contact[] {
  const out: Contact[] = [];
  for (let i = 0; i < 70; i++) out.push({ offeredAt: T0 + i * S, answeredAt: T0 + i * S + 10 * S });
  for (let i = 0; i < 10; i++) out.push({ offeredAt: T0 + i * S, abandonedAt: T0 + i * S + 5 * S });
  for (let i = 0; i < 20; i++) out.push({ offeredAt: T0 + i * S, abandonedAt: T0 + i * S + 60 * S });
  return out;
}

describe('serviceLevel', () => {
  // docs/metrics.md#servicelevel: a 70, b 10, n 100.
  //   abandons-ignored  a / (n − b) = 70 / 90 = 0.77777…
  //   abandons-negative a / n       = 70 / 100 = 0.70
  //   abandons-positive (a + b) / n = 80 / 100 = 0.80
  const counts = { answeredWithinTarget: 70, abandonedWithinTarget: 10, offered: 100 };

  it('gives the docs/metrics.md#servicelevel worked example from counts, for each method', () => {
    const ignored = serviceLevel(counts);
    expect(ignored.value).toBeCloseTo(70 / 90, 12);
    expect(ignored.value).toBeCloseTo(0.7778, 4);
    expect(ignored).toMatchObject({ method: 'abandons-ignored', numerator: 70, denominator: 90, offered: 100, targetAnswerMs: null });
    expect(serviceLevel(counts, { method: 'abandons-negative' })).toMatchObject({ value: 0.7, numerator: 70, denominator: 100 });
    expect(serviceLevel(counts, { method: 'abandons-positive' })).toMatchObject({ value: 0.8, numerator: 80, denominator: 100 });
  });

  it('gives the same figures from the records of the worked example (T = 20 s)', () => {
    const contacts = goldenContacts();
    for (const method of ['abandons-ignored', 'abandons-negative', 'abandons-positive'] as const) {
      const r = serviceLevel({ contacts }, { targetAnswerMs: 20 * S, method });
      const c = serviceLevel(counts, { method, targetAnswerMs: 20 * S });
      expect(r).toEqual(c);
    }
    const r = serviceLevel({ contacts }, { targetAnswerMs: 20 * S });
    expect(r).toMatchObject({ answeredWithinTarget: 70, abandonedWithinTarget: 10, offered: 100, targetAnswerMs: 20_000 });
  });

  it('counts a wait of exactly T as within the target', () => {
    // Waits 20 s (= T) and 20.001 s: 1 of 2 within.
    const r = serviceLevel(
      {
        contacts: [
          { offeredAt: 0, answeredAt: 20_000 },
          { offeredAt: 0, answeredAt: 20_001 },
        ],
      },
      { targetAnswerMs: 20_000 },
    );
    expect(r.value).toBe(0.5);
  });

  it('gives a Wilson interval around the value', () => {
    const r = serviceLevel(counts);
    expect(r.interval!.lower).toBeLessThan(r.value!);
    expect(r.interval!.upper).toBeGreaterThan(r.value!);
    expect(r.confidence).toBe(0.95);
  });

  it('counts still-queued contacts apart and gives null without offered contacts', () => {
    const r = serviceLevel({ contacts: [{ offeredAt: 0 }, { offeredAt: 5 }] }, { targetAnswerMs: 1 });
    expect(r.value).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.excluded.queued).toBe(2);
    expect(r.reason).toBe('no contacts offered: the service level is undefined');
    expect(serviceLevel({ answeredWithinTarget: 0, abandonedWithinTarget: 0, offered: 0 }).value).toBeNull();
    // All offered contacts abandoned within T: n − b = 4 − 4 = 0 under abandons-ignored.
    const ignored = serviceLevel({ answeredWithinTarget: 0, abandonedWithinTarget: 4, offered: 4 });
    expect([ignored.value, ignored.denominator]).toEqual([null, 0]);
    expect(ignored.reason).toBe('every contact offered abandoned within the target, and abandons-ignored leaves them out: the service level is undefined');
    // The same counts under abandons-negative: 0 / 4 = 0, a value, so no reason.
    expect(serviceLevel({ answeredWithinTarget: 0, abandonedWithinTarget: 4, offered: 4 }, { method: 'abandons-negative' })).toMatchObject({
      value: 0,
      reason: null,
    });
  });

  it('lets abandons-negative go without abandonedWithinTarget, and no other method', () => {
    expect(serviceLevel({ answeredWithinTarget: 8, offered: 10 }, { method: 'abandons-negative' })).toMatchObject({ value: 0.8, abandonedWithinTarget: null });
    const e = thrown(() => serviceLevel({ answeredWithinTarget: 8, offered: 10 }));
    expect(e.code).toBe('missing');
    expect(e.path).toEqual(['abandonedWithinTarget']);
  });

  it('rejects bad input with KpiInputError', () => {
    expect(thrown(() => serviceLevel({ contacts: [] })).path).toEqual(['options', 'targetAnswerMs']);
    expect(thrown(() => serviceLevel({ answeredWithinTarget: 70, abandonedWithinTarget: 40, offered: 100 })).code).toBe('inconsistent');
    expect(thrown(() => serviceLevel(counts, { method: 'offered' as never })).path).toEqual(['options', 'method']);
    expect(thrown(() => serviceLevel(counts, { targetAnswerMs: -1 })).code).toBe('out_of_range');
    expect(thrown(() => serviceLevel({ ...counts, offered: 1.5 })).code).toBe('not_integer');
    expect(thrown(() => serviceLevel({ ...counts, contacts: [] })).code).toBe('ambiguous');
    expect(thrown(() => serviceLevel(counts, { confidence: 1 })).path).toEqual(['options', 'confidence']);
    expect(thrown(() => serviceLevel(counts, { onInvalid: 'skip' as never })).path).toEqual(['options', 'onInvalid']);
    expect(thrown(() => serviceLevel(counts, { timeZone: 'Mars/Base' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => serviceLevel(counts, { target: 5 } as never)).path).toEqual(['options', 'target']);
  });
});

describe('abandonmentRate', () => {
  it('is abandoned / offered from counts, with short abandons out of both', () => {
    // 12 / 200 = 0.06; with 2 short: (12 − 2) / (200 − 2) = 10 / 198.
    expect(abandonmentRate({ abandoned: 12, offered: 200 })).toMatchObject({
      value: 0.06,
      numerator: 12,
      denominator: 200,
      shortAbandons: 0,
      shortAbandonMs: null,
    });
    const r = abandonmentRate({ abandoned: 12, offered: 200, shortAbandons: 2 });
    expect(r).toMatchObject({ value: 10 / 198, reason: null, numerator: 10, denominator: 198, abandoned: 12, offered: 200, shortAbandons: 2 });
    // No contacts: 0 / 0; 3 offered, all 3 short abandons: (3 − 3) / (3 − 3) = 0 / 0.
    expect(abandonmentRate({ abandoned: 0, offered: 0 })).toMatchObject({ value: null, reason: 'no contacts offered: the abandonment rate is undefined' });
    expect(abandonmentRate({ abandoned: 3, offered: 3, shortAbandons: 3 })).toMatchObject({
      value: null,
      reason: 'every contact offered was a short abandon: the abandonment rate is undefined',
    });
  });

  it('measures from records: answered, abandoned, short abandons (wait ≤ threshold), queued', () => {
    const contacts: Contact[] = [
      { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:30Z', endedAt: '2024-05-06T08:05:00Z', agent: 'ana', queue: 'billing' },
      { offeredAt: '2024-05-06T08:01:00Z', abandonedAt: '2024-05-06T08:02:00Z' }, // 60 s: counted
      { offeredAt: '2024-05-06T08:02:00Z', abandonedAt: '2024-05-06T08:02:05Z' }, // 5 s = threshold: short
      { offeredAt: '2024-05-06T08:03:00Z', abandonedAt: '2024-05-06T08:03:05.001Z' }, // 5.001 s: counted
      { offeredAt: '2024-05-06T08:04:00Z', answeredAt: null, abandonedAt: null }, // queued
    ];
    // Offered 4 (2 answered... 1 answered + 3 abandoned), short 1: (3 − 1) / (4 − 1) = 2/3.
    const r = abandonmentRate({ contacts }, { shortAbandonMs: 5000 });
    expect(r).toMatchObject({ numerator: 2, denominator: 3, abandoned: 3, offered: 4, shortAbandons: 1, shortAbandonMs: 5000 });
    expect(r.value).toBeCloseTo(2 / 3, 15);
    expect(r.excluded).toEqual({ queued: 1, invalid: 0, invalidIndices: [], invalidContacts: [] });
    // Without the option nothing is short: 3 / 4.
    expect(abandonmentRate({ contacts }).value).toBe(0.75);
    expect(Object.isFrozen(r) && Object.isFrozen(r.excluded)).toBe(true);
  });

  it('reads zone-less timestamps in options.timeZone', () => {
    // 08:00 in Berlin (CEST, UTC+2) is 06:00Z; abandoned 06:00:04Z → a 4 s wait, short at 5 s.
    const contacts = [{ offeredAt: '2024-05-06 08:00:00', abandonedAt: '2024-05-06T06:00:04Z' }];
    expect(abandonmentRate({ contacts }, { shortAbandonMs: 5000, timeZone: 'Europe/Berlin' }).shortAbandons).toBe(1);
    // Read as UTC the abandon would be 2 h before the offer.
    expect(thrown(() => abandonmentRate({ contacts }, { shortAbandonMs: 5000 })).code).toBe('inconsistent');
  });

  it('rejects bad counts and options', () => {
    expect(thrown(() => abandonmentRate({ abandoned: 12, offered: 10 })).message).toBe('abandonmentRate: abandoned (12) cannot exceed offered (10)');
    expect(thrown(() => abandonmentRate({ abandoned: 2, offered: 10, shortAbandons: 3 })).path).toEqual(['shortAbandons']);
    expect(thrown(() => abandonmentRate({ abandoned: 2, offered: 10 }, { shortAbandonMs: 5000 })).path).toEqual(['options', 'shortAbandonMs']);
    expect(thrown(() => abandonmentRate({ contacts: [] }, { shortAbandonMs: -1 })).code).toBe('out_of_range');
    expect(thrown(() => abandonmentRate({ abandoned: -3, offered: 10 })).message).toBe('abandonmentRate: abandoned must be a non-negative integer, got -3');
    expect(thrown(() => abandonmentRate({ offered: 10 } as never)).code).toBe('missing');
    expect(thrown(() => abandonmentRate({} as never)).code).toBe('missing');
    expect(thrown(() => abandonmentRate(null as never)).code).toBe('invalid_type');
    expect(thrown(() => abandonmentRate({ contacts: 'x' } as never)).path).toEqual(['contacts']);
  });
});

describe('averageSpeedOfAnswer', () => {
  it('is total wait / answered, from totals and from records', () => {
    // 1,800,000 ms / 90 = 20,000 ms.
    expect(averageSpeedOfAnswer({ totalWaitMs: 1_800_000, answered: 90 })).toMatchObject({ value: 20_000, answered: 90, totalWaitMs: 1_800_000 });
    // Waits 12 s and 48 s: (12,000 + 48,000) / 2 = 30,000; the abandon and the queued one are excluded.
    const r = averageSpeedOfAnswer({
      contacts: [
        { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:12Z' },
        { offeredAt: new Date('2024-05-06T08:01:00Z'), answeredAt: Date.UTC(2024, 4, 6, 8, 1, 48) },
        { offeredAt: '2024-05-06T08:02:00Z', abandonedAt: '2024-05-06T08:03:00Z' },
        { offeredAt: '2024-05-06T08:04:00Z' },
      ],
    });
    expect(r).toMatchObject({ value: 30_000, answered: 2, totalWaitMs: 60_000 });
    expect(r.excluded).toMatchObject({ abandoned: 1, queued: 1, invalid: 0 });
  });

  it('gives null when nothing was answered, and rejects a wait without answers', () => {
    const none = 'no contacts answered: the average speed of answer is undefined';
    expect(averageSpeedOfAnswer({ totalWaitMs: 0, answered: 0 })).toMatchObject({ value: null, reason: none });
    expect(averageSpeedOfAnswer({ contacts: [] })).toMatchObject({ value: null, reason: none });
    // One abandoned contact: nothing answered, so no speed of answer.
    expect(averageSpeedOfAnswer({ contacts: [{ offeredAt: 0, abandonedAt: 5000 }] })).toMatchObject({ value: null, reason: none });
    // 30 s / 2 answered = 15 s.
    expect(averageSpeedOfAnswer({ totalWaitMs: 30_000, answered: 2 })).toMatchObject({ value: 15_000, reason: null });
    expect(thrown(() => averageSpeedOfAnswer({ totalWaitMs: 5, answered: 0 })).code).toBe('inconsistent');
    expect(thrown(() => averageSpeedOfAnswer({ totalWaitMs: -5, answered: 1 })).code).toBe('out_of_range');
    expect(thrown(() => averageSpeedOfAnswer({ totalWaitMs: NaN, answered: 1 })).code).toBe('not_finite');
    expect(thrown(() => averageSpeedOfAnswer({ totalWaitMs: 5 } as never)).path).toEqual(['answered']);
  });
});

describe('invalid contacts', () => {
  const contacts = [
    { offeredAt: 0, answeredAt: 10_000 },
    { offeredAt: 0, answeredAt: 5000, abandonedAt: 6000 }, // both outcomes
    { answeredAt: 5000 }, // no offeredAt
    { offeredAt: 10_000, answeredAt: 5000 }, // answered before offered
    { offeredAt: 0, answeredAt: 5000, endedAt: 4000 }, // ended before answered
    { offeredAt: 'yesterday' },
    { offeredAt: 0, agent: 7 },
    42,
    { offeredAt: 0, answeredAt: 30_000 },
  ] as unknown as Contact[];

  it("throw by default, naming the contact's index and field", () => {
    const e = thrown(() => averageSpeedOfAnswer({ contacts }));
    expect(e).toBeInstanceOf(KpiInputError);
    expect(e.code).toBe('inconsistent');
    expect(e.path).toEqual(['contacts', 1, 'abandonedAt']);
    expect(e.message).toBe('averageSpeedOfAnswer: contacts[1] has both answeredAt and abandonedAt: a contact is either answered or abandoned');
  });

  it("are counted, listed by index and left out with onInvalid: 'exclude'", () => {
    const r = averageSpeedOfAnswer({ contacts }, { onInvalid: 'exclude' });
    // Valid: contacts 0 (10 s) and 8 (30 s): mean 20 s.
    expect(r.value).toBe(20_000);
    expect(r.excluded.invalid).toBe(7);
    expect(r.excluded.invalidIndices).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const paths = r.excluded.invalidContacts.map((c) => c.issues.map((i) => [i.code, ...i.path].join(' ')));
    expect(paths).toEqual([
      ['inconsistent contacts 1 abandonedAt'],
      ['missing contacts 2 offeredAt'],
      ['inconsistent contacts 3 answeredAt'],
      ['inconsistent contacts 4 endedAt'],
      ['invalid_value contacts 5 offeredAt'],
      ['invalid_type contacts 6 agent'],
      ['invalid_type contacts 7'],
    ]);
  });

  it('are judged alike by ContactSchema', () => {
    expect(contacts.map((c) => ContactSchema.safeParse(c).success)).toEqual([true, false, false, false, false, false, false, false, true]);
    expect(Object.keys(CONTACT_FIELDS)).toEqual(['id', 'offeredAt', 'answeredAt', 'abandonedAt', 'endedAt', 'agent', 'queue']);
  });

  it('do not mutate the input', () => {
    const input = [{ offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:12Z' }];
    const copy = structuredClone(input);
    serviceLevel({ contacts: input }, { targetAnswerMs: 1 });
    expect(input).toEqual(copy);
  });
});

describe('contact accumulators', () => {
  it('add, addAll, merge, toJSON and fromJSON give the one-pass result', () => {
    const contacts = goldenContacts();
    const options = { targetAnswerMs: 20 * S };
    const a = serviceLevelAccumulator.create(options).addAll(contacts.slice(0, 40));
    const b = serviceLevelAccumulator.create(options);
    contacts.slice(40).forEach((c, i) => b.add(c, 40 + i));
    const restored = serviceLevelAccumulator.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(restored.merge(b).result()).toEqual(serviceLevel({ contacts }, options));
    expect(restored.n).toBe(100);
    expect(restored.metric).toBe('serviceLevel');
  });

  it('keep invalid contacts through JSON and merges', () => {
    const a = abandonmentRateAccumulator.create({ onInvalid: 'exclude' }).add({ offeredAt: 0, abandonedAt: 1 }).add({ offeredAt: -Infinity }, 7);
    const b = abandonmentRateAccumulator.fromJSON(a.toJSON());
    const r = b.result();
    expect(r.value).toBe(1);
    expect(r.excluded.invalidIndices).toEqual([7]);
    expect(r.excluded.invalidContacts[0]!.issues[0]!.path).toEqual(['contacts', 7, 'offeredAt']);
  });

  it('reject foreign accumulators and bad JSON', () => {
    const asa = averageSpeedOfAnswerAccumulator.create();
    const foreign = thrown(() => asa.merge(abandonmentRateAccumulator.create() as never));
    expect([foreign.code, foreign.path]).toEqual(['incompatible', ['other', 'metric']]);
    expect(thrown(() => asa.addAll('x')).path).toEqual(['contacts']);
    expect(thrown(() => averageSpeedOfAnswerAccumulator.fromJSON(null)).code).toBe('invalid_type');
    const json = asa.add({ offeredAt: 0, answeredAt: 5 }).toJSON();
    expect(thrown(() => averageSpeedOfAnswerAccumulator.fromJSON({ ...json, metric: 'nps' })).path).toEqual(['metric']);
    const e = thrown(() => averageSpeedOfAnswerAccumulator.fromJSON({ ...json, state: { answered: -1, abandoned: 0, queued: 0, totalWaitMs: 'x' } }));
    expect(e.issues.map((i) => i.path)).toEqual([
      ['state', 'answered'],
      ['state', 'totalWaitMs'],
    ]);
    expect(thrown(() => averageSpeedOfAnswerAccumulator.fromJSON({ ...json, state: 3, invalid: null, seen: -1 })).issues.map((i) => i.path)).toEqual([
      ['seen'],
      ['invalid'],
      ['state'],
    ]);
    expect(thrown(() => serviceLevelAccumulator.create()).path).toEqual(['options', 'targetAnswerMs']);
  });
});

describe('occupancy', () => {
  const H = 3_600_000;

  it('is handle / (handle + available), with the 75–85% band', () => {
    // 6 h / (6 h + 2 h) = 0.75: the lower edge is within.
    expect(occupancy({ handleMs: 6 * H, availableMs: 2 * H })).toMatchObject({
      value: 0.75,
      loggedInMs: 8 * H,
      band: 'within',
      guideBand: [0.75, 0.85],
      agents: [],
    });
    // 17 / 20 = 0.85: the upper edge is within; 7 / 10 below; 9 / 10 above.
    expect(occupancy({ handleMs: 17, availableMs: 3 }).band).toBe('within');
    expect(occupancy({ handleMs: 7, availableMs: 3 }).band).toBe('below');
    expect(occupancy({ handleMs: 9, availableMs: 1 }).band).toBe('above');
    expect(occupancy({ handleMs: 0, availableMs: 0 })).toMatchObject({ value: null, reason: 'no logged-in time: the occupancy is undefined', band: null });
    // Per agent too: ben has no logged-in time (0 / 0), ana 3 / 4; overall 3 / 4.
    const rows = occupancy({
      agents: [
        { agent: 'ana', handleMs: 3, availableMs: 1 },
        { agent: 'ben', handleMs: 0, availableMs: 0 },
      ],
    });
    expect(rows).toMatchObject({ value: 0.75, reason: null });
    expect(rows.agents.map((a) => [a.agent, a.value, a.reason])).toEqual([
      ['ana', 0.75, null],
      ['ben', null, 'no logged-in time: the occupancy is undefined'],
    ]);
    expect(occupancy({ handleMs: 7, availableMs: 3 }, { guideBand: [0.6, 0.7] }).band).toBe('within');
  });

  it('per agent: rows of one agent add up; overall is total handle / total logged-in time', () => {
    // ana: 4.5 h + 3 h handle, 0.5 h + 0.5 h available → 7.5 / 8.5 ≈ 0.882 (above);
    // ben: 5 h / 8 h = 0.625 (below); cy: no logged-in time (null).
    // Overall (7.5 + 5) / (8.5 + 8) = 12.5 / 16.5 ≈ 0.7576 (within): time-weighted, not the mean of shares.
    const r = occupancy({
      agents: [
        { agent: 'ana', handleMs: 4.5 * H, availableMs: 0.5 * H },
        { agent: 'ben', handleMs: 5 * H, availableMs: 3 * H },
        { agent: 'ana', handleMs: 3 * H, availableMs: 0.5 * H },
        { agent: 'cy', handleMs: 0, availableMs: 0 },
      ],
    });
    expect(r.value).toBeCloseTo(12.5 / 16.5, 15);
    expect(r.band).toBe('within');
    expect(r.agents.map((a) => [a.agent, a.band])).toEqual([
      ['ana', 'above'],
      ['ben', 'below'],
      ['cy', null],
    ]);
    expect(r.agents[0]).toMatchObject({ handleMs: 7.5 * H, availableMs: H, loggedInMs: 8.5 * H });
    expect(r.agents[0]!.value).toBeCloseTo(7.5 / 8.5, 15);
    expect(r.agents[1]!.value).toBe(0.625);
  });

  it('rejects bad input', () => {
    expect(thrown(() => occupancy({ handleMs: -1, availableMs: 3 })).path).toEqual(['handleMs']);
    expect(thrown(() => occupancy({ handleMs: 1 } as never)).path).toEqual(['availableMs']);
    const e = thrown(() => occupancy({ agents: [{ agent: 'a', handleMs: 1, availableMs: Infinity }, { handleMs: 1, availableMs: 1 }, null] } as never));
    expect(e.issues.map((i) => i.path)).toEqual([
      ['agents', 0, 'availableMs'],
      ['agents', 1, 'agent'],
      ['agents', 2],
    ]);
    expect(thrown(() => occupancy({ agents: {} } as never)).path).toEqual(['agents']);
    expect(thrown(() => occupancy({ handleMs: 1, availableMs: 1 }, { guideBand: [0.9, 0.8] })).code).toBe('inconsistent');
    expect(thrown(() => occupancy({ handleMs: 1, availableMs: 1 }, { guideBand: [0.5, 2] })).path).toEqual(['options', 'guideBand', 1]);
    expect(thrown(() => occupancy({ handleMs: 1, availableMs: 1 }, { guideBand: 0.8 as never })).path).toEqual(['options', 'guideBand']);
    expect(thrown(() => occupancy({ handleMs: 1, availableMs: 1, agents: [] })).code).toBe('ambiguous');
  });
});

describe('the TSDoc examples of these files', () => {
  const files = ['contact', 'abandonment-rate', 'service-level', 'average-speed-of-answer', 'occupancy'];
  const scope: Record<string, unknown> = {
    CONTACT_FIELDS,
    SERVICE_LEVEL_METHODS,
    ContactSchema,
    abandonmentRate,
    abandonmentRateAccumulator,
    serviceLevel,
    serviceLevelAccumulator,
    averageSpeedOfAnswer,
    averageSpeedOfAnswerAccumulator,
    occupancy,
  };
  const check = (expr: string, actual: unknown, expected: unknown, approx: string | null): void => {
    if (approx === null) expect(actual, expr).toEqual(expected);
    else {
      const decimals = approx.includes('.') ? approx.split('.')[1]!.length : 0;
      expect(Math.abs((actual as number) - (expected as number)), expr).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
    }
  };
  for (const file of files) {
    it(`${file}.ts: every example runs and its stated results hold`, () => {
      const text = readFileSync(new URL(`../../src/contact-center/${file}.ts`, import.meta.url), 'utf8');
      const examples = [...text.matchAll(/@example\n \* ```ts\n([\s\S]*?) \* ```/g)].map((m) => m[1]!.replace(/^ \* ?/gm, ''));
      expect(examples.length).toBeGreaterThan(0);
      for (const code of examples) {
        const { code: body, assertions } = instrument(code.replace(/^import .*$/m, ''));
        expect(assertions).toBeGreaterThan(0);
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs a doc comment's example
        (new Function('__check', ...Object.keys(scope), body) as (...args: unknown[]) => void)(check, ...Object.values(scope));
      }
    });
  }
});

describe('averageHandleTime in the contact-centre family', () => {
  it('is the support implementation, re-exported', async () => {
    const cc = await import('../../src/contact-center/index.js');
    const support = await import('../../src/support/index.js');
    expect(cc.averageHandleTime).toBe(support.averageHandleTime);
    // (talk + hold + after-contact work) / handled: 960 s over 2 contacts = 480 s.
    expect(cc.averageHandleTime({ totalHandleTimeMs: 960_000, handled: 2 }).value).toBe(480_000);
  });
});
