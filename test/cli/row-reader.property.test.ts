/**
 * The command's reading of a CSV row into a ticket (`compileRowReader`): the compiled reader and the
 * loop it falls back to where the runtime compiles no code give the same ticket — every field read
 * from its cell by its converter — or the same CellError (the first field, in order, whose cell
 * cannot be read).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellError, cellConverter } from '../../src/cli/columns.js';
import { compileRowReader } from '../../src/cli/report.js';
import { type ColumnSpec } from '../../src/records/map-rows.js';
import { TICKET_FIELDS } from '../../src/records/tickets.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const FIELDS = Object.keys(TICKET_FIELDS);

/** The outcome of reading a row: the ticket's own fields, or the error's column and message. */
function outcome(read: () => object): unknown {
  try {
    return { ticket: { ...read() } };
  } catch (e) {
    if (!(e instanceof CellError)) throw e;
    return { error: [e.column, e.message] };
  }
}

const cell = fc.oneof(
  fc.constantFrom('', '2024-03-01T10:00:00Z', '2024-02-30T10:00:00Z', '17', '-3', 'true', 'no', 'chat', ' x ', '0x10'),
  fc.string({ maxLength: 6 }),
);

describe('compileRowReader', () => {
  it('the compiled reader and the loop read every row alike (value or first error)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 12 }),
        fc.array(fc.array(cell, { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 10 }),
        (fields, rows) => {
          // Field k read from column 11 − k, each by its own kind's converter.
          const at = fields.map((_, k) => 11 - k);
          const reader = new TimestampReader('UTC');
          const converters = fields.map((field) =>
            cellConverter(
              { field, kind: TICKET_FIELDS[field as keyof typeof TICKET_FIELDS], column: `c-${field}`, factor: 1, missing: new Set(), binary: false },
              reader,
            ),
          );
          const compiled = compileRowReader(fields, at);
          const loop = compileRowReader(fields, at, false);
          for (const row of rows) expect(outcome(() => compiled(row, converters))).toEqual(outcome(() => loop(row, converters)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads each field from its own cell (hand-checked)', () => {
    const reader = new TimestampReader('UTC');
    const spec = (field: 'channel' | 'contactCount'): ColumnSpec => ({
      field,
      kind: TICKET_FIELDS[field],
      column: field,
      factor: 1,
      missing: new Set(),
      binary: false,
    });
    const read = compileRowReader(['channel', 'contactCount'], [2, 0]);
    const t = read(['3', 'ignored', 'email'], [cellConverter(spec('channel'), reader), cellConverter(spec('contactCount'), reader)]);
    expect([t.channel, t.contactCount, t.status]).toEqual(['email', 3, null]);
  });
});
