/**
 * `TimestampReader.parseAscii` (a timestamp read from the bytes of a CSV cell) against `parse` of
 * the same text: for texts near the common forms — every part in and out of range, other
 * separators, a zone or not, non-ASCII and non-digit bytes anywhere — it gives `parse`'s instant,
 * or NaN (then the caller reads the text with `parse`). And it does read the common forms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampReader } from '../../src/time/timestamp.js';

const pad = (v: number, width = 2): string => String(v).padStart(width, '0');
const near = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    // Mostly real days; now and then one past the month's end (to 99).
    d: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }) }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 61 }),
    ms: fc.integer({ min: 0, max: 999 }),
    sep: fc.constantFrom('T', ' ', 't', '_'),
    fraction: fc.constantFrom('', '.', ','),
    zone: fc.constantFrom('', 'Z', 'z', '+02:00'),
    date: fc.boolean(),
  })
  .map(({ y, mo, d, h, mi, s, ms, sep, fraction, zone, date }) => {
    const day = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
    if (date) return day;
    return `${day}${sep}${pad(h)}:${pad(mi)}:${pad(s)}${fraction === '' ? '' : `${fraction}${pad(ms, 3)}`}${zone}`;
  });
/** A text with one character replaced (a digit, a separator, a multi-byte character, a space). */
const damaged = fc.tuple(near, fc.nat(), fc.constantFrom('0', '9', '-', ':', 'é', '見', ' ', 'Z', '.', '/')).map(([text, at, ch]) => {
  const i = at % text.length;
  return text.slice(0, i) + ch + text.slice(i + 1);
});

describe('TimestampReader.parseAscii', () => {
  it("gives parse's instant or NaN, for texts near the common forms (UTC and a DST zone)", () => {
    let read = 0;
    // One reader per zone for every draw: what it keeps of the texts before (the last day read) must
    // not change what it reads.
    const readers = new Map(['UTC', 'Europe/Berlin'].map((zone) => [zone, new TimestampReader(zone)]));
    fc.assert(
      fc.property(fc.oneof(near, damaged), fc.constantFrom('UTC', 'Europe/Berlin'), fc.nat({ max: 3 }), (text, zone, offset) => {
        const reader = readers.get(zone) as TimestampReader;
        const bytes = Buffer.concat([Buffer.alloc(offset, 0x2c), Buffer.from(text, 'utf8'), Buffer.from(',')]);
        const fromBytes = reader.parseAscii(bytes, offset, bytes.length - 1);
        if (fromBytes === fromBytes) {
          read++;
          expect(fromBytes).toBe(reader.parse(text));
        }
      }),
      { numRuns: 3000 },
    );
    // Most draws are of a common form (else the property says little).
    expect(read).toBeGreaterThan(600);
  });

  it('reads the common forms itself (hand-checked instants)', () => {
    const utc = new TimestampReader('UTC');
    const read = (text: string, reader = utc): number => {
      const bytes = Buffer.from(text);
      return reader.parseAscii(bytes, 0, bytes.length);
    };
    // 2024-03-01 is day 19,783 after 1970-01-01 (Date.UTC(2024, 2, 1) / 86,400,000).
    const day = 19_783 * 86_400_000;
    expect(read('2024-03-01T10:00:00Z')).toBe(day + 10 * 3_600_000);
    expect(read('2024-03-01 10:00:00.250')).toBe(day + 10 * 3_600_000 + 250);
    expect(read('2024-03-01')).toBe(day);
    // Berlin is UTC+1 on March 1: 10:00 there is 09:00 UTC.
    expect(read('2024-03-01 10:00:00', new TimestampReader('Europe/Berlin'))).toBe(day + 9 * 3_600_000);
    // The same date again (its day reused), then another.
    expect(read('2024-03-01T23:59:59.999Z')).toBe(day + 86_400_000 - 1);
    expect(read('2024-03-02T00:00:00Z')).toBe(day + 86_400_000);
    expect(read('2024-02-30T00:00:00Z')).toBeNaN();
    // Day 40 of March is no day, whatever was read before (2024-04-08 first).
    expect(read('2024-04-08T00:00:00Z')).toBe(day + 38 * 86_400_000);
    expect(read('2024-03-40T00:00:00Z')).toBeNaN();
    expect(read('2024-03-01T10:00:00+02:00')).toBeNaN();
  });
});
