/**
 * The error path of a column of values: finding the invalid elements to report, in time bounded by
 * the elements that exist, so that a sparse array (`new Array(1e9)`, `[90, , 95]`) is refused at
 * once rather than read hole by hole.
 *
 * @module
 */
import { MAX_ISSUES } from '../errors.js';

/**
 * Finds the invalid elements of `values[from..length)`: `report(index, value)` for the first `limit`
 * of them, in index order, and the count of all of them returned. A hole of a plain array is the
 * value `undefined` (invalid unless `isValid(undefined)`). From the first hole on, the elements are
 * found by the array's own keys rather than by index, so the cost is O(elements present + limit),
 * not O(length): a `new Array(1e9)` costs as much as an empty array.
 *
 * @param values - An array or typed array.
 * @param from - The first index to look at.
 * @param isValid - The element test (cheap; called once per element present).
 * @param report - Called with each of the first `limit` invalid elements.
 * @param limit - How many to report. Default {@link MAX_ISSUES}.
 * @returns The number of invalid elements (holes included).
 * @internal
 */
export function scanInvalid(
  values: ArrayLike<unknown>,
  from: number,
  isValid: (value: unknown) => boolean,
  report: (index: number, value: unknown) => void,
  limit: number = MAX_ISSUES,
): number {
  const n = values.length;
  const plain = Array.isArray(values);
  let count = 0;
  for (let i = from; i < n; i++) {
    if (plain && !(i in values)) return count + scanSparse(values as unknown[], i, isValid, report, limit - count);
    const v = values[i];
    if (isValid(v)) continue;
    if (count < limit) report(i, v);
    count++;
  }
  return count;
}

/** The rest of {@link scanInvalid} from a hole at `start`, by own keys. */
function scanSparse(
  values: unknown[],
  start: number,
  isValid: (value: unknown) => boolean,
  report: (index: number, value: unknown) => void,
  room: number,
): number {
  const n = values.length;
  const holeInvalid = !isValid(undefined);
  let count = 0;
  let next = start;
  /** Counts the holes in [next, end), reporting while there is room. */
  const holes = (end: number): void => {
    if (!holeInvalid) return;
    let h = next;
    for (; h < end && count < room; h++, count++) report(h, undefined);
    count += end - h;
  };
  // Own keys list integer indices first, in ascending order (ECMAScript OrdinaryOwnPropertyKeys).
  for (const key of Object.keys(values)) {
    const j = Number(key);
    if (!Number.isInteger(j) || j < start || j >= n || String(j) !== key) continue;
    holes(j);
    const v = values[j];
    if (!isValid(v)) {
      if (count < room) report(j, v);
      count++;
    }
    next = j + 1;
  }
  holes(n);
  return count;
}
