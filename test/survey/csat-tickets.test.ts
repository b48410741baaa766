/**
 * csat over tickets (`{ tickets }`, each ticket's `csat` answer) and `csat.accumulator`, the form
 * byPeriod and bySegment drive: golden figures computed by hand, agreement with the ratings form,
 * merge ≡ one pass through JSON, and bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { byPeriod, byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegment } from '../../src/grouping/by-segment.js';
import { type CsatTicket, csat, csatAccumulator } from '../../src/survey/csat.js';
import { thrown } from '../helpers.js';

// Six tickets over two months and two channels; one unanswered.
const TICKETS = [
  { createdAt: '2024-01-05T10:00:00Z', csat: 5, channel: 'chat' },
  { createdAt: '2024-01-09T10:00:00Z', csat: 2, channel: 'email' },
  { createdAt: '2024-01-20T10:00:00Z', csat: 4, channel: 'email' },
  { createdAt: '2024-01-25T10:00:00Z', channel: 'email' },
  { createdAt: '2024-02-02T09:00:00Z', csat: 3, channel: 'chat' },
  { createdAt: '2024-02-03T09:00:00Z', csat: 5, channel: 'chat' },
];

describe('csat over tickets', () => {
  it('counts each ticket’s answer; unanswered tickets are excluded (golden)', () => {
    const r = csat({ tickets: TICKETS });
    // Answers 5, 2, 4, 3, 5 (n = 5); satisfied (4 or 5): 5, 4, 5 → 3 / 5 = 0.6. Mean 19 / 5 = 3.8.
    expect([r.value, r.n, r.satisfied, r.mean]).toEqual([0.6, 5, 3, 3.8]);
    expect(r.excluded).toEqual({ unanswered: 1, invalid: 0, invalidIndices: [], invalidTickets: [] });
    // The same as the ratings form over the answers.
    const { excluded: _e, ...rest } = r;
    expect(rest).toEqual(csat({ responses: [5, 2, 4, 3, 5] }));
  });

  it('per month, per channel, and per month and channel (golden)', () => {
    const p = byPeriod(csat, TICKETS, { period: 'month', by: 'channel' });
    // January: 5, 2, 4 answered (one email ticket unanswered) → 2 / 3; chat 5 → 1 / 1;
    // email 2, 4 → 1 / 2 (3 email tickets, one unanswered). February: chat 3, 5 → 1 / 2.
    expect(p.periods.map((row) => [row.key, row.count, row.result.value, row.segments.map((s) => [s.key, s.count, s.result.value])])).toEqual([
      [
        '2024-01',
        4,
        2 / 3,
        [
          ['email', 3, 0.5],
          ['chat', 1, 1],
        ],
      ],
      ['2024-02', 2, 0.5, [['chat', 2, 0.5]]],
    ]);
    // Per channel over both months: chat 5, 3, 5 → 2 / 3; email 2, 4 → 1 / 2.
    expect(bySegment(csat, TICKETS, 'channel').segments.map((s) => [s.key, s.result.value])).toEqual([
      ['chat', 2 / 3],
      ['email', 0.5],
    ]);
    expect(p.total.value).toBe(0.6);
  });

  it('takes the survey options, binary answers and the record options', () => {
    // satisfied: 3 or more → 5, 4, 3, 5 of 5 answers = 0.8.
    expect(csat({ tickets: TICKETS }, { satisfied: { atLeast: 3 } }).value).toBe(0.8);
    const binary: CsatTicket[] = [
      { createdAt: 0, csat: 'good' },
      { createdAt: 0, csat: 'bad' },
      { createdAt: 0, csat: true },
      { createdAt: 0, csat: null },
    ];
    // good, bad, good (true) → 2 / 3; one unanswered.
    const b = csat({ tickets: binary }, { scale: 'binary' });
    expect([b.value, b.n, b.excluded.unanswered]).toEqual([2 / 3, 3, 1]);
    // Zone-less createdAt read in the zone given: 2024-01-31T23:30 in Berlin is in January.
    const z = byPeriod(csat, [{ createdAt: '2024-01-31T23:30:00', csat: 5 }], { period: 'month', timeZone: 'Europe/Berlin' }, { timeZone: 'Europe/Berlin' });
    expect(z.periods.map((row) => row.key)).toEqual(['2024-01']);
  });

  it('invalid tickets raise, or are excluded and listed', () => {
    const bad = [...TICKETS, { createdAt: 'soon', csat: 5 }, { createdAt: 0, csat: 6 }, { createdAt: 0, csat: 4.5 }, 'x'];
    const e = thrown(() => csat({ tickets: bad as never }));
    expect(e).toBeInstanceOf(KpiInputError);
    expect(e.issues[0]?.path).toEqual(['tickets', 6, 'createdAt']);
    const r = csat({ tickets: bad as never }, { onInvalid: 'exclude' });
    expect([r.value, r.n, r.excluded.invalid, r.excluded.invalidIndices]).toEqual([0.6, 5, 4, [6, 7, 8, 9]]);
    expect(r.excluded.invalidTickets[1]?.issues[0]).toMatchObject({ code: 'out_of_range', path: ['tickets', 7, 'csat'] });
    expect(thrown(() => csat({ tickets: [], responses: [5] } as never)).code).toBe('ambiguous');
    expect(thrown(() => csat({ tickets: 'x' } as never)).issues[0]?.path).toEqual(['tickets']);
    expect(thrown(() => csat({ tickets: [] }, { resolvedStatuses: ['solved'] } as never)).issues[0]?.path).toEqual(['options', 'resolvedStatuses']);
    expect(thrown(() => csat({ tickets: [] }, { scale: '1-4' as never })).issues[0]?.path).toEqual(['options', 'scale']);
    expect(thrown(() => byPeriod(csat, [{ csat: 5 }], { period: 'month' })).issues[0]?.path).toEqual(['tickets', 0, 'createdAt']);
  });
});

const answer = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(null), fc.constant(undefined));
const ticket = fc.record({ day: fc.integer({ min: 0, max: 90 }), csat: answer, channel: fc.constantFrom('chat', 'email') }).map((t) => ({
  createdAt: Date.UTC(2024, 0, 1) + t.day * 86_400_000,
  channel: t.channel,
  ...(t.csat === undefined ? {} : { csat: t.csat }),
}));

describe('csat over tickets: properties', () => {
  it('equals the ratings form over the answered tickets', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 60 }), (tickets) => {
        const answers = tickets.map((t) => t.csat).filter((a): a is number => typeof a === 'number');
        const { excluded, ...r } = csat({ tickets });
        expect(r).toEqual(csat({ responses: answers }));
        expect(excluded.unanswered).toBe(tickets.length - answers.length);
      }),
    );
  });

  it('accumulator shards merged through JSON = one pass; byPeriod with by over shards = one call', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 60 }), fc.nat(60), (tickets, cut) => {
        const at = Math.min(cut, tickets.length);
        const a = csat.accumulator.create({ scale: '1-5' }).addAll(tickets.slice(0, at));
        const b = csat.accumulator.create({ scale: '1-5' }).addAll(tickets.slice(at), at);
        expect(a.merge(csat.accumulator.fromJSON(JSON.parse(JSON.stringify(b)))).result()).toEqual(csat({ tickets }));
        const p = byPeriodAccumulator(csat, { period: 'month', by: 'channel' }).addAll(tickets.slice(0, at));
        const q = byPeriodAccumulator(csat, { period: 'month', by: 'channel' }).addAll(tickets.slice(at), at);
        expect(p.merge(q).result()).toEqual(byPeriod(csat, tickets, { period: 'month', by: 'channel' }));
      }),
    );
  });

  it('a state of the ratings form (csatAccumulator) is not one of the tickets form, and the two do not merge', () => {
    const ratings = csatAccumulator.create().add(5);
    expect(thrown(() => csat.accumulator.fromJSON(ratings.toJSON())).issues[0]?.path).toEqual(['options', 'timeZone']);
    expect(thrown(() => csatAccumulator.fromJSON(csat.accumulator.create().toJSON())).issues[0]?.path).toEqual(['options', 'timeZone']);
    expect(thrown(() => csat.accumulator.create().merge(ratings as never)).code).toBe('incompatible');
  });
});
