import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { instrument, markdownSnippets, sourceSnippets, type Snippet } from './snippets.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'test', '.snippets');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Compares numbers within `tolerance`, recursing into objects and arrays. */
function near(expr: string, actual: unknown, expected: unknown, tolerance: number): void {
  if (typeof expected === 'number') {
    expect(typeof actual, expr).toBe('number');
    expect(Math.abs((actual as number) - expected), `${expr} ≈ ${expected}`).toBeLessThanOrEqual(tolerance);
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual, expr).toBe('object');
    expect(Object.keys(actual as object).sort(), expr).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) near(`${expr}.${key}`, (actual as Record<string, unknown>)[key], value, tolerance);
  } else {
    expect(actual, expr).toEqual(expected);
  }
}

/**
 * Assertion used by instrumented snippets: exact equality, or (after ≈) within half a unit of the
 * last digit shown — of the least precise number shown when the value is an object.
 */
function check(expr: string, actual: unknown, expected: unknown, approx: string | null): void {
  if (approx === null) {
    expect(actual, expr).toEqual(expected);
    return;
  }
  const numbers = approx.match(/-?\d+(?:\.\d+)?/g) ?? [];
  const decimals = Math.min(...numbers.map((n) => (n.includes('.') ? n.split('.')[1]!.length : 0)));
  near(expr, actual, expected, 0.5 * 10 ** -decimals + 1e-12);
}
(globalThis as Record<string, unknown>).__check = check;

let counter = 0;
async function run(snippet: Snippet): Promise<number> {
  const { code, assertions } = instrument(snippet.code);
  const file = join(outDir, `snippet-${counter++}.ts`);
  writeFileSync(file, `const __check = (globalThis as any).__check;\n${code}\nexport {};\n`);
  await import(file);
  return assertions;
}

const fromSource = sourceSnippets(root);
const fromDocs = markdownSnippets(root);

describe('every TSDoc @example runs and its stated results hold', () => {
  it('finds the examples', () => expect(fromSource.length).toBeGreaterThan(10));
  for (const s of fromSource) {
    it(s.where, async () => {
      const assertions = await run(s);
      expect(assertions, 'an example states at least one result').toBeGreaterThan(0);
    });
  }
});

describe('every README and docs/ snippet runs and its stated results hold', () => {
  it('finds the snippets', () => expect(fromDocs.length).toBeGreaterThan(0));
  for (const s of fromDocs) it(s.where, async () => void (await run(s)));
});

describe('the instrumenter', () => {
  it('turns result comments into checks and leaves other lines alone', () => {
    const { code, assertions } = instrument('const r = f();\nr.value; // 30\nr.se; // ≈ 7.81 (points)\nlog(r); // prints it');
    expect(assertions).toBe(2);
    expect(code).toContain('__check("r.value", (r.value), 30, null);');
    expect(code).toContain('__check("r.se", (r.se), 7.81, "7.81");');
    expect(code).toContain('log(r); // prints it');
  });
});
