import { describe, expect, it } from 'vitest';
import { firstContactResolution, reopenRate, resolutionRate } from '../../src/support/index.js';
import { thrown } from '../helpers.js';

const DAY = 86_400_000;

describe('resolutionRate', () => {
  it('Performance guide §8: (inquiries − unresolved) / inquiries', () => {
    // 200 inquiries, 30 unresolved → 170 / 200 = 0.85.
    const r = resolutionRate({ inquiries: 200, unresolved: 30 });
    expect(r.value).toBe(0.85);
    expect(r.resolved).toBe(170);
    expect(r.interval!.lower).toBeLessThan(0.85);
    expect(r.interval!.upper).toBeGreaterThan(0.85);
  });

  it('from tickets: status decides, case-insensitive; without a status a resolution time does', () => {
    const r = resolutionRate({
      tickets: [
        { createdAt: '2024-05-06T08:00:00Z', status: 'Solved' },
        { createdAt: '2024-05-06T09:00:00Z', status: 'closed' },
        { createdAt: '2024-05-06T10:00:00Z', status: 'pending', resolvedAt: '2024-05-06T11:00:00Z' },
        { createdAt: '2024-05-06T11:00:00Z', resolvedAt: '2024-05-06T12:00:00Z' },
        { createdAt: '2024-05-06T11:00:00Z' },
      ],
    });
    // Resolved: Solved, closed, and the status-less ticket with resolvedAt → 3 of 5.
    expect([r.value, r.resolved, r.unresolved, r.inquiries]).toEqual([0.6, 3, 2, 5]);
    expect(resolutionRate({ tickets: [{ createdAt: 0, status: 'done' }] }, { resolvedStatuses: ['DONE'] }).value).toBe(1);
  });

  it('is null without inquiries, and rejects bad input', () => {
    expect(resolutionRate({ tickets: [] })).toMatchObject({ value: null, reason: 'no inquiries: the resolution rate is undefined' });
    expect(resolutionRate({ inquiries: 0, unresolved: 0 })).toMatchObject({ value: null, reason: 'no inquiries: the resolution rate is undefined' });
    // 170 / 200 = 0.85: a value, so no reason.
    expect(resolutionRate({ inquiries: 200, unresolved: 30 }).reason).toBeNull();
    expect(thrown(() => resolutionRate({ inquiries: 3, unresolved: 4 })).path).toEqual(['unresolved']);
    expect(thrown(() => resolutionRate({ inquiries: -1, unresolved: 0 })).path).toEqual(['inquiries']);
    expect(thrown(() => resolutionRate({ tickets: [{ createdAt: 0 }, { createdAt: 'x' }] })).path).toEqual(['tickets', 1, 'createdAt']);
    expect(thrown(() => resolutionRate({ tickets: [{ createdAt: 5, resolvedAt: 1 }] })).code).toBe('inconsistent');
    expect(thrown(() => resolutionRate({ tickets: [] }, { confidence: 2 })).path).toEqual(['options', 'confidence']);
    expect(thrown(() => resolutionRate({ tickets: [], inquiries: 1 })).code).toBe('ambiguous');
    const ex = resolutionRate({ tickets: [{ createdAt: 0, status: 'solved' }, { createdAt: null }] as never }, { onInvalid: 'exclude' });
    expect([ex.value, ex.excluded.invalid, ex.excluded.invalidIndices]).toEqual([1, 1, [1]]);
  });
});

describe('reopenRate', () => {
  it('reopened / resolved at least once', () => {
    // 6 reopened of 120 resolved = 0.05.
    expect(reopenRate({ reopened: 6, resolved: 120 }).value).toBe(0.05);
    const r = reopenRate({
      tickets: [
        { createdAt: 0, status: 'solved' },
        { createdAt: 0, status: 'open', reopened: true },
        { createdAt: 0, status: 'closed', reopened: false },
        { createdAt: 0, status: 'new' },
      ],
    });
    // Resolved at least once: solved, the reopened one (open again), closed → 3; reopened 1 → 1/3.
    expect([r.reopened, r.resolved, r.neverResolved, r.excluded.neverResolved]).toEqual([1, 3, 1, 1]);
    expect(r.value).toBeCloseTo(1 / 3, 15);
  });

  it('rejects bad input', () => {
    expect(thrown(() => reopenRate({ reopened: 7, resolved: 6 })).path).toEqual(['reopened']);
    expect(thrown(() => reopenRate({ tickets: [{ createdAt: 0, reopened: 'yes' }] as never })).path).toEqual(['tickets', 0, 'reopened']);
    // One ticket, never resolved: 0 / 0.
    expect(reopenRate({ tickets: [{ createdAt: 0 }] })).toMatchObject({
      value: null,
      reason: 'no resolved tickets: the reopen rate is undefined',
      neverResolved: 1,
    });
    expect(reopenRate({ reopened: 6, resolved: 120 }).reason).toBeNull();
  });
});

describe('firstContactResolution', () => {
  it('docs/metrics.md#firstcontactresolution worked example: 80 received, 60 resolved, 45 in one contact', () => {
    // 45 / 60 = 0.75 (resolved basis); 45 / 80 = 0.5625 (received basis, Zendesk 2022 §4).
    const counts = { resolvedOnFirstContact: 45, resolved: 60, received: 80 };
    expect(firstContactResolution(counts).value).toBe(0.75);
    expect(firstContactResolution(counts, { basis: 'received' })).toMatchObject({
      value: 0.5625,
      reason: null,
      basis: 'received',
      denominator: 80,
      method: null,
    });
    // The same from 80 tickets: 45 solved in 1 contact, 15 solved in 2, 20 open.
    const tickets = [
      ...Array.from({ length: 45 }, () => ({ createdAt: 0, status: 'solved', contactCount: 1 })),
      ...Array.from({ length: 15 }, () => ({ createdAt: 0, status: 'solved', contactCount: 2 })),
      ...Array.from({ length: 20 }, () => ({ createdAt: 0, status: 'open' })),
    ];
    const r = firstContactResolution({ tickets });
    expect([r.value, r.reason, r.resolvedOnFirstContact, r.resolved, r.received, r.method, r.basis, r.denominator]).toEqual([
      0.75,
      null,
      45,
      60,
      80,
      'contact-count',
      'resolved',
      60,
    ]);
    expect(firstContactResolution({ tickets }, { basis: 'received' })).toMatchObject({ value: 0.5625, basis: 'received', denominator: 80 });
  });

  it('no denominator: value null, with the reason', () => {
    // 0 resolved of 3 received: 0 / 0 on the resolved basis; 0 / 3 = 0 on the received basis.
    const open = [
      { createdAt: 0, status: 'open' },
      { createdAt: 0, status: 'open' },
      { createdAt: 0, status: 'pending' },
    ];
    expect(firstContactResolution({ tickets: open })).toMatchObject({
      value: null,
      reason: 'no resolved tickets: first contact resolution is undefined',
      denominator: 0,
      interval: null,
    });
    expect(firstContactResolution({ tickets: open }, { basis: 'received' })).toMatchObject({ value: 0, reason: null, denominator: 3 });
    expect(firstContactResolution({ tickets: [] }, { basis: 'received' })).toMatchObject({
      value: null,
      reason: 'no tickets received: first contact resolution is undefined',
      denominator: 0,
    });
    expect(firstContactResolution({ resolvedOnFirstContact: 0, resolved: 0 }).reason).toBe('no resolved tickets: first contact resolution is undefined');
  });

  it('method flag', () => {
    const tickets = [
      { createdAt: 0, status: 'solved', firstContactResolved: true },
      { createdAt: 0, status: 'solved', firstContactResolved: false },
      { createdAt: 0, status: 'open' },
    ];
    expect(firstContactResolution({ tickets }, { method: 'flag' })).toMatchObject({ value: 0.5, method: 'flag' });
    const e = thrown(() => firstContactResolution({ tickets: [{ createdAt: 0, status: 'solved' }] }, { method: 'flag' }));
    expect([e.code, e.path]).toEqual(['missing', ['tickets', 0, 'firstContactResolved']]);
  });

  it('method repeat-window: a later ticket of the same customer and topic within the window is a repeat', () => {
    const t0 = Date.UTC(2024, 4, 6, 8);
    const tickets = [
      // c1 billing resolved at t0 + 1 day; c1 billing again at t0 + 7 days (6 days after resolution) → repeat.
      { createdAt: t0, resolvedAt: t0 + DAY, status: 'solved', customerId: 'c1', topic: 'billing' },
      { createdAt: t0 + 7 * DAY, status: 'open', customerId: 'c1', topic: 'billing' },
      // c1 login resolved at t0: no later login ticket → first contact.
      { createdAt: t0, resolvedAt: t0, status: 'solved', customerId: 'c1', topic: 'login' },
      // c2 (a number id) resolved at t0; again at t0 + 8 days (> 7) → not a repeat.
      { createdAt: t0, resolutionMs: 0, status: 'solved', customerId: 2, topic: 'billing' },
      { createdAt: t0 + 8 * DAY, status: 'solved', customerId: 2, topic: 'billing' },
    ];
    // Resolved: 4 (the c1 billing, c1 login, both c2); without repeat: c1 login, c2 first, c2 second → 3/4.
    const r = firstContactResolution({ tickets }, { method: 'repeat-window' });
    expect([r.resolvedOnFirstContact, r.resolved, r.value, r.windowDays]).toEqual([3, 4, 0.75, 7]);
    // A 10-day window also makes c2's first ticket a repeat (t0 + 8 d ≤ t0 + 10 d): 2 / 4.
    // Without the topic match, c1's login ticket (ended t0) is followed by c1's ticket at t0 + 7 d,
    // which is within t0 + 7 d (the window's end is inclusive) → a repeat too: 2 / 4.
    expect(firstContactResolution({ tickets }, { method: 'repeat-window', windowDays: 10 }).value).toBe(0.5);
    expect(firstContactResolution({ tickets }, { method: 'repeat-window', sameTopic: false }).value).toBe(0.5);
    expect(thrown(() => firstContactResolution({ tickets: [{ createdAt: 0, status: 'solved' }] }, { method: 'repeat-window' })).path).toEqual([
      'tickets',
      0,
      'customerId',
    ]);
  });

  it('rejects bad options and counts', () => {
    expect(thrown(() => firstContactResolution({ tickets: [] }, { windowDays: 3 })).path).toEqual(['options', 'windowDays']);
    expect(thrown(() => firstContactResolution({ tickets: [] }, { basis: 'x' as never })).path).toEqual(['options', 'basis']);
    expect(thrown(() => firstContactResolution({ tickets: [] }, { method: 'contacts' as never })).path).toEqual(['options', 'method']);
    // The option names before 1.0 are unknown options now.
    expect(thrown(() => firstContactResolution({ tickets: [] }, { denominator: 'received' } as never)).path).toEqual(['options', 'denominator']);
    expect(thrown(() => firstContactResolution({ resolvedOnFirstContact: 1, resolved: 1 }, { method: 'flag' })).path).toEqual(['options', 'method']);
    expect(thrown(() => firstContactResolution({ resolvedOnFirstContact: 5, resolved: 4 })).path).toEqual(['resolvedOnFirstContact']);
    expect(thrown(() => firstContactResolution({ resolvedOnFirstContact: 1, resolved: 4, received: 3 })).path).toEqual(['resolved']);
    expect(thrown(() => firstContactResolution({ resolvedOnFirstContact: 1, resolved: 4 }, { basis: 'received' })).path).toEqual(['received']);
    expect(thrown(() => firstContactResolution({ tickets: [{ createdAt: 0, status: 'solved' }] })).path).toEqual(['tickets', 0, 'contactCount']);
  });
});
