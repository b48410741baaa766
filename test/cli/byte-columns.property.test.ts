/**
 * The report's reading of CSV cells from bytes (./src/cli/byte-columns.ts and
 * `ReportBuilder.addBytes`) against its reading of the same cells as strings (`addBatch`, the
 * string scanner's rows): over random rows of every kind of cell — valid, invalid, empty, padded,
 * quoted with doubled quotes, non-ASCII — and random rows of another width, both give the same
 * report (figures, excluded rows, errors in order), or stop at the same row with the same error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ByteBatch, ByteColumnReader, cellText } from '../../src/cli/byte-columns.js';
import { CellError, resolveColumns } from '../../src/cli/columns.js';
import type { RecordBatch } from '../../src/cli/input.js';
import { ReportBuilder, type ReportSettings, RowError, specsRead } from '../../src/cli/report.js';
import { TimestampReader } from '../../src/time/timestamp.js';

const HEADER = [
  'id',
  'createdAt',
  'firstResponseAt',
  'resolvedAt',
  'status',
  'channel',
  'topic',
  'agent',
  'handleTimeMs',
  'customerId',
  'contactCount',
  'reopened',
  'csat',
  'complaint',
] as const;

/** Mostly valid (1 in 8 of each part out of its range), so that most rows reach the metrics. */
const part = (min: number, max: number, over: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 7, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, over, max + 1) });
const stamp = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        y: fc.integer({ min: 1999, max: 2031 }),
        mo: part(1, 12, 13),
        d: part(1, 28, 31),
        h: part(0, 23, 24),
        mi: part(0, 59, 60),
        s: part(0, 59, 60),
        ms: fc.integer({ min: 0, max: 999 }),
        form: fc.constantFrom('Z', '', 'msZ', 'ms', 'date', 'space', 'offset', 't'),
      })
      .map(({ y, mo, d, h, mi, s, ms, form }) => {
        const p = (v: number, w = 2): string => String(v).padStart(w, '0');
        const date = `${y}-${p(mo)}-${p(d)}`;
        const time = `${p(h)}:${p(mi)}:${p(s)}`;
        switch (form) {
          case 'Z':
            return `${date}T${time}Z`;
          case 'msZ':
            return `${date}T${time}.${p(ms, 3)}Z`;
          case 'ms':
            return `${date} ${time}.${p(ms, 3)}`;
          case 'date':
            return date;
          case 'space':
            return `${date} ${time}`;
          case 't':
            return `${date}t${time}z`;
          default:
            return form === 'offset' ? `${date}T${time}+05:30` : `${date}T${time}`;
        }
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' 2024-03-01T10:00:00Z',
      '2024-03-01T10:00:00Z ',
      '2024-03-01T10:00:00é',
      '2024-03-01T10:00:00\u00a0',
      'soon',
      '2024-3-1',
      '1709287200000',
    ),
  },
);
const number = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 10_000_000 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '0', '007', '1e3', '-1', '0x10', ' 5', '5 ', '1.5', '999999999999999', '9999999999999999', 'Infinity', 'n/a', '٣'),
  },
);
const label = fc.oneof(
  fc.constantFrom('', 'chat', 'email', 'Solved', 'Open', 'closed', ' chat', 'chat ', 'Billing, refunds', 'say "hi"', 'café', '見積', '\u00a0x', 'N/A'),
  fc.string({ maxLength: 5 }),
);
const flag = fc.constantFrom('', 'true', 'false', 'TRUE', 'yes', 'no', '0', '1', '2', 'maybe', ' true');
const answer = fc.constantFrom('', '', '', '1', '3', '5', '0', '6', '4.5', 'x', ' 4', 'good');
const CELLS: Record<(typeof HEADER)[number], fc.Arbitrary<string>> = {
  id: label,
  createdAt: stamp,
  firstResponseAt: stamp,
  resolvedAt: stamp,
  status: label,
  channel: label,
  topic: label,
  agent: label,
  handleTimeMs: number,
  customerId: label,
  contactCount: number,
  reopened: flag,
  csat: answer,
  complaint: flag,
};
const row = fc.tuple(...HEADER.map((h) => CELLS[h]));
/** A row of another width (its cells as the scanner gives such a row). */
const odd = fc.array(fc.string({ maxLength: 4 }), { maxLength: 20 }).filter((cells) => cells.length !== HEADER.length);

/**
 * Rows laid out as a byte batch: each read cell's bytes (quoted ones with `""` for a quote, the
 * offsets between the quotes), with random bytes between cells; and the same rows as the string
 * scanner gives them (the cells not read `''`).
 */
function batches(
  rows: readonly (readonly string[] | { odd: readonly string[] })[],
  columns: readonly number[],
  quote: readonly boolean[],
  size: number,
  firstRow: number,
) {
  const out: { bytes: ByteBatch; strings: RecordBatch }[] = [];
  for (let b = 0; b < rows.length; b += size) {
    const part = rows.slice(b, b + size);
    const k = columns.length;
    const starts = new Int32Array(part.length * k);
    const ends = new Int32Array(part.length * k);
    const escaped = new Uint8Array(part.length * k);
    const chunks: Buffer[] = [];
    let at = 0;
    const oddRows = new Map<number, readonly string[]>();
    const values: unknown[] = [];
    const problems = new Map<number, string>();
    part.forEach((r, i) => {
      if (!Array.isArray(r)) {
        const cells = (r as { odd: readonly string[] }).odd;
        oddRows.set(i, cells);
        values.push(cells);
        problems.set(i, `has ${cells.length} fields, the header has ${HEADER.length}`);
        return;
      }
      const cells = r as readonly string[];
      const given = new Array<string>(HEADER.length).fill('');
      columns.forEach((c, j) => {
        const text = cells[c] as string;
        given[c] = text;
        const quoted = text.includes('"') || (quote[(i * k + j) % quote.length] ?? false);
        const raw = Buffer.from(quoted ? text.replaceAll('"', '""') : text, 'utf8');
        chunks.push(Buffer.from(quoted ? '"' : ','));
        at += 1;
        starts[i * k + j] = at;
        chunks.push(raw);
        at += raw.length;
        ends[i * k + j] = at;
        if (quoted && text.includes('"')) escaped[i * k + j] = 1;
      });
      values.push(given);
    });
    chunks.push(Buffer.from('\n'));
    const bytes: ByteBatch = {
      kind: 'bytes',
      bytes: Buffer.concat(chunks),
      length: part.length,
      firstRow: firstRow + b,
      columns,
      starts,
      ends,
      escaped: escaped.includes(1) ? escaped : null,
      odd: oddRows.size > 0 ? oddRows : null,
    };
    out.push({ bytes, strings: { firstRow: firstRow + b, rows: null, values, problems: problems.size > 0 ? problems : null } });
  }
  return out;
}

/** The report, or the error that stopped it. */
function outcome(read: (b: ReportBuilder) => void, make: () => ReportBuilder): unknown {
  const builder = make();
  try {
    read(builder);
  } catch (e) {
    if (!(e instanceof RowError)) throw e;
    return { stopped: e.error };
  }
  return builder.finish({});
}

describe('ReportBuilder: byte batches read as the same cells as strings', () => {
  it('the same report, or the same stop, for random rows, selections, batch sizes and settings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 12, arbitrary: row }, { weight: 1, arbitrary: odd.map((cells) => ({ odd: cells })) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom<'exclude' | 'fail'>('exclude', 'fail'),
        fc.constantFrom('UTC', 'America/New_York'),
        fc.constantFrom<Partial<ReportSettings>>({}, { by: 'channel' }, { period: 'month' }, { period: 'day', by: 'status' }, { asOf: Date.UTC(2024, 5, 1) }),
        (rows, quote, size, onInvalid, timeZone, grouping) => {
          const mapping = resolveColumns(HEADER, { map: [], unit: [] }, true);
          const settings: ReportSettings = {
            timeZone,
            csatScale: mapping.csatScale,
            resolvedStatuses: mapping.resolvedStatuses,
            percentiles: [0.5, 0.9],
            top: 5,
            onInvalid,
            ...grouping,
          };
          const specs = specsRead(mapping.specs, settings, false);
          const names = new Set(specs.map((s) => s.column));
          const columns = HEADER.flatMap((h, i) => (names.has(h) ? [i] : []));
          const parts = batches(rows, columns, quote, size, 1);
          const make = (): ReportBuilder => new ReportBuilder(specs, settings, HEADER);
          const byBytes = outcome((b) => {
            for (const p of parts) b.addBytes(p.bytes);
          }, make);
          const byStrings = outcome((b) => {
            for (const p of parts) b.addBatch(p.strings);
          }, make);
          expect(byBytes).toEqual(byStrings);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads each kind of cell as the string converter reads its text (hand-checked cells)', () => {
    const reader = new TimestampReader('UTC');
    const spec = { field: 'createdAt', kind: 'timestamp', column: 'created', factor: 1, missing: new Set<string>(), binary: false } as const;
    const text = ['2024-03-01T10:00:00Z', '2024-03-01 10:00:00.250', '2024-02-30T00:00:00Z', '', '""q""'];
    const bytes = Buffer.from(text.join(''));
    const starts = new Int32Array(text.length);
    const ends = new Int32Array(text.length);
    let at = 0;
    text.forEach((t, i) => {
      starts[i] = at;
      at += Buffer.byteLength(t);
      ends[i] = at;
    });
    const cells = { bytes, length: text.length, columns: [0], starts, ends, escaped: Uint8Array.of(0, 0, 0, 0, 1) };
    const errors: (CellError | undefined)[] = [];
    const column = new ByteColumnReader(spec, reader).read(cells, 0, new Uint8Array(text.length), errors);
    // 2024-03-01 is day 19783 of the epoch (Date.UTC(2024, 2, 1) / 86 400 000); 10:00 is 36 000 000 ms.
    expect(Array.from(column as Float64Array)).toEqual([19_783 * 86_400_000 + 36_000_000, 19_783 * 86_400_000 + 36_000_250, NaN, NaN, NaN]);
    const rule = 'createdAt must be an ISO-8601 timestamp like "2024-10-29 22:00:00" or "2024-10-29T22:00:00Z"';
    expect(Object.keys(errors)).toEqual(['2', '4']);
    expect(errors[2]?.message).toBe(`${rule}, got "2024-02-30T00:00:00Z"`);
    // The quoted cell """q""": its bytes between the quotes are ""q"", its text "q".
    expect(cellText(cells, 4)).toBe('"q"');
    expect(errors[4]?.message).toBe(`${rule}, got ""q""`);
    expect(errors[2]).toBeInstanceOf(CellError);
  });

  it('codes many labels (the byte table grown, then bounded), and reads them as values past the dictionary bound', () => {
    const reader = new TimestampReader('UTC');
    const spec = { field: 'agent', kind: 'label', column: 'agent', factor: 1, missing: new Set<string>(), binary: false } as const;
    const labels = new ByteColumnReader(spec, reader);
    /** Batch b: 40,000 labels, the first half met before (batch 0 has l0–l39999; batch 1 l20000–l59999, ...). */
    const batch = (b: number) => {
      const text = Array.from({ length: 40_000 }, (_, i) => `l${b * 20_000 + i}`);
      const starts = new Int32Array(text.length);
      const ends = new Int32Array(text.length);
      let at = 0;
      text.forEach((t, i) => {
        starts[i] = at;
        at += t.length;
        ends[i] = at;
      });
      return { text, cells: { bytes: Buffer.from(text.join('')), length: text.length, columns: [0], starts, ends, escaped: null } };
    };
    const layouts: string[] = [];
    for (let b = 0; b < 4; b++) {
      const { text, cells } = batch(b);
      const errors: (CellError | undefined)[] = [];
      const column = labels.read(cells, 0, new Uint8Array(text.length), errors);
      const values = Array.isArray(column)
        ? column
        : Array.from((column as { codes: Int32Array }).codes, (c) => (column as { dictionary: readonly unknown[] }).dictionary[c]);
      layouts.push(Array.isArray(column) ? 'values' : 'codes');
      expect(values).toEqual(text);
      expect(errors).toEqual([]);
    }
    // 40,000 + 20,000 + 20,000 values by batch 2: past 65,536 during it, that batch and the next as values.
    expect(layouts).toEqual(['codes', 'codes', 'values', 'values']);
  });
});
