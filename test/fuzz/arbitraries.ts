/**
 * What the fuzzer feeds the library: hostile values (bigint, symbol, sparse and null-prototype
 * objects, NaN/±Infinity/-0, huge numbers and strings, array-likes with a huge `length`, Dates,
 * typed arrays, nested structures), and the means to build *nearly valid* inputs: candidate values
 * for a field the library rejected (learnt from the error's path and message), and one-leaf
 * mutations of a valid input.
 */
import fc from 'fast-check';
import { KpiDecimal } from '../../src/core/decimal.js';
import { MAX_ARRAY_LENGTH } from '../../src/core/validate.js';

/** An array of `length` holes (no element is stored). */
export function holes(length: number, ...head: unknown[]): unknown[] {
  const a: unknown[] = [...head];
  a.length = length;
  return a;
}

function nullProto(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, fields);
}

/** Values no caller should pass, each a known way to break a careless check. */
export const SPECIALS: readonly unknown[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 2,
  -(2 ** 31),
  1e21,
  10n,
  -5n,
  2n ** 70n,
  Symbol('fuzz'),
  undefined,
  null,
  true,
  '',
  ' ',
  'NaN',
  'Infinity',
  '1e400',
  '-0',
  '0x1f',
  '12.50',
  '2024-01-01T00:00:00Z',
  '2024-02-30',
  '2024-03-31T02:30:00',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  'x'.repeat(100_000),
  new Date(NaN),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(0),
  Object.create(null),
  nullProto({ value: 1, length: 3, n: 2 }),
  { length: 1e9 },
  { length: 2 ** 32 },
  { length: -1 },
  { length: NaN },
  { length: 1e9, 0: 10 },
  holes(1e9),
  holes(2 ** 32 - 1, 10, 9),
  holes(MAX_ARRAY_LENGTH + 1),
  holes(100_000, 10),
  [1, , 3], // eslint-disable-line no-sparse-arrays
  holes(7),
  new Float64Array([NaN, Infinity, 1]),
  new Float64Array(3),
  new BigInt64Array(2),
  new Int8Array([10, 9]),
  new Uint8Array(0),
  new DataView(new ArrayBuffer(4)),
  new Map([[1, 2]]),
  new Set([1]),
  /re/,
  new KpiDecimal('NaN'),
  new KpiDecimal('Infinity'),
  new KpiDecimal('-0'),
  new KpiDecimal('1e+9000000000000000'),
  new KpiDecimal('1e-9000000000000000'),
  Object.freeze({}),
  [[[]]],
  [
    [1, 2],
    [3, NaN],
  ],
  { [Symbol('key')]: 1 },
  [10, 10n],
  [10, Symbol('answer')],
  [Object.create(null), 10],
];

/** Any hostile value: a special, a random JSON value, or a random structure of exotic parts. */
export function hostile(keys: readonly string[]): fc.Arbitrary<unknown> {
  const special = fc.constantFrom(...SPECIALS);
  const leaf = fc.oneof(special, fc.double(), fc.integer(), fc.bigInt(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null));
  const keyArb = keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })) : fc.string({ maxLength: 6 });
  const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('tree'), { maxLength: 4 }),
      fc.sparseArray(tie('tree'), { maxLength: 6 }),
      fc.dictionary(keyArb, tie('tree'), { maxKeys: 4 }),
      fc.dictionary(keyArb, tie('tree'), { maxKeys: 4, noNullPrototype: false }).map((o) => nullProto(o)),
    ),
  }));
  return fc.oneof(
    { weight: 3, arbitrary: special },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: tree },
    {
      weight: 1,
      arbitrary: fc.anything({
        maxDepth: 3,
        withBigInt: true,
        withDate: true,
        withNullPrototype: true,
        withSparseArray: true,
        withTypedArray: true,
        withMap: true,
        withSet: true,
        withBoxedValues: true,
      }),
    },
  );
}

/** A small deterministic random source, so a fast-check seed replays a whole guided walk. */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Valid data learnt before the run: records, option sets and library functions, by kind. */
export interface Pools {
  /** Arrays of valid records (one array per accumulator case sample). */
  readonly recordLists: readonly (readonly unknown[])[];
  /** Single valid records. */
  readonly records: readonly unknown[];
  /** Valid option objects. */
  readonly options: readonly unknown[];
  /** Functions of the library (a metric is a valid argument of the grouping functions). */
  readonly functions: readonly unknown[];
  /** Objects made by the library (calendars, accumulators): valid non-JSON arguments. */
  readonly made: readonly unknown[];
}

const ISO = ['2024-01-01T00:00:00Z', '2024-01-02T09:30:00Z', '2024-03-01', '2024-02-15T12:00:00+01:00'];

/** The literal values a message allows (`one of "simple", "average"`), if it lists some. */
function listedValues(message: string): unknown[] {
  const m = /one of (.+?)(?:\)|,? got |$)/.exec(message);
  if (!m) return [];
  const out: unknown[] = [];
  for (const part of (m[1] as string).split(/,\s*|\s+or\s+/)) {
    try {
      out.push(JSON.parse(part.trim()) as unknown);
    } catch {
      // not a literal
    }
  }
  return out;
}

/** A range a message states (`from 0 to 10`, `between 0 and 1`), if any. */
function statedRange(message: string): [number, number] | null {
  const m = /(?:from|between) (-?[\d.e+]+) (?:to|and) (-?[\d.e+]+)/.exec(message);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * A plausible value for a field the library rejected or asked for, guided by what its message
 * says (an array, an object, a timestamp, one of listed values, a range) and drawn from the pools.
 */
export function candidate(rand: Rand, pools: Pools, message: string): unknown {
  const listed = listedValues(message);
  if (listed.length > 0 && rand.chance(0.7)) return rand.pick(listed);
  const range = statedRange(message);
  if (range && rand.chance(0.6)) {
    const [lo, hi] = range;
    const v = lo + rand.next() * (hi - lo);
    return /integer/.test(message) ? Math.round(v) : v;
  }
  if (/array|list/.test(message) && rand.chance(0.6)) {
    if (pools.recordLists.length > 0 && rand.chance(0.5)) return rand.pick(pools.recordLists);
    return Array.from({ length: rand.int(6) }, () => rand.int(11));
  }
  if (/timestamp|date|instant|ISO/i.test(message) && rand.chance(0.6))
    return rand.chance(0.5) ? rand.pick(ISO) : Date.UTC(2024, 0, 1) + rand.int(60) * 3_600_000;
  if (/function|metric/.test(message) && pools.functions.length > 0 && rand.chance(0.5)) return rand.pick(pools.functions);
  if (/calendar|accumulator/.test(message) && pools.made.length > 0 && rand.chance(0.6)) return rand.pick(pools.made);
  if (/object|record/.test(message) && rand.chance(0.5)) {
    if (pools.records.length > 0 && rand.chance(0.6)) return rand.pick(pools.records);
    return rand.chance(0.5) && pools.options.length > 0 ? rand.pick(pools.options) : {};
  }
  switch (rand.int(14)) {
    case 0:
      return rand.int(11);
    case 1:
      return rand.int(1000);
    case 2:
      return rand.next();
    case 3:
      return rand.pick(ISO);
    case 4:
      return Date.UTC(2024, 0, 1) + rand.int(100) * 3_600_000;
    case 5:
      return Array.from({ length: rand.int(6) }, () => rand.int(11));
    case 6:
      return pools.recordLists.length > 0 ? rand.pick(pools.recordLists) : [];
    case 7:
      return pools.records.length > 0 ? rand.pick(pools.records) : {};
    case 8:
      return {};
    case 9:
      return rand.chance(0.5);
    case 10:
      return `${rand.int(10_000)}.${rand.int(100)}`;
    case 11:
      return pools.functions.length > 0 ? rand.pick(pools.functions) : 'x';
    case 12:
      return pools.made.length > 0 ? rand.pick(pools.made) : [];
    default:
      return pools.options.length > 0 ? rand.pick(pools.options) : 'x';
  }
}

/** A copy of a plain data structure (objects, arrays), sharing everything else. */
export function copy(value: unknown, depth = 0): unknown {
  if (depth > 6 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    if (value.length > 1000) return value;
    // Index by index (not `map`, which a tampered `constructor` redirects), keeping holes.
    const out: unknown[] = [];
    out.length = value.length;
    for (let i = 0; i < value.length; i++) if (i in value) out[i] = copy(value[i], depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out = (proto === null ? Object.create(null) : {}) as Record<string, unknown>;
  for (const k of Object.keys(value)) out[k] = copy((value as Record<string, unknown>)[k], depth + 1);
  return out;
}

/** Sets `value` at `path` inside `root` (a copy is made by the caller), creating containers. */
export function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  let container = root;
  // Only plain data is written into: a Decimal, a Date, a calendar or an accumulator (shared
  // objects the library made) is replaced, never tampered with.
  const plain =
    typeof container === 'object' &&
    container !== null &&
    (Array.isArray(container) || Object.getPrototypeOf(container) === Object.prototype || Object.getPrototypeOf(container) === null);
  if (!plain || Object.isFrozen(container)) container = typeof head === 'number' ? [] : {};
  if (Array.isArray(container) && container.length > 1000) return container;
  const c = container as Record<string | number, unknown>;
  try {
    c[head] = setAt(c[head], rest, value);
  } catch {
    // a frozen or exotic container: leave it
  }
  return container;
}

/** Every path to a value inside plain data (depth- and size-limited). */
export function leafPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(path);
  if (depth > 5 || typeof value !== 'object' || value === null || out.length > 400) return out;
  if (Array.isArray(value)) {
    if (value.length <= 50) value.forEach((v, i) => leafPaths(v, [...path, i], out, depth + 1));
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return out;
  for (const k of Object.keys(value)) leafPaths((value as Record<string, unknown>)[k], [...path, k], out, depth + 1);
  return out;
}

/** Field names of plain objects inside `value`. */
export function keysIn(value: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 4 || typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 20)) keysIn(v, out, depth + 1);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return out;
  for (const k of Object.keys(value)) {
    out.add(k);
    keysIn((value as Record<string, unknown>)[k], out, depth + 1);
  }
  return out;
}
