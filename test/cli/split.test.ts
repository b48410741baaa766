import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { planSplit } from '../../src/cli/parallel.js';
import { type RowEnd, rangesOf, surveyWindow, windowsOf } from '../../src/cli/split.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function write(bytes: Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

/** Where the rows of an RFC 4180 file start (byte offset, 1-based line), header first: a plain reference reader. */
function rowStarts(bytes: Buffer, rowEnd: RowEnd): { offset: number; line: number }[] {
  const starts: { offset: number; line: number }[] = [];
  let quoted = false;
  let line = 1;
  let rowStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let rowLine = 1;
  const isEnd = (i: number): boolean => bytes[i] === 0x0a && (rowEnd === 'lf' || (i > 0 && bytes[i - 1] === 0x0d));
  for (let i = rowStart; i < bytes.length; i++) {
    if (bytes[i] === 0x22) quoted = !quoted;
    if (isEnd(i)) {
      line++;
      if (quoted) continue;
      const length = i + 1 - rowStart - (rowEnd === 'crlf' ? 2 : 1);
      if (length > 0) starts.push({ offset: rowStart, line: rowLine });
      rowStart = i + 1;
      rowLine = line;
    }
  }
  if (rowStart < bytes.length) starts.push({ offset: rowStart, line: rowLine });
  return starts;
}

/** A CSV file of the given rows (cells quoted when they need it), with LF or CRLF row ends. */
function csv(rows: readonly (readonly string[])[], rowEnd: RowEnd, bom: boolean, trailing: boolean): Buffer {
  const eol = rowEnd === 'lf' ? '\n' : '\r\n';
  const text = rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(eol);
  return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text + (trailing ? eol : ''), 'utf8')]);
}

function split(path: string, size: number, parts: number, lead = 0) {
  const plan = planSplit(path, size);
  if (plan === null) throw new Error('not splittable');
  const windows = windowsOf(plan.dataStart, size, parts, lead);
  // The last window surveyed only to its first row start (as the command does): the same ranges as
  // when every window is surveyed whole.
  const surveys = windows.map(([a, b], k) => surveyWindow(path, a, b, plan.rowEnd, k === windows.length - 1));
  const ranges = rangesOf(surveys, plan.headerLines, size);
  const whole = rangesOf(
    windows.map(([a, b]) => surveyWindow(path, a, b, plan.rowEnd)),
    plan.headerLines,
    size,
  );
  expect(ranges).toEqual(whole);
  return { plan, ranges };
}

describe('splitting a CSV file at row boundaries', () => {
  it('a small file by hand: quoted line ends are not row ends', () => {
    // Header on line 1; row 1 on line 2 holds a quoted line break (lines 2–3); row 2 on line 4; row 3 on line 5.
    const bytes = Buffer.from('id,note\n1,"a\nb"\n2,c\n3,d\n');
    const path = write(bytes);
    const { plan, ranges } = split(path, bytes.length, 3);
    expect(plan).toMatchObject({ dataStart: 8, rowEnd: 'lf', headerLines: 1 });
    // Every range starts where a row starts, the first at row 1 (line 2), and they cover the data.
    expect(ranges[0]).toMatchObject({ start: 8, rowsBefore: 0, linesBefore: 1 });
    expect(ranges.at(-1)?.end).toBe(bytes.length);
    for (const r of ranges) expect([8, 16, 20]).toContain(r.start);
    const byStart = new Map([
      [8, { rowsBefore: 0, linesBefore: 1 }],
      [16, { rowsBefore: 1, linesBefore: 3 }],
      [20, { rowsBefore: 2, linesBefore: 4 }],
    ]);
    for (const r of ranges) expect({ rowsBefore: r.rowsBefore, linesBefore: r.linesBefore }).toEqual(byStart.get(r.start));
  });

  it('windows: equal parts, or a first part larger by a share of a part (by hand)', () => {
    // Data [100, 1100): 1,000 bytes. Two equal parts cut at 600; with lead 0.2 the first holds
    // 1.2 / 2.2 of the span: 100 + floor(1000 × 1.2 / 2.2) = 645. Each window starts a byte early.
    expect(windowsOf(100, 1100, 2)).toEqual([
      [99, 599],
      [599, 1100],
    ]);
    expect(windowsOf(100, 1100, 2, 0.2)).toEqual([
      [99, 644],
      [644, 1100],
    ]);
  });

  it('a header past the first 64 KiB read (a long quoted cell with a line break) is found by reading on', () => {
    const header = `a,"${'x'.repeat(100_000)}\ny",c\n`;
    const bytes = Buffer.from(`${header}1,2,3\n`);
    const plan = planSplit(write(bytes), bytes.length);
    expect(plan).toMatchObject({ dataStart: Buffer.byteLength(header), rowEnd: 'lf', headerLines: 2 });
  });

  it('a file whose header ends with a lone CR, or that starts with an empty line, is not split', () => {
    const cr = Buffer.from('a,b\r1,2\r');
    expect(planSplit(write(cr), cr.length)).toBeNull();
    const empty = Buffer.from('\na,b\n1,2\n');
    expect(planSplit(write(empty), empty.length)).toBeNull();
    const crlf = Buffer.from('a,b\r\n1,2\r\n');
    expect(planSplit(write(crlf), crlf.length)).toMatchObject({ dataStart: 5, rowEnd: 'crlf', headerLines: 1 });
  });

  it('any file, any number of parts: ranges start at rows, cover the data, and know their row and line numbers', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('"', '""', '\n', '\r\n', 'a,b', '"x\ny"', 'é', '😀', ''),
      fc.string({ unit: fc.constantFrom('a', '"', '\n', '\r', ',', ' '), maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom<RowEnd>('lf', 'crlf'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(0, 0.2, 1.5),
        (body, rowEnd, bom, trailing, lead) => {
          // A header without quotes or line breaks, then rows; in a CRLF file a lone LF or CR is field text.
          const rows = [['h1', 'h2'], ...body.map((r) => (rowEnd === 'lf' ? r.map((c) => c.replace(/\r/g, '')) : r))];
          const bytes = csv(rows, rowEnd, bom, trailing);
          const path = write(bytes);
          const starts = rowStarts(bytes, rowEnd);
          const dataRows = starts.slice(1);
          for (let parts = 1; parts <= 6; parts++) {
            const { plan, ranges } = split(path, bytes.length, parts, lead);
            expect(plan.rowEnd).toBe(rowEnd);
            expect(ranges[0]?.start).toBe(plan.dataStart);
            expect(ranges.at(-1)?.end).toBe(bytes.length);
            for (let k = 0; k + 1 < ranges.length; k++) expect(ranges[k]?.end).toBe(ranges[k + 1]?.start);
            for (const r of ranges) {
              // The rows before the range are the data rows that start before it; its first line is
              // the line where its first row starts (or, for a range of empty lines, where it starts).
              const before = dataRows.filter((s) => s.offset < r.start).length;
              expect(r.rowsBefore).toBe(before);
              const lines =
                bytes
                  .subarray(0, r.start)
                  .toString('latin1')
                  .split(rowEnd === 'lf' ? '\n' : '\r\n').length - 1;
              expect(r.linesBefore).toBe(lines);
              const next = dataRows[before];
              if (next !== undefined && next.offset < r.end)
                expect(bytes.subarray(r.start, next.offset).toString('latin1')).toMatch(rowEnd === 'lf' ? /^\n*$/ : /^(\r\n)*$/);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
