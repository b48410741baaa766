import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/index.js';
import { MISSING, escapeHtml, escapeMarkdown, fieldUnit, formatDuration, formatValue, inferUnit, metricInfo, metricNames } from '../../src/report/index.js';

describe('formatDuration', () => {
  it('hand values in each range', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(7_835.9)).toBe('7.8 s'); // 7.8359 s, one decimal below 10 s
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(59_400)).toBe('59 s');
    expect(formatDuration(59_600)).toBe('1 min 00 s'); // 59.6 s rounds to 60 s
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(599_600)).toBe('10 min'); // 599.6 s rounds to 600 s: minutes from 10 min
    expect(formatDuration(12 * 60_000 + 20_000)).toBe('12 min'); // 12 min 20 s
    expect(formatDuration(3_900_000)).toBe('1 h 05 min'); // 3,900 s = 65 min
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 05 min');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2 d 4 h'); // 187,200,000 ms
    expect(formatDuration(86_400_000 - 20_000)).toBe('1 d 0 h'); // 23 h 59 min 40 s → 1,440 min
    expect(formatDuration(1000 * 86_400_000)).toBe('1,000 d 0 h');
    expect(formatDuration(-90_000)).toBe('-1 min 30 s');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(Number.NaN)).toBe(MISSING);
  });
});

describe('formatValue', () => {
  it('shares, counts, numbers, scores, nps', () => {
    expect(formatValue(0.7421, 'share')).toBe('74.2 %');
    expect(formatValue(1, 'share')).toBe('100.0 %');
    expect(formatValue(0, 'share')).toBe('0.0 %');
    expect(formatValue(-0.7142857, 'share')).toBe('-71.4 %');
    expect(formatValue(1_234_567, 'count')).toBe('1,234,567');
    expect(formatValue(-1234, 'count')).toBe('-1,234');
    expect(formatValue(2.5, 'count')).toBe('2.5');
    expect(formatValue(3.6666, 'score')).toBe('3.67');
    expect(formatValue(4.2, 'score')).toBe('4.2');
    expect(formatValue(0.10247, 'number')).toBe('0.1025');
    expect(formatValue(1234.5678)).toBe('1,234.57');
    expect(formatValue(25, 'nps')).toBe('25');
    expect(formatValue(30.55, 'nps')).toBe('30.6');
    expect(formatValue(10, 'erlang')).toBe('10 Erl');
    expect(formatValue(6, 'months')).toBe('6 mo');
    expect(formatValue(-0.0001, 'score')).toBe('0');
  });

  it('null, undefined, booleans, text, objects, timestamps', () => {
    expect(formatValue(null, 'ms')).toBe('—');
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(false, 'count')).toBe('no');
    expect(formatValue('chat', 'count')).toBe('chat');
    expect(formatValue('2024', 'text')).toBe('2024');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(1704067200000, 'timestamp')).toBe('2024-01-01T00:00:00Z');
    expect(formatValue(1704067200123, 'timestamp')).toBe('2024-01-01T00:00:00.123Z');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(12n, 'count')).toBe('12');
  });

  it('money: Decimal and decimal strings shown exactly, integer part grouped', () => {
    expect(formatValue(new KpiDecimal('80000.03'), 'money')).toBe('80,000.03');
    expect(formatValue('80000.03', 'money')).toBe('80,000.03');
    expect(formatValue('-1234567.50', 'money')).toBe('-1,234,567.50');
    expect(formatValue(new KpiDecimal('0.1').plus('0.2'))).toBe('0.3'); // exact, not 0.30000000000000004
    expect(formatValue('12.5', 'share')).toBe('1,250.0 %'); // a decimal string read in a numeric unit
    expect(formatValue(1234.5, 'money')).toBe('1,234.5');
    expect(formatValue({ toJSON: () => ({ nested: true }) })).toBe('{"nested":true}'); // toJSON not a string: JSON of the object
    expect(
      formatValue({
        toJSON: () => {
          throw new Error('x');
        },
      }),
    ).toBe('[object Object]'); // a throwing toJSON never makes formatting throw
  });
});

describe('escaping', () => {
  it('HTML escapes the five special characters', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('Markdown escapes pipes, backslashes, tags, entities and line breaks', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('a\\b')).toBe('a\\\\b');
    expect(escapeMarkdown('<script>')).toBe('&lt;script>');
    expect(escapeMarkdown('&amp; & x')).toBe('&amp;amp; & x');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
    expect(escapeMarkdown('first_response*')).toBe('first\\_response\\*');
  });
});

describe('fieldUnit and inferUnit', () => {
  it('decides units from field names (one place)', () => {
    expect(fieldUnit(['value'], 'ms')).toBe('ms');
    expect(fieldUnit(['percentiles', 'p90'], 'ms')).toBe('ms');
    expect(fieldUnit(['total'], 'ms')).toBe('ms');
    expect(fieldUnit(['total'], 'count')).toBeUndefined();
    expect(fieldUnit(['n'], 'ms')).toBeUndefined();
    expect(fieldUnit(['excluded', 'unanswered'], 'ms')).toBeUndefined();
    expect(fieldUnit(['interval', 'lower'], 'share')).toBe('share');
    expect(fieldUnit(['interval', 'lower'], 'nps')).toBe('nps');
    expect(fieldUnit(['easyShareInterval', 'lower'], 'score')).toBe('share');
    expect(fieldUnit(['mean'], 'score')).toBe('score');
    expect(fieldUnit(['groups', 'share'], 'count')).toBe('share');
    expect(fieldUnit(['groups', 'key'], 'count')).toBe('text');
    expect(fieldUnit(['age', 'median'], 'count')).toBe('ms');
    expect(fieldUnit(['age', 'p90'], 'count')).toBe('ms');
    expect(fieldUnit(['ageBuckets', 'fromMs'], 'count')).toBe('ms');
    expect(fieldUnit(['periods', 'startMs'], 'ms')).toBe('timestamp');
    expect(fieldUnit(['asOf'])).toBe('timestamp');
    expect(fieldUnit(['startingMrr'], 'share')).toBe('money');
    expect(fieldUnit(['trafficErlangs'], 'share')).toBe('erlang');
    expect(fieldUnit(['change', 'relative'], 'ms')).toBe('share');
    expect(fieldUnit([], 'share')).toBe('share');
    expect(fieldUnit(['whatever'])).toBeUndefined();
  });

  it('guesses the unit of a result from its shape', () => {
    expect(inferUnit({ value: 1, n: 1, median: 1, percentiles: {} })).toBe('ms');
    expect(inferUnit({ value: 30, promoters: 5, detractors: 2 })).toBe('nps');
    expect(inferUnit({ value: 20, a: { promoters: 1 } })).toBe('nps');
    expect(inferUnit({ value: 4.2, easyShare: 0.6 })).toBe('score');
    expect(inferUnit({ value: '25' })).toBe('money');
    expect(inferUnit({ value: new KpiDecimal(25) })).toBe('money');
    expect(inferUnit({ value: 0.1, trafficErlangs: 10 })).toBe('share');
    expect(inferUnit({ value: 0.5, interval: null })).toBe('share');
    expect(inferUnit({ periods: [], total: { value: 0.5, interval: {} } })).toBe('share');
    expect(inferUnit({ value: 3 })).toBeUndefined();
    expect(inferUnit(3)).toBeUndefined();
  });
});

describe('metricInfo', () => {
  it('knows every metric function the library exports, with a unit for its value', async () => {
    const lib = (await import('../../src/index.js')) as Record<string, unknown>;
    const metricFunctions = metricNames();
    for (const name of metricFunctions) {
      expect(typeof lib[name], name).toBe('function');
      const i = metricInfo(name)!;
      expect(i.title.length).toBeGreaterThan(0);
      expect(i.definition.endsWith('.')).toBe(true);
    }
    // docs/metrics.md: durations in ms, rates as shares, NPS in points, money as Decimal.
    expect(metricInfo('resolutionTime')).toMatchObject({ title: 'Resolution time', unit: 'ms' });
    expect(metricInfo('csat')?.unit).toBe('share');
    expect(metricInfo('enps')?.unit).toBe('nps');
    expect(metricInfo('costPerResolution')?.unit).toBe('money');
    expect(metricInfo('cacPaybackMonths')?.unit).toBe('months');
    expect(metricInfo('toString')).toBeUndefined();
    expect(metricNames()).toHaveLength(58); // test/report/metric-info.test.ts checks the list against the exports
  });
});
