/**
 * Valid first calls for the fuzzer, taken from the project's own runnable documentation: every
 * TSDoc `@example` in src/ and every ```ts block of README.md and docs/ (the snippets
 * test/docs/snippets.test.ts checks). Each snippet is run once against recording stand-ins of the
 * library's exports; every call to an export that returns is kept, with its arguments, as a seed
 * for that export. Nothing here names a metric: what is seeded is what the docs call.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { markdownSnippets, sourceSnippets } from '../docs/snippets.js';
import { copy } from './arbitraries.js';
import { type Entry, type Target, isConstructor, isFactory } from './harness.js';

/** Seeds by fuzz label: a function's name, or `<factory>.create` / `<factory>.fromJSON`. */
export type Seeds = Map<string, unknown[][]>;

/** Adds a seed for `label` unless an equal-looking one is already there (bounded per label). */
export function addSeed(seeds: Seeds, label: string, args: readonly unknown[], max = 12): void {
  const list = seeds.get(label) ?? [];
  if (list.length >= max) return;
  list.push(args.map((a) => copy(a)));
  seeds.set(label, list);
}

/** The package specifier of an entry subpath: `.` → `kpi-kit`, `./growth` → `kpi-kit/growth`. */
function specifierOf(subpath: string): string {
  return subpath === '.' ? 'kpi-kit' : `kpi-kit/${subpath.slice(2)}`;
}

/**
 * Runs every documented snippet with recording stand-ins of the exports and returns the seeds it
 * yields, and how many snippets ran to the end (a snippet that throws still gives the calls made
 * before the throw; whether it should throw is the snippets test's business).
 */
export function exampleSeeds(entries: readonly Entry[], targets: readonly Target[]): { seeds: Seeds; snippets: number; ran: number } {
  const seeds: Seeds = new Map();
  const labelOf = new Map<unknown, string>(targets.map((t) => [t.value, t.name]));
  const original = new Map<unknown, unknown>();
  const wrapped = new Map<unknown, unknown>();

  /** The library's own objects in place of stand-ins, inside plain data (so identity checks hold). */
  const unwrap = (value: unknown, depth = 0): unknown => {
    if (original.has(value)) return original.get(value);
    if (depth > 6 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      if (value.length > 1000) return value;
      const out: unknown[] = [];
      out.length = value.length;
      for (let i = 0; i < value.length; i++) if (i in value) out[i] = unwrap(value[i], depth + 1);
      return out;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out = (proto === null ? Object.create(null) : {}) as Record<string, unknown>;
    for (const k of Object.keys(value)) out[k] = unwrap((value as Record<string, unknown>)[k], depth + 1);
    return out;
  };

  const recorded = (label: string | undefined, f: (...a: unknown[]) => unknown): ((...a: unknown[]) => unknown) =>
    function (this: unknown, ...a: unknown[]) {
      const args = a.map((x) => unwrap(x));
      const result = f.apply(this, args);
      if (label !== undefined) addSeed(seeds, label, args);
      return result;
    };

  const wrap = (value: unknown): unknown => {
    if (wrapped.has(value)) return wrapped.get(value);
    let out = value;
    if (isFactory(value)) {
      const name = labelOf.get(value);
      out = {
        ...value,
        create: recorded(name && `${name}.create`, (...a) => value.create(...a)),
        fromJSON: recorded(name && `${name}.fromJSON`, (j) => value.fromJSON(j)),
      };
    } else if (typeof value === 'function' && !isConstructor(value)) {
      const fn = value as (...a: unknown[]) => unknown;
      const w = recorded(labelOf.get(value), fn);
      for (const key of Object.keys(fn)) (w as unknown as Record<string, unknown>)[key] = wrap((fn as unknown as Record<string, unknown>)[key]);
      out = w;
    }
    wrapped.set(value, out);
    if (out !== value) original.set(out, value);
    return out;
  };

  const modules = new Map<string, Record<string, unknown>>();
  for (const { subpath, module } of entries) {
    const ns: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(module)) ns[name] = wrap(value);
    modules.set(specifierOf(subpath), ns);
  }
  const nodeRequire = createRequire(import.meta.url);
  const require = (id: string): unknown => modules.get(id) ?? nodeRequire(id);
  const quiet = { ...console, log: () => undefined, info: () => undefined, table: () => undefined, dir: () => undefined };

  const root = fileURLToPath(new URL('../..', import.meta.url));
  const snippets = [...sourceSnippets(root), ...markdownSnippets(root)];
  let ran = 0;
  for (const snippet of snippets) {
    if (!/from ['"]kpi-kit/.test(snippet.code)) continue;
    const js = ts.transpileModule(snippet.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the project's own documented examples, transpiled above
      new Function('require', 'exports', 'module', 'console', js)(require, {}, { exports: {} }, quiet);
      ran++;
    } catch {
      // an example that throws (on purpose or not) still seeded the calls before the throw
    }
  }
  return { seeds, snippets: snippets.length, ran };
}
