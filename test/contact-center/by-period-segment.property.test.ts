import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { type AbandonmentRateOptions, abandonmentRate } from '../../src/contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer } from '../../src/contact-center/average-speed-of-answer.js';
import { type ContactTimestampField } from '../../src/contact-center/contact.js';
import { SERVICE_LEVEL_METHODS, serviceLevel } from '../../src/contact-center/service-level.js';
import { byPeriod } from '../../src/grouping/by-period.js';
import { bySegment } from '../../src/grouping/by-segment.js';
import { type PeriodUnit, periodOf } from '../../src/time/period.js';
import { toEpochMs } from '../../src/time/timestamp.js';

const DAY = 86_400_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2024, 3, 1);
const AT_FIELDS: readonly ContactTimestampField[] = ['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'] as const;

type Row = Record<string, unknown>;

/** Valid contacts: offered within three months, answered, abandoned or still queued after 0..5 min, sometimes ended. */
const valid = fc
  .record({
    offered: fc.integer({ min: FROM, max: TO }),
    outcome: fc.constantFrom('answered', 'abandoned', 'queued'),
    wait: fc.integer({ min: 0, max: 300_000 }),
    talk: fc.option(fc.integer({ min: 0, max: DAY }), { nil: undefined }),
    asString: fc.boolean(),
    queue: fc.constantFrom('sales', 'support', 'billing', null, undefined),
  })
  .map((r): Row => {
    const at = (ms: number) => (r.asString ? new Date(ms).toISOString() : ms);
    const c: Row = { offeredAt: at(r.offered) };
    if (r.outcome === 'answered') c['answeredAt'] = at(r.offered + r.wait);
    if (r.outcome === 'abandoned') c['abandonedAt'] = at(r.offered + r.wait);
    if (r.outcome !== 'queued' && r.talk !== undefined) c['endedAt'] = r.offered + r.wait + r.talk;
    if (r.queue !== undefined) c['queue'] = r.queue;
    return c;
  });

/** Contacts, some invalid: answered before offered, both outcomes, no offeredAt, an unreadable one, not an object. */
const mixed = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 1, arbitrary: valid.map((c): Row => ({ ...c, answeredAt: toEpochMs(c['offeredAt'] as number | string) - 1000 })) },
    { weight: 1, arbitrary: valid.map((c): Row => ({ ...c, answeredAt: c['offeredAt'], abandonedAt: c['offeredAt'] })) },
    { weight: 1, arbitrary: valid.map(({ offeredAt: _o, ...c }): Row => c) },
    { weight: 1, arbitrary: valid.map((c): Row => ({ ...c, offeredAt: 'soon' })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('not a contact', null, 42) },
  ),
  { maxLength: 60 },
);

/** One of the three contact metrics, with options, onInvalid: 'exclude'. */
const metricArb = fc.oneof(
  fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }).map((shortAbandonMs) => {
    const a: AbandonmentRateOptions = opts(shortAbandonMs === undefined ? {} : { shortAbandonMs });
    return {
      name: 'abandonmentRate',
      run: (contacts: readonly unknown[], o: PlaceOptions) =>
        compare(byPeriod(abandonmentRate, contacts, o, a), (cs) => abandonmentRate({ contacts: cs as never }, a)),
      segment: (contacts: readonly unknown[]) =>
        compareSegments(bySegment(abandonmentRate, contacts, 'queue', a), (cs) => abandonmentRate({ contacts: cs as never }, a)),
    };
  }),
  fc.record({ targetAnswerMs: fc.integer({ min: 0, max: 300_000 }), method: fc.constantFrom(...SERVICE_LEVEL_METHODS) }).map((s) => ({
    name: 'serviceLevel',
    run: (contacts: readonly unknown[], o: PlaceOptions) =>
      compare(byPeriod(serviceLevel, contacts, o, opts(s)), (cs) => serviceLevel({ contacts: cs as never }, opts(s))),
    segment: (contacts: readonly unknown[]) =>
      compareSegments(bySegment(serviceLevel, contacts, 'queue', opts(s)), (cs) => serviceLevel({ contacts: cs as never }, opts(s))),
  })),
  fc.constant({
    name: 'averageSpeedOfAnswer',
    run: (contacts: readonly unknown[], o: PlaceOptions) =>
      compare(byPeriod(averageSpeedOfAnswer, contacts, o, opts({})), (cs) => averageSpeedOfAnswer({ contacts: cs as never }, opts({})), false),
    segment: (contacts: readonly unknown[]) =>
      compareSegments(bySegment(averageSpeedOfAnswer, contacts, 'queue', opts({})), (cs) => averageSpeedOfAnswer({ contacts: cs as never }, opts({}))),
  }),
);

interface PlaceOptions {
  readonly period: PeriodUnit;
  readonly timeZone: string;
  readonly at: ContactTimestampField;
  readonly fill: boolean;
}

/** The metric options, with invalid contacts excluded. */
function opts<T extends object>(o: T): T & { onInvalid: 'exclude' } {
  return { ...o, onInvalid: 'exclude' };
}

interface Measured {
  readonly value: number | null;
  readonly excluded: { readonly invalid: number; readonly invalidIndices: readonly number[] };
}

/**
 * What byPeriod must give, from the contacts' own timestamps: each contact whose `at` timestamp is
 * present (and, for offeredAt, readable) lies in the period of that instant, the others are undated.
 * Each period's result is the metric over its own contacts (invalid indices mapped back to the whole
 * input), and the total the metric over all.
 */
function compare<R extends Measured>(
  r: { periods: readonly { key: string; count: number; startMs: number; endMs: number; result: R }[]; undated: { count: number; result: R } | null; total: R },
  metric: (contacts: readonly unknown[]) => R,
  rate = true,
) {
  return (contacts: readonly unknown[], o: PlaceOptions): void => {
    const groups = new Map<string, number[]>();
    const undated: number[] = [];
    contacts.forEach((c, i) => {
      const value = typeof c === 'object' && c !== null ? (c as Row)[o.at] : undefined;
      if (value === undefined || value === null || (o.at === 'offeredAt' && value === 'soon')) {
        undated.push(i);
        return;
      }
      const key = periodOf(value as number | string, { period: o.period, timeZone: o.timeZone }).key;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const same = (got: R, indices: readonly number[]) => {
      const want = metric(indices.map((i) => contacts[i]));
      const { excluded: gotExcluded, ...gotRest } = got as R & { excluded: Row };
      const { excluded: wantExcluded, ...wantRest } = want as R & { excluded: Row };
      expect(gotRest).toEqual(wantRest);
      const { invalidIndices: gi, invalidContacts: gc, ...gotCounts } = gotExcluded;
      const { invalidIndices: _wi, invalidContacts: _wc, ...wantCounts } = wantExcluded;
      // Invalid contacts are counted in the period of their own timestamp (and listed in the total only).
      expect(gotCounts).toEqual(wantCounts);
      expect([gi, gc]).toEqual([[], []]);
    };
    for (const p of r.periods) {
      const indices = groups.get(p.key) ?? [];
      expect(p.count).toBe(indices.length);
      same(p.result, indices);
      for (const i of indices) {
        const ms = toEpochMs((contacts[i] as Row)[o.at]);
        expect(p.startMs <= ms && ms < p.endMs).toBe(true);
      }
      // Bounds: a rate in [0, 1], a wait ≥ 0, never NaN.
      const v = p.result.value;
      expect(v === null || (Number.isFinite(v) && v >= 0 && (!rate || v <= 1))).toBe(true);
    }
    expect([...groups.keys()].every((k) => r.periods.some((p) => p.key === k))).toBe(true);
    if (undated.length > 0) {
      expect(r.undated!.count).toBe(undated.length);
      same(r.undated!.result, undated);
    } else expect(r.undated).toBeNull();
    expect(JSON.parse(JSON.stringify(r.total))).toEqual(JSON.parse(JSON.stringify(metric(contacts))));
  };
}

/** What bySegment must give: each queue's result is the metric over its own contacts; the total, over all. */
function compareSegments<R extends Measured>(
  r: { segments: readonly { key: unknown; count: number; result: R }[]; total: R },
  metric: (contacts: readonly unknown[]) => R,
) {
  return (contacts: readonly unknown[]): void => {
    const keyOf = (c: unknown) => (typeof c === 'object' && c !== null ? ((c as Row)['queue'] ?? null) : null);
    expect(r.segments.reduce((s, x) => s + x.count, 0)).toBe(contacts.length);
    for (const s of r.segments) {
      const indices = contacts.flatMap((c, i) => (keyOf(c) === s.key ? [i] : []));
      expect(s.count).toBe(indices.length);
      const want = metric(indices.map((i) => contacts[i]));
      expect(s.result.value).toEqual(want.value);
      // A queue counts its invalid contacts; the total lists them.
      expect([s.result.excluded.invalid, s.result.excluded.invalidIndices]).toEqual([want.excluded.invalid, []]);
    }
    expect(JSON.parse(JSON.stringify(r.total))).toEqual(JSON.parse(JSON.stringify(metric(contacts))));
  };
}

describe('contact metrics per period and per segment (properties)', () => {
  it('each period’s result is the metric over that period’s contacts (invalid ones excluded in their period); the total, over all', () => {
    const place = fc.record({
      period: fc.constantFrom<PeriodUnit>('day', 'week', 'month'),
      timeZone: fc.constantFrom(...ZONES),
      at: fc.constantFrom(...AT_FIELDS),
      fill: fc.boolean(),
    });
    fc.assert(
      fc.property(mixed, place, metricArb, (contacts, o, metric) => {
        metric.run(contacts, o)(contacts, o);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('each queue’s result is the metric over that queue’s contacts; the total, over all', () => {
    fc.assert(
      fc.property(mixed, metricArb, (contacts, metric) => {
        metric.segment(contacts)(contacts);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('per-period results do not depend on the order of the contacts', () => {
    fc.assert(
      fc.property(fc.array(valid, { maxLength: 50 }), fc.constantFrom(...AT_FIELDS), fc.integer(), (contacts, at, seed) => {
        const shuffled = contacts
          .map((c, i) => ({ c, k: Math.imul(i + 1, 2_654_435_761) ^ seed }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.c);
        const summary = (cs: readonly Row[]) =>
          byPeriod(serviceLevel, cs, { period: 'week', at }, { targetAnswerMs: 20_000 }).periods.map((p) => [
            p.key,
            p.count,
            p.result.numerator,
            p.result.denominator,
          ]);
        expect(summary(shuffled)).toEqual(summary(contacts));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('an `at` that is not a contact timestamp field is a KpiInputError naming the allowed fields', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt', 'offeredat', 'queue'), fc.integer(), fc.boolean()),
        fc.array(valid, { maxLength: 5 }),
        (at, contacts) => {
          fc.pre(!(AT_FIELDS as readonly unknown[]).includes(at));
          let error: unknown;
          try {
            byPeriod(abandonmentRate, contacts, { period: 'day', at: at as never });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(KpiInputError);
          const e = error as KpiInputError;
          expect([e.fn, e.path]).toEqual(['byPeriod', ['options', 'at']]);
          expect(e.message).toContain("one of 'offeredAt', 'answeredAt', 'abandonedAt', 'endedAt', or a function (contact, index) => timestamp");
        },
      ),
      { numRuns: 100 },
    );
  });
});
