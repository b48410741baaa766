import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_FIELD_CHARS, MAX_CSV_RECORD_CHARS } from '../../src/cli/input.js';
import { MIN, cli, fixture, report, tempDir } from './helpers.js';

// tickets.csv (8 rows; the .ndjson, .json, .tsv, ;, | and BOM + CRLF fixtures hold the same data).
// First responses (min): 60, 30, 240, 15, none, 120, 45, 20 → 7 answered, sum 530, mean 530/7.
// Channels: email 4 (rows 1, 3, 5, 7), chat 3 (2, 6, 8), phone 1 (4).
// Answers (1–5): 5, 4, blank, 3, blank, 1, 5, 2 → n = 6, satisfied (4 or 5) = 3 → 0.5.
const FRT_MEAN = (530 / 7) * MIN;

/** The figures every copy of tickets.csv must give. */
function expectTickets(r: Awaited<ReturnType<typeof report>>): void {
  expect(r.records).toBe(8);
  expect(r.metrics['firstResponseTime'].value).toBeCloseTo(FRT_MEAN, 6);
  expect(r.metrics['firstResponseTime'].n).toBe(7);
  expect(r.metrics['firstResponseTime'].excluded.unanswered).toBe(1);
  expect(r.metrics['volumeByChannel'].groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
    ['email', 4],
    ['chat', 3],
    ['phone', 1],
  ]);
  expect(r.metrics['csat'].n).toBe(6);
  expect(r.metrics['csat'].value).toBe(0.5);
  expect(r.excluded).toEqual({ rows: 0 });
  expect(r.errors).toEqual([]);
}

const file = tempDir();

describe('kpi-kit report: formats by extension', () => {
  it('reads CSV, NDJSON and a JSON array to the same figures', async () => {
    // Regression: the JSON parser ends by itself at the array's closing bracket; ending it again
    // threw, and every JSON array was refused.
    for (const name of ['tickets.csv', 'tickets.ndjson', 'tickets.json']) {
      const r = await report([fixture(name)]);
      expectTickets(r);
      expect(r.source['format']).toBe(name.split('.')[1]);
    }
  });

  it('reads a .tsv file as tab-separated', async () => {
    const r = await report([fixture('tickets.tsv')]);
    expectTickets(r);
    expect(r.source['delimiter']).toBe('\t');
  });

  it('decompresses .gz files (CSV, NDJSON, JSON)', async () => {
    for (const name of ['tickets.csv', 'tickets.ndjson', 'tickets.json']) {
      const path = file(`${name}.gz`, gzipSync(readFileSync(fixture(name))));
      const r = await report([path]);
      expectTickets(r);
      expect(r.source['gzip']).toBe(true);
    }
  });

  it('a .gz file that is not gzip is bad input (exit 2)', async () => {
    const path = file('not-gzip.csv.gz', readFileSync(fixture('tickets.csv')));
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-gzip.csv.gz');
    expect(r.stderr).toMatch(/gzip/);
  });

  it('sniffs the format of a file without a known extension: [ JSON, { NDJSON, else CSV', async () => {
    for (const [name, format] of [
      ['tickets.json', 'json'],
      ['tickets.ndjson', 'ndjson'],
      ['tickets.csv', 'csv'],
    ] as const) {
      const path = file(`${format}.export`, readFileSync(fixture(name)));
      const r = await report([path]);
      expectTickets(r);
      expect(r.source['format']).toBe(format);
    }
  });

  it('--input-format overrides the extension', async () => {
    const path = file('tickets.txt', readFileSync(fixture('tickets.ndjson')));
    expectTickets(await report([path, '--input-format', 'ndjson']));
    const tsv = file('tab.data', readFileSync(fixture('tickets.tsv')));
    expectTickets(await report([tsv, '--input-format', 'tsv']));
    const bad = await cli(['report', path, '--input-format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('xml');
  });
});

describe('kpi-kit report: standard input (-)', () => {
  it('reads CSV, NDJSON and JSON from standard input', async () => {
    // Regression: a second look at the head of an input already wholly buffered waited for a
    // 'readable' event that never came (the command hung).
    for (const [name, format] of [
      ['tickets.csv', 'csv'],
      ['tickets.ndjson', 'ndjson'],
      ['tickets.json', 'json'],
    ] as const) {
      const r = await report(['-'], { stdin: readFileSync(fixture(name)) });
      expectTickets(r);
      expect(r.source['file']).toBe('standard input');
      expect(r.source['format']).toBe(format);
    }
  });

  it('recognises gzip bytes on standard input', async () => {
    // Regression: the same wait handed gunzip a truncated stream ("not valid gzip").
    const r = await report(['-'], { stdin: gzipSync(readFileSync(fixture('tickets.csv'))) });
    expectTickets(r);
    expect(r.source['gzip']).toBe(true);
  });

  it('empty standard input is bad input (exit 2)', async () => {
    const r = await cli(['report', '-'], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard input is empty');
  });
});

describe('kpi-kit report: CSV dialects', () => {
  it('detects ; and | delimiters from the header', async () => {
    const semi = await report([fixture('tickets-semicolon.csv')]);
    expectTickets(semi);
    expect(semi.source['delimiter']).toBe(';');
    const pipe = await report([fixture('tickets-pipe.csv')]);
    expectTickets(pipe);
    expect(pipe.source['delimiter']).toBe('|');
  });

  it('--delimiter sets it (also "tab" and "\\t"), and rejects a bad one (exit 2)', async () => {
    expectTickets(await report([fixture('tickets-semicolon.csv'), '--delimiter', ';']));
    const tab = file('tab.csv', readFileSync(fixture('tickets.tsv')));
    expectTickets(await report([tab, '--delimiter', 'tab']));
    expectTickets(await report([tab, '--delimiter', '\\t']));
    for (const d of ['ab', '"']) {
      const r = await cli(['report', fixture('tickets.csv'), '--delimiter', d]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--delimiter');
    }
  });

  it('a wrong --delimiter leaves no createdAt column (exit 2, the columns named)', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--delimiter', ';']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column for createdAt');
  });

  it('reads a file with a BOM and CRLF line ends', async () => {
    const r = await report([fixture('tickets-bom-crlf.csv')]);
    expectTickets(r);
    // The BOM is not part of the first column's name.
    expect(r.source['columns']).toMatchObject({ id: 'id' });
  });

  it('reads quoted fields holding commas, quotes and line breaks', async () => {
    // quoted.csv: 4 rows; topics "billing, refunds" ×2, 'the "pro" plan', "line one\nline two".
    // First responses 30, 60, 10 min and one unanswered → mean 100 / 3 min.
    const r = await report([fixture('quoted.csv')]);
    expect(r.records).toBe(4);
    expect(r.metrics['topTopics'].rows.map((t: { key: string; count: number }) => [t.key, t.count])).toEqual([
      ['billing, refunds', 2],
      ['line one\nline two', 1],
      ['the "pro" plan', 1],
    ]);
    expect(r.metrics['firstResponseTime'].value).toBeCloseTo((100 / 3) * MIN, 6);
    expect(r.metrics['volumeByChannel'].total).toBe(4);
  });

  it('broken quoting is bad input (exit 2), naming the file and line', async () => {
    const r = await cli(['report', fixture('broken-quote.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken-quote.csv is not readable CSV');
    expect(r.stderr).toMatch(/line \d/);
  });

  it('a row with the wrong number of fields: exit 2 naming it; with exclude, left out and listed', async () => {
    const fail = await cli(['report', fixture('wrong-width.csv')]);
    expect(fail.code).toBe(2);
    expect(fail.stderr).toMatch(/row 2\b.* — the row has 3 fields, the header has 2/);
    expect(fail.stderr).toContain('--on-invalid exclude');
    const r = await report([fixture('wrong-width.csv'), '--on-invalid', 'exclude']);
    // Rows 1 and 3 remain: first responses 30 and 10 min → mean 20 min.
    expect(r.records).toBe(3);
    expect(r.excluded).toEqual({ rows: 1 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: null, message: 'the row has 3 fields, the header has 2' });
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
    expect(r.metrics['firstResponseTime'].n).toBe(2);
  });

  it('an empty file is bad input (exit 2)', async () => {
    const r = await cli(['report', fixture('empty.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty.csv is empty');
  });

  it('a header without rows is a report of 0 records, every value null', async () => {
    const r = await report([fixture('header-only.csv')]);
    expect(r.records).toBe(0);
    expect(r.metrics['firstResponseTime'].value).toBeNull();
    expect(r.metrics['firstResponseTime'].n).toBe(0);
    expect(r.excluded).toEqual({ rows: 0 });
  });
});

describe('kpi-kit report: files that cannot be read', () => {
  it('a missing file: exit 2, the message names it', async () => {
    const path = fixture('no-such-export.csv');
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${path}: no such file`);
    expect(r.stdout).toBe('');
  });

  it('a directory: exit 2', async () => {
    const dir = fixture('');
    const r = await cli(['report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a directory');
  });

  it('a row longer than MAX_CSV_RECORD_CHARS (8 Mi), a field longer than MAX_CSV_FIELD_CHARS (1 Mi): exit 2 naming its line, with a short message', async () => {
    // Line 2 holds 9 fields of 1 MiB - 1 characters each (none over the field bound, 9 Mi together).
    const long = `created_at,channel\n2024-05-01T09:00:00Z,${Array.from({ length: 9 }, () => 'x'.repeat(MAX_CSV_FIELD_CHARS - 1)).join(',')}\n`;
    const r = await cli(['report', file('long-row.csv', long)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the row at line 2 is longer than 8,388,608 characters');
    expect(r.stderr.length).toBeLessThan(400);
    // An unclosed quote on line 2 swallows the rest of a 9 MiB file; so does a gzip of 9 MiB of zeros as a "header".
    const open = `created_at,channel\n2024-05-01T09:00:00Z,"email${'x'.repeat(9 * 1024 * 1024)}\n`;
    const q = await cli(['report', file('open-quote.csv', open)]);
    expect(q.code).toBe(2);
    expect(q.stderr).toContain('the row at line 2 has a field longer than 1,048,576 characters');
    expect(q.stderr.length).toBeLessThan(400);
    const zeros = file('zeros.csv.gz', gzipSync(Buffer.alloc(9 * 1024 * 1024, 0x30)));
    const z = await cli(['report', zeros]);
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('the row at line 1 has a field longer than 1,048,576 characters');
    expect(z.stderr.length).toBeLessThan(400);
    expect(MAX_CSV_RECORD_CHARS).toBe(8 * 1024 * 1024);
  });
});

describe('kpi-kit report: JSON and NDJSON problems', () => {
  it('malformed JSON: exit 2', async () => {
    const r = await cli(['report', fixture('malformed.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed.json is not valid JSON');
  });

  it('JSON that is not an array: exit 2, pointing at ndjson', async () => {
    const r = await cli(['report', fixture('not-array.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not-array.json is not a JSON array of records');
  });

  it('an element that is not an object: exit 2 naming row 2; with exclude, left out', async () => {
    const fail = await cli(['report', fixture('non-object.json')]);
    expect(fail.code).toBe(2);
    expect(fail.stderr).toContain('row 2: 42 — the record is not an object');
    const r = await report([fixture('non-object.json'), '--on-invalid', 'exclude']);
    // Rows 1 and 3: 10 and 20 min → mean 15 min.
    expect(r.records).toBe(3);
    expect(r.excluded).toEqual({ rows: 1 });
    expect(r.errors).toEqual([{ row: 2, column: null, value: 42, message: 'the record is not an object' }]);
    expect(r.metrics['firstResponseTime'].value).toBe(15 * MIN);
  });

  it('an NDJSON line that is not JSON: exit 2 naming its line; with exclude, counted and listed', async () => {
    const fail = await cli(['report', fixture('bad-line.ndjson')]);
    expect(fail.code).toBe(2);
    expect(fail.stderr).toContain('row 2');
    expect(fail.stderr).toContain('the row is not valid JSON');
    const r = await report([fixture('bad-line.ndjson'), '--on-invalid', 'exclude']);
    // Lines 1 and 4 (line 3 is blank): 10 and 20 min → 15 min.
    expect(r.records).toBe(3);
    expect(r.excluded).toEqual({ rows: 1 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: null });
    expect(r.errors[0]?.message).toMatch(/^the row is not valid JSON/);
    expect(r.metrics['firstResponseTime'].value).toBe(15 * MIN);
    expect(r.source['problems']).toBe(1);
  });

  it('with exclude, the left-out rows are summed up on standard error', async () => {
    const r = await cli(['report', fixture('bad-line.ndjson'), '--on-invalid', 'exclude', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('kpi-kit: 1 of 3 rows left out of every metric; the first 1 of 1 problems are listed under "errors"\n');
  });
});
