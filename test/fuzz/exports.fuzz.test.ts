/**
 * Fuzzes every export of every library entry point (package.json `exports`: the root and each
 * family) with hostile and nearly-valid input, and checks the library's promise on every call:
 *
 * - a throw is a `KpiInputError` (never a TypeError, RangeError or a decimal.js error);
 * - a result holds no NaN, Infinity or non-finite Decimal anywhere (inputs echoed back are not
 *   counted: an invalid record listed with its offending value is the caller's value);
 * - a call ends within CALL_BOUND_MS (an array-like with a huge `length` must be rejected before it
 *   is read, not iterated).
 *
 * Functions are called with 0–3 arguments. Each run is a guided walk: the first call gets hostile
 * arguments; when the library rejects a call, the field its error names is filled with a plausible
 * value (learnt from the message and from valid records), so the walk reaches deep code; when a call
 * succeeds, one leaf of its arguments is replaced with a hostile (sometimes a merely plausible) value,
 * and after a rejection the walk often returns to the last accepted input to probe another leaf.
 * Walks of an export with valid seeds (its documented examples, its accumulator case: see SEEDS)
 * often start from one, and every seed is called once as it is. Accumulator factories are
 * fuzzed through `create` and `fromJSON` (a tampered valid state), and their accumulators through
 * `add`, `addAll`, `merge`, `result` and `toJSON` with mutated valid records. Classes (found by rule:
 * a constructor) and constants are not called.
 *
 * A slow call fails its export's test (CALL_BOUND_MS); a call that never returns cannot be
 * interrupted (vitest's timeout does not stop synchronous code) and shows as a run that does not end.
 *
 * `FUZZ_RUNS=2000 npx vitest run test/fuzz` runs more walks per export than the CI default
 * (`FUZZ_REPORT=1` prints the figures, `FUZZ_REPORT=labels` also calls, results and KpiInputErrors per
 * export; long runs may need `NODE_OPTIONS=--max-old-space-size=8192`). A last test fails when an
 * exported function or accumulator factory never returned a result in the run: give it a seed.
 */
import fc from 'fast-check';
import highs from 'highs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccumulatorCase } from '../accumulator-case.js';
import { ALL_ACCUMULATOR_CASES } from '../accumulator-cases.js';
import { type Pools, Rand, candidate, copy, holes as hostileHoles, hostile, keysIn, leafPaths, setAt } from './arbitraries.js';
import { MAX_ARRAY_LENGTH } from '../../src/core/validate.js';
import { type Seeds, addSeed, exampleSeeds } from './examples.js';
import { type Target, check, isFactory, loadEntries, newTally, perLabel, show, targetsOf } from './harness.js';

/** Guided walks per export (the CI default keeps the whole suite well under a minute). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
/**
 * The fast-check seed: fixed by default, so that a run (CI's included) is reproducible and a failure
 * replays; `FUZZ_SEED=<n>` picks another, `FUZZ_SEED=random` a new one per run (for exploring).
 */
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20_261_207);
const SEEDED = SEED === undefined ? {} : { seed: SEED };
/** Calls per walk. */
const STEPS = 10;
/** Time allowed for one export's walks (each call is also bounded, see CALL_BOUND_MS). */
const TEST_TIMEOUT_MS = 30_000 + RUNS * 2_000;

const entries = await loadEntries();
const targets = targetsOf(entries);
const tally = newTally();

const CASES = ALL_ACCUMULATOR_CASES;

/** Valid option sets and records of each accumulator case, drawn once. */
const SAMPLES = new Map<AccumulatorCase, { readonly options: unknown; readonly records: readonly unknown[] }[]>(
  CASES.map((c) => [c, fc.sample(c.input, { numRuns: 10, seed: 20_240_101 })]),
);

/** The case of a factory export, found by identity of the export its name gives. */
function caseOf(target: Target): AccumulatorCase | undefined {
  return CASES.find((c) => entries.some((e) => e.module[c.name] === target.value));
}

const made: unknown[] = [];
for (const [c, samples] of SAMPLES) {
  try {
    made.push(c.create((samples[0] as { options: unknown }).options));
  } catch {
    // a case whose options the factory rejects is reported by its own suite
  }
}
const allSamples = [...SAMPLES.values()].flat();
const recordLists = allSamples.map((s) => s.records).filter((r) => r.length > 0);
const optionSets = allSamples.map((s) => s.options).filter((o) => typeof o === 'object' && o !== null);
for (const o of optionSets) for (const v of Object.values(o)) if (typeof v === 'object' && v !== null && !Array.isArray(v)) made.push(v);
const pools: Pools = {
  recordLists,
  records: recordLists.flat().slice(0, 500),
  options: optionSets,
  functions: targets.filter((t) => t.kind === 'function').map((t) => t.value),
  made,
};
const KEYS = [...keysIn([pools.records, pools.options])];
const HOSTILE = hostile(KEYS);

/**
 * Valid first calls, by label (a function's name, `<factory>.create`, `<factory>.fromJSON`), from
 * generic sources: the calls the documented examples make (see examples.ts); the options and
 * records of each accumulator case, for the factory (`create`, and `fromJSON` of the state after
 * its records) and for the metric function that carries it (`fn.accumulator`: the records go
 * under the field the accumulator's own error names for a batch that is not an array); then
 * {@link HAND_SEEDS}.
 */
const examples = exampleSeeds(entries, targets);
const SEEDS: Seeds = examples.seeds;
for (const t of targets) {
  const factory = t.kind === 'factory' ? t.value : (t.value as { accumulator?: unknown }).accumulator;
  if ((t.kind !== 'function' && t.kind !== 'factory') || !isFactory(factory)) continue;
  const c = CASES.find((x) => entries.some((e) => e.module[x.name] === factory));
  for (const sample of c === undefined ? [] : (SAMPLES.get(c) ?? [])) {
    try {
      if (t.kind === 'factory') {
        addSeed(SEEDS, `${t.name}.create`, [sample.options]);
        const acc = factory.create(sample.options) as { addAll: (r: unknown) => unknown; toJSON: () => unknown };
        acc.addAll(sample.records);
        addSeed(SEEDS, `${t.name}.fromJSON`, [JSON.parse(JSON.stringify(acc.toJSON()))]);
      } else (factory.create(sample.options) as { addAll: (r: unknown) => unknown }).addAll('not an array');
    } catch (error) {
      const field = (error as { path?: unknown[] }).path?.[0];
      if (t.kind === 'function' && typeof field === 'string') addSeed(SEEDS, t.name, [{ [field]: sample.records }, sample.options]);
    }
  }
}

/**
 * Hand-written valid first calls, only for exports that no documented example calls and no
 * accumulator case feeds (the guard test at the end names any export that still never returns).
 */
const HAND_SEEDS: Readonly<Record<string, readonly unknown[][]>> = {
  // The report helpers with no @example: an nps result (40 promoters, 30 passives, 30 detractors
  // of 100: NPS = 40 % − 30 % = 10) and the report document of renderReport's example.
  detailOf: [[{ value: 10, n: 100, promoters: 40, passives: 30, detractors: 30 }, 'nps']],
  isReportDocument: [[{ records: 4, metrics: { resolutionRate: { value: 0.75, resolved: 3, inquiries: 4 } }, excluded: {}, errors: [] }]],
  // shiftPlan's example loads its solver asynchronously, which the example runner cannot: the same
  // call here, with the loaded solver behind a prototype so that the walks mutate the plan, not the
  // WebAssembly module's internals.
  shiftPlan: [
    [
      {
        required: [2, 3, 3, 5, 5, 4, 2, 2],
        intervalMs: 3_600_000,
        shifts: [
          { id: 'early', start: 0, length: 6, breaks: [{ offset: 2, length: 1 }], cost: 100 },
          { id: 'late', start: 3, length: 5, cost: 90, daily: true },
        ],
      },
      { solver: Object.create(await highs()) as unknown, cyclic: true },
    ],
  ],
};
for (const [label, list] of Object.entries(HAND_SEEDS)) for (const args of list) addSeed(SEEDS, label, args);

/** A form list in a message (`needs one of: { a } or { b, c }`): the field groups. */
function formsIn(message: string): string[][] {
  return [...message.matchAll(/\{ ([\w, ]+) \}/g)].map((m) => (m[1] as string).split(', '));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Fills the field the library's error names with a plausible value (or drops a field of a mixed form). */
function repair(rand: Rand, args: unknown[], error: { issues: readonly { code: string; path: readonly (string | number)[]; message: string }[] }): unknown[] {
  const issue = rand.pick(error.issues);
  let path = [...issue.path];
  let i = args.findIndex((a) => typeof a !== 'function');
  if (i < 0) i = args.length;
  if (path[0] === 'options') {
    i = Math.max(1, args.length - 1);
    if (!isPlainObject(args[i])) {
      for (let j = args.length - 1; j > i; j--) if (isPlainObject(args[j])) i = j;
    }
    path = path.slice(1);
  }
  while (args.length <= i) args.push({});
  if (path.length === 0 && (issue.code === 'missing' || issue.code === 'ambiguous')) {
    const forms = formsIn(issue.message);
    const target = isPlainObject(args[i]) ? (copy(args[i]) as Record<string, unknown>) : {};
    if (forms.length > 0) {
      const form = rand.pick(forms);
      if (issue.code === 'ambiguous') {
        for (const other of forms) for (const f of other) if (!form.includes(f)) delete target[f];
      } else {
        for (const f of form) target[f] = candidate(rand, pools, f);
      }
    }
    args[i] = target;
    return args;
  }
  if (path.length === 1 && typeof path[0] === 'string' && !isPlainObject(args[i]) && rand.chance(0.5)) {
    // A positional parameter named in the path (`p`, `calendar`): which one is not known, so any.
    const j = rand.chance(0.5) ? i : Math.min(2, rand.int(args.length + 1));
    while (args.length <= j) args.push(undefined);
    args[j] = candidate(rand, pools, issue.message);
    return args;
  }
  args[i] = setAt(copy(args[i]), path, candidate(rand, pools, issue.message));
  return args;
}

/** Where the last {@link probe} put its hostile value (argument index, then path), for reports. */
let lastProbe = '';

/** Replaces one leaf of a copy of the arguments with a hostile value. */
function probe(rand: Rand, args: unknown[], value: unknown): unknown[] {
  lastProbe = '';
  const out = args.map((a) => copy(a));
  const paths = out.flatMap((a, i) => (typeof a === 'function' ? [] : leafPaths(a).map((p) => [i, ...p] as [number, ...(string | number)[]])));
  if (paths.length === 0 || (out.length < 3 && rand.chance(0.15))) {
    out.push(value);
    return out;
  }
  const [i, ...p] = rand.pick(paths);
  lastProbe = `${i}:${p.join('.')} = ${show(value)}`;
  out[i] = setAt(out[i], p, value);
  return out;
}

/** Checks `result()` and `toJSON()` of an accumulator a call returned. */
function checkMade(label: string, made: unknown): void {
  if (typeof made !== 'object' || made === null) return;
  const acc = made as Partial<Acc>;
  if (typeof acc.result === 'function') check(tally, `${label}#result`, [], () => acc.result?.());
  if (typeof acc.toJSON === 'function') check(tally, `${label}#toJSON`, [], () => acc.toJSON?.());
}

/**
 * One guided walk over a function: STEPS calls, each checked. `makes`: the function returns an
 * accumulator, whose `result()` and `toJSON()` are checked instead of its state.
 */
function walk(label: string, fn: (...a: unknown[]) => unknown, seed: number, start: unknown[], hostiles: readonly unknown[], makes = false): void {
  const rand = new Rand(seed);
  let args = start;
  let accepted: unknown[] | null = null;
  for (let step = 0; step < STEPS; step++) {
    const current = args;
    const out = check(tally, label, current, () => fn(...current), !makes);
    if (out.kind === 'failed') return;
    if (makes && out.kind === 'ok') checkMade(label, out.result);
    if (out.kind === 'ok') accepted = current;
    // The next leaf value: mostly hostile; sometimes merely plausible, to walk on among valid inputs.
    const next = rand.chance(0.25) ? candidate(rand, pools, '') : hostiles[step % hostiles.length];
    if (out.kind === 'ok' || rand.chance(0.1)) args = probe(rand, args, next);
    // Back to the last accepted input, to probe another of its leaves in an otherwise valid call.
    else if (accepted !== null && rand.chance(0.5)) args = probe(rand, accepted, next);
    else args = repair(rand, args.slice(), out.error);
  }
}

const argArb = fc.oneof({ weight: 3, arbitrary: HOSTILE }, { weight: 2, arbitrary: fc.constant({}) });
const walkArb = fc.record({
  seed: fc.integer(),
  start: fc.array(argArb, { maxLength: 3 }),
  hostiles: fc.array(HOSTILE, { minLength: STEPS, maxLength: STEPS }),
});

/** Runs RUNS guided walks of a function and returns the failures found for `label`. */
function fuzzFunction(label: string, fn: (...a: unknown[]) => unknown, makes = false): void {
  const seeds = SEEDS.get(label) ?? [];
  // Every seed is called once as it is, so an export with a valid seed returns at least once.
  for (const seed of seeds) {
    const args = copy(seed) as unknown[];
    const out = check(tally, label, args, () => fn(...args), !makes);
    if (makes && out.kind === 'ok') checkMade(label, out.result);
  }
  fc.assert(
    fc.property(walkArb, ({ seed, start, hostiles }) => {
      // Half the walks of a metric with valid seeds start from one, so they begin deep.
      const first = seeds.length > 0 && seed % 2 === 0 ? (copy(seeds[Math.abs(seed >> 1) % seeds.length]) as unknown[]) : start;
      walk(label, fn, seed, first, hostiles, makes);
    }),
    { numRuns: RUNS, ...SEEDED },
  );
}

type Acc = Record<'add' | 'addAll' | 'merge' | 'result' | 'toJSON', (...a: unknown[]) => unknown>;

/** Operations on accumulators made from valid options, with mutated valid records. */
function fuzzAccumulators(label: string, c: AccumulatorCase): void {
  const samples = SAMPLES.get(c) ?? [];
  if (samples.length === 0) return;
  fc.assert(
    fc.property(fc.integer(), fc.array(HOSTILE, { minLength: STEPS, maxLength: STEPS }), (seed, hostiles) => {
      const rand = new Rand(seed);
      const sample = rand.pick(samples);
      let acc: Acc;
      try {
        acc = c.create(sample.options) as unknown as Acc;
      } catch {
        return;
      }
      for (let step = 0; step < STEPS; step++) {
        const bad = hostiles[step];
        const record = sample.records.length > 0 ? rand.pick(sample.records) : {};
        const mutated = rand.chance(0.7) ? probe(rand, [record], bad)[0] : bad;
        const op = rand.int(6);
        if (op === 0) check(tally, `${label}#add`, [mutated], () => acc.add(mutated), false);
        else if (op === 1) {
          const batch = sample.records.length > 0 ? probe(rand, [sample.records.slice()], bad)[0] : bad;
          const args = rand.chance(0.8) ? [batch] : [sample.records, bad];
          check(tally, `${label}#addAll`, args, () => acc.addAll(...args), false);
        } else if (op === 2) {
          let other: unknown = bad;
          if (rand.chance(0.6)) {
            try {
              other = c.create(rand.pick(samples).options);
            } catch {
              // options the case draws are valid; a failure here is the case suite's to report
            }
          }
          check(tally, `${label}#merge`, [other], () => acc.merge(other), false);
        } else if (op === 3) {
          const out = check(tally, `${label}#toJSON`, [], () => acc.toJSON());
          if (out.kind === 'ok') {
            const state = JSON.parse(JSON.stringify(out.result)) as unknown;
            const tampered = probe(rand, [state], rand.chance(0.5) ? bad : candidate(rand, pools, ''))[0];
            const back = check(tally, `${label}.fromJSON [state tampered at ${lastProbe}]`, [tampered], () => c.fromJSON(tampered), false);
            if (back.kind === 'ok') checkMade(`${label}.fromJSON`, back.result);
          }
        } else if (op === 4) {
          check(tally, `${label}#addAll`, [sample.records, bad], () => acc.addAll(sample.records, bad), false);
        }
        check(tally, `${label}#result`, [], () => acc.result());
      }
    }),
    { numRuns: RUNS, ...SEEDED },
  );
}

/** The failures recorded for a label prefix since `before`. */
function failuresOf(label: string): string[] {
  return [...tally.failures.entries()].filter(([k]) => k.startsWith(`${label}`)).map(([, v]) => v);
}

describe('fuzz: every export of every entry point', () => {
  it('finds the entry points and their exports', () => {
    expect(entries.map((e) => e.subpath)).toContain('.');
    expect(targets.filter((t) => t.kind === 'function').length).toBeGreaterThan(50);
    expect(targets.filter((t) => t.kind === 'factory').length).toBeGreaterThan(10);
  });

  for (const target of targets.filter((t) => t.kind === 'function')) {
    it(
      `${target.name} (${target.where.join(', ')})`,
      () => {
        fuzzFunction(target.name, target.value as (...a: unknown[]) => unknown);
        expect(failuresOf(`${target.name}:`)).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }

  for (const target of targets.filter((t) => t.kind === 'factory')) {
    it(
      `${target.name} accumulators (${target.where.join(', ')})`,
      () => {
        const factory = target.value;
        if (!isFactory(factory)) throw new Error('not a factory');
        fuzzFunction(`${target.name}.create`, (...a) => factory.create(...a), true);
        fuzzFunction(`${target.name}.fromJSON`, (...a) => factory.fromJSON(a[0]), true);
        const c = caseOf(target);
        if (c) fuzzAccumulators(target.name, c);
        expect(failuresOf(target.name)).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }

  it('a huge sparse array or array-like at any node of a valid call is rejected before it is read', () => {
    // Every node of every seed of every export (an argument, a field, an element, a whole
    // accumulator state or a part of one) replaced in turn: the library must bound the length before
    // reading, so the call ends fast with a KpiInputError or a result, never out of memory.
    const huge = [hostileHoles(2 ** 32 - 1, 10, 9), hostileHoles(MAX_ARRAY_LENGTH + 1), { length: 1e9, 0: 10 }];
    const calls = new Map<string, (...a: unknown[]) => unknown>();
    for (const t of targets) {
      if (t.kind === 'function') calls.set(t.name, t.value as (...a: unknown[]) => unknown);
      if (t.kind === 'factory' && isFactory(t.value)) {
        const f = t.value;
        calls.set(`${t.name}.create`, (...a) => f.create(...a));
        calls.set(`${t.name}.fromJSON`, (...a) => f.fromJSON(a[0]));
      }
    }
    let swept = 0;
    for (const [label, seeds] of SEEDS) {
      const fn = calls.get(label);
      if (fn === undefined) continue;
      for (const seed of seeds) {
        for (const [i, ...path] of seed.flatMap((a, j) => (typeof a === 'function' ? [] : leafPaths(a).map((p) => [j, ...p] as const)))) {
          for (const value of huge) {
            const args = seed.map((a) => copy(a));
            args[i] = setAt(args[i], path, value);
            check(tally, `${label} [huge at ${i}:${path.join('.')}]`, args, () => fn(...args), !label.endsWith('.create') && !label.endsWith('.fromJSON'));
            swept++;
          }
        }
      }
    }
    expect(swept).toBeGreaterThan(1000);
    expect([...tally.failures.values()].filter((f) => f.includes('[huge at'))).toEqual([]);
  });

  it('every exported function and accumulator factory returned a result at least once', () => {
    const labels = targets.flatMap((t) => (t.kind === 'function' ? [t.name] : t.kind === 'factory' ? [`${t.name}.create`, `${t.name}.fromJSON`] : []));
    const never = labels.filter((l) => !tally.okBy.has(l));
    // A function no walk gets through validation is barely fuzzed: seed it (examples, cases, HAND_SEEDS).
    expect(never, 'never returned a result: give them a seed').toEqual([]);
  });

  afterAll(() => {
    const skipped = targets.filter((t) => t.kind === 'class' || t.kind === 'constant').map((t) => `${t.name} (${t.kind})`);
    if (process.env.FUZZ_REPORT) {
      console.log(
        `fuzz: ${tally.calls} calls, ${tally.ok} results, ${tally.rejected} KpiInputError, ${tally.failures.size} failures; ` +
          `seeds: ${[...SEEDS.values()].flat().length} for ${SEEDS.size} labels (${examples.ran} of ${examples.snippets} documented snippets ran); not called: ${skipped.join(', ')}`,
      );
      for (const f of tally.failures.values()) console.log(`  ${f}`);
      if (process.env.FUZZ_REPORT === 'labels') for (const line of perLabel(tally)) console.log(`  ${line}`);
      const never = targets.filter((t) => t.kind === 'function' && !tally.okBy.has(t.name)).map((t) => t.name);
      console.log(`functions never called with input they accept: ${never.length === 0 ? 'none' : never.join(', ')}`);
    }
  });
});
