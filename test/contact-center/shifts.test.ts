/**
 * shiftPlan: worked examples (hand calculations shown), the result's shape, the model text, the
 * input checks, and a week of 15-minute intervals with 32 daily shift types.
 */
import highs from 'highs';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import { type HighsSolverLike, type ShiftType, shiftPlan } from '../../src/contact-center/shifts.js';
import { staffingPlan } from '../../src/contact-center/staffing.js';
import { issuesOf, thrown } from '../helpers.js';
import { weekInstance } from './shifts-week.js';

const solver = await highs();
const HOUR = 3_600_000;
const QUARTER = 900_000;

/** A solver that records the LP text it is given, then lets HiGHS solve it. */
function recording(): { solver: HighsSolverLike; texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    solver: {
      withModel: (source, operation) => {
        texts.push(source.data);
        return solver.withModel(source, operation);
      },
    },
  };
}

describe('shiftPlan: worked examples', () => {
  it('covers a day of eight hours with three shift types (hand calculation)', () => {
    // Hours 0–7; early works 0,1,3,4,5 (break in hour 2), late 3–7, middle 2–4.
    // Hour 1 alone needs early ≥ 3, hour 2 needs middle ≥ 3 (early is on a break), hours 6–7 need
    // late ≥ 2; with those, hour 3 has 8 ≥ 5, hour 5 has 5 ≥ 4: cost 3·100 + 2·90 + 3·50 = 630.
    const r = shiftPlan(
      {
        required: [2, 3, 3, 5, 5, 4, 2, 2],
        intervalMs: HOUR,
        shifts: [
          { id: 'early', start: 0, length: 6, breaks: [{ offset: 2, length: 1 }], cost: 100 },
          { id: 'late', start: 3, length: 5, cost: 90 },
          { id: 'middle', start: 2, length: 3, cost: 50 },
        ],
      },
      { solver },
    );
    expect(r.status).toBe('optimal');
    expect(r.mipGap).toBe(0);
    expect(r.value?.toString()).toBe('630');
    expect(r.totalCost).toBe(r.value);
    expect(r.shifts.map((s) => [s.id, s.day, s.start, s.length, s.agents, s.totalCost.toString()])).toEqual([
      ['early', null, 0, 6, 3, '300'],
      ['late', null, 3, 5, 2, '180'],
      ['middle', null, 2, 3, 3, '150'],
    ]);
    expect(r.intervals.map((i) => i.coverage)).toEqual([3, 3, 3, 8, 8, 5, 2, 2]);
    expect(r.intervals.map((i) => i.over)).toEqual([1, 0, 0, 3, 3, 1, 0, 0]);
    expect(r.intervals.every((i) => i.under === 0)).toBe(true);
    expect(r.agentShifts).toBe(8);
    // Σ required = 26 agent-hours; covered 3+3+3+8+8+5+2+2 = 34; over 8.
    expect([r.requiredAgentHours, r.coveredAgentHours, r.overstaffedAgentHours, r.understaffedAgentHours]).toEqual([26, 34, 8, 0]);
    expect([r.overstaffedIntervals, r.understaffedIntervals]).toEqual([4, 0]);
    expect(r.uncoverable).toEqual([]);
    expect(r.reason).toBeNull();
    expect(r.model).toEqual({ variables: 3, constraints: 8, nonzeros: 5 + 5 + 3 + 0 }); // worked shift-intervals inside the rows: 13
    expect(r.intervalMs).toBe(HOUR);
  });

  it('chooses the cheaper of two covers (hand calculation)', () => {
    // Two intervals needing 2 and 2. A long shift covers both for 15; two short ones cost 10 each
    // per interval: 2 long = 30 against 2·10 + 2·10 = 40.
    const shifts: ShiftType[] = [
      { id: 'long', start: 0, length: 2, cost: 15 },
      { id: 'first', start: 0, length: 1, cost: 10 },
      { id: 'second', start: 1, length: 1, cost: 10 },
    ];
    expect(shiftPlan({ required: [2, 2], intervalMs: HOUR, shifts }, { solver }).value?.toString()).toBe('30');
    // Needing 2 and 0: one short shift type is cheaper: 2·10 = 20 < 2·15.
    const r = shiftPlan({ required: [2, 0], intervalMs: HOUR, shifts }, { solver });
    expect(r.value?.toString()).toBe('20');
    expect(r.shifts.map((s) => s.agents)).toEqual([0, 2, 0]);
  });

  it('needs the next whole agent for a fractional requirement', () => {
    // 2.3 agents need 3 whole agents: coverage 3, over 0.7 (in floating point 3 − 2.3).
    const r = shiftPlan({ required: [2.3], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver });
    expect(r.shifts[0]?.agents).toBe(3);
    expect(r.intervals[0]?.over).toBeCloseTo(0.7, 12);
  });

  it('sums costs exactly in decimal, whatever the solver adds in floating point', () => {
    // 3 agents at 0.1 = 0.3 exactly (3 × 0.1 in binary floating point is 0.30000000000000004).
    const r = shiftPlan({ required: [3], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 0.1 }] }, { solver });
    expect(r.value).toBeInstanceOf(KpiDecimal);
    expect(r.value?.toString()).toBe('0.3');
    expect(
      shiftPlan({ required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: '1234567890.123456789' }] }, { solver }).value?.toString(),
    ).toBe('1234567890.123456789');
  });

  it('repeats a daily shift on every day of the horizon, one decision per day', () => {
    // Two days of 6-hour intervals (4 a day); a daily shift over intervals 1–2 of each day.
    // Day 0 needs 1 and 2, day 1 needs 3 and 0: 2 agents on day 0, 3 on day 1 → cost 5 × 7 = 35.
    const r = shiftPlan(
      { required: [0, 1, 2, 0, 0, 3, 0, 0], intervalMs: 6 * HOUR, shifts: [{ id: 'day', start: 1, length: 2, cost: 7, daily: true }] },
      { solver },
    );
    expect(r.shifts.map((s) => [s.day, s.start, s.agents])).toEqual([
      [0, 1, 2],
      [1, 5, 3],
    ]);
    expect(r.value?.toString()).toBe('35');
  });

  it('takes start, length and breaks in ms (whole intervals)', () => {
    const inIntervals = shiftPlan(
      {
        required: [1, 1, 1, 1],
        intervalMs: QUARTER,
        shifts: [
          { id: 'a', start: 0, length: 4, breaks: [{ offset: 1, length: 1 }], cost: 1 },
          { id: 'b', start: 1, length: 1, cost: 1 },
        ],
      },
      { solver },
    );
    const inMs = shiftPlan(
      {
        required: [1, 1, 1, 1],
        intervalMs: QUARTER,
        shifts: [
          { id: 'a', startMs: 0, lengthMs: HOUR, breaks: [{ offsetMs: QUARTER, lengthMs: QUARTER }], cost: 1 },
          { id: 'b', startMs: QUARTER, lengthMs: QUARTER, cost: 1 },
        ],
      },
      { solver },
    );
    expect(inMs).toEqual(inIntervals);
    expect(inMs.value?.toString()).toBe('2');
  });

  it('lets a shift past the end of the horizon go on at its start when cyclic', () => {
    // Four intervals; a night shift over intervals 3 and (next day) 0. Not cyclic: interval 0 is
    // uncoverable; cyclic: one night shift covers both.
    const input = { required: [1, 0, 0, 1], intervalMs: 6 * HOUR, shifts: [{ id: 'night', start: 3, length: 2, cost: 5 }] };
    const open = shiftPlan(input, { solver });
    expect(open.uncoverable).toEqual([0]);
    expect(open.value?.toString()).toBe('5');
    expect(open.intervals[0]?.under).toBe(1);
    expect(open.understaffedAgentHours).toBe(6);
    expect(open.reason).toMatch(/1 interval requires agents that no shift works/);
    const cyclic = shiftPlan(input, { solver, cyclic: true });
    expect(cyclic.uncoverable).toEqual([]);
    expect(cyclic.intervals.map((i) => i.coverage)).toEqual([1, 0, 0, 1]);
    expect(cyclic.reason).toBeNull();
  });

  it('needs no solve when nothing is required, and handles an empty horizon and no shifts', () => {
    const fail: HighsSolverLike = {
      withModel: () => {
        throw new Error('not to be called');
      },
    };
    const none = shiftPlan({ required: [0, 0], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 3 }] }, { solver: fail });
    expect([none.value?.toString(), none.status, none.mipGap, none.agentShifts]).toEqual(['0', 'optimal', 0, 0]);
    const empty = shiftPlan({ required: [], intervalMs: HOUR, shifts: [{ id: 'a', start: 4, length: 1, cost: 3 }] }, { solver: fail });
    expect([empty.value?.toString(), empty.shifts.length, empty.intervals.length]).toEqual(['0', 0, 0]);
    const noShifts = shiftPlan({ required: [2, 1], intervalMs: HOUR, shifts: [] }, { solver: fail });
    expect([noShifts.uncoverable, noShifts.understaffedIntervals, noShifts.value?.toString()]).toEqual([[0, 1], 2, '0']);
    expect(noShifts.reason).toMatch(/^2 intervals require agents/);
  });

  it('reads a staffingPlan result: its headcount by default, its agentCount on request', () => {
    const plan = staffingPlan(
      [
        { start: '2024-03-04T09:00:00Z', contactCount: 520, ahtMs: 120_000 },
        { start: '2024-03-04T10:00:00Z', contactCount: 1000, ahtMs: 120_000 },
        { start: '2024-03-04T11:00:00Z', contactCount: 0, ahtMs: 120_000 },
      ],
      { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, shrinkage: 0.3 },
    );
    // agentCount [21, 38, 0], headcount [30, 55, 0] (staffingPlan's documented example).
    const shifts: ShiftType[] = [
      { id: 'h', start: 0, length: 1, cost: 1 },
      { id: 'h2', start: 1, length: 1, cost: 1 },
    ];
    const byHeadcount = shiftPlan({ plan, shifts }, { solver });
    expect(byHeadcount.intervals.map((i) => [i.start, i.required, i.coverage])).toEqual([
      [Date.UTC(2024, 2, 4, 9), 30, 30],
      [Date.UTC(2024, 2, 4, 10), 55, 55],
      [Date.UTC(2024, 2, 4, 11), 0, 0],
    ]);
    expect(shiftPlan({ plan: plan.intervals, shifts }, { solver, cover: 'agentCount' }).value?.toString()).toBe('59');
    // The same requirement as numbers gives the same plan (the numbers carry no interval starts).
    const asNumbers = shiftPlan({ required: [30, 55, 0], intervalMs: HOUR, shifts }, { solver });
    expect({ ...byHeadcount, intervals: byHeadcount.intervals.map((i) => ({ ...i, start: null })) }).toEqual(asNumbers);
  });

  it('returns a frozen result', () => {
    const r = shiftPlan({ required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver });
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.shifts[0])).toBe(true);
    expect(Object.isFrozen(r.intervals)).toBe(true);
    expect(Object.isFrozen(r.model)).toBe(true);
    expect(JSON.parse(JSON.stringify(r)).value).toBe('1');
  });

  it('does not mutate its input', () => {
    const input = {
      required: [1, 2],
      intervalMs: HOUR,
      shifts: [
        { id: 'a', start: 0, length: 2, breaks: [{ offset: 1, length: 1 }], cost: 1 },
        { id: 'b', start: 1, length: 1, cost: 1 },
      ],
    };
    const copy = structuredClone(input);
    shiftPlan(input, { solver });
    expect(input).toEqual(copy);
  });
});

describe('shiftPlan: the model text', () => {
  it('names variables and rows itself: shift ids never reach the LP text', () => {
    const { solver: rec, texts } = recording();
    const hostile = 'a\nSubject To\n c: x0 >= 99\nEnd';
    const r = shiftPlan(
      {
        required: [1, 1],
        intervalMs: HOUR,
        shifts: [
          { id: hostile, start: 0, length: 2, cost: 4 },
          { id: 'x0 + 2', start: 1, length: 1, cost: 1 },
        ],
      },
      { solver: rec },
    );
    expect(r.shifts.map((s) => s.id)).toEqual([hostile, 'x0 + 2']);
    expect(r.value?.toString()).toBe('4');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(['Minimize', ' obj: 4 x0 + 1 x1', 'Subject To', ' r0: x0 >= 1', ' r1: x0 + x1 >= 1', 'General', ' x0 x1', 'End', ''].join('\n'));
  });

  it('breaks long lines and leaves out rows with no requirement', () => {
    const { solver: rec, texts } = recording();
    const shifts = Array.from({ length: 120 }, (_, j) => ({ id: `s${j}`, start: 0, length: 2, cost: 1 + (j % 7) }));
    const r = shiftPlan({ required: [0, 3], intervalMs: HOUR, shifts }, { solver: rec });
    expect(r.value?.toString()).toBe('3'); // 3 agents on a shift of cost 1
    const text = texts[0] as string;
    expect(text).not.toContain('r0:');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(260);
    expect(r.model).toEqual({ variables: 120, constraints: 1, nonzeros: 120 });
  });
});

describe('shiftPlan: solver status, gap and time limit', () => {
  it('reports what the solver ends with (a solver stopped without a plan, a status code out of range)', () => {
    const stopped: HighsSolverLike = {
      withModel: (_source, operation) =>
        operation({
          options: { set: () => undefined },
          info: { get: (name) => (name === 'primal_solution_status' ? 0 : Infinity) },
          run: () => ({ modelStatus: 13 }),
          getSolution: () => ({ colValue: [] }),
          getColName: () => '',
        }),
    };
    const r = shiftPlan({ required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver: stopped, timeLimitMs: 1 });
    expect([r.status, r.value, r.totalCost, r.mipGap, r.agentShifts]).toEqual(['time-limit', null, null, null, 0]);
    expect(r.reason).toBe('the solver found no plan (status time-limit)');
    expect(r.intervals[0]?.under).toBe(1);
    const odd: HighsSolverLike = {
      withModel: (_source, operation) =>
        operation({
          options: { set: () => undefined },
          info: { get: (name) => (name === 'primal_solution_status' ? 2 : NaN) },
          run: () => ({ modelStatus: 99 }),
          getSolution: () => ({ colValue: [1] }),
          getColName: () => 'x0',
        }),
    };
    const o = shiftPlan({ required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver: odd });
    expect([o.status, o.mipGap, o.value?.toString()]).toEqual(['unknown', null, '1']);
  });

  it('passes the gap and the time limit to HiGHS, and its output stays off', () => {
    const seen: Record<string, number | boolean>[] = [];
    const spy: HighsSolverLike = {
      withModel: (source, operation) =>
        solver.withModel(source, (model) =>
          operation({
            options: { set: (v) => (seen.push({ ...v }), model.options.set(v)) },
            info: model.info,
            run: () => model.run(),
            getSolution: () => model.getSolution(),
            getColName: (k) => model.getColName(k),
          }),
        ),
    };
    shiftPlan({ required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver: spy, mipRelGap: 0.01, timeLimitMs: 2500 });
    expect(seen).toEqual([{ output_flag: false, mip_rel_gap: 0.01, time_limit: 2.5 }]);
  });

  it('reports a failing or misbehaving solver as a KpiInputError on options.solver', () => {
    const input = { required: [1], intervalMs: HOUR, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] };
    const throwing: HighsSolverLike = {
      withModel: () => {
        throw new Error('out of memory');
      },
    };
    const e = thrown(() => shiftPlan(input, { solver: throwing }));
    expect([e.code, e.path, e.message]).toEqual(['invalid_value', ['options', 'solver'], 'shiftPlan: options.solver failed: out of memory']);
    const string: HighsSolverLike = {
      withModel: () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a solver that throws a value that is not an Error
        throw 'a string';
      },
    };
    expect(thrown(() => shiftPlan(input, { solver: string })).message).toBe('shiftPlan: options.solver failed: a string');
    const nothing = { withModel: () => undefined } as unknown as HighsSolverLike;
    expect(thrown(() => shiftPlan(input, { solver: nothing })).message).toMatch(/withModel did not return/);
    const model = (colValue: number[], name: string) => ({
      withModel: (_s: unknown, op: (m: unknown) => unknown) =>
        op({
          options: { set: () => undefined },
          info: { get: () => 2 },
          run: () => ({ modelStatus: 7 }),
          getSolution: () => ({ colValue }),
          getColName: () => name,
        }),
    });
    expect(thrown(() => shiftPlan(input, { solver: model([1, 2], 'x0') as never })).message).toMatch(/the solution has 2 columns, the model 1/);
    expect(thrown(() => shiftPlan(input, { solver: model([1], 'y0') as never })).message).toMatch(/column 0 of the solution is not a plan's/);
    expect(thrown(() => shiftPlan(input, { solver: model([-3], 'x0') as never })).message).toMatch(/column 0 of the solution is not a plan's \(-3\)/);
    expect(thrown(() => shiftPlan(input, { solver: model([NaN], 'x0') as never })).message).toMatch(/\(NaN\)/);
  });
});

describe('shiftPlan: input checks', () => {
  const shift = { id: 'a', start: 0, length: 1, cost: 1 };
  const call =
    (input: unknown, options: unknown = { solver }) =>
    () =>
      shiftPlan(input as never, options as never);

  it('needs the solver, with a hint how to get it', () => {
    const e = thrown(() => shiftPlan({ required: [1], intervalMs: HOUR, shifts: [shift] }, undefined as never));
    expect([e.code, e.path]).toEqual(['missing', ['options', 'solver']]);
    expect(e.message).toMatch(/npm install highs/);
    expect(e).toBeInstanceOf(KpiInputError);
    expect(issuesOf(call({ required: [1], intervalMs: HOUR, shifts: [shift] }, { solver: {} }))).toEqual([
      { code: 'invalid_type', path: ['options', 'solver'] },
    ]);
    expect(issuesOf(call({ required: [1], intervalMs: HOUR, shifts: [shift] }, { solver: null }))).toEqual([{ code: 'missing', path: ['options', 'solver'] }]);
    expect(issuesOf(call({ required: [1], intervalMs: HOUR, shifts: [shift] }, { solver: 3 }))).toEqual([
      { code: 'invalid_type', path: ['options', 'solver'] },
    ]);
  });

  it('checks the options', () => {
    const input = { required: [1], intervalMs: HOUR, shifts: [shift] };
    expect(issuesOf(call(input, { solver, cover: 'x', cyclic: 1, mipRelGap: 2, timeLimitMs: 0, other: 1 }))).toEqual([
      { code: 'invalid_value', path: ['options', 'other'] },
    ]);
    expect(issuesOf(call(input, { solver, cover: 'x', cyclic: 1, mipRelGap: 2, timeLimitMs: 0 }))).toEqual([
      { code: 'invalid_value', path: ['options', 'cover'] },
      { code: 'invalid_type', path: ['options', 'cyclic'] },
      { code: 'out_of_range', path: ['options', 'mipRelGap'] },
      { code: 'out_of_range', path: ['options', 'timeLimitMs'] },
    ]);
    expect(issuesOf(call(input, { solver, cover: 'agentCount', mipRelGap: -1 }))).toEqual([
      { code: 'inconsistent', path: ['options', 'cover'] },
      { code: 'out_of_range', path: ['options', 'mipRelGap'] },
    ]);
    expect(issuesOf(call(input, 'fast'))).toEqual([{ code: 'invalid_type', path: ['options'] }]);
  });

  it('needs one form of the requirement', () => {
    expect(issuesOf(call('x'))).toEqual([{ code: 'invalid_type', path: [] }]);
    expect(issuesOf(call({ shifts: [shift] }))).toEqual([{ code: 'missing', path: ['required'] }]);
    expect(thrown(call({ shifts: [shift] })).message).toMatch(/needs one of: \{ required, intervalMs \} .* or \{ plan \}/);
    expect(issuesOf(call({ required: [1], plan: [], intervalMs: HOUR, shifts: [shift] }))).toEqual([{ code: 'ambiguous', path: ['plan'] }]);
    expect(issuesOf(call({ required: [1], shifts: [shift], extra: 1 }))).toEqual([
      { code: 'invalid_value', path: ['extra'] },
      { code: 'missing', path: ['intervalMs'] },
    ]);
    expect(issuesOf(call({ required: 'x', intervalMs: -1, shifts: [shift] }))).toEqual([
      { code: 'out_of_range', path: ['intervalMs'] },
      { code: 'invalid_type', path: ['required'] },
    ]);
    expect(issuesOf(call({ required: [1, -1, NaN, 'x', 2e9, undefined], intervalMs: HOUR, shifts: [shift] }))).toEqual([
      { code: 'out_of_range', path: ['required', 1] },
      { code: 'not_finite', path: ['required', 2] },
      { code: 'invalid_type', path: ['required', 3] },
      { code: 'out_of_range', path: ['required', 4] },
      { code: 'missing', path: ['required', 5] },
    ]);
  });

  it('checks a plan: rows, one interval length, starts', () => {
    const row = { agentCount: 1, headcount: 2, intervalMs: HOUR };
    expect(issuesOf(call({ plan: { intervals: 'x' }, shifts: [shift] }))).toEqual([{ code: 'invalid_type', path: ['plan', 'intervals'] }]);
    expect(issuesOf(call({ plan: 3, shifts: [shift] }))).toEqual([{ code: 'invalid_type', path: ['plan', 'intervals'] }]);
    expect(
      issuesOf(
        call({ plan: [row, 'x', { ...row, intervalMs: QUARTER }, { ...row, headcount: -1, start: 'monday' }, { ...row, intervalMs: 0 }], shifts: [shift] }),
      ),
    ).toEqual([
      { code: 'invalid_type', path: ['plan', 1] },
      { code: 'inconsistent', path: ['plan', 2, 'intervalMs'] },
      { code: 'out_of_range', path: ['plan', 3, 'headcount'] },
      { code: 'invalid_type', path: ['plan', 3, 'start'] },
      { code: 'out_of_range', path: ['plan', 4, 'intervalMs'] },
    ]);
    expect(issuesOf(call({ plan: [row], intervalMs: HOUR, shifts: [shift] }))).toEqual([{ code: 'ambiguous', path: ['intervalMs'] }]);
    // An empty plan has no interval length to read ms by, and no interval to cover.
    expect(shiftPlan({ plan: [], shifts: [{ id: 'a', startMs: 0, length: 1, cost: 1 }] }, { solver }).shifts).toEqual([]);
  });

  it('checks every shift, with its path', () => {
    const input = (shifts: unknown) => ({ required: [1, 1, 1, 1], intervalMs: QUARTER, shifts });
    expect(issuesOf(call(input(undefined)))).toEqual([{ code: 'missing', path: ['shifts'] }]);
    expect(issuesOf(call(input({})))).toEqual([{ code: 'invalid_type', path: ['shifts'] }]);
    expect(
      issuesOf(call(input([1, { ...shift, id: '' }, { ...shift, when: 1 }, { ...shift, id: 'b', daily: 'yes', cost: -1 }, { ...shift, id: 'a' }]))),
    ).toEqual([
      { code: 'invalid_type', path: ['shifts', 0] },
      { code: 'invalid_type', path: ['shifts', 1, 'id'] },
      { code: 'invalid_value', path: ['shifts', 2, 'when'] },
      { code: 'invalid_type', path: ['shifts', 3, 'daily'] },
      { code: 'out_of_range', path: ['shifts', 3, 'cost'] },
      { code: 'inconsistent', path: ['shifts', 4, 'id'] },
    ]);
    expect(thrown(call(input([shift, { ...shift }]))).message).toBe('shiftPlan: shifts[1].id "a" repeats shifts[0].id: ids must be unique');
    expect(issuesOf(call(input([{ id: 'a' }])))).toEqual([
      { code: 'missing', path: ['shifts', 0, 'start'] },
      { code: 'missing', path: ['shifts', 0, 'length'] },
      { code: 'missing', path: ['shifts', 0, 'cost'] },
    ]);
    expect(
      issuesOf(
        call(
          input([
            { id: 'a', start: 0.5, length: 0, cost: 1e16 },
            { id: 'b', start: -1, length: 'x', cost: 0.1 + 0.2 },
          ]),
        ),
      ),
    ).toEqual([
      { code: 'not_integer', path: ['shifts', 0, 'start'] },
      { code: 'out_of_range', path: ['shifts', 0, 'length'] },
      { code: 'out_of_range', path: ['shifts', 0, 'cost'] },
      { code: 'out_of_range', path: ['shifts', 1, 'start'] },
      { code: 'invalid_type', path: ['shifts', 1, 'length'] },
      { code: 'out_of_range', path: ['shifts', 1, 'cost'] },
    ]);
    expect(issuesOf(call(input([{ id: 'a', start: Infinity, length: 1, cost: 1 }])))).toEqual([{ code: 'not_finite', path: ['shifts', 0, 'start'] }]);
    // A cost HiGHS could not tell from infinity (it treats 1e20 as infinite): at most 1e15.
    expect(thrown(call(input([{ id: 'a', start: 0, length: 1, cost: '2e15' }]))).message).toBe(
      'shiftPlan: shifts[0].cost must be a non-negative amount of at most 1000000000000000, got "2e15"',
    );
  });

  it('checks starts and lengths against the horizon, the day and the interval', () => {
    const input = (shifts: unknown, intervalMs = QUARTER, n = 4) => ({ required: Array.from({ length: n }, () => 1), intervalMs, shifts });
    expect(
      issuesOf(
        call(
          input([
            { ...shift, start: 4 },
            { id: 'b', startMs: 4 * QUARTER, length: 1, cost: 1 },
          ]),
        ),
      ),
    ).toEqual([
      { code: 'out_of_range', path: ['shifts', 0, 'start'] },
      { code: 'out_of_range', path: ['shifts', 1, 'startMs'] },
    ]);
    expect(thrown(call(input([{ ...shift, start: 4 }]))).message).toBe('shiftPlan: shifts[0] starts at interval 4, past the last interval (3)');
    expect(
      issuesOf(
        call(
          input([
            { ...shift, start: 1, startMs: 0 },
            { id: 'b', startMs: 1000, lengthMs: -1, cost: 1 },
          ]),
        ),
      ),
    ).toEqual([
      { code: 'ambiguous', path: ['shifts', 0, 'start'] },
      { code: 'inconsistent', path: ['shifts', 1, 'startMs'] },
      { code: 'out_of_range', path: ['shifts', 1, 'lengthMs'] },
    ]);
    expect(thrown(call(input([{ id: 'b', startMs: 1000, length: 1, cost: 1 }]))).message).toBe(
      'shiftPlan: shifts[0].startMs (1000) is not a whole number of intervals of 900000 ms',
    );
    // Daily: the start lies in the first day (96 quarters), and the intervals divide a day (7 minutes do not).
    expect(issuesOf(call(input([{ ...shift, start: 96, daily: true }], QUARTER, 200)))).toEqual([{ code: 'out_of_range', path: ['shifts', 0, 'start'] }]);
    expect(issuesOf(call(input([{ id: 'a', startMs: 96 * QUARTER, length: 1, cost: 1, daily: true }], QUARTER, 200)))).toEqual([
      { code: 'out_of_range', path: ['shifts', 0, 'startMs'] },
    ]);
    expect(issuesOf(call(input([{ ...shift, daily: true }], 420_000)))).toEqual([{ code: 'inconsistent', path: ['shifts', 0, 'daily'] }]);
    // Cyclic: a shift no longer than the horizon.
    expect(
      issuesOf(
        call(
          input([
            { ...shift, length: 5 },
            { id: 'b', start: 0, lengthMs: 5 * QUARTER, cost: 1 },
          ]),
          { solver, cyclic: true },
        ),
      ),
    ).toEqual([
      { code: 'out_of_range', path: ['shifts', 0, 'length'] },
      { code: 'out_of_range', path: ['shifts', 1, 'lengthMs'] },
    ]);
    // An invalid interval length leaves ms spans unchecked against it.
    expect(issuesOf(call({ required: [1], intervalMs: 0, shifts: [{ id: 'b', startMs: 1000, length: 1, cost: 1 }] }))).toEqual([
      { code: 'out_of_range', path: ['intervalMs'] },
    ]);
  });

  it('checks breaks: inside the shift, not overlapping', () => {
    const input = (breaks: unknown) => ({ required: [1, 1, 1, 1], intervalMs: QUARTER, shifts: [{ id: 'a', start: 0, length: 4, cost: 1, breaks }] });
    expect(issuesOf(call(input('x')))).toEqual([{ code: 'invalid_type', path: ['shifts', 0, 'breaks'] }]);
    expect(issuesOf(call(input([1, { offset: 3, length: 2 }, { offset: 0 }, { offset: 0, length: 1, at: 1 }])))).toEqual([
      { code: 'invalid_type', path: ['shifts', 0, 'breaks', 0] },
      { code: 'inconsistent', path: ['shifts', 0, 'breaks', 1] },
      { code: 'missing', path: ['shifts', 0, 'breaks', 2, 'length'] },
      { code: 'invalid_value', path: ['shifts', 0, 'breaks', 3, 'at'] },
    ]);
    expect(thrown(call(input([{ offset: 3, length: 2 }]))).message).toBe(
      'shiftPlan: shifts[0].breaks[0] (intervals 3 to 4) ends after the shift (4 intervals)',
    );
    expect(
      issuesOf(
        call(
          input([
            { offset: 2, length: 2 },
            { offset: 1, length: 2 },
          ]),
        ),
      ),
    ).toEqual([{ code: 'inconsistent', path: ['shifts', 0, 'breaks', 0] }]);
    expect(
      thrown(
        call(
          input([
            { offset: 2, length: 2 },
            { offset: 1, length: 2 },
          ]),
        ),
      ).message,
    ).toBe('shiftPlan: shifts[0].breaks[0] overlaps shifts[0].breaks[1]');
    // Touching breaks do not overlap.
    expect(
      shiftPlan(
        input([
          { offset: 1, length: 1 },
          { offset: 2, length: 1 },
        ]) as never,
        { solver },
      ).intervals.map((i) => i.coverage),
    ).toEqual([1, 0, 0, 1]);
  });

  it('bounds the size of the model', () => {
    const many = (n: number) => Array.from({ length: n }, () => 0);
    expect(issuesOf(call({ required: many(1_000_001), intervalMs: 60_000, shifts: [] }))).toEqual([{ code: 'out_of_range', path: ['required'] }]);
    expect(issuesOf(call({ plan: { intervals: many(1_000_001) }, shifts: [] }))).toEqual([{ code: 'out_of_range', path: ['plan', 'intervals'] }]);
    // A very long shift (with a very long break) costs no more than the horizon it covers.
    const long = shiftPlan(
      {
        required: [1, 1, 1],
        intervalMs: HOUR,
        shifts: [
          { id: 'a', start: 1, length: 2 ** 52, breaks: [{ offset: 1, length: 2 ** 51 }], cost: 1 },
          { id: 'b', start: 0, length: 1, cost: 1 },
        ],
      },
      { solver },
    );
    expect(long.intervals.map((i) => i.coverage)).toEqual([1, 1, 0]);
    expect(long.uncoverable).toEqual([2]);
    const shifts = Array.from({ length: 40 }, (_, j) => ({ id: `s${j}`, start: 0, length: 96, cost: 1, daily: true }));
    const e = thrown(call({ required: Array.from({ length: 96 * 366 * 20 }, () => 0), intervalMs: QUARTER, shifts }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['shifts']]);
    expect(e.message).toMatch(/more than 20,000,000 shift-intervals/);
  });
});

describe('shiftPlan: a week of 15-minute intervals', () => {
  it('plans 672 intervals with 32 daily shift types and covers every interval', () => {
    const { required, shifts } = weekInstance();
    expect(required).toHaveLength(672);
    expect(shifts.length).toBeGreaterThanOrEqual(30);
    const r = shiftPlan({ required, intervalMs: QUARTER, shifts }, { solver, cyclic: true });
    expect(r.status).toBe('optimal');
    expect(r.uncoverable).toEqual([]);
    expect(r.understaffedIntervals).toBe(0);
    r.intervals.forEach((i, k) => expect(i.coverage, `interval ${k}`).toBeGreaterThanOrEqual(required[k] as number));
    // Cost = Σ agents × cost.
    const sum = r.shifts.reduce((s, x) => s.plus(x.cost.times(x.agents)), new KpiDecimal(0));
    expect(r.value?.equals(sum)).toBe(true);
    expect(r.model.variables).toBe(shifts.length * 7);
  });
});
