/**
 * The `{ columns }` input form: worked examples, every layout, Apache Arrow tables, the errors, and
 * the duration metrics' fast path over Float64Array timestamp columns (a property against the
 * record form, with missing, unreadable, fractional and out-of-order timestamps).
 */
import { tableFromArrays, vectorFromArray, Table, TimestampMillisecond, Float64, makeVector } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KpiInputError,
  abandonmentRate,
  agentWaitTime,
  agentWorkTime,
  averageHandleTime,
  businessCalendar,
  csat,
  firstContactResolution,
  firstResolutionTime,
  firstResponseTime,
  firstResponseTimeAccumulator,
  onHoldTime,
  requesterWaitTime,
  reopenRate,
  resolutionRate,
  resolutionTime,
  volumeByChannel,
} from '../../src/index.js';
import { addRecords } from '../../src/core/accumulator.js';
import { columnRows } from '../../src/records/columns.js';
import { TICKET_FIELDS, TICKET_KIND } from '../../src/records/tickets.js';
import { RecordGuard } from '../../src/records/kind.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const H = 3_600_000;
const T = Date.UTC(2024, 4, 6, 8);

function issuesOf(run: () => unknown): { code: string; path: readonly (string | number)[] }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof KpiInputError) return error.issues.map((i) => ({ code: i.code, path: i.path }));
    throw error;
  }
  throw new Error('expected a KpiInputError');
}

describe('worked examples', () => {
  it('first response time from two Float64Array columns (the example of docs/metrics.md#firstresponsetime, columnar)', () => {
    // Created 08:00, first reply 10:00 → 2 h; created 09:00, reply 10:00 → 1 h; created 11:00, no reply (NaN).
    // Mean (2 h + 1 h) / 2 = 1.5 h = 5,400,000 ms; median of two = their mean; p90 = 1 h + 0.9 × 1 h = 1.9 h.
    const r = firstResponseTime({
      columns: {
        createdAt: new Float64Array([T, T + H, T + 3 * H]),
        firstResponseAt: new Float64Array([T + 2 * H, T + 2 * H, NaN]),
      },
    });
    expect(r.value).toBe(5_400_000);
    expect(r.median).toBe(5_400_000);
    expect(r.percentiles['p90']).toBe(1.9 * H);
    expect(r.excluded.unanswered).toBe(1);
    expect(r.n).toBe(2);
  });

  it('resolution rate from a dictionary-coded status column and plain arrays', () => {
    // Statuses solved, open, closed, (missing, but resolvedAt given) → 3 of 4 resolved = 0.75.
    const r = resolutionRate({
      columns: {
        createdAt: [T, T, T, T],
        status: { codes: Int8Array.from([0, 1, 2, -1]), dictionary: ['solved', 'open', 'closed'] },
        resolvedAt: [T + H, null, T + 2 * H, T + 3 * H],
      },
    });
    expect(r.inquiries).toBe(4);
    expect(r.resolved).toBe(3);
    expect(r.value).toBe(0.75);
  });

  it('a validity bitmap marks missing rows (bit i of byte i >> 3, least significant first)', () => {
    // Rows 0 and 2 have a channel; row 1's value sits behind a cleared bit: 0b101 = 5.
    const r = volumeByChannel({
      columns: { createdAt: new Float64Array([T, T, T]), channel: { values: ['email', 'chat', 'email'], valid: Uint8Array.from([0b101]) } },
    });
    expect(r.groups.map((g) => [g.key, g.count])).toEqual([
      ['email', 2],
      [null, 1],
    ]);
  });

  it('csat over ticket columns: 2 of 3 answers are 4 or 5 on the default 1–5 scale', () => {
    const r = csat({ columns: { createdAt: new Float64Array([T, T, T, T]), csat: new Float64Array([5, 4, 2, NaN]) } });
    expect(r.value).toBe(2 / 3);
    expect(r.excluded.unanswered).toBe(1);
  });

  it('contacts as columns: 1 of 3 offered contacts abandoned beyond the 5 s short-abandon threshold', () => {
    const offered = new Float64Array([T, T, T, T]);
    const r = abandonmentRate(
      {
        columns: {
          offeredAt: offered,
          answeredAt: new Float64Array([T + 10_000, T + 3_000, NaN, NaN]),
          abandonedAt: new Float64Array([NaN, NaN, T + 60_000, T + 2_000]),
        },
      },
      { shortAbandonMs: 5_000 },
    );
    // Contact 3 abandoned after 60 s (counted); contact 4 after 2 s (a short abandon, left out of both counts):
    // 2 abandoned, 1 of them short → numerator 1, denominator 4 − 1 = 3.
    expect([r.abandoned, r.shortAbandons, r.numerator, r.denominator]).toEqual([2, 1, 1, 3]);
    expect(r.value).toBe(1 / 3);
  });
});

describe('errors name the column and the row', () => {
  it('an invalid row: columns.<field>[i]', () => {
    const issues = issuesOf(() => firstResponseTime({ columns: { createdAt: new Float64Array([T, T]), firstResponseAt: new Float64Array([T + H, T - H]) } }));
    expect(issues[0]?.path).toEqual(['columns', 'firstResponseAt', 1]);
    const r = firstResponseTime(
      { columns: { createdAt: new Float64Array([T, NaN]), firstResponseAt: new Float64Array([T + H, NaN]) } },
      { onInvalid: 'exclude' },
    );
    expect(r.excluded.invalidIndices).toEqual([1]);
    expect(r.excluded.invalidTickets[0]?.issues[0]?.path).toEqual(['columns', 'createdAt', 1]);
  });

  it('columns of different lengths, unknown fields, unreadable columns, codes beyond the dictionary, short bitmaps', () => {
    expect(issuesOf(() => firstResponseTime({ columns: { createdAt: new Float64Array(3), firstResponseAt: new Float64Array(2) } }))).toEqual([
      { code: 'inconsistent', path: ['columns', 'firstResponseAt'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: [T], region: ['eu'] } as never }))).toEqual([
      { code: 'invalid_value', path: ['columns', 'region'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: 'x' } as never }))).toEqual([{ code: 'invalid_type', path: ['columns', 'createdAt'] }]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: new BigInt64Array(1) } as never }))).toEqual([
      { code: 'invalid_type', path: ['columns', 'createdAt'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: [T], status: { codes: [2], dictionary: ['a', 'b'] } } }))).toEqual([
      { code: 'out_of_range', path: ['columns', 'status', 'codes', 0] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: { values: new Array(9).fill(T), valid: new Uint8Array(1) } } }))).toEqual([
      { code: 'inconsistent', path: ['columns', 'createdAt', 'valid'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: 5 } as never))).toEqual([{ code: 'invalid_type', path: ['columns'] }]);
  });

  it('a column, codes or a dictionary longer than 100,000,000 values is refused before it is read (found by the fuzz suite)', () => {
    const huge = new Array<string>(2 ** 32 - 1);
    const codes = Int8Array.from([0, 1, 0]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: new Float64Array(3), status: { codes, dictionary: huge } } }))).toEqual([
      { code: 'out_of_range', path: ['columns', 'status', 'dictionary'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: new Float64Array(3), status: { codes: huge as never, dictionary: ['a'] } } }))).toEqual([
      { code: 'out_of_range', path: ['columns', 'status', 'codes'] },
    ]);
    expect(issuesOf(() => resolutionRate({ columns: { createdAt: huge } }))).toEqual([{ code: 'out_of_range', path: ['columns', 'createdAt'] }]);
  });

  it('records and columns at once are ambiguous', () => {
    expect(issuesOf(() => resolutionRate({ tickets: [], columns: {} }))).toEqual([{ code: 'ambiguous', path: [] }]);
    expect(issuesOf(() => firstResponseTime({ tickets: [], columns: {} }))).toEqual([{ code: 'ambiguous', path: [] }]);
  });

  it('a row object is reused, but an issue keeps the row as it was', () => {
    // Both rows are invalid (no createdAt) and would be listed with the row they came from.
    const r = resolutionRate({ columns: { status: ['solved', 'open'] } }, { onInvalid: 'exclude' });
    expect(r.excluded.invalid).toBe(2);
    expect(r.excluded.invalidTickets.map((t) => t.issues[0]?.path)).toEqual([
      ['columns', 'createdAt', 0],
      ['columns', 'createdAt', 1],
    ]);
  });
});

describe('Apache Arrow tables, read in place', () => {
  const created = [T, T + H, T + 2 * H, T + 3 * H];
  const responded = [T + H, null, T + 4 * H, T + 3 * H + 60_000];
  const statuses = ['solved', 'open', null, 'closed'];
  const records = created.map((c, i) => ({ createdAt: c, firstResponseAt: responded[i], status: statuses[i] }));

  it('Float64 columns with nulls, a dictionary of strings, and columns that are not fields', () => {
    const table = tableFromArrays({
      createdAt: Float64Array.from(created),
      status: statuses,
      region: ['eu', 'us', 'eu', 'us'],
    });
    const withResponse = table.assign(new Table({ firstResponseAt: vectorFromArray(responded, new Float64()) }));
    expect(firstResponseTime({ columns: withResponse })).toEqual(firstResponseTime({ tickets: records }));
    expect(resolutionRate({ columns: withResponse })).toEqual(resolutionRate({ tickets: records }));
  });

  it('timestamp columns (milliseconds, 64-bit) and tables of several chunks', () => {
    const one = new Table({
      createdAt: vectorFromArray(
        created.map((c) => new Date(c)),
        new TimestampMillisecond(),
      ),
      firstResponseAt: vectorFromArray(
        responded.map((c) => (c === null ? null : new Date(c))),
        new TimestampMillisecond(),
      ),
    });
    expect(firstResponseTime({ columns: one })).toEqual(firstResponseTime({ tickets: records }));
    const two = one.concat(one);
    expect(two.getChild('createdAt')?.data.length).toBe(2);
    expect(firstResponseTime({ columns: two })).toEqual(firstResponseTime({ tickets: [...records, ...records] }));
  });

  it('a table without any column named as a field is refused', () => {
    const table = new Table({ created_at: makeVector(Float64Array.from(created)) });
    expect(issuesOf(() => resolutionRate({ columns: table }))).toEqual([{ code: 'invalid_value', path: ['columns'] }]);
  });
});

describe('the fast path of the duration metrics equals the record form', () => {
  const LIMIT = 8.64e15;
  /** Timestamps: ordinary ones, NaN (missing), values at and beyond the range of Date, fractions. */
  const stamp = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: T - 10 * H, max: T + 10 * H }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, LIMIT, -LIMIT, LIMIT + 1, Infinity, -Infinity) },
    { weight: 1, arbitrary: fc.double({ min: T - H, max: T + H, noNaN: true }) },
  );
  /** A duration column cell: missing, equal to the timestamps' span (or 1–2 ms off), or anything. */
  const ms = fc.oneof(
    { weight: 3, arbitrary: fc.constant(NaN) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2, 0.5) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 20 * H }), fc.constantFrom(4e12, Infinity)) },
  );
  const rows = fc.array(fc.tuple(stamp, stamp, ms), { maxLength: 40 });
  /** A business calendar (weekdays 09:00–17:00 in Berlin) or none. */
  const calendar = fc.constantFrom(undefined, businessCalendar({ timeZone: 'Europe/Berlin', hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } }));

  for (const [name, f, to, msField] of [
    ['firstResponseTime', firstResponseTime, 'firstResponseAt', 'firstResponseMs'],
    ['firstResolutionTime', firstResolutionTime, 'firstResolvedAt', null],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(
          rows,
          fc.constantFrom('throw' as const, 'exclude' as const),
          fc.constantFrom(undefined, [50, 99]),
          calendar,
          fc.boolean(),
          (drawn, onInvalid, percentiles, cal, withMs) => {
            const options = { onInvalid, ...(percentiles === undefined ? {} : { percentiles }), ...(cal === undefined ? {} : { calendar: cal }) };
            // The duration column, when given, is the span of the timestamps plus the drawn offset (NaN: missing).
            const msOf = ([a, b, off]: readonly [number, number, number]): number => (Number.isNaN(off) ? NaN : Number.isFinite(b - a) ? b - a + off : off);
            const useMs = msField !== null && withMs;
            const columns: Record<string, Float64Array> = { createdAt: Float64Array.from(drawn, (p) => p[0]), [to]: Float64Array.from(drawn, (p) => p[1]) };
            if (useMs) columns[msField] = Float64Array.from(drawn, msOf);
            const tickets = drawn.map((p) => {
              const [a, b] = p;
              const t: Record<string, unknown> = { createdAt: Number.isNaN(a) ? null : a, [to]: Number.isNaN(b) ? null : b };
              if (useMs) t[msField] = Number.isNaN(msOf(p)) ? null : msOf(p);
              return t;
            });
            const run = (input: unknown): unknown => {
              try {
                return (f as (i: unknown, o: unknown) => unknown)(input, options);
              } catch (error) {
                if (error instanceof KpiInputError) return error.issues.map((i) => i.code);
                throw error;
              }
            };
            const a = JSON.stringify(run({ tickets }), (k, v: unknown) => (k === 'invalidTickets' ? (v as unknown[]).length : v));
            const b = JSON.stringify(run({ columns }), (k, v: unknown) => (k === 'invalidTickets' ? (v as unknown[]).length : v));
            expect(b).toBe(a);
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  for (const [name, f, field] of [
    ['averageHandleTime', averageHandleTime, 'handleTimeMs'],
    ['requesterWaitTime', requesterWaitTime, 'requesterWaitMs'],
    ['agentWaitTime', agentWaitTime, 'agentWaitMs'],
    ['onHoldTime', onHoldTime, 'onHoldMs'],
    ['agentWorkTime', agentWorkTime, 'agentWorkMs'],
  ] as const) {
    it(`${name}: one duration column (and createdAt)`, () => {
      const duration = fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 10 * H }) },
        { weight: 1, arbitrary: fc.constantFrom(NaN, -1, 0.5, 3.2e12, 3.2e12 + 1, Infinity) },
      );
      fc.assert(
        fc.property(fc.array(fc.tuple(stamp, duration), { maxLength: 30 }), fc.constantFrom('throw' as const, 'exclude' as const), (drawn, onInvalid) => {
          const columns = { createdAt: Float64Array.from(drawn, (p) => p[0]), [field]: Float64Array.from(drawn, (p) => p[1]) };
          const tickets = drawn.map(([a, d]) => ({ createdAt: Number.isNaN(a) ? null : a, [field]: Number.isNaN(d) ? null : d }));
          const run = (input: unknown): string => {
            try {
              return JSON.stringify((f as (i: unknown, o: unknown) => unknown)(input, { onInvalid }), (k, v: unknown) =>
                k === 'invalidTickets' ? (v as unknown[]).length : v,
              );
            } catch (error) {
              if (error instanceof KpiInputError) return JSON.stringify(error.issues.map((i) => i.code));
              throw error;
            }
          };
          expect(run({ columns })).toBe(run({ tickets }));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('resolutionTime: status (a dictionary or an array), resolution columns, paused time, business hours', () => {
    const status = fc.constantFrom<unknown>('solved', 'Closed', 'open', 'pending', null, 7);
    const offset = fc.oneof(fc.constant(NaN), fc.integer({ min: -H, max: 30 * H }), fc.constantFrom(0, 1, -1));
    const row = fc.tuple(stamp, offset, offset, offset, status);
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 30 }),
        fc.constantFrom('throw' as const, 'exclude' as const),
        fc.boolean(),
        calendar,
        fc.boolean(),
        (drawn, onInvalid, excludePaused, cal, asDictionary) => {
          const options = { onInvalid, excludePaused, ...(cal === undefined ? {} : { calendar: cal }) };
          // resolvedAt = createdAt + the first offset; resolutionMs = that span + the second; pausedMs = the third.
          const at = (p: (typeof drawn)[number]): number => p[0] + p[1];
          const ms = (p: (typeof drawn)[number]): number => (Number.isNaN(p[2]) ? NaN : Number.isFinite(p[1]) ? p[1] + p[2] : p[2]);
          const paused = (p: (typeof drawn)[number]): number => (Number.isNaN(p[3]) ? NaN : Math.abs(p[3]));
          const statuses = drawn.map((p) => p[4]);
          const dictionary = [...new Set(statuses.filter((x) => x !== null))];
          const columns = {
            createdAt: Float64Array.from(drawn, (p) => p[0]),
            resolvedAt: Float64Array.from(drawn, at),
            resolutionMs: Float64Array.from(drawn, ms),
            pausedMs: Float64Array.from(drawn, paused),
            status: asDictionary ? { codes: Int32Array.from(statuses, (x) => (x === null ? -1 : dictionary.indexOf(x))), dictionary } : statuses,
          };
          const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);
          const tickets = drawn.map((p) => ({
            createdAt: nul(p[0]),
            resolvedAt: nul(at(p)),
            resolutionMs: nul(ms(p)),
            pausedMs: nul(paused(p)),
            status: p[4],
          }));
          const run = (input: unknown): string => {
            try {
              return JSON.stringify(resolutionTime(input as never, options), (k, v: unknown) => (k === 'invalidTickets' ? (v as unknown[]).length : v));
            } catch (error) {
              if (error instanceof KpiInputError) return JSON.stringify(error.issues.map((i) => i.code));
              throw error;
            }
          };
          expect(run({ columns })).toBe(run({ tickets }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('firstContactResolution by contact count: a Float64Array with missing counts on resolved tickets', () => {
    const row = fc.tuple(stamp, fc.constantFrom(NaN, 0, 1, 2, 3), fc.constantFrom('solved', 'open', null));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.constantFrom('throw' as const, 'exclude' as const), (drawn, onInvalid) => {
        const columns = {
          createdAt: Float64Array.from(drawn, (p) => p[0]),
          contactCount: Float64Array.from(drawn, (p) => p[1]),
          status: drawn.map((p) => p[2]),
        };
        const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);
        const tickets = drawn.map((p) => ({ createdAt: nul(p[0]), contactCount: nul(p[1]), status: p[2] }));
        const run = (input: unknown): string => {
          try {
            return JSON.stringify(firstContactResolution(input as never, { onInvalid }), (k, v: unknown) =>
              k === 'invalidTickets' ? (v as unknown[]).length : v,
            );
          } catch (error) {
            if (error instanceof KpiInputError) return JSON.stringify(error.issues.map((i) => i.code));
            throw error;
          }
        };
        expect(run({ columns })).toBe(run({ tickets }));
      }),
      { numRuns: 300 },
    );
  });

  it('an accumulator takes columns in parts, numbered as one array would be', () => {
    // 3 tickets in two parts: replies after 1 h and 2 h, one unanswered; a second part's invalid row is row 2 overall.
    const created = new Float64Array([T, T, T, T]);
    const replied = new Float64Array([T + H, T + 2 * H, NaN, T - H]);
    const acc = firstResponseTimeAccumulator.create({ onInvalid: 'exclude' });
    addRecords(acc, columnRows('test', TICKET_FIELDS, { createdAt: created.subarray(0, 2), firstResponseAt: replied.subarray(0, 2) }));
    addRecords(acc, columnRows('test', TICKET_FIELDS, { createdAt: created.subarray(2), firstResponseAt: replied.subarray(2) }));
    const r = acc.result();
    expect([r.n, r.value, r.excluded.unanswered, r.excluded.invalidIndices]).toEqual([2, 1.5 * H, 1, [3]]);
    expect(r.excluded.invalidTickets[0]?.issues[0]?.path).toEqual(['columns', 'firstResponseAt', 1]);
  });

  it('resolution time, whose status rule has no fast path, reads the same columns row by row', () => {
    const columns = { createdAt: new Float64Array([T, T]), resolvedAt: new Float64Array([T + H, NaN]), status: ['solved', 'open'] };
    const r = resolutionTime({ columns });
    expect([r.value, r.excluded.unresolved]).toEqual([H, 1]);
  });
});

describe('ColumnRows.gather: a group of rows reads as the given rows at their places', () => {
  // Typed layouts of a numeric column (NaN: missing where the type holds it), a dictionary, text.
  const layouts = {
    float64: (v: readonly (number | null)[]) => Float64Array.from(v, (x) => x ?? NaN),
    float32: (v: readonly (number | null)[]) => Float32Array.from(v, (x) => x ?? NaN),
    int32: (v: readonly (number | null)[]) => Int32Array.from(v, (x) => x ?? 0),
    uint8: (v: readonly (number | null)[]) => Uint8Array.from(v, (x) => x ?? 0),
    array: (v: readonly (number | null)[]) => [...v],
  } as const;
  const CHANNELS = ['chat', 'email', 'phone'];

  it('for a split of all rows (each group a part of one copy) and for a split of some of them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.option(fc.integer({ min: 0, max: 200 })), channel: fc.integer({ min: -1, max: 2 }) }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...(Object.keys(layouts) as (keyof typeof layouts)[])),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        (draws, layout, all, cuts) => {
          const n = draws.length;
          const columns = {
            createdAt: Float64Array.from(draws, (_, i) => T + i * H),
            contactCount: layouts[layout](draws.map((d) => d.count)),
            channel: { codes: Int32Array.from(draws, (d) => d.channel), dictionary: CHANNELS },
          };
          const rows = columnRows('test', TICKET_FIELDS, columns, null, true);
          // An order of the rows (reversed, odd rows first), all of them or every other one.
          const order = Int32Array.from([...Array(n).keys()].filter((i) => all || i % 2 === 0).sort((a, b) => (a % 2) - (b % 2) || b - a));
          const bounds = [0, ...cuts.map((c) => c % (order.length + 1)).sort((a, b) => a - b), order.length];
          let groups = 0;
          for (let g = 0; g + 1 < bounds.length; g++) {
            const from = bounds[g] as number;
            const to = bounds[g + 1] as number;
            const group = rows.gather(order, from, to);
            expect(group.length).toBe(to - from);
            for (let j = 0; j < to - from; j++) {
              const i = order[from + j] as number;
              expect(group.index(j)).toBe(i);
              expect(group.record(j)).toEqual(rows.record(i));
            }
            groups++;
          }
          expect(groups).toBe(bounds.length - 1);
        },
      ),
    );
  });
});

describe('the record check of a group of a split: its part of the check of all the rows', () => {
  const STATUSES = ['Solved', 'Open', 'closed'];
  const fields = ['createdAt', 'firstResponseAt', 'contactCount', 'status'];
  // Values valid and invalid alike: missing, out of Date's range, a response before the ticket, a negative count.
  const row = fc.record({
    created: fc.constantFrom(NaN, T, T + H, 9e15),
    response: fc.constantFrom(NaN, T - H, T + 2 * H, -9e15),
    count: fc.constantFrom(NaN, 0, 2, -1, 1.5),
    status: fc.integer({ min: -1, max: 2 }),
  });

  it('equals the check of the same rows as columns of their own, for a split of all rows and of some', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), (draws, all, cuts) => {
        const columnsOf = (d: readonly (typeof draws)[number][]) => ({
          createdAt: Float64Array.from(d, (r) => r.created),
          firstResponseAt: Float64Array.from(d, (r) => r.response),
          contactCount: Float64Array.from(d, (r) => r.count),
          status: { codes: Int32Array.from(d, (r) => r.status), dictionary: STATUSES },
        });
        const rows = columnRows('test', TICKET_FIELDS, columnsOf(draws), null, true, true);
        const guard = new RecordGuard(TICKET_KIND, fields, ['createdAt'], new TimestampReader('UTC'));
        const n = draws.length;
        const order = Int32Array.from([...Array(n).keys()].filter((i) => all || i % 2 === 0).sort((a, b) => (a % 2) - (b % 2) || b - a));
        const bounds = [0, ...cuts.map((c) => c % (order.length + 1)).sort((a, b) => a - b), order.length];
        const whole = order.length === n;
        for (let g = 0; g + 1 < bounds.length; g++) {
          const from = bounds[g] as number;
          const to = bounds[g + 1] as number;
          const group = rows.gather(order, from, to);
          // A split of all rows hands its groups the rows' own check (unless the group is all of them, in order).
          if (group !== rows) expect(group.whole).toBe(whole ? rows : null);
          const got = guard.checkColumns(group);
          const own = columnRows('test', TICKET_FIELDS, columnsOf([...order.subarray(from, to)].map((i) => draws[i]!)), null, true, true);
          const want = guard.checkColumns(own);
          expect(got).not.toBeNull();
          expect([Array.from(got!.valid), got!.invalid]).toEqual([Array.from(want!.valid), want!.invalid]);
          expect(Object.keys(got!.times).sort()).toEqual(Object.keys(want!.times).sort());
          for (const f of Object.keys(want!.times)) expect(Array.from(got!.times[f]!)).toEqual(Array.from(want!.times[f]!));
        }
      }),
    );
  });

  it('is refused for rows that are not a group of a split of all rows', () => {
    const rows = columnRows('test', TICKET_FIELDS, { createdAt: Float64Array.of(T, T + H) }, null, true);
    expect(rows.whole).toBeNull();
    expect(() => rows.part(new Uint8Array(2))).toThrow(/internal error/);
    const some = rows.gather(Int32Array.of(1), 0, 1);
    expect(some.whole).toBeNull();
    expect(() => some.part(new Uint8Array(2))).toThrow(/internal error/);
  });
});

describe('the record check of columns: an optional field with a value it cannot read makes its row invalid', () => {
  // Optional fields (a response, a resolution, a flag) readable, missing or not readable; the
  // check of the columns must reject the rows the check of records rejects, wherever they fall.
  const when = fc.constantFrom<unknown>(null, T + H, '2024-05-06T10:00:00Z', 'soon', 9e15);
  const row = fc.record({
    firstResponseAt: when,
    resolvedAt: when,
    reopened: fc.constantFrom<unknown>(null, true, false, 'maybe'),
    status: fc.constantFrom('solved', 'open'),
  });

  it('as the same records, for a duration metric, a rate and a flag (arrays of values)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (draws) => {
        const tickets = draws.map((d) => ({ createdAt: T, ...d }));
        const columns = {
          createdAt: tickets.map((t) => t.createdAt),
          firstResponseAt: tickets.map((t) => t.firstResponseAt),
          resolvedAt: tickets.map((t) => t.resolvedAt),
          reopened: tickets.map((t) => t.reopened),
          status: tickets.map((t) => t.status),
        };
        const o = { onInvalid: 'exclude' } as const;
        const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
        const paths = (r: { excluded: { invalid: number; invalidIndices: readonly number[] } }) => [r.excluded.invalid, r.excluded.invalidIndices];
        for (const metric of [firstResponseTime, resolutionRate, reopenRate] as const) {
          const byRows = metric({ tickets } as never, o) as unknown as { excluded: { invalid: number; invalidIndices: readonly number[] } };
          const byColumns = metric({ columns }, o) as unknown as { excluded: { invalid: number; invalidIndices: readonly number[] } };
          expect(paths(byColumns)).toEqual(paths(byRows));
          const { excluded: _a, ...restColumns } = plain(byColumns) as { excluded: unknown };
          const { excluded: _b, ...restRows } = plain(byRows) as { excluded: unknown };
          expect(restColumns).toEqual(restRows);
        }
      }),
    );
  });
});
