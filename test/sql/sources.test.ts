/** The file lists of `{ csv }` and `{ parquet }` sources: holes and huge lists are refused before anything is read. */
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { metricSql } from '../../src/sql/index.js';

function pathOf(run: () => unknown): readonly (string | number)[] | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof KpiInputError) return error.issues[0]?.path;
    throw error;
  }
  throw new Error('expected a KpiInputError');
}

describe('file lists', () => {
  it('a hole in the list is refused at its index (not written as an empty item)', () => {
    // eslint-disable-next-line no-sparse-arrays
    const files = ['a.parquet', , 'c.parquet'] as string[];
    expect(pathOf(() => metricSql('nps', { dialect: 'duckdb', from: { parquet: files } }))).toEqual(['options', 'from', 'parquet', 1]);
  });

  it('a list longer than 100,000 paths is refused at once, even a sparse one', () => {
    const huge = new Array<string>(100_000_001);
    expect(pathOf(() => metricSql('nps', { dialect: 'duckdb', from: { csv: huge } }))).toEqual(['options', 'from', 'csv']);
    expect(metricSql('nps', { dialect: 'duckdb', from: { csv: new Array(100_000).fill('x.csv') } })).toContain("read_csv(['x.csv'");
  });
});
