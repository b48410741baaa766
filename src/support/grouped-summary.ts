/**
 * Summaries of many groups of durations and of their union at once, without moving the durations:
 * byPeriod's periods and total. One pass counts, sums and bounds every group and builds a
 * histogram per group on the order-preserving high bits of each duration; the bins holding the
 * wanted order statistics are then copied out (a second pass) and sorted, small as they are.
 * Exact: the same order statistics, hence the same R type 7 quantiles, as a selection over each
 * group.
 *
 * @module
 */

/** The figures of one group (or of the union). @internal */
export interface GroupFigures {
  readonly n: number;
  /** Exact sum (every duration an integer, the sums below 2^53). */
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** R type 7 quantiles at `probs`, in order; `null` for an empty group. */
  readonly quantiles: readonly (number | null)[];
}

/** Most bins per group; fewer when there are many groups (the histograms stay within ~4 MB). */
const MAX_BINS = 4096;
const MAX_CELLS = 1 << 20;

/** Whether this platform stores doubles little-endian (the high word of element j at 2j + 1). */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * The figures of every group `c` < `groups` (the durations `values[j]` with `codes[j] === c`, j <
 * `n`) and of their union, or `null` when this method does not apply — a duration that is not an
 * integer, a sum beyond 2^53, a big-endian platform — and the caller selects as usual. `min` and
 * `max` are those of the union (known to the caller). Durations are ≥ 0. @internal
 */
export function groupedFigures(
  values: Float64Array,
  codes: ArrayLike<number>,
  n: number,
  groups: number,
  probs: readonly number[],
  min: number,
  max: number,
): { readonly groups: readonly GroupFigures[]; readonly union: GroupFigures } | null {
  if (!LITTLE_ENDIAN || n === 0 || !(max <= Number.MAX_SAFE_INTEGER)) return null;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // Bins: the high word of a positive double grows with it; bin 0 holds 0, bins 1.. the positive
  // durations from the smallest one up, 2^shift high-word steps each.
  let lowest = 0;
  if (min > 0) lowest = min;
  else {
    // The smallest positive duration: 1 ms is below any but a fraction, and durations are integers here.
    lowest = 1;
  }
  const low = hiWord(lowest);
  const span = hiWord(max) - low;
  const maxBins = Math.min(MAX_BINS, Math.floor(MAX_CELLS / groups));
  if (maxBins < 64) return null;
  let shift = 0;
  while (span >>> shift >= maxBins - 2) shift++;
  const bins = (span >>> shift) + 2;
  const hist = new Int32Array(groups * bins);
  const count = new Float64Array(groups);
  const sums = new Float64Array(groups);
  const mins = new Float64Array(groups).fill(Infinity);
  const maxs = new Float64Array(groups).fill(-Infinity);
  if (!histogramPass(values, words, codes, n, low, shift, bins, hist, sums, mins, maxs)) return null;
  let total = 0;
  for (let c = 0; c < groups; c++) {
    let k = 0;
    for (let b = 0; b < bins; b++) k += hist[c * bins + b] as number;
    count[c] = k;
    total += sums[c] as number;
  }
  if (!(total <= Number.MAX_SAFE_INTEGER)) return null;
  // The union's histogram as group `groups` (one more row).
  const all = new Int32Array(bins);
  for (let c = 0; c < groups; c++) for (let b = 0; b < bins; b++) all[b] = (all[b] as number) + (hist[c * bins + b] as number);

  // The ranks each group needs, the bins holding them, and a mark on those bins.
  const rows = groups + 1;
  const mark = new Uint8Array(rows * bins);
  const wanted: { row: number; lo: number; hi: number; frac: number }[] = [];
  const rowCount = (row: number): number => (row === groups ? n : (count[row] as number));
  const rowHist = (row: number, b: number): number => (row === groups ? (all[b] as number) : (hist[row * bins + b] as number));
  for (let row = 0; row < rows; row++) {
    const size = rowCount(row);
    if (size === 0) continue;
    for (const p of probs) {
      const h = (size - 1) * Math.min(Math.max(p, 0), 1);
      const lo = Math.floor(h);
      const frac = h - lo;
      const hi = frac > 0 && lo + 1 < size ? lo + 1 : lo;
      wanted.push({ row, lo, hi, frac });
      for (const rank of lo === hi ? [lo] : [lo, hi]) {
        let below = 0;
        let b = 0;
        while (below + rowHist(row, b) <= rank) below += rowHist(row, b++);
        mark[row * bins + b] = 1;
      }
    }
  }
  // Each row's marked bins, copied out in one pass, one region per row.
  const regionStart = new Float64Array(rows + 1);
  for (let row = 0; row < rows; row++) {
    let size = 0;
    for (let b = 0; b < bins; b++) if (mark[row * bins + b] === 1) size += rowHist(row, b);
    regionStart[row + 1] = (regionStart[row] as number) + size;
  }
  const picked = new Float64Array(regionStart[rows] as number);
  const at = regionStart.slice(0, rows);
  pickPass(values, words, codes, n, low, shift, bins, groups, mark, picked, at);
  for (let row = 0; row < rows; row++) picked.subarray(regionStart[row], regionStart[row + 1]).sort();
  // The order statistic of rank r in a row: its place among the row's picked (sorted) values is r
  // minus the values in the unmarked bins below r's bin.
  const statistic = (row: number, rank: number): number => {
    let below = 0;
    let skipped = 0;
    let b = 0;
    while (below + rowHist(row, b) <= rank) {
      if (mark[row * bins + b] !== 1) skipped += rowHist(row, b);
      below += rowHist(row, b++);
    }
    return picked[(regionStart[row] as number) + rank - skipped] as number;
  };
  const quantiles: (number | null)[][] = Array.from({ length: rows }, () => []);
  for (const w of wanted) {
    const xlo = statistic(w.row, w.lo);
    if (w.hi === w.lo) {
      (quantiles[w.row] as (number | null)[]).push(xlo);
      continue;
    }
    const xhi = statistic(w.row, w.hi);
    // As quantilesUnchecked interpolates (R type 7, kept within [x_lo, x_hi]).
    const q = xlo + w.frac * (xhi - xlo);
    (quantiles[w.row] as (number | null)[]).push(Math.min(Math.max(q, xlo), xhi));
  }
  const figures = (row: number): GroupFigures => {
    const size = rowCount(row);
    return {
      n: size,
      sum: row === groups ? total : (sums[row] as number),
      min: size === 0 ? Infinity : row === groups ? min : (mins[row] as number),
      max: size === 0 ? -Infinity : row === groups ? max : (maxs[row] as number),
      quantiles: size === 0 ? probs.map(() => null) : (quantiles[row] as (number | null)[]),
    };
  };
  return { groups: Array.from({ length: groups }, (_, c) => figures(c)), union: figures(groups) };
}

// The two passes over every duration, each in a function of its own: called once per byPeriod,
// they are optimised whole rather than only their loop (a loop compiled on the fly deoptimises at
// the first line after it, on every call).

/** Counts, sums and bounds per group, and the histogram; `false` when a duration is not an integer. */
function histogramPass(
  values: Float64Array,
  words: Uint32Array,
  codes: ArrayLike<number>,
  n: number,
  low: number,
  shift: number,
  bins: number,
  hist: Int32Array,
  sums: Float64Array,
  mins: Float64Array,
  maxs: Float64Array,
): boolean {
  let integral = true;
  for (let j = 0; j < n; j++) {
    const c = codes[j] as number;
    const v = values[j] as number;
    const hw = words[2 * j + 1] as number;
    const bin = v > 0 ? ((hw - low) >>> shift) + 1 : 0;
    const cell = c * bins + bin;
    hist[cell] = (hist[cell] as number) + 1;
    sums[c] = (sums[c] as number) + v;
    if (v < (mins[c] as number)) mins[c] = v;
    if (v > (maxs[c] as number)) maxs[c] = v;
    if (integral && (v | 0) !== v && !Number.isInteger(v)) integral = false;
  }
  return integral;
}

/** Copies the durations in marked bins to their row's region of `picked` (the union is row `groups`). */
function pickPass(
  values: Float64Array,
  words: Uint32Array,
  codes: ArrayLike<number>,
  n: number,
  low: number,
  shift: number,
  bins: number,
  groups: number,
  mark: Uint8Array,
  picked: Float64Array,
  at: Float64Array,
): void {
  const unionRow = groups * bins;
  for (let j = 0; j < n; j++) {
    const v = values[j] as number;
    const bin = v > 0 ? (((words[2 * j + 1] as number) - low) >>> shift) + 1 : 0;
    const c = codes[j] as number;
    if (mark[c * bins + bin] === 1) {
      const p = at[c] as number;
      picked[p] = v;
      at[c] = p + 1;
    }
    if (mark[unionRow + bin] === 1) {
      const p = at[groups] as number;
      picked[p] = v;
      at[groups] = p + 1;
    }
  }
}

/** The high 32 bits of a double (little-endian platforms). */
function hiWord(x: number): number {
  const f = new Float64Array([x]);
  return new Uint32Array(f.buffer)[1] as number;
}
