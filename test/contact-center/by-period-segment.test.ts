import { describe, expect, it } from 'vitest';
import { abandonmentRate } from '../../src/contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer } from '../../src/contact-center/average-speed-of-answer.js';
import { averageHandleTime, occupancy } from '../../src/contact-center/index.js';
import { serviceLevel } from '../../src/contact-center/service-level.js';
import { byPeriod } from '../../src/grouping/by-period.js';
import { bySegment } from '../../src/grouping/by-segment.js';
import { thrown } from '../helpers.js';

const S = 1000;
const utc = (day: number, h: number, m = 0) => Date.UTC(2024, 4, day, h, m);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Ten contacts over 6–9 May 2024 (UTC), not in time order, offeredAt as ISO strings or epoch ms.
 * Waits, with T = 20 s for the service level (within T: wait ≤ 20 s):
 *   c0  05-06 08:00  answered  30 s   sales
 *   c1  05-06 08:05  abandoned 60 s   sales
 *   c2  05-06 09:00  abandoned  3 s   support   (within T; a short abandon at 5 s)
 *   c3  05-06 10:00  answered  10 s   support   (within T)
 *   c4  05-06 11:00  still queued     sales
 *   c5  05-08 23:30  answered  60 s   sales     (already 05-09 01:30 in Berlin)
 *   c6  05-08 12:00  abandoned 120 s  (no queue)
 *   c7  05-09 00:10  abandoned 40 s   sales     (05-09 02:10 in Berlin)
 *   c8  05-09 07:00  answered  20 s   support   (within T: exactly T)
 *   c9  05-09 07:30  abandoned 10 s   support   (within T)
 */
const CONTACTS = [
  { offeredAt: iso(utc(6, 8)), answeredAt: iso(utc(6, 8) + 30 * S), endedAt: iso(utc(6, 8, 5)), queue: 'sales', agent: 'ana' },
  { offeredAt: utc(6, 8, 5), abandonedAt: utc(6, 8, 5) + 60 * S, queue: 'sales' },
  { offeredAt: iso(utc(6, 9)), abandonedAt: iso(utc(6, 9) + 3 * S), queue: 'support' },
  { offeredAt: utc(6, 10), answeredAt: utc(6, 10) + 10 * S, queue: 'support', agent: 'ben' },
  { offeredAt: iso(utc(6, 11)), queue: 'sales' },
  { offeredAt: utc(8, 23, 30), answeredAt: utc(8, 23, 31), queue: 'sales', agent: 'ana' },
  { offeredAt: iso(utc(8, 12)), abandonedAt: iso(utc(8, 12, 2)), queue: null },
  { offeredAt: utc(9, 0, 10), abandonedAt: utc(9, 0, 10) + 40 * S, queue: 'sales' },
  { offeredAt: utc(9, 7), answeredAt: utc(9, 7) + 20 * S, queue: 'support', agent: 'ben' },
  { offeredAt: iso(utc(9, 7, 30)), abandonedAt: iso(utc(9, 7, 30) + 10 * S), queue: 'support' },
];
const T = { targetAnswerMs: 20 * S };

describe('contact metrics per period (byPeriod)', () => {
  it('abandonment rate per day, placed by offeredAt by default (golden)', () => {
    const r = byPeriod(abandonmentRate, CONTACTS, { period: 'day' });
    // 05-06: answered c0 c3, abandoned c1 c2, c4 queued → 2 / 4 = 0.5 (5 contacts).
    // 05-07: none → null. 05-08: c5 answered, c6 abandoned → 1 / 2 = 0.5; change null (05-07 is null).
    // 05-09: c8 answered, c7 c9 abandoned → 2 / 3; change 2/3 − 1/2 = 1/6, relative (1/6) / (1/2) = 1/3.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-05-06', 5, 0.5],
      ['2024-05-07', 0, null],
      ['2024-05-08', 2, 0.5],
      ['2024-05-09', 3, 2 / 3],
    ]);
    expect(r.periods[0]!.result.excluded.queued).toBe(1);
    expect(r.periods[2]!.change).toBeNull();
    expect(r.periods[3]!.change!.value).toBeCloseTo(1 / 6, 12);
    expect(r.periods[3]!.change!.relative).toBeCloseTo(1 / 3, 12);
    // Total: 5 abandoned (c1 c2 c6 c7 c9) of 9 offered (4 answered + 5 abandoned); c4 queued.
    expect([r.total.value, r.total.numerator, r.total.denominator, r.total.excluded.queued]).toEqual([5 / 9, 5, 9, 1]);
    expect([r.at, r.undated]).toEqual(['offeredAt', null]);
    expect(Object.isFrozen(r.periods[0])).toBe(true);
  });

  it('abandonment rate per day with short abandons, and in Europe/Berlin (golden)', () => {
    const short = byPeriod(abandonmentRate, CONTACTS, { period: 'day' }, { shortAbandonMs: 5 * S });
    // c2 (3 s) is the only short abandon. 05-06: (2 − 1) / (4 − 1) = 1/3. Total: (5 − 1) / (9 − 1) = 0.5.
    expect(short.periods.map((p) => p.result.value)).toEqual([1 / 3, null, 0.5, 2 / 3]);
    expect([short.total.value, short.total.shortAbandons]).toEqual([0.5, 1]);
    // Berlin is UTC+2 in May: c5 (23:30Z) and c7 (00:10Z) fall on 05-09 there.
    // 05-08: c6 alone → 1 / 1 = 1. 05-09: c5 c8 answered, c7 c9 abandoned → 2 / 4 = 0.5.
    const berlin = byPeriod(abandonmentRate, CONTACTS, { period: 'day', timeZone: 'Europe/Berlin' });
    expect(berlin.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-05-06', 5, 0.5],
      ['2024-05-07', 0, null],
      ['2024-05-08', 1, 1],
      ['2024-05-09', 4, 0.5],
    ]);
    expect(berlin.periods[3]!.change).toEqual({ value: -0.5, relative: -0.5, reason: null });
  });

  it('service level and average speed of answer per day (golden)', () => {
    const r = byPeriod(serviceLevel, CONTACTS, { period: 'day' }, T);
    // 'abandons-ignored': a / (n − b). 05-06: a = 1 (c3), b = 1 (c2), n = 4 → 1 / 3.
    // 05-08: a = 0, b = 0, n = 2 → 0. 05-09: a = 1 (c8), b = 1 (c9), n = 3 → 1 / 2; change +0.5,
    // relative null (from 0).
    expect(r.periods.map((p) => [p.key, p.result.value, p.result.numerator, p.result.denominator])).toEqual([
      ['2024-05-06', 1 / 3, 1, 3],
      ['2024-05-07', null, 0, 0],
      ['2024-05-08', 0, 0, 2],
      ['2024-05-09', 0.5, 1, 2],
    ]);
    expect(r.periods[3]!.change).toEqual({ value: 0.5, relative: null, reason: 'the previous value is 0: the relative change is undefined' });
    // Total: a = 2, b = 2, n = 9 → 2 / 7.
    expect([r.total.value, r.total.answeredWithinTarget, r.total.abandonedWithinTarget, r.total.offered]).toEqual([2 / 7, 2, 2, 9]);
    // ASA, 05-06: (30 s + 10 s) / 2 = 20 s; 05-08: 60 s; 05-09: 20 s. Total: 120 s / 4 = 30 s.
    const asa = byPeriod(averageSpeedOfAnswer, CONTACTS, { period: 'day', fill: false });
    expect(asa.periods.map((p) => [p.key, p.result.value])).toEqual([
      ['2024-05-06', 20 * S],
      ['2024-05-08', 60 * S],
      ['2024-05-09', 20 * S],
    ]);
    expect(asa.total.value).toBe(30 * S);
  });

  it('places by answeredAt, abandonedAt or endedAt; contacts without that timestamp are undated (golden)', () => {
    const answered = byPeriod(serviceLevel, CONTACTS, { period: 'day', at: 'answeredAt' }, T);
    // Answered: c0 c3 on 05-06 (a = 1: c3), c5 on 05-08 (23:31Z; a = 0), c8 on 05-09 (a = 1).
    expect(answered.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-05-06', 2, 0.5],
      ['2024-05-07', 0, null],
      ['2024-05-08', 1, 0],
      ['2024-05-09', 1, 1],
    ]);
    // Undated: the 5 abandoned contacts and the queued one. b = 2 (c2 c9), n = 5 → 0 / (5 − 2) = 0.
    expect([answered.undated!.count, answered.undated!.result.value, answered.undated!.result.excluded.queued]).toEqual([6, 0, 1]);
    expect(answered.total).toEqual(serviceLevel({ contacts: CONTACTS }, T));
    expect(answered.at).toBe('answeredAt');
    const abandoned = byPeriod(abandonmentRate, CONTACTS, { period: 'day', at: 'abandonedAt', fill: false });
    // Abandoned: c1 c2 on 05-06, c6 on 05-08, c7 c9 on 05-09: each period's rate is 1.
    expect(abandoned.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-05-06', 2, 1],
      ['2024-05-08', 1, 1],
      ['2024-05-09', 2, 1],
    ]);
    expect(abandoned.undated!.count).toBe(5);
    // Only c0 has endedAt (05-06 08:05).
    const ended = byPeriod(abandonmentRate, CONTACTS, { period: 'month', at: 'endedAt' });
    expect([ended.periods.map((p) => [p.key, p.count]), ended.undated!.count]).toEqual([[['2024-05', 1]], 9]);
  });

  it('lets the metric report contacts without a readable offeredAt; other invalid contacts stay in their period', () => {
    const contacts = [
      { offeredAt: utc(6, 8), answeredAt: utc(6, 8) + 5 * S },
      { offeredAt: 'soon', abandonedAt: utc(6, 9) }, // unreadable offeredAt: undated
      { offeredAt: utc(7, 8), answeredAt: utc(7, 8) - S }, // answered before offered: invalid, on 05-07
      'not a contact', // undated
      { answeredAt: utc(7, 9) }, // no offeredAt: undated
      { offeredAt: utc(7, 10), abandonedAt: utc(7, 10) + S },
    ];
    const e = thrown(() => byPeriod(abandonmentRate, contacts, { period: 'day' }));
    expect([e.fn, e.path]).toEqual(['abandonmentRate', ['contacts', 1, 'offeredAt']]);
    const r = byPeriod(abandonmentRate, contacts, { period: 'day' }, { onInvalid: 'exclude' });
    // 05-06: c0 answered → 0 / 1. 05-07: c2 invalid, c5 abandoned → 1 / 1.
    // Each period (and the undated) counts its invalid contacts; the total lists them.
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, p.result.excluded.invalid, p.result.excluded.invalidIndices])).toEqual([
      ['2024-05-06', 1, 0, 0, []],
      ['2024-05-07', 2, 1, 1, []],
    ]);
    expect([r.undated!.count, r.undated!.result.value, r.undated!.result.excluded.invalid, r.undated!.result.excluded.invalidIndices]).toEqual([
      3,
      null,
      3,
      [],
    ]);
    expect(r.total.excluded.invalidIndices).toEqual([1, 2, 3, 4]);
    expect(r.total.excluded.invalidContacts.map((c) => c.issues[0]!.path)).toEqual([
      ['contacts', 1, 'offeredAt'],
      ['contacts', 2, 'answeredAt'],
      ['contacts', 3],
      ['contacts', 4, 'offeredAt'],
    ]);
  });

  it('rejects an `at` of the other record kind, naming the allowed fields, and malformed `at` timestamps', () => {
    const e = thrown(() => byPeriod(abandonmentRate, CONTACTS, { period: 'day', at: 'createdAt' as never }));
    expect([e.fn, e.code, e.path]).toEqual(['byPeriod', 'invalid_value', ['options', 'at']]);
    expect(e.message).toBe(
      `byPeriod: options.at must be one of 'offeredAt', 'answeredAt', 'abandonedAt', 'endedAt', or a function (contact, index) => timestamp, got "createdAt"`,
    );
    expect(thrown(() => byPeriod(serviceLevel, [], { period: 'day', at: 'resolvedAt' as never }, T)).path).toEqual(['options', 'at']);
    // A malformed timestamp other than offeredAt is an error of byPeriod, at the contact's field.
    const bad = thrown(() =>
      byPeriod(
        abandonmentRate,
        [
          { offeredAt: 0, abandonedAt: 1 },
          { offeredAt: 0, abandonedAt: '2024-02-30' },
        ],
        { period: 'day', at: 'abandonedAt' },
      ),
    );
    expect([bad.fn, bad.code, bad.path]).toEqual(['byPeriod', 'invalid_value', ['contacts', 1, 'abandonedAt']]);
    expect(thrown(() => byPeriod(abandonmentRate, [{ offeredAt: 0 }], { period: 'day', at: () => ({}) as never })).path).toEqual(['contacts', 0]);
    const notArray = thrown(() => byPeriod(abandonmentRate, 'x' as never, { period: 'day' }));
    expect([notArray.path, notArray.message]).toEqual([['contacts'], 'byPeriod: contacts must be an array of contacts, got "x"']);
    // The metric's options are checked even without contacts.
    expect(thrown(() => byPeriod(serviceLevel, [], { period: 'day' })).path).toEqual(['options', 'targetAnswerMs']);
  });

  it('occupancy has no accumulator (agent time, not contacts) and is rejected', () => {
    expect(thrown(() => byPeriod(occupancy as never, [], { period: 'day' })).path).toEqual(['metric']);
    expect(thrown(() => bySegment(occupancy as never, [], 'agent')).path).toEqual(['metric']);
  });

  it('averageHandleTime, a ticket metric, reads contacts with handleTimeMs; placed by a function of the contact', () => {
    const contacts = [
      { offeredAt: utc(6, 8), answeredAt: utc(6, 8) + 5 * S, handleTimeMs: 300 * S, queue: 'sales' },
      { offeredAt: utc(6, 9), answeredAt: utc(6, 9) + 5 * S, handleTimeMs: 500 * S, queue: 'support' },
      { offeredAt: utc(7, 9), answeredAt: utc(7, 9) + 5 * S, handleTimeMs: 200 * S, queue: 'sales' },
    ];
    // Placed by the tickets' default, createdAt, which contacts do not have: every contact is undated.
    const byDefault = byPeriod(averageHandleTime, contacts, { period: 'day' });
    expect([byDefault.periods.length, byDefault.undated!.count, byDefault.at]).toEqual([0, 3, 'createdAt']);
    // By offeredAt, through a function: 05-06 (300 + 500) / 2 = 400 s; 05-07 200 s.
    const r = byPeriod(averageHandleTime, contacts, { period: 'day', at: (c: { offeredAt: number }) => c.offeredAt });
    expect(r.periods.map((p) => [p.key, p.result.value])).toEqual([
      ['2024-05-06', 400 * S],
      ['2024-05-07', 200 * S],
    ]);
    // Per queue: sales (300 + 200) / 2 = 250 s; support 500 s.
    expect(bySegment(averageHandleTime, contacts, 'queue').segments.map((s) => [s.key, s.result.value])).toEqual([
      ['sales', 250 * S],
      ['support', 500 * S],
    ]);
  });

  it('does not mutate the contacts', () => {
    const contacts = structuredClone(CONTACTS);
    byPeriod(serviceLevel, contacts, { period: 'week', timeZone: 'America/New_York' }, T);
    bySegment(abandonmentRate, contacts, 'queue');
    expect(contacts).toEqual(CONTACTS);
  });
});

describe('contact metrics per segment (bySegment)', () => {
  it('service level per queue, with the three methods (golden)', () => {
    const r = bySegment(serviceLevel, CONTACTS, 'queue', T);
    // sales: c0 c1 c4 c5 c7 — none within T: a = 0, b = 0, n = 4 (c4 queued) → 0.
    // support: c2 c3 c8 c9 — a = 2 (c3 c8), b = 2 (c2 c9), n = 4 → 2 / (4 − 2) = 1.
    // null: c6 — a = 0, b = 0, n = 1 → 0.
    expect(r.segments.map((s) => [s.key, s.count, s.result.value, s.result.denominator])).toEqual([
      ['sales', 5, 0, 4],
      ['support', 4, 1, 2],
      [null, 1, 0, 1],
    ]);
    expect(r.segments[0]!.result.excluded.queued).toBe(1);
    expect(r.total.value).toBe(2 / 7);
    expect(r.by).toBe('queue');
    // support: 'abandons-negative' a / n = 2 / 4; 'abandons-positive' (a + b) / n = 4 / 4.
    const negative = bySegment(serviceLevel, CONTACTS, 'queue', { ...T, method: 'abandons-negative' });
    const positive = bySegment(serviceLevel, CONTACTS, 'queue', { ...T, method: 'abandons-positive' });
    expect([negative.segments[1]!.result.value, positive.segments[1]!.result.value]).toEqual([0.5, 1]);
  });

  it('abandonment rate per queue and per agent (golden)', () => {
    const r = bySegment(abandonmentRate, CONTACTS, 'queue');
    // sales: c1 c7 abandoned, c0 c5 answered → 2 / 4 = 0.5; support: c2 c9 of c2 c3 c8 c9 → 0.5;
    // null: c6 → 1 / 1.
    expect(r.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      ['sales', 5, 0.5],
      ['support', 4, 0.5],
      [null, 1, 1],
    ]);
    expect(r.total.value).toBe(5 / 9);
    // By agent: ana answered c0 c5, ben c3 c8; the six without an agent hold every abandon and c4
    // (queued) → 5 / 5; they come first, the largest segment.
    const byAgent = bySegment(abandonmentRate, CONTACTS, 'agent');
    expect(byAgent.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      [null, 6, 1],
      ['ana', 2, 0],
      ['ben', 2, 0],
    ]);
  });

  it('splits by a key function, and names contacts in errors', () => {
    // Morning (before 10:00 UTC) or not: c0 c1 c2 c7 c8 c9 in the morning; c3 c4 c5 c6 not.
    const r = bySegment(averageSpeedOfAnswer, CONTACTS, (c: { offeredAt: string | number }) => new Date(c.offeredAt).getUTCHours() < 10);
    // Morning answered: c0 30 s, c8 20 s → 25 s. Later: c3 10 s, c5 60 s → 35 s.
    expect(r.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      [true, 6, 25 * S],
      [false, 4, 35 * S],
    ]);
    expect(thrown(() => bySegment(abandonmentRate, [{ offeredAt: 0, queue: {} }], 'queue')).path).toEqual(['contacts', 0, 'queue']);
    expect(thrown(() => bySegment(abandonmentRate, [{ offeredAt: 0 }], () => NaN)).path).toEqual(['contacts', 0]);
    const notArray = thrown(() => bySegment(abandonmentRate, 'x' as never, 'queue'));
    expect([notArray.path, notArray.message]).toEqual([['contacts'], 'bySegment: contacts must be an array of contacts, got "x"']);
    // An invalid contact is reported by the metric at its own index, and listed with onInvalid: 'exclude'.
    const contacts = [
      { offeredAt: 0, answeredAt: S, queue: 'sales' },
      { offeredAt: 0, answeredAt: S, abandonedAt: S, queue: 'sales' },
    ];
    expect(thrown(() => bySegment(abandonmentRate, contacts, 'queue')).path).toEqual(['contacts', 1, 'abandonedAt']);
    const excluded = bySegment(abandonmentRate, contacts, 'queue', { onInvalid: 'exclude' });
    expect([excluded.segments[0]!.result.excluded.invalid, excluded.segments[0]!.result.excluded.invalidIndices]).toEqual([1, []]);
    expect(excluded.total.excluded.invalidIndices).toEqual([1]);
  });
});
