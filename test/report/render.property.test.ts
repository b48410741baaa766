import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart, formatDuration, formatValue, lineChart, metricNames, renderReport, renderResult } from '../../src/report/index.js';
import { tagProblem } from './markup.js';

/** Prefixes every string (keys too) with `<x`, so that any unescaped input shows as `<x` in HTML. */
function mark(value: unknown): unknown {
  if (typeof value === 'string') return `<x${value}`;
  if (Array.isArray(value)) return value.map(mark);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[`<x${k}`] = mark(v);
    return out;
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 }).map(mark);
const formats = fc.constantFrom('text' as const, 'markdown' as const, 'html' as const);
const metric = fc.option(fc.constantFrom(...metricNames()), { nil: undefined });

describe('renderResult and renderReport on arbitrary JSON', () => {
  it('never throw, and HTML never carries an unescaped < from the input', () => {
    fc.assert(
      fc.property(json, formats, metric, (value, format, name) => {
        const out = renderResult(value, format, name === undefined ? {} : { metric: name });
        expect(typeof out).toBe('string');
        if (format === 'html') {
          expect(out).not.toContain('<x');
          expect(tagProblem(out)).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports with arbitrary members never throw and stay escaped', () => {
    const doc = fc.record({
      records: fc.nat(),
      metrics: fc.dictionary(fc.constantFrom(...metricNames(), '<xm'), json, { maxKeys: 4 }),
      byPeriod: fc.dictionary(
        fc.string(),
        json.map((v) => ({ periods: [v, { key: '<xk', result: v }], total: v, period: '<xp' })),
        { maxKeys: 2 },
      ),
      bySegment: fc.dictionary(
        fc.string(),
        json.map((v) => ({ segments: [{ key: '<xs', tickets: 1, result: v }], total: v, by: '<xb' })),
        { maxKeys: 2 },
      ),
      excluded: fc.dictionary(fc.string(), fc.nat(), { maxKeys: 2 }),
      errors: fc.array(
        fc.record({ row: fc.option(fc.nat()), column: fc.option(fc.string().map((s) => `<x${s}`)), value: json, message: fc.string().map((s) => `<x${s}`) }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(doc, formats, (d, format) => {
        const out = renderReport(d, format);
        if (format === 'html') {
          expect(out).not.toContain('<x');
          expect(tagProblem(out)).toBeNull();
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('charts and formats on arbitrary numbers', () => {
  it('charts stay balanced and finite-coordinate for any values', () => {
    const data = fc.array(fc.record({ label: fc.string().map((s) => `<x${s}`), value: fc.option(fc.double(), { nil: null }) }), { maxLength: 12 });
    fc.assert(
      fc.property(data, (d) => {
        for (const svg of [barChart(d), lineChart(d, { unit: 'ms' })]) {
          expect(tagProblem(svg)).toBeNull();
          expect(svg).not.toContain('<x');
          expect(svg).not.toMatch(/NaN|Infinity/);
        }
      }),
      // A subnormal value once made the span underflow to 0 (0/0 coordinates).
      {
        examples: [
          [[{ label: '<x', value: 5e-324 }]],
          [
            [
              { label: '<x', value: -5e-324 },
              { label: '<x', value: 5e-324 },
            ],
          ],
        ],
      },
    );
  });

  it('formatDuration is monotone in its rounded minutes and never empty', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e13, max: 1e13, noNaN: true }),
        fc.constantFrom('ms', 'share', 'count', 'number', 'nps', 'score', 'money', 'erlang', 'months', 'timestamp'),
        (v, unit) => {
          expect(formatDuration(v).length).toBeGreaterThan(0);
          expect(formatValue(v, unit as 'ms')).not.toMatch(/NaN|undefined/);
        },
      ),
    );
  });
});
