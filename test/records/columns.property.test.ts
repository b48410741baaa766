/**
 * The `{ columns }` input form: every ticket and contact metric over columns gives what it gives
 * over the same records. The records and options are those the accumulator property suite draws for
 * each metric (test/<family>/accumulator-cases.ts); each record set is laid out as columns in a
 * random way (plain arrays, Float64Arrays with NaN for missing, dictionary columns, validity
 * bitmaps), and the metric function is called on both forms. Problems name the column and row
 * (`['columns', field, i]`) where the record form names the record (`['tickets', i, field]`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as kpi from '../../src/index.js';
import { KpiInputError } from '../../src/core/errors.js';
import { TICKET_FIELDS } from '../../src/records/tickets.js';
import { CONTACT_FIELDS } from '../../src/contact-center/contact.js';
import type { AccumulatorCase } from '../accumulator-case.js';
import { type Layout, toColumns } from './column-layouts.js';
import { supportAccumulatorCases } from '../support/accumulator-cases.js';
import { contactAccumulatorCases } from '../contact-center/accumulator-cases.js';

/** A result or error, with issue paths given as the record form names them and messages left out (they quote the path). */
function outcome(run: () => unknown, columns: boolean): unknown {
  const path = (p: readonly (string | number)[]): readonly (string | number)[] => {
    if (!columns || p[0] !== 'columns') return p;
    // ['columns', field, i, ...rest] → [collection, i, field, ...rest]; ['columns', i] → [collection, i].
    return typeof p[1] === 'string' ? ['records', p[2] as number, p[1], ...p.slice(3)] : ['records', ...p.slice(1)];
  };
  const fromRecords = (p: readonly (string | number)[]): readonly (string | number)[] =>
    p[0] === 'tickets' || p[0] === 'contacts' ? ['records', ...p.slice(1)] : p;
  const issue = (i: { code: string; path: readonly (string | number)[] }) => ({ code: i.code, path: columns ? path(i.path) : fromRecords(i.path) });
  try {
    return JSON.parse(
      JSON.stringify(run(), (key, value: unknown) => {
        if ((key === 'invalidTickets' || key === 'invalidContacts') && Array.isArray(value)) {
          return value.map((x: { index: number; issues: { code: string; path: (string | number)[] }[] }) => ({ index: x.index, issues: x.issues.map(issue) }));
        }
        return value;
      }),
    );
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return { threw: error.issues.map(issue) };
  }
}

const families: readonly { readonly cases: readonly AccumulatorCase[]; readonly fields: Readonly<Record<string, string>> }[] = [
  { cases: supportAccumulatorCases, fields: TICKET_FIELDS },
  { cases: contactAccumulatorCases, fields: CONTACT_FIELDS },
];

const layouts = fc.array(fc.constantFrom<Layout>('array', 'float64', 'dictionary', 'masked'), { minLength: 1, maxLength: 6 });

describe('{ columns } ≡ the same records, for every ticket and contact metric', () => {
  for (const { cases, fields } of families) {
    for (const c of cases) {
      const name = c.name.replace(/Accumulator$/, '');
      const metric = (kpi as unknown as Record<string, unknown>)[name];
      it(name, () => {
        expect(typeof metric).toBe('function');
        const f = metric as (input: unknown, options: unknown) => unknown;
        const collection = fields === CONTACT_FIELDS ? 'contacts' : 'tickets';
        let compared = 0;
        fc.assert(
          fc.property(c.input, layouts, ({ options, records }, lay) => {
            const columns = toColumns(records, fields, lay);
            if (columns === null) return;
            compared++;
            const a = outcome(() => f({ [collection]: records }, options), false);
            const b = outcome(() => f({ columns }, options), true);
            expect(b).toEqual(a);
          }),
          { numRuns: 60 },
        );
        // The draws must mostly be expressible as columns, or the property says little.
        expect(compared).toBeGreaterThan(20);
      });
    }
  }
});
