import { describe, expect, it } from 'vitest';
import { MIN, cli, report, tempDir } from './helpers.js';

const file = tempDir();

const HEADER = 'created_at,first_response_at,status,channel,handle_time_ms,contacts,reopened,csat';
// First responses 30, 60, 10, 20 min; handle times 1, 2, 3 min and a blank; CSAT 5, 4, blank, 2.
const ROWS = [
  '2024-05-01T09:00:00Z,2024-05-01T09:30:00Z,solved,email,60000,1,no,5',
  '2024-05-01T10:00:00Z,2024-05-01T11:00:00Z,solved,chat,120000,1,yes,4',
  '2024-05-02T09:00:00Z,2024-05-02T09:10:00Z,open,email,180000,2,no,',
  '2024-05-02T10:00:00Z,2024-05-02T10:20:00Z,solved,chat,,1,,2',
];

/** A CSV of ROWS with row `row` (1-based) replaced, if given. */
function csv(name: string, row?: number, line?: string): string {
  const rows = ROWS.map((r, i) => (i + 1 === row ? (line as string) : r));
  return file(name, `${HEADER}\n${rows.join('\n')}\n`);
}

/** ROWS[row - 1] with the cell of `column` set to `value`. */
function withCell(row: number, column: string, value: string): string {
  const cells = (ROWS[row - 1] as string).split(',');
  cells[HEADER.split(',').indexOf(column)] = value;
  return cells.join(',');
}

describe('kpi-kit report: empty cells are missing values', () => {
  it('a blank CSAT is no answer and a blank handle time no duration (never zero)', async () => {
    const r = await report([csv('valid.csv')]);
    expect(r.records).toBe(4);
    // CSAT 5, 4, 2 (row 3 blank): n = 3, satisfied (4, 5) = 2 → 2 / 3. A blank read as 0 would
    // not even be on the 1–5 scale.
    expect(r.metrics['csat'].n).toBe(3);
    expect(r.metrics['csat'].value).toBeCloseTo(2 / 3, 12);
    expect(r.source['csatAnswers']).toBe(3);
    // Handle times 1, 2, 3 min (row 4 blank): mean 2 min, n = 3 (a zero would give 1.5 min, n = 4).
    expect(r.metrics['averageHandleTime'].value).toBe(2 * MIN);
    expect(r.metrics['averageHandleTime'].n).toBe(3);
    // First responses: (30 + 60 + 10 + 20) / 4 = 30 min.
    expect(r.metrics['firstResponseTime'].value).toBe(30 * MIN);
    expect(r.excluded).toEqual({ rows: 0 });
  });

  it('a cell of spaces is empty too', async () => {
    const r = await report([csv('spaces.csv', 2, withCell(2, 'csat', '   '))]);
    // CSAT 5, 2: n = 2, one satisfied → 0.5.
    expect(r.metrics['csat'].n).toBe(2);
    expect(r.metrics['csat'].value).toBe(0.5);
  });
});

describe('kpi-kit report: cells that cannot be read', () => {
  const cases: [string, number, string, string, string][] = [
    // [what, row, column, value, message]
    ['timestamp', 3, 'created_at', 'yesterday', 'createdAt must be an ISO-8601 timestamp'],
    ['number', 2, 'csat', 'great', 'csat must be a number'],
    ['boolean', 1, 'reopened', 'maybe', 'reopened must be true/false, yes/no or 1/0'],
    // The "contacts" column is read as contactCount (a column alias): the message names the field.
    ['count', 4, 'contacts', '1.5', 'contactCount must be a non-negative integer'],
    ['duration', 2, 'handle_time_ms', '-5', 'handleTimeMs must be a non-negative number (ms)'],
    // Decimal notation only: Number() would read 0x5 as 5 (a satisfied CSAT), 0b11 as 3, 0o7 as 7.
    ['hexadecimal number', 1, 'csat', '0x5', 'csat must be a number'],
    ['binary number', 2, 'handle_time_ms', '0b11', 'handleTimeMs must be a non-negative number (ms)'],
    ['octal count', 3, 'contacts', '0o7', 'contactCount must be a non-negative integer'],
    ['Infinity', 1, 'handle_time_ms', 'Infinity', 'handleTimeMs must be a non-negative number (ms)'],
    // The cell as written, not the parsed value: 1e400 overflows to Infinity when read.
    ['overflowing number', 2, 'handle_time_ms', '1e400', 'got "1e400"'],
  ];

  for (const [what, row, column, value, message] of cases) {
    it(`an unparsable ${what}: exit 2 naming row ${row}, column ${column} and the value`, async () => {
      const r = await cli(['report', csv(`bad-${what}.csv`, row, withCell(row, column, value))]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`row ${row}, column "${column}": `);
      expect(r.stderr).toContain(value);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    });
  }

  it('with --on-invalid exclude: exit 0, the row counted and listed, the metrics of the others', async () => {
    const path = csv('bad-created.csv', 3, withCell(3, 'created_at', 'yesterday'));
    const out = await cli(['report', path, '--on-invalid', 'exclude', '--format', 'json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('1 of 4 rows left out of every metric');
    const r = JSON.parse(out.stdout) as Awaited<ReturnType<typeof report>>;
    expect(r.records).toBe(4);
    expect(r.excluded).toEqual({ rows: 1 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 3, column: 'created_at', value: 'yesterday' });
    expect(r.errors[0]?.message).toContain('createdAt must be an ISO-8601 timestamp');
    // Rows 1, 2, 4: first responses 30, 60, 20 min → 110 / 3 min; 2 of 3 resolved; 3 tickets by channel.
    expect(r.metrics['firstResponseTime'].value).toBeCloseTo((110 / 3) * MIN, 6);
    expect(r.metrics['firstResponseTime'].n).toBe(3);
    expect(r.metrics['resolutionRate']).toMatchObject({ value: 1, inquiries: 3, resolved: 3 });
    expect(r.metrics['volumeByChannel'].total).toBe(3);
    // CSAT of rows 1, 2, 4: 5, 4, 2 → 2 / 3.
    expect(r.metrics['csat'].n).toBe(3);
  });

  it('with exclude, a bad CSAT leaves its whole row out (not only the answer)', async () => {
    const r = await report([csv('bad-csat.csv', 2, withCell(2, 'csat', 'great')), '--on-invalid', 'exclude']);
    expect(r.excluded).toEqual({ rows: 1 });
    expect(r.errors[0]).toMatchObject({ row: 2, column: 'csat', value: 'great' });
    // Rows 1, 3, 4: first responses 30, 10, 20 → 20 min; CSAT 5, 2 → n 2, 1 satisfied → 0.5.
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
    expect(r.metrics['csat'].n).toBe(2);
    expect(r.metrics['csat'].value).toBe(0.5);
  });

  it('a CSAT off the scale: exit 2 naming the row; with exclude, the answer is listed', async () => {
    const path = csv('csat-7.csv', 1, withCell(1, 'csat', '7'));
    const fail = await cli(['report', path]);
    expect(fail.code).toBe(2);
    expect(fail.stderr).toContain('row 1, column "csat"');
    const r = await report([path, '--on-invalid', 'exclude']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 1, column: 'csat', value: 7 });
    expect(r.errors[0]?.message).toMatch(/^csat: /);
    // Answers left: 4, 2 → n 2, 1 satisfied.
    expect(r.metrics['csat'].n).toBe(2);
    expect(r.metrics['csat'].value).toBe(0.5);
    expect(r.source['problems']).toBe(1);
  });
});

describe('kpi-kit report: a ticket invalid for one metric', () => {
  // Row 2 answered at 09:00, an hour before it was created at 10:00.
  const path = csv('early-answer.csv', 2, withCell(2, 'first_response_at', '2024-05-01T09:00:00Z'));

  it('fails (exit 2) naming the row and the column', async () => {
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2, column "first_response_at"');
    expect(r.stderr).toContain('firstResponseTime');
  });

  it('with exclude: listed, counted under excluded.firstResponseTime, other metrics unaffected', async () => {
    const out = await cli(['report', path, '--on-invalid', 'exclude', '--format', 'json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('invalid for one metric: firstResponseTime 1');
    const r = JSON.parse(out.stdout) as Awaited<ReturnType<typeof report>>;
    expect(r.excluded).toEqual({ rows: 0, firstResponseTime: 1 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: 'first_response_at' });
    expect(r.errors[0]?.message).toMatch(/^firstResponseTime: /);
    // First responses of rows 1, 3, 4: 30, 10, 20 → 20 min.
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
    expect(r.metrics['firstResponseTime'].excluded.invalid).toBe(1);
    // Every row still counts elsewhere: 4 tickets by channel, 3 of 4 resolved.
    expect(r.metrics['volumeByChannel'].total).toBe(4);
    expect(r.metrics['resolutionRate']).toMatchObject({ value: 0.75, inquiries: 4 });
    expect(r.source['problems']).toBe(1);
  });
});

describe('kpi-kit report: JSON values of their own types', () => {
  const line = (o: Record<string, unknown>) => JSON.stringify(o);
  const typed = file(
    'typed.ndjson',
    [
      line({
        createdAt: '2024-05-01T09:00:00Z',
        firstResponseMs: 600000,
        status: 'solved',
        agent: 'ann',
        team: 'a',
        priority: 'high',
        customerId: 7,
        contactCount: 1,
        reopened: false,
        escalated: true,
        handleTimeMs: 120000,
        pausedMs: 0,
        csat: 5,
        firstContactResolved: true,
        complaint: false,
        qaPassed: true,
      }),
      line({
        createdAt: '2024-05-01T10:00:00Z',
        firstResponseMs: 1200000,
        status: 'open',
        agent: 'bob',
        team: 'b',
        priority: 'low',
        customerId: 'c8',
        contactCount: 2,
        reopened: 0,
        escalated: false,
        handleTimeMs: 240000,
        csat: 3,
        firstContactResolved: false,
        complaint: true,
        qaPassed: false,
      }),
    ].join('\n'),
  );

  it('reads numbers, booleans and strings as they are', async () => {
    const r = await report([typed]);
    expect(r.errors).toEqual([]);
    // First responses 10 and 20 min → 15 min; handle times 2 and 4 min → 3 min; 1 of 2 resolved.
    expect(r.metrics['firstResponseTime'].value).toBe(15 * MIN);
    expect(r.metrics['averageHandleTime'].value).toBe(3 * MIN);
    expect(r.metrics['resolutionRate'].value).toBe(0.5);
    // The resolved ticket was not reopened (false) → 0; CSAT 5 and 3 → 1 of 2 satisfied.
    expect(r.metrics['reopenRate'].value).toBe(0);
    expect(r.metrics['csat']).toMatchObject({ n: 2, value: 0.5 });
    // Method contact-count (mapped): the resolved ticket had 1 contact → FCR 1.
    expect(r.metrics['firstContactResolution'].value).toBe(1);
  });

  it('true/false as a binary CSAT; values of the wrong type: exit 2 naming row, column and value', async () => {
    const binary = file(
      'binary.ndjson',
      `${line({ createdAt: '2024-05-01T09:00:00Z', csat: true })}\n${line({ createdAt: '2024-05-01T10:00:00Z', csat: false })}\n`,
    );
    expect((await report([binary, '--csat-scale', 'binary'])).metrics['csat']).toMatchObject({ n: 2, value: 0.5 });
    const cases: [string, unknown, string][] = [
      ['csat', { score: 5 }, 'csat must be a number, got {"score":5}'],
      ['csat', true, 'csat must be a number, got true'],
      ['contactCount', 1.5, 'contactCount must be a non-negative integer, got 1.5'],
      ['handleTimeMs', -1, 'handleTimeMs must be a non-negative number (ms), got -1'],
      ['complaint', 'maybe', 'complaint must be true/false, yes/no or 1/0, got "maybe"'],
      // A count (of reopenings) above zero is true, as in a CSV cell; a negative one is no boolean.
      ['reopened', -1, 'reopened must be true/false, yes/no or 1/0, got -1'],
    ];
    for (const [field, value, message] of cases) {
      const path = file(`bad-${field}.ndjson`, `${line({ createdAt: '2024-05-01T09:00:00Z', [field]: value })}\n`);
      const r = await cli(['report', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`row 1, column "${field}": ${JSON.stringify(value)} — ${message}`);
    }
  });

  it('epoch milliseconds are timestamps', async () => {
    // JSON numbers in a timestamp column are epoch ms, as the library takes them.
    // 1714554000000 = 2024-05-01T09:00:00Z, answered 10 min later.
    const path = file('epoch.ndjson', `${line({ createdAt: 1714554000000, firstResponseAt: 1714554600000 })}\n`);
    const r = await report([path]);
    expect(r.metrics['firstResponseTime'].value).toBe(10 * MIN);
  });
});

describe('kpi-kit report: numbers in decimal notation', () => {
  it('reads signs, points and exponents, with spaces around: "+6e4" and " 1.2e5 " ms', async () => {
    // Handle times 60,000 (written +6e4), 120,000 (written " 1.2e5 "), 180,000 ms: mean 120,000 ms.
    const path = csv('decimal.csv', 1, withCell(1, 'handle_time_ms', '+6e4'));
    const text = (await import('node:fs')).readFileSync(path, 'utf8').replace(',120000,', ', 1.2e5 ,');
    const r = await report([file('decimal-spaces.csv', text)]);
    expect(r.metrics['averageHandleTime'].value).toBe(120_000);
  });
});
