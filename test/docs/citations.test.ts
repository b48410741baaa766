/**
 * The shipped doc comments cite what users have: docs/metrics.md anchors that exist, and published
 * sources; never the working documents the catalogue was written from.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The anchors of docs/metrics.md headings, as GitHub makes them. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (m[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    out.add(slug);
  }
  return out;
}

describe('citations in src/', () => {
  const sources = files(SRC).map((f) => ({ file: f.slice(SRC.length + 1), text: readFileSync(f, 'utf8') }));

  it('name no file users do not have (METRICS.md, the seed articles, shared/)', () => {
    const bad = sources.flatMap(({ file, text }) =>
      text.split('\n').flatMap((line, i) => (/METRICS\.md|\b[Ss]eeds? \d{3}\b|\bshared\//.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(bad).toEqual([]);
  });

  it('cite only docs/metrics.md anchors that exist', () => {
    const known = anchors(readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8'));
    expect(known.has('accumulators')).toBe(true);
    const cited = sources.flatMap(({ file, text }) => [...text.matchAll(/docs\/metrics\.md#([a-z0-9-]+)/g)].map((m) => ({ file, anchor: m[1] as string })));
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter((c) => !known.has(c.anchor)).map((c) => `${c.file}: #${c.anchor}`)).toEqual([]);
  });
});
