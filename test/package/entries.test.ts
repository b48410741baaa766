/**
 * The entry points as package.json declares them: each export has its tsup entry and its source
 * index, and the zod schemas live in `kpi-kit/schemas` only — so that no other entry point's types
 * import zod (a consumer compiling with esModuleInterop off and skipLibCheck off would otherwise
 * get errors from zod's own declarations). scripts/check-package.mjs checks the built files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { import: { types: string; default: string }; require: { types: string; default: string } }>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
/** `.` → src/index.ts, `./time` → src/time/index.ts. */
const sourceOf = (key: string) => (key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`);
const isSchema = (value: unknown) =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function';

describe('package entry points', () => {
  it('every export has its built files, its tsup entry and (but the root) its typesVersions line', () => {
    const tsup = readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8');
    for (const key of entries) {
      const dist = key === '.' ? 'index' : `${key.slice(2)}/index`;
      expect(pkg.exports[key], key).toEqual({
        import: { types: `./dist/${dist}.d.ts`, default: `./dist/${dist}.js` },
        require: { types: `./dist/${dist}.d.cts`, default: `./dist/${dist}.cjs` },
      });
      expect(tsup, key).toContain(`'${dist}': '${sourceOf(key)}'`.replace("'index': ", 'index: '));
      if (key !== '.') expect(pkg.typesVersions['*']?.[key.slice(2)], key).toEqual([`./dist/${dist}.d.cts`]);
    }
  });

  it('the zod schemas are exported from kpi-kit/schemas, and from no other entry point', async () => {
    const schemaExports: Record<string, string[]> = {};
    for (const key of entries) {
      const module = (await import(join(ROOT, sourceOf(key)))) as Record<string, unknown>;
      schemaExports[key] = Object.keys(module)
        .filter((name) => isSchema(module[name]))
        .sort();
      if (key === './schemas') expect(Object.keys(module).filter((name) => !isSchema(module[name]))).toEqual([]);
    }
    expect(schemaExports['./schemas']).toEqual(
      expect.arrayContaining(['ContactSchema', 'CustomerRecordSchema', 'NpsInputSchema', 'RevenueLineSchema', 'TicketSchema', 'TimestampSchema']),
    );
    expect(Object.entries(schemaExports).filter(([key, names]) => key !== './schemas' && names.length > 0)).toEqual([]);
  });
});
