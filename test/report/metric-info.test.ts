/**
 * Every exported metric has its `metricInfo` entry, found from the library's actual exports, not
 * from a hand list.
 *
 * The rule: a metric is an exported function of a library entry point (every subpath of
 * package.json `exports`, mapped to its source) whose result has a `value` field — the result
 * convention of kpi-kit (docs/metrics.md: `value` first, then what explains it). The TypeScript
 * checker reads the return types, so a metric that returns `null` for some data still counts, and
 * helpers that return a plain number (`quantile`), a string (`renderResult`) or grouped rows
 * (`byPeriod`) do not. Every accumulator factory's `metric` name must have an entry too, and every
 * entry must name an exported function (no stale names after a rename).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricInfo, metricNames } from '../../src/report/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The library entry points: package.json `exports` subpaths (not the CLI, not package.json itself). */
function entryPoints(): { readonly subpath: string; readonly source: string }[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => ({ subpath, source: join(ROOT, 'src', subpath === '.' ? 'index.ts' : `${subpath.slice(2)}/index.ts`) }));
}

/** Whether a type (or a member of a union) has a `value` property. */
function hasValue(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(hasValue);
  return type.getProperty('value') !== undefined;
}

/** Names of the exported functions whose result has `value`, per entry point, from the checker. */
function metricFunctions(sources: readonly string[]): Map<string, Set<string>> {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const program = ts.createProgram(sources, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, Set<string>>();
  for (const source of sources) {
    const file = program.getSourceFile(source);
    if (file === undefined) throw new Error(`no source file ${source}`);
    const module = checker.getSymbolAtLocation(file);
    if (module === undefined) throw new Error(`${source} is not a module`);
    const names = new Set<string>();
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.valueDeclaration;
      if (declaration === undefined) continue; // a type
      const signatures = checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures();
      if (signatures.some((s) => hasValue(checker.getReturnTypeOfSignature(s)))) names.add(exported.name);
    }
    found.set(source, names);
  }
  return found;
}

describe('metricInfo covers every exported metric', () => {
  const entries = entryPoints();
  let metrics: Map<string, Set<string>>;
  let runtime: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    metrics = metricFunctions(entries.map((e) => e.source));
    runtime = new Map();
    for (const e of entries) runtime.set(e.source, (await import(e.source)) as Record<string, unknown>);
  }, 120_000);

  it('the rule finds the metrics of every family (a check of the rule itself)', () => {
    const all = new Set([...metrics.values()].flatMap((names) => [...names]));
    // One metric of each family, and helpers that must not count as metrics.
    for (const name of ['nps', 'csat', 'firstResponseTime', 'abandonmentRate', 'erlangC', 'churnRate', 'costPerResolution', 'revenue']) {
      expect(all.has(name), name).toBe(true);
    }
    for (const name of ['quantile', 'quantiles', 'renderResult', 'toEpochMs', 'businessDuration', 'metricInfo', 'byPeriod']) {
      expect(all.has(name), name).toBe(false);
    }
    expect(all.size).toBeGreaterThan(40);
  });

  it('the checker sees what the entry points export at run time', () => {
    for (const e of entries) {
      const module = runtime.get(e.source)!;
      for (const name of metrics.get(e.source)!) expect(typeof module[name], `${e.subpath}: ${name}`).toBe('function');
    }
  });

  it('every exported function whose result has a value has a metricInfo entry', () => {
    const missing: string[] = [];
    for (const e of entries) {
      for (const name of metrics.get(e.source)!) if (metricInfo(name) === undefined) missing.push(`${name} (kpi-kit${e.subpath.slice(1)})`);
    }
    expect(missing).toEqual([]);
  });

  it('every accumulator factory names a metric that has an entry', () => {
    const missing: string[] = [];
    for (const e of entries) {
      for (const [name, value] of Object.entries(runtime.get(e.source)!)) {
        if (typeof value !== 'object' || value === null || !('create' in value) || !('fromJSON' in value)) continue;
        const metric = (value as { metric?: unknown }).metric;
        expect(typeof metric, `${name}.metric`).toBe('string');
        if (metricInfo(metric as string) === undefined) missing.push(`${metric as string} (${name})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every entry names an exported metric function (no stale names), with a title, a unit and a definition', () => {
    const root = runtime.get(join(ROOT, 'src', 'index.ts'))!;
    const all = new Set([...metrics.values()].flatMap((names) => [...names]));
    for (const name of metricNames()) {
      expect(typeof root[name], `${name} is exported by kpi-kit`).toBe('function');
      expect(all.has(name), `${name} returns a result with value`).toBe(true);
      const info = metricInfo(name)!;
      expect(info.title.length, name).toBeGreaterThan(0);
      expect(['ms', 'share', 'count', 'score', 'money', 'number', 'erlang', 'months', 'nps'], name).toContain(info.unit);
      expect(info.definition, name).toMatch(/\.$/);
    }
    expect(new Set(metricNames()).size).toBe(metricNames().length);
  });
});
