/**
 * `cellConverter(spec, reader)`: the converter of one column's cells, with fast paths for common
 * cells, must give for every cell exactly what `convertCell(spec, cell, reader)` gives: the same
 * value, or a `CellError` with the same column, value and message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, CellError, cellConverter, convertCell } from '../../src/records/map-rows.js';
import { type FieldKind } from '../../src/records/kind.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const KINDS: readonly FieldKind[] = ['timestamp', 'duration', 'label', 'id', 'count', 'boolean', 'number'];

/** The value or the error a conversion gives. */
function outcome(convert: () => unknown): unknown {
  try {
    return { value: convert() };
  } catch (e) {
    if (!(e instanceof CellError)) throw e;
    return { error: [e.column, e.value, e.message] };
  }
}

/** Cells near the fast paths' edges: digits, timestamps, spaces (ASCII and others) at the ends, words. */
const cell: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'true',
    'false',
    'TRUE',
    'yes',
    '0',
    '1',
    '007',
    '-5',
    '+5',
    '1.5',
    '1e3',
    '0x10',
    'good',
    'bad',
    'N/A',
    'null',
    '\u00a07',
    '7\u3000',
  ),
  fc.stringMatching(/^[0-9]{1,18}$/),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }))
    .map(([y, m, d, h]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:30:00Z`),
  fc
    .tuple(fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff'), fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '\n', '\u2028'))
    .map(([a, b, c]) => a + b + c),
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant({ a: 1 })),
);

describe('cellConverter', () => {
  it('gives what convertCell gives, value or error, for every kind, with and without missing values, in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.boolean(),
        fc.constantFrom(1, 60_000),
        fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata'),
        fc.array(cell, { maxLength: 30 }),
        (kind, withMissing, factor, zone, cells) => {
          const spec: ColumnSpec = {
            field: 'f',
            kind,
            column: 'c',
            factor,
            missing: new Set(withMissing ? ['n/a', 'null'] : []),
            binary: kind === 'number' && factor === 1,
          };
          const convert = cellConverter(spec, new TimestampReader(zone));
          const reference = new TimestampReader(zone);
          for (const raw of cells) expect(outcome(() => convert(raw))).toEqual(outcome(() => convertCell(spec, raw, reference)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads common cells by their fast paths with the general rules’ results (hand-checked)', () => {
    const spec = (kind: FieldKind, factor = 1): ColumnSpec => ({ field: 'f', kind, column: 'c', factor, missing: new Set(), binary: false });
    const utc = new TimestampReader('UTC');
    // 2024-01-01T11:55:52Z: 19723 days after 1970-01-01, plus 11 h 55 min 52 s.
    expect(cellConverter(spec('timestamp'), utc)('2024-01-01T11:55:52Z')).toBe(19_723 * 86_400_000 + (11 * 3600 + 55 * 60 + 52) * 1000);
    expect(cellConverter(spec('label'), utc)('chat')).toBe('chat');
    expect(cellConverter(spec('label'), utc)(' chat ')).toBe('chat');
    // 655,631 written in minutes: 655,631 × 60,000 ms.
    expect(cellConverter(spec('duration', 60_000), utc)('655631')).toBe(39_337_860_000);
    expect(cellConverter(spec('boolean'), utc)('false')).toBe(false);
    expect(() => cellConverter(spec('count'), utc)('0x10')).toThrow(CellError);
    // 20 digits: summing digit by digit in doubles rounds at each step (…74995367 → 5.3466460993975e19);
    // the cell is read as Number reads it, rounded once (5.346646099397499e19).
    expect(cellConverter(spec('number'), utc)('53466460993974995367')).toBe(53_466_460_993_974_990_000);
  });
});
