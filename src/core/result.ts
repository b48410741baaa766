/**
 * Result builders: every result of kpi-kit is a plain, frozen, JSON-serialisable object with
 * `value` first, then the components that explain it.
 *
 * @module
 */

/** A two-sided interval, in the unit of the value it bounds. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Freezes an object and every plain object or array inside it. Returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) {
      // By index, the numbers and texts passed over (an array of 75,000 indices has no key to name).
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) deepFreeze(item);
      }
    } else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Builds a result: `value` first, then the rest, frozen deeply. */
export function makeResult<V, R extends object>(value: V, rest: R): { readonly value: V } & Readonly<R> {
  return deepFreeze({ value, ...rest });
}

/** A ratio, or `null` when the denominator is zero. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Builds a frozen interval, clamped into [min, max]. */
export function interval(lower: number, upper: number, min = -Infinity, max = Infinity): Interval {
  return Object.freeze({ lower: Math.min(Math.max(lower, min), max), upper: Math.max(Math.min(upper, max), min) });
}
