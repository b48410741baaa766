/**
 * The hostile inputs that once escaped validation (a TypeError, a hang, an aborted process), kept
 * as fixed cases next to the fuzz suite that finds their kind: each must now throw KpiInputError
 * with the code and path stated, quickly, or give a result.
 */
import { describe, expect, it } from 'vitest';
import {
  KpiInputError,
  averageHandleTime,
  requiredAgents,
  MAX_ARRAY_LENGTH,
  MAX_INTERVAL_MS,
  MAX_ISSUES,
  MAX_PATH_LENGTH,
  byPeriod,
  bySegment,
  firstResponseTime,
  nps,
  npsAccumulator,
  staffingPlan,
  toDecimal,
} from '../../src/index.js';
import {
  barChart,
  escapeHtml,
  escapeMarkdown,
  fieldUnit,
  formatDuration,
  formatValue,
  lineChart,
  renderReport,
  renderResult,
  display,
} from '../../src/report/index.js';
import { describeValue, formatPath } from '../../src/core/errors.js';
import { thrown } from '../helpers.js';

/** An array of `length` holes: nothing stored, so it costs no memory. */
function holes(length: number): unknown[] {
  const a: unknown[] = [];
  a.length = length;
  return a;
}

/** Runs `f` and returns how long it took, in ms. */
function timed(f: () => unknown): number {
  const start = performance.now();
  try {
    f();
  } catch {
    // the caller checks what is thrown separately
  }
  return performance.now() - start;
}

describe('values a message shows', () => {
  it('are described without converting them (bigint, symbol, no prototype, huge array)', () => {
    expect(describeValue(10n)).toBe('10n');
    expect(describeValue(2n ** 200n)).toBe('a 61-digit bigint'); // 2^200 ≈ 1.6e60: 61 digits
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(Symbol())).toBe('a symbol');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(holes(2 ** 32 - 1))).toBe('an array of 4294967295');
    expect(describeValue(new Float64Array(2))).toBe('a Float64Array');
    expect(describeValue(new Date(NaN))).toBe('an invalid Date');
  });

  it('name the answer that is not a number, whatever it is', () => {
    expect(thrown(() => nps({ responses: [10, 10n] as never })).message).toBe('nps: responses[1] must be an integer from 0 to 10 (scale 0-10), got 10n');
    expect(thrown(() => nps({ responses: [10, Symbol('x')] as never })).path).toEqual(['responses', 1]);
    expect(thrown(() => nps({ responses: [Object.create(null)] as never })).code).toBe('invalid_type');
  });

  it('a function name that is not a string does not break the message', () => {
    const e = thrown(() => toDecimal('abc', ['price'], Symbol('f') as never));
    expect(e.message.startsWith('Symbol(f): price must be')).toBe(true);
  });
});

describe('bounds checked before reading', () => {
  it(`an array longer than MAX_ARRAY_LENGTH (${MAX_ARRAY_LENGTH}) is rejected at once, even when sparse`, () => {
    const huge = holes(1e9);
    expect(timed(() => nps({ responses: huge as never }))).toBeLessThan(1000);
    const e = thrown(() => nps({ responses: huge as never }));
    expect(e.code).toBe('out_of_range');
    expect(e.path).toEqual(['responses']);
    expect(e.message).toContain('more than the 100000000 an array may have');
  });

  it('an accumulator batch longer than the bound is rejected before its first record', () => {
    const acc = npsAccumulator.create();
    const e = thrown(() => acc.addAll(holes(2 ** 32 - 1)));
    expect([e.code, e.path]).toEqual(['out_of_range', ['responses']]);
    expect(acc.result().n).toBe(0);
  });

  it(`a path longer than MAX_PATH_LENGTH (${MAX_PATH_LENGTH}) is cut in issues and messages`, () => {
    const e = thrown(() => toDecimal({}, holes(1e8) as never));
    expect(e.code).toBe('invalid_type');
    expect(e.path.length).toBe(MAX_PATH_LENGTH);
    expect(e.message.length).toBeLessThan(1000);
    expect(formatPath(['a', 1, 'b'])).toBe('a[1].b');
  });

  it('a saved accumulator state with an array longer than the bound, at any depth, is rejected before it is read', () => {
    // Found by the fuzz suite: a tampered state whose list of 100,000,001 holes was read hole by
    // hole, one issue each, until the process ran out of memory.
    const state = JSON.parse(JSON.stringify(npsAccumulator.create().addAll([9, 10, 3]).toJSON())) as Record<string, unknown>;
    (state['invalid'] as Record<string, unknown>)['listed'] = holes(MAX_ARRAY_LENGTH + 1);
    const e = thrown(() => npsAccumulator.fromJSON(state));
    expect([e.code, e.path]).toEqual(['out_of_range', ['invalid', 'listed']]);
    // A state that refers to itself is walked once per object, not forever.
    const cyclic: Record<string, unknown> = { ...state, invalid: { count: 0, indices: [], listed: [] } };
    (cyclic['options'] as Record<string, unknown>)['self'] = cyclic;
    expect(thrown(() => npsAccumulator.fromJSON(cyclic)).path).toEqual(['options', 'self']);
  });

  it('staffingPlan bounds its intervals before sizing its tables by them', () => {
    // Found by the fuzz suite: a sparse array of 2^32 − 1 intervals sized three tables (RangeError).
    const e = thrown(() => staffingPlan(holes(2 ** 32 - 1) as never, { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 3_600_000 }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['intervals']]);
  });

  it('staffingPlan bounds interval lengths and contact counts, so that its totals stay finite', () => {
    // Found by the fuzz suite: three intervals of 1e308 ms summed to Infinity agent-hours.
    const intervals = [
      { contactCount: 520, ahtMs: 120_000 },
      { contactCount: 1000, ahtMs: 120_000 },
    ];
    const e = thrown(() => staffingPlan(intervals, { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 1e308 }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['targets', 'intervalMs']]);
    expect(e.message).toContain('MAX_INTERVAL_MS');
    const many = thrown(() =>
      staffingPlan([{ contactCount: 1e300, ahtMs: 1e-300, intervalMs: 3_600_000 }], { targetServiceLevel: 0.8, targetAnswerMs: 20_000 }),
    );
    expect([many.code, many.path]).toEqual(['out_of_range', ['intervals', 0, 'contactCount']]);
    // At the bound the plan is computed: one interval of MAX_INTERVAL_MS with no contacts needs 0 agents.
    expect(staffingPlan([{ contactCount: 0, ahtMs: 120_000, intervalMs: MAX_INTERVAL_MS }], { targetServiceLevel: 0.8, targetAnswerMs: 20_000 }).value).toBe(0);
  });

  it('a column of durations longer than MAX_ARRAY_LENGTH is rejected by its length (found by the fuzz suite)', () => {
    // averageHandleTime({ durations }) read 100,000,001 holes one by one (2–5 s) before this check.
    const e = thrown(() => averageHandleTime({ durations: holes(MAX_ARRAY_LENGTH + 1) as never }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['durations']]);
  });

  it('Erlang A with traffic so small it is subnormal gives the a → 0 limit, not Infinity (found by the fuzz suite)', () => {
    // 5.4e-323 contacts in 1 ms at 120 s AHT: 6.5e-318 Erlangs. n/a overflowed: ASA was Infinity.
    const r = requiredAgents(
      { contactCount: 5.4e-323, intervalMs: 1, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 },
      { model: 'erlang-a', patienceMs: 60_000 },
    );
    expect([r.agentCount, r.averageSpeedOfAnswerMs, r.probabilityOfWaiting, r.serviceLevel]).toEqual([1, 0, 0, 1]);
  });

  it('a problem in each of a huge number of elements keeps MAX_ISSUES of them and counts the rest', () => {
    // 5,000,000 holes, each a problem: the error is built from 100 issues (memory does not grow per problem).
    const e = thrown(() => nps({ responses: holes(5_000_000) as never }));
    expect(e.issues.length).toBe(MAX_ISSUES);
    expect(e.issueCount).toBe(5_000_000);
  });

  it('an error lists at most MAX_ISSUES issues and counts the rest', () => {
    const e = thrown(() => nps({ responses: holes(1000) as never }));
    expect(e.issues.length).toBe(MAX_ISSUES);
    expect(e.issueCount).toBe(1000);
  });
});

describe('grouping: found by the fuzz suite', () => {
  it('byPeriod and bySegment reject a ticket array longer than MAX_ARRAY_LENGTH before sizing tables by it', () => {
    for (const run of [
      () => byPeriod(firstResponseTime, holes(2 ** 32 - 1), { period: 'month' }),
      () => bySegment(firstResponseTime, holes(2 ** 32 - 1), 'channel'),
    ]) {
      const e = thrown(run);
      expect([e.code, e.path]).toEqual(['out_of_range', ['tickets']]);
    }
  });

  it('byPeriod gives no relative change from a previous value too close to 0 for a finite ratio', () => {
    const tickets = [
      { createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 5e-324 },
      { createdAt: '2024-02-20T08:00:00Z', firstResponseMs: 1_800_000 },
    ];
    // 1,800,000 / 5e-324 overflows to Infinity: relative is null, with its reason.
    const change = byPeriod(firstResponseTime, tickets, { period: 'month' }).periods[1]?.change;
    expect(change?.relative).toBeNull();
    expect(change?.reason).toBe('the previous value is too close to 0: the relative change is not a finite number');
    expect(change?.value).toBe(1_800_000 - 5e-324);
  });
});

describe('report functions check their arguments', () => {
  it('text to escape must be a string', () => {
    expect(thrown(() => escapeHtml(null as never)).path).toEqual(['text']);
    expect(thrown(() => escapeMarkdown(5 as never)).code).toBe('invalid_type');
    expect(escapeHtml('<a & b>')).toBe('&lt;a &amp; b&gt;');
  });

  it('chart data must be an array of { label, value }', () => {
    expect(thrown(() => barChart('x' as never)).path).toEqual(['bars']);
    expect(thrown(() => lineChart([{ label: 1, value: 2 }] as never)).path).toEqual(['points', 0, 'label']);
    expect(thrown(() => barChart([], { width: -1 })).path).toEqual(['options', 'width']);
    expect(thrown(() => barChart([], { unit: 'lightyears' as never })).code).toBe('invalid_value');
  });

  it('a chart of 150,000 bars is drawn (no spread of the values into one call)', () => {
    // Math.max(...values) overflows the stack near 10^5 arguments.
    const bars = Array.from({ length: 150_000 }, (_, i) => ({ label: `b${i}`, value: 1 }));
    expect(barChart(bars).startsWith('<svg')).toBe(true);
  });

  it('a report needs a report document and a known format', () => {
    expect(thrown(() => renderReport(null as never, 'html')).path).toEqual(['doc']);
    const doc = { records: 0, metrics: {}, excluded: {}, errors: [] };
    expect(thrown(() => renderReport(doc, 'pdf' as never)).path).toEqual(['format']);
    expect(thrown(() => renderReport(doc, 'text', { maxErrors: -1 })).path).toEqual(['options', 'maxErrors']);
    expect(thrown(() => renderReport({ ...doc, errors: holes(1e9) as never }, 'text')).path).toEqual(['doc', 'errors']);
  });

  it('a hole in the errors of a report document is a row, not a TypeError', () => {
    // Found by the fuzz suite: `errors.map` skipped the holes and the table renderer read them.
    const doc = { records: 4, metrics: {}, excluded: {}, errors: holes(2) as never };
    expect(renderReport(doc, 'text')).toContain('Errors (2)');
    expect(renderReport(doc, 'markdown')).toContain('Errors (2)');
  });

  it('fieldUnit needs a path of field names, and a metric unit it knows', () => {
    expect(thrown(() => fieldUnit(null as never, 'value' as never)).path).toEqual(['path']);
    expect(thrown(() => fieldUnit(['value'], 'furlongs' as never)).path).toEqual(['metricUnit']);
    expect(fieldUnit(['value'], 'share')).toBe('share');
  });

  it('formatValue shows anything, bounded; its unit must be a unit', () => {
    const text = formatValue(holes(2 ** 32 - 1));
    expect(text.length).toBeLessThanOrEqual(10_001); // cut at 10,000 characters, then '…'
    expect(text.endsWith('…')).toBe(true);
    expect(formatValue({ a: 1n, b: [1, , 3] })).toBe('{"a":"1","b":[1,null,3]}'); // eslint-disable-line no-sparse-arrays
    expect(formatValue(Object.assign(Object.create(null) as object, { x: 1 }))).toBe('{"x":1}');
    expect(thrown(() => formatValue(1, 'parsecs' as never)).path).toEqual(['unit']);
    expect(thrown(() => formatDuration('5' as never)).path).toEqual(['ms']);
  });

  it('renderResult and display reject a bad format or option, never the result', () => {
    expect(renderResult(Object.assign(Object.create(null) as object, { value: 10n, s: Symbol('x') }), 'text')).toContain('10');
    expect(thrown(() => renderResult({ value: 1 }, 'xml' as never)).path).toEqual(['format']);
    expect(thrown(() => display({ value: 1 }, { metric: 5 } as never)).path).toEqual(['options', 'metric']);
    expect(thrown(() => display({ value: 1 }, { colour: 'red' } as never)).code).toBe('invalid_value');
  });
});

it('KpiInputError is what every check throws', () => {
  expect(thrown(() => escapeHtml(undefined as never))).toBeInstanceOf(KpiInputError);
});
