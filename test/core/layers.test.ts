/**
 * The layers of src/: arrows point down only.
 * Families use core, records, time and grouping; grouping uses core, records and time; records
 * use core and time; nothing below a family imports a family, report or cli; a family never
 * imports another family.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** The layers each layer may import (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  time: ['core'],
  records: ['core', 'time'],
  grouping: ['core', 'time', 'records'],
  survey: ['core', 'time', 'records', 'grouping'],
  support: ['core', 'time', 'records', 'grouping'],
  'contact-center': ['core', 'time', 'records', 'grouping'],
  growth: ['core', 'time', 'records', 'grouping'],
  finance: ['core', 'time', 'records', 'grouping'],
  report: ['core'],
  // The zod schemas' entry point gathers each family's schemas module (and nothing else of them).
  schemas: ['core', 'time', 'records', 'survey', 'support', 'contact-center', 'growth', 'finance'],
  // The command's --engine duckdb runs the metrics' SQL through the DuckDB runner.
  cli: ['core', 'time', 'records', 'grouping', 'survey', 'support', 'contact-center', 'growth', 'finance', 'report', 'sql', 'duckdb'],
  // The SQL of the metrics reuses their constants and option checks; the DuckDB runner builds their results
  // (and byPeriod's, with its periods and fill: time and grouping).
  sql: ['core', 'time', 'records', 'survey', 'support', 'contact-center', 'growth'],
  duckdb: ['core', 'time', 'records', 'grouping', 'sql', 'survey', 'support', 'contact-center', 'growth'],
};

/**
 * Known exceptions, each with its reason. contact-center re-exports the one `averageHandleTime`
 * (a metric of the support family that reads contacts too) rather than keep a second copy.
 */
const EXCEPTIONS: readonly string[] = ['contact-center/index.ts -> support/average-handle-time.js'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src layers', () => {
  const edges: { from: string; layer: string; to: string; target: string }[] = [];
  for (const file of files(SRC)) {
    const rel = file.slice(SRC.length + 1);
    const layer = rel.includes('/') ? (rel.split('/')[0] as string) : 'index';
    for (const m of readFileSync(file, 'utf8').matchAll(/from '\.\.\/([a-z-]+)\/([^']+)'/g)) {
      edges.push({ from: rel, layer, to: m[1] as string, target: `${m[1]}/${m[2]}` });
    }
  }

  it('sees the imports between layers', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(Object.keys(ALLOWED).sort()).toEqual(
      readdirSync(SRC, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    );
  });

  it('has arrows pointing down only, and no family importing another', () => {
    const wrong = edges.filter((e) => e.layer !== 'index' && !(ALLOWED[e.layer] ?? []).includes(e.to) && !EXCEPTIONS.includes(`${e.from} -> ${e.target}`));
    expect(wrong.map((e) => `${e.from} -> ${e.target}`)).toEqual([]);
  });

  it('keeps every listed exception real (an exception no longer needed is removed)', () => {
    for (const x of EXCEPTIONS) expect(edges.map((e) => `${e.from} -> ${e.target}`)).toContain(x);
  });
});
