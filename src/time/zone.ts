/**
 * Time-zone offsets, fast, from the runtime's own IANA data (`Intl.DateTimeFormat`), with no
 * dependency: a zone's changes of UTC offset are found lazily, a few years at a time, and kept in a
 * table that later look-ups binary-search without allocating (a few ns a look-up, against ~1 µs for
 * a call of `Intl`).
 *
 * The table of a zone covers 1800–2500 and is extended by two facts of the IANA data as runtimes
 * ship it (checked for every zone by the tests): no zone changes its offset before 1800 (the first
 * change of any zone is in 1844), and from 2100 on every zone follows yearly rules, which repeat
 * every 400 Gregorian years (146,097 days, a whole number of weeks). So an instant before 1800 has
 * the zone's 1800 offset (its local mean time), and an instant after 2500 the offset of the instant
 * a whole number of 400-year cycles earlier. Offsets are exact to the millisecond (local mean times
 * like Europe/Berlin's +00:53:28 keep their seconds).
 *
 * The runtime's formatters and the tables are kept in a module-level cache of at most
 * {@link MAX_CACHED_ZONES} zones (it changes no result, only how fast the next one comes).
 *
 * @module
 */

const DAY_MS = 86_400_000;
/** 400 Gregorian years (146,097 days = 20,871 weeks) in ms. */
export const CYCLE_MS = 146_097 * DAY_MS;
/** Before this instant (1800-01-01) no zone changes its offset. */
export const SCAN_FROM_MS = -5_364_662_400_000;
/** From this instant (2100-01-01) every zone's offsets repeat every {@link CYCLE_MS}. */
export const PERIODIC_FROM_MS = 4_102_444_800_000;
/** The end of the scanned range (2500-01-01): one cycle after {@link PERIODIC_FROM_MS}. */
export const SCAN_TO_MS = PERIODIC_FROM_MS + CYCLE_MS;
/** The step at which a scan samples the offset: changes closer together than this could be missed. */
const STEP_MS = 7 * DAY_MS;
/** 52 weeks, and a little more than a year (53 weeks), in ms. */
const WEEKS_52_MS = 364 * DAY_MS;
const YEAR_SPAN_MS = 371 * DAY_MS;
/** How often a predicted stretch without change is checked. */
const CHECK_MS = 56 * DAY_MS;
/** The span a scan covers at a time, around the instant asked for. */
const CHUNK_MS = 3 * 365 * DAY_MS;
/** The grids a change of offset is first looked for on (whole hours, minutes, seconds), then ms. */
const GRIDS = [3_600_000, 60_000, 1000] as const;
/** The most zones whose formatter and table are kept. */
export const MAX_CACHED_ZONES = 64;

/** `+05:30`, `-0800`, `+05`: a fixed UTC offset (hours 00–23, minutes 00–59). */
const FIXED_OFFSET = /^([+-])([01]\d|2[0-3])(?::?([0-5]\d))?$/;

/** The offset in ms of a fixed-offset zone name (`UTC`, `+05:30`), or NaN for any other name. @internal */
export function fixedOffsetMs(timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT') return 0;
  const m = FIXED_OFFSET.exec(timeZone);
  if (m === null) return NaN;
  const ms = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
  return m[1] === '-' ? -ms : ms;
}

/** Offset texts (`+1`, `-3:30`, `+0:53:28`, `` for GMT) already read, in ms. */
const offsetTexts = new Map<string, number>();

/** The ms of the offset text after `GMT` in a `shortOffset` date string. */
function parseOffsetText(text: string): number {
  let ms = offsetTexts.get(text);
  if (ms === undefined) {
    const m = /^([+-])(\d\d?)(?::(\d\d))?(?::(\d\d))?$/.exec(text);
    if (text === '') ms = 0;
    // Not a form the runtime writes; read as UTC rather than loop on NaN.
    else if (m === null) ms = 0;
    else {
      ms = ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
      if (m[1] === '-') ms = -ms;
    }
    if (offsetTexts.size < 1024) offsetTexts.set(text, ms);
  }
  return ms;
}

/**
 * The offsets of one IANA zone as far as scanned: intervals of constant offset, with the scanned
 * range [from, to) inside [SCAN_FROM_MS, SCAN_TO_MS). Shared by every {@link ZoneOffsets} of the zone.
 */
class ZoneTable {
  /** Starts (UTC ms) of the intervals of constant offset found so far, ascending; starts[0] = from. */
  starts: number[] = [];
  /** Offsets (ms) of those intervals. */
  offsets: number[] = [];
  from = 0;
  to = 0;

  constructor(private readonly format: (date: number) => string) {}

  /** The offset in ms at `utcMs`, straight from the runtime. */
  read(utcMs: number): number {
    const s = this.format(utcMs);
    return parseOffsetText(s.slice(s.lastIndexOf('GMT') + 3));
  }

  /** Makes the scanned range hold `utcMs` (within [SCAN_FROM_MS, SCAN_TO_MS)). */
  cover(utcMs: number): void {
    if (this.starts.length === 0) {
      const from = Math.max(SCAN_FROM_MS, utcMs - CHUNK_MS / 3);
      const to = Math.min(SCAN_TO_MS, from + CHUNK_MS);
      this.starts.push(from);
      this.offsets.push(this.read(from));
      this.scan(from, to, this.starts, this.offsets);
      this.from = from;
      this.to = to;
    } else if (utcMs < this.from) {
      const from = Math.max(SCAN_FROM_MS, Math.min(utcMs, this.from - CHUNK_MS));
      const starts = [from];
      const offsets = [this.read(from)];
      this.scan(from, this.from, starts, offsets);
      // The old table starts with the offset at the old `from`: keep that start only if it changes.
      let i = 0;
      if (offsets[offsets.length - 1] === this.offsets[0]) i = 1;
      for (; i < this.starts.length; i++) {
        starts.push(this.starts[i] as number);
        offsets.push(this.offsets[i] as number);
      }
      this.starts = starts;
      this.offsets = offsets;
      this.from = from;
    } else if (utcMs >= this.to) {
      const to = Math.min(SCAN_TO_MS, Math.max(utcMs + DAY_MS, this.to + CHUNK_MS));
      this.scan(this.to, to, this.starts, this.offsets);
      this.to = to;
    }
  }

  /**
   * Appends the changes of offset in (from, to] to `starts`/`offsets`, whose last offset is the
   * offset at `from`: samples every STEP_MS, and finds each change to the ms.
   */
  private scan(from: number, to: number, starts: number[], offsets: number[]): void {
    let t0 = from;
    let v0 = offsets[offsets.length - 1] as number;
    while (t0 < to) {
      if (t0 >= PERIODIC_FROM_MS + YEAR_SPAN_MS) {
        const next = this.predict(t0, v0, to, starts, offsets);
        if (next > t0) {
          v0 = offsets[offsets.length - 1] as number;
          t0 = next;
          continue;
        }
      }
      const t1 = Math.min(t0 + STEP_MS, to);
      const v1 = this.read(t1);
      while (v1 !== v0) {
        const at = this.firstChange(t0, v0, t1);
        v0 = this.read(at);
        starts.push(at);
        offsets.push(v0);
        t0 = at;
      }
      t0 = t1;
      v0 = v1;
    }
  }

  /**
   * In the era of yearly rules: the changes of a year before, moved by 52 or 53 weeks (rules name a
   * weekday of a month), checked to the ms, and the stretch up to the next one checked every
   * CHECK_MS. Returns the instant up to which the offsets are known (after appending the change found
   * there, if any), or t0 when the prediction fails (then the caller samples).
   */
  private predict(t0: number, v0: number, to: number, starts: number[], offsets: number[]): number {
    if ((starts[0] as number) > t0 - YEAR_SPAN_MS) return t0;
    // The first change of a year before that lands after t0 when moved by 52 weeks.
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as number) + WEEKS_52_MS > t0) i--;
    i++;
    let end = Math.min(to, t0 + WEEKS_52_MS);
    let at = NaN;
    let v = v0;
    if (i < starts.length) {
      if (offsets[i - 1] !== v0) return t0;
      const tau = starts[i] as number;
      if (tau + WEEKS_52_MS <= to) {
        v = offsets[i] as number;
        for (const shift of [WEEKS_52_MS, YEAR_SPAN_MS]) {
          const c = tau + shift;
          if (c <= to && this.read(c - 1) === v0 && this.read(c) === v) {
            at = c;
            break;
          }
        }
        if (at !== at) return t0;
        end = at - 1;
      }
    }
    if (at !== at && this.read(end) !== v0) return t0;
    for (let t = t0 + CHECK_MS; t < end; t += CHECK_MS) if (this.read(t) !== v0) return t0;
    if (at !== at) return end;
    starts.push(at);
    offsets.push(v);
    return at;
  }

  /**
   * The first instant in (lo, hi] whose offset is not `v` (the offset at lo), given that hi's is not:
   * by bisection on whole hours first, then minutes, seconds and ms (zones change on whole hours or
   * minutes almost always, so this takes about a dozen reads).
   */
  private firstChange(lo: number, v: number, hi: number): number {
    for (const g of GRIDS) {
      for (;;) {
        const kLo = Math.floor(lo / g) + 1;
        const kHi = Math.ceil(hi / g) - 1;
        if (kLo > kHi) break;
        const k = Math.min(kHi, Math.max(kLo, Math.round((lo + hi) / 2 / g)));
        if (this.read(k * g) === v) lo = k * g;
        else hi = k * g;
      }
      if (hi % g === 0 && hi - 1 > lo) {
        if (this.read(hi - 1) === v) return hi;
        hi -= 1;
      }
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.read(mid) === v) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

/** The formatters and tables of the zones used lately (insertion order: the oldest first). */
const tables = new Map<string, ZoneTable>();

/** The shared table of an IANA zone, or null when the runtime does not know the zone. */
function tableOf(timeZone: string): ZoneTable | null {
  let table = tables.get(timeZone);
  if (table === undefined) {
    let format: Intl.DateTimeFormat;
    try {
      // The year and the short offset ("2024, GMT+1"): the fastest form that names the offset.
      format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', timeZoneName: 'shortOffset' });
    } catch {
      return null;
    }
    // `format` is a getter giving a function bound to the formatter (ECMA-402): fetched once.
    const f = format.format.bind(format);
    table = new ZoneTable(f);
    if (!format.format(0).includes('GMT')) return null;
    if (tables.size >= MAX_CACHED_ZONES) tables.delete(tables.keys().next().value as string);
    tables.set(timeZone, table);
  }
  return table;
}

/** Whether `timeZone` is an IANA zone name the runtime knows, or a UTC offset like `+05:30`. */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '' || timeZone.length > 64) return false;
  return fixedOffsetMs(timeZone) === fixedOffsetMs(timeZone) || tableOf(timeZone) !== null;
}

/**
 * The offsets of one zone. `offsetAt(utcMs)` gives the offset in minutes (UTC+2 → 120) at an
 * instant and `offsetMsAt` in ms; `utcOfWall(wallMs)` converts a local wall-clock time (given as the
 * epoch ms it would have in UTC) to the instant. Wall times in a DST gap move forward by the gap
 * (02:30 on a spring-forward night in Europe/Berlin is 03:30 CEST); wall times that occur twice take
 * the earlier instant (the "compatible" rule of Temporal and of most databases).
 */
export class ZoneOffsets {
  /** Whether the offset never changes (UTC or a fixed offset like `+05:30`). */
  readonly fixed: boolean;
  /** The offset (ms) of a fixed zone. */
  private readonly fixedMs: number;
  private readonly table: ZoneTable | null;
  /** The interval hit last: [lastFrom, lastTo) has offset lastOffset (ms). */
  private lastFrom = 0;
  private lastTo = -1;
  private lastOffset = 0;
  /** The interval hit before it (`utcOfWall` reads both sides of a change in turn). */
  private prevFrom = 0;
  private prevTo = -1;
  private prevOffset = 0;

  constructor(readonly timeZone: string) {
    const fixed = fixedOffsetMs(timeZone);
    this.fixed = fixed === fixed;
    this.fixedMs = this.fixed ? fixed : 0;
    this.table = this.fixed ? null : tableOf(timeZone);
    if (!this.fixed && this.table === null) throw new RangeError(`unknown time zone ${timeZone}`);
  }

  /** The UTC offset in minutes at the instant `utcMs`. */
  offsetAt(utcMs: number): number {
    return this.offsetMsAt(utcMs) / 60_000;
  }

  /** The UTC offset in ms at the instant `utcMs`. */
  offsetMsAt(utcMs: number): number {
    if (this.fixed) return this.fixedMs;
    if (utcMs >= this.lastFrom && utcMs < this.lastTo) return this.lastOffset;
    if (utcMs >= this.prevFrom && utcMs < this.prevTo) return this.prevOffset;
    return this.lookup(utcMs);
  }

  /** The instant of a local wall-clock time given as epoch ms read as UTC (see the class doc). */
  utcOfWall(wallMs: number): number {
    if (this.fixed) return wallMs - this.fixedMs;
    // A day either side within one interval of constant offset (nearly always): that offset.
    if (wallMs - DAY_MS >= this.lastFrom && wallMs + DAY_MS < this.lastTo) return wallMs - this.lastOffset;
    const before = this.offsetMsAt(wallMs - DAY_MS);
    const after = this.offsetMsAt(wallMs + DAY_MS);
    const early = wallMs - before;
    if (before === after) return early;
    const late = wallMs - after;
    const earlyOk = early + this.offsetMsAt(early) === wallMs;
    const lateOk = late + this.offsetMsAt(late) === wallMs;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
    // In a gap: read with the offset in force before it, which lands after the gap.
    return early;
  }

  /**
   * The changes of offset at instants in [fromMs, toMs] (ascending; none for a fixed zone), scanning
   * what is not scanned yet. Only 1800 to a few days past 2500 is asked for: before 1800 there are
   * none, and those after 2500 repeat those of 400 years before (see the module doc).
   */
  changesIn(fromMs: number, toMs: number): number[] {
    const table = this.table;
    if (table === null) return [];
    const from = Math.max(fromMs, SCAN_FROM_MS);
    const to = Math.min(toMs, SCAN_TO_MS - 1);
    const out: number[] = [];
    if (from <= to) {
      table.cover(from);
      table.cover(to);
      const starts = table.starts;
      for (let i = 1; i < starts.length; i++) {
        const t = starts[i] as number;
        if (t >= from && t <= to) out.push(t);
      }
    }
    // Past 2500: the changes of the cycle's first days, a cycle later.
    if (toMs >= SCAN_TO_MS) for (const t of this.changesIn(PERIODIC_FROM_MS, toMs - CYCLE_MS)) if (t + CYCLE_MS >= fromMs) out.push(t + CYCLE_MS);
    return out;
  }

  private lookup(utcMs: number): number {
    const table = this.table as ZoneTable;
    let t = utcMs;
    // Outside the scanned range: the 1800 offset before it, the same instant of the cycle after it.
    if (t < SCAN_FROM_MS) t = SCAN_FROM_MS;
    else if (t >= SCAN_TO_MS) t = PERIODIC_FROM_MS + ((t - PERIODIC_FROM_MS) % CYCLE_MS);
    if (!(t >= table.from && t < table.to)) table.cover(t);
    const starts = table.starts;
    // The last interval starting at or before t (binary search).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    const offset = table.offsets[lo] as number;
    // Remember the interval (in real time: not when the instant was moved into the cycle).
    if (t === utcMs || utcMs < SCAN_FROM_MS) {
      this.prevFrom = this.lastFrom;
      this.prevTo = this.lastTo;
      this.prevOffset = this.lastOffset;
      this.lastFrom = lo === 0 && table.from === SCAN_FROM_MS ? -Infinity : (starts[lo] as number);
      this.lastTo = lo + 1 < starts.length ? (starts[lo + 1] as number) : table.to;
      this.lastOffset = offset;
    }
    return offset;
  }
}
