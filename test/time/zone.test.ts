import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CYCLE_MS, MAX_CACHED_ZONES, PERIODIC_FROM_MS, SCAN_FROM_MS, SCAN_TO_MS, ZoneOffsets, isTimeZone } from '../../src/time/zone.js';

const MIN = 60_000;
const H = 3_600_000;
const DAY = 86_400_000;

/** The offset in ms as the runtime's Intl writes it (`GMT+0:53:28`), read independently of zone.ts. */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlOffsetMs(timeZone: string, t: number): number {
  let format = formats.get(timeZone);
  if (format === undefined) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name)!;
  if (m[1] === undefined) return 0;
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -ms : ms;
}

/**
 * @date-fns/tz's `tzOffset` in minutes, with its one known slip: an offset between −1 h and 0
 * (`GMT-00:16:08`, Africa/Abidjan's local mean time) comes out positive, since it reads the sign
 * from the hours (`-00` = 0). There the test compares with the runtime's text itself.
 */
function referenceMinutes(timeZone: string, t: number): number {
  const fromLibrary = tzOffset(timeZone, new Date(t));
  const fromIntl = intlOffsetMs(timeZone, t) / MIN;
  return fromIntl < 0 && fromIntl > -60 ? fromIntl : fromLibrary;
}

const ZONES = Intl.supportedValuesOf('timeZone');
const SOME_ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Africa/Casablanca',
  'Pacific/Apia',
  'Africa/Abidjan',
  'Asia/Manila',
  'UTC',
] as const;

describe('ZoneOffsets: worked examples', () => {
  it('finds each change of offset to the millisecond (Europe/Berlin, 2024)', () => {
    const z = new ZoneOffsets('Europe/Berlin');
    // EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
    const spring = Date.UTC(2024, 2, 31, 1);
    const fall = Date.UTC(2024, 9, 27, 1);
    expect([z.offsetAt(spring - 1), z.offsetAt(spring), z.offsetAt(fall - 1), z.offsetAt(fall)]).toEqual([60, 120, 120, 60]);
    expect(z.offsetMsAt(spring)).toBe(2 * H);
  });

  it('keeps the seconds of local mean time (Berlin +00:53:28 until 1893-04-01)', () => {
    const z = new ZoneOffsets('Europe/Berlin');
    // 53 min 28 s = 3,208,000 ms; the change to CET (+1 h) at 1893-04-01 00:00 local mean time = 1893-03-31T23:06:32Z.
    expect(z.offsetMsAt(Date.UTC(1890, 0, 1))).toBe(3_208_000);
    const change = Date.UTC(1893, 2, 31, 23, 6, 32);
    expect([z.offsetMsAt(change - 1), z.offsetMsAt(change)]).toEqual([3_208_000, H]);
    // Before 1800 nothing changes: year −5000 has the same offset.
    expect(z.offsetMsAt(-220_000_000_000_000)).toBe(3_208_000);
  });

  it('repeats every 400 Gregorian years from 2100 on (2024 + 400 k has the same changes shifted by k cycles)', () => {
    const z = new ZoneOffsets('America/New_York');
    // US rule: second Sunday of March and first Sunday of November, 02:00 local. 2424, 2824 and
    // 9624 fall on the same weekdays as 2024 (400 years = 146,097 days = 20,871 weeks): Mar 10 and Nov 3.
    for (const k of [1, 2, 19, 600]) {
      const spring = Date.UTC(2024, 2, 10, 7) + k * CYCLE_MS;
      const fall = Date.UTC(2024, 10, 3, 6) + k * CYCLE_MS;
      expect([z.offsetAt(spring - 1), z.offsetAt(spring), z.offsetAt(fall - 1), z.offsetAt(fall)], String(k)).toEqual([-300, -240, -240, -300]);
    }
    expect(CYCLE_MS).toBe(146_097 * DAY);
  });

  it('reads wall times: a gap moves forward, a repeated time takes the earlier instant', () => {
    const z = new ZoneOffsets('Europe/Berlin');
    expect(z.utcOfWall(Date.UTC(2024, 2, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30)); // 02:30 does not exist: 03:30 CEST
    expect(z.utcOfWall(Date.UTC(2024, 9, 27, 2, 30))).toBe(Date.UTC(2024, 9, 27, 0, 30)); // 02:30 CEST, not CET
    expect(z.utcOfWall(Date.UTC(2024, 6, 1, 12))).toBe(Date.UTC(2024, 6, 1, 10));
  });

  it('takes fixed offsets (UTC, ±HH:mm, ±HHmm, ±HH) without the runtime', () => {
    expect(new ZoneOffsets('+05:30').offsetAt(0)).toBe(330);
    expect(new ZoneOffsets('-0800').offsetAt(1e15)).toBe(-480);
    expect(new ZoneOffsets('+05').utcOfWall(Date.UTC(2024, 0, 1, 5))).toBe(Date.UTC(2024, 0, 1));
    expect(new ZoneOffsets('UTC').fixed).toBe(true);
    for (const zone of ['+05:30', '-08:00', '+0530', '-03', 'UTC', 'Etc/UTC', 'GMT', 'Europe/Berlin', 'europe/berlin', 'Etc/GMT+5']) {
      expect(isTimeZone(zone), zone).toBe(true);
    }
    for (const bad of ['', 'Europe/Atlantis', '+24:00', '+05:60', 'abc+05', '05:30', '+5', 'x'.repeat(100), 5, null, {}]) {
      expect(isTimeZone(bad), typeof bad === 'string' ? bad.slice(0, 20) : typeof bad).toBe(false);
    }
  });
});

describe('ZoneOffsets: agreement with @date-fns/tz and the runtime', () => {
  it('agrees with tzOffset at random instants over the whole range of Date (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SOME_ZONES),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.integer({ min: SCAN_FROM_MS - DAY, max: SCAN_TO_MS + DAY }),
        (zone, far, near) => {
          const z = new ZoneOffsets(zone);
          expect(z.offsetAt(far)).toBe(referenceMinutes(zone, far));
          expect(z.offsetAt(near)).toBe(referenceMinutes(zone, near));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with tzOffset around every change it finds (1 ms before and at it), in zones with many changes', () => {
    for (const zone of ['Europe/Berlin', 'Australia/Lord_Howe', 'Africa/Casablanca']) {
      const z = new ZoneOffsets(zone);
      const changes = z.changesIn(SCAN_FROM_MS, SCAN_TO_MS);
      expect(changes.length).toBeGreaterThan(100);
      for (const t of changes.filter((_, i) => i % 7 === 0)) {
        expect(z.offsetAt(t - 1)).toBe(referenceMinutes(zone, t - 1));
        expect(z.offsetAt(t)).toBe(referenceMinutes(zone, t));
        expect(z.offsetAt(t)).not.toBe(z.offsetAt(t - 1));
      }
    }
  });

  it("holds for every zone of the runtime: nothing changes before 1800, and 2100 on repeats every 400 years (the table's two assumptions)", () => {
    const runs = 12;
    for (const zone of ZONES) {
      const first = intlOffsetMs(zone, SCAN_FROM_MS);
      for (let i = 0; i < runs; i++) {
        const past = SCAN_FROM_MS - 1 - ((i * 7_919_000_003_001) % (SCAN_FROM_MS + 8.64e15));
        expect(intlOffsetMs(zone, past), `${zone} ${new Date(past).toISOString()}`).toBe(first);
        const t = PERIODIC_FROM_MS + ((i * 31_234_567_891) % CYCLE_MS);
        const k = 1 + ((i * 37) % 600);
        expect(intlOffsetMs(zone, t + k * CYCLE_MS), `${zone} ${new Date(t).toISOString()} + ${k} cycles`).toBe(intlOffsetMs(zone, t));
      }
    }
  });

  it('a look-up is cheap after the first scan, and many zones in turn stay correct (bounded cache)', () => {
    const zones = ZONES.slice(0, MAX_CACHED_ZONES + 20);
    const t = Date.UTC(2024, 5, 1);
    for (const zone of zones) expect(new ZoneOffsets(zone).offsetAt(t), zone).toBe(referenceMinutes(zone, t));
    for (const zone of zones) expect(new ZoneOffsets(zone).offsetAt(t), zone).toBe(referenceMinutes(zone, t));
    const z = new ZoneOffsets('Europe/Berlin');
    z.offsetAt(t);
    let sum = 0;
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) sum += z.offsetMsAt(t + i * 60_000);
    expect(sum).toBeGreaterThan(0);
    // 100,000 look-ups; through Intl they would take ~0.1–0.3 s.
    expect(performance.now() - start).toBeLessThan(100);
  });
});

describe('the library imports no time-zone package', () => {
  it('no file of src/ imports @date-fns/tz (the runtime’s Intl is read directly)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
      }
    };
    walk(join(import.meta.dirname, '..', '..', 'src'));
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => /from '@date-fns\/tz'/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
