/**
 * `--workers`: a CSV file read in parts gives the report one reader gives — the same figures, row
 * numbers, errors and messages — for any file and any number of parts. In-process runs read the
 * parts one after the other (the same splitting and merging as threads); the last test runs the
 * command's real worker threads from a bundle of its entry.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledBin, cli, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function write(text: string): string {
  const path = join(dir, `t${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

/** Runs the report with `--workers n`, every file split (in-process, part after part). */
function runWith(n: number, path: string, extra: readonly string[] = []) {
  return cli(['report', path, '--format', 'json', '--workers', String(n), ...extra], { minParallelBytes: 1 });
}

const STATUSES = ['solved', 'open', 'pending', 'closed', 'Solved'];
const CHANNELS = ['email', 'chat', 'phone', 'web, form', 'say "hi"', 'line\nbreak'];

/** A cell written as CSV (quoted when it must be). */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const row = fc.record({
  created: fc.integer({ min: 0, max: 400 * 86_400 }),
  response: fc.option(fc.integer({ min: 0, max: 3 * 86_400 }), { nil: undefined }),
  resolution: fc.option(fc.integer({ min: 0, max: 20 * 86_400 }), { nil: undefined }),
  status: fc.constantFrom(...STATUSES),
  channel: fc.constantFrom(...CHANNELS),
  csat: fc.constantFrom('', '1', '3', '5', '4', 'x', '9'),
  contacts: fc.constantFrom('', '1', '2', 'two'),
  // A row that breaks: a bad timestamp, a row of the wrong width, an empty line.
  damage: fc.constantFrom('none', 'none', 'none', 'none', 'time', 'width', 'blank'),
});

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

function csvOf(rows: readonly Row[], crlf: boolean): string {
  const eol = crlf ? '\r\n' : '\n';
  const iso = (s: number): string => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString();
  const lines = ['createdAt,firstResponseAt,resolvedAt,status,channel,csat,contactCount'];
  for (const r of rows) {
    if (r.damage === 'blank') lines.push('');
    const created = r.damage === 'time' ? 'not a time' : iso(r.created);
    const cells = [
      created,
      r.response === undefined ? '' : iso(r.created + r.response),
      r.resolution === undefined ? '' : iso(r.created + r.resolution),
      r.status,
      r.channel,
      r.csat,
      r.contacts,
    ].map(cell);
    if (r.damage === 'width') cells.push('extra');
    lines.push(cells.join(','));
  }
  return lines.join(eol) + eol;
}

describe('--workers', () => {
  it('gives the report one reader gives, for any file and any number of parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 40 }),
        fc.boolean(),
        fc.constantFrom<readonly string[]>([], ['--period', 'month'], ['--by', 'channel'], ['--period', 'week', '--by', 'channel']),
        async (rows, crlf, grouping) => {
          const path = write(csvOf(rows, crlf));
          for (const policy of ['exclude', 'fail']) {
            const extra = [...grouping, '--on-invalid', policy];
            const one = await runWith(1, path, extra);
            for (const n of [2, 3, 5]) {
              const many = await runWith(n, path, extra);
              expect(many.code).toBe(one.code);
              expect(many.stderr).toBe(one.stderr);
              expect(many.stdout).toBe(one.stdout);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('splits quoted line breaks, CRLF and a BOM exactly (the fixtures, in 1 to 7 parts)', async () => {
    for (const name of ['tickets.csv', 'quoted.csv', 'tickets-bom-crlf.csv', 'wrong-width.csv']) {
      const one = await runWith(1, fixture(name), ['--on-invalid', 'exclude']);
      for (let n = 2; n <= 7; n++) expect(await runWith(n, fixture(name), ['--on-invalid', 'exclude'])).toEqual(one);
    }
  });

  it('broken quoting in a part: the file is read again by one reader, for the error at its exact line', async () => {
    // Line 5 holds a quote inside an unquoted field (lines 1–4 are fine).
    const path = write('createdAt,status\n2024-01-01T00:00:00Z,solved\n2024-01-02T00:00:00Z,open\n2024-01-03T00:00:00Z,solved\n2024-01-04T00:00:00Z,so"lved\n');
    const one = await runWith(1, path);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('line 5');
    for (let n = 2; n <= 4; n++) expect(await runWith(n, path)).toEqual(one);
  });

  it('--workers must be an integer from 1 to 64', async () => {
    for (const bad of ['0', '65', '1.5', 'two', '-1']) {
      const r = await cli(['report', fixture('tickets.csv'), '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--workers must be an integer from 1 to 64, got "${bad}"`);
    }
  });

  it('real worker threads (the command bundled, as dist/cli.js is built) give the same report', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const { bin, remove } = await bundledBin('workers');
    try {
      // 40,000 rows (about 5.6 MB, over the 4 MiB below which a file is read by one reader).
      const csv = join(dir, 'big.csv');
      const made = spawnSync(process.execPath, [join(root, 'scripts/make-cli-csv.mjs'), csv, '40000'], { encoding: 'utf8' });
      expect(made.status).toBe(0);
      const runs = [1, 2, 3].map((n) =>
        spawnSync(process.execPath, [bin, 'report', csv, '--format', 'json', '--on-invalid', 'exclude', '--workers', String(n)], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        }),
      );
      for (const r of runs) expect(r.status).toBe(0);
      expect((JSON.parse(runs[0]?.stdout ?? '') as { records: number }).records).toBe(40_000);
      expect(runs[1]?.stdout).toBe(runs[0]?.stdout);
      expect(runs[2]?.stdout).toBe(runs[0]?.stdout);
      expect(runs[1]?.stderr).toBe(runs[0]?.stderr);
    } finally {
      remove();
    }
  }, 120_000);
});
