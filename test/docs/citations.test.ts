/**
 * Everything shipped cites what users have. The shipped texts are README.md, CHANGELOG.md,
 * docs/*.md and the doc comments of src/ (they become the .d.ts files and the API reference):
 * they name no working document the catalogue was written from, every link into the package names
 * a file the package ships (package.json `files`), at package.json's version when it is an unpkg
 * URL, and every cited docs/*.md anchor exists. scripts/check-package.mjs checks the same links
 * again over the packed tarball.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[]; homepage?: string };
const UNPKG = `https://unpkg.com/${pkg.name}@${pkg.version}/`;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The anchors of a Markdown file's headings, as GitHub makes them (duplicates numbered), and its explicit `<a id>` anchors. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6} (.+?)[ \t#]*$/gm)) {
    const slug = (m[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1] as string);
  return out;
}

/**
 * Whether the package ships `path` (relative to the root): a file package.json `files` names, a
 * file matching a `dir/*.ext` entry, or a file inside a listed directory. Directories that are
 * build output (dist/, docs/api/) are only checked file by file when they have been built.
 */
function isShipped(path: string): boolean {
  if (path === 'package.json') return true;
  return pkg.files.some((entry) => {
    if (entry.includes('*')) {
      const re = new RegExp(`^${entry.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      return re.test(path) && existsSync(join(ROOT, path));
    }
    if (path === entry) return existsSync(join(ROOT, path));
    if (!path.startsWith(`${entry}/`)) return false;
    return existsSync(join(ROOT, entry)) && statSync(join(ROOT, entry)).isDirectory() ? existsSync(join(ROOT, path)) : true;
  });
}

interface Text {
  readonly file: string;
  readonly text: string;
}

const sources: Text[] = files(SRC).map((f) => ({ file: f.slice(ROOT.length + 1), text: readFileSync(f, 'utf8') }));
/** The doc comments of src/, which ship as the .d.ts files and the API reference. */
const docComments: Text[] = sources.map(({ file, text }) => ({ file, text: [...text.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((m) => m[0]).join('\n') }));
const markdownFiles = ['README.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : []))];
const markdown: Text[] = markdownFiles.map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/** Link targets of a text: Markdown inline links and reference definitions, href attributes, {@link url}; code blocks and spans skipped. */
function links(text: string): { target: string; line: number }[] {
  const plain = text.replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm, (b) => b.replace(/[^\n]/g, ' ')).replace(/`[^`\n]*`/g, (s) => ' '.repeat(s.length));
  const line = (index: number) => plain.slice(0, index).split('\n').length;
  const out: { target: string; line: number }[] = [];
  for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1] as string, line: line(m.index) });
  for (const m of plain.matchAll(/^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t].*)?$/gm)) out.push({ target: m[1] as string, line: line(m.index) });
  for (const m of plain.matchAll(/\bhref="([^"]*)"/g)) out.push({ target: m[1] as string, line: line(m.index) });
  for (const m of plain.matchAll(/\{@link\s+(https?:\/\/\S+?)[\s}|]/g)) out.push({ target: m[1] as string, line: line(m.index) });
  return out;
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(path: string): Set<string> {
  if (!anchorCache.has(path)) anchorCache.set(path, anchors(readFileSync(join(ROOT, path), 'utf8')));
  return anchorCache.get(path) as Set<string>;
}

/** What is wrong with a link from `file` (a Markdown file or a src doc comment), or null. */
function linkProblem(file: string, target: string): string | null {
  if (target === '') return null; // `f[KEY]()` in prose: a call, not a link
  const [path = '', anchor = ''] = target.split('#', 2);
  let inside: string;
  if (/^https?:\/\/unpkg\.com\//.test(target)) {
    if (!target.startsWith(UNPKG)) return `an unpkg link must start with ${UNPKG} (this package at package.json's version)`;
    inside = path.slice(UNPKG.length);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return null; // another site
  } else if (path === '') {
    inside = file;
  } else if (file === 'README.md') {
    return `a relative link is dead on the npm page: link ${UNPKG}${path}`;
  } else if (file.startsWith('src/')) {
    return 'a relative link in a doc comment has nothing to resolve against in the .d.ts: use an unpkg URL';
  } else {
    inside = posix.normalize(posix.join(posix.dirname(file), path));
  }
  if (!isShipped(inside)) return `${inside} is not in the package`;
  if (anchor !== '' && inside.endsWith('.md') && !anchorsOf(inside).has(decodeURIComponent(anchor))) return `${inside} has no anchor #${anchor}`;
  return null;
}

describe('what ships (README.md, CHANGELOG.md, docs/*.md, doc comments in src/)', () => {
  it('names no working document users do not have (METRICS.md, DESIGN.md, the seed articles, shared/)', () => {
    const WORKING = /METRICS\.md|DESIGN\.md|\b[Ss]eeds?\b|\b[Ss]eed's\b|\bshared\/|\/work\//;
    const bad = [...markdown, ...sources].flatMap(({ file, text }) =>
      text.split('\n').flatMap((line, i) => (WORKING.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(bad).toEqual([]);
  });

  it('links only to files in the package, at its version, and to anchors that exist', () => {
    const all = [...markdown, ...docComments].flatMap(({ file, text }) => links(text).map((l) => ({ file, ...l })));
    expect(all.filter((l) => l.target.startsWith(UNPKG)).length).toBeGreaterThan(40);
    const bad = all.flatMap(({ file, target, line }) => {
      const problem = linkProblem(file, target);
      return problem === null ? [] : [`${file}:${line}: ${target}: ${problem}`];
    });
    expect(bad).toEqual([]);
  });

  it('cite only docs/*.md anchors that exist (doc comments write them as docs/metrics.md#anchor)', () => {
    expect(anchorsOf('docs/metrics.md').has('accumulators')).toBe(true);
    const cited = [...docComments, ...markdown].flatMap(({ file, text }) =>
      [...text.matchAll(/(?<![\w/.-])(docs\/[\w-]+\.md)#([\w-]+)/g)].map((m) => ({ file, doc: m[1] as string, anchor: m[2] as string })),
    );
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter((c) => !isShipped(c.doc) || !anchorsOf(c.doc).has(c.anchor)).map((c) => `${c.file}: ${c.doc}#${c.anchor}`)).toEqual([]);
  });

  it('package.json: the homepage is the API reference of this version, shipped with the docs', () => {
    expect(pkg.homepage).toBe(`${UNPKG}docs/api/index.html`);
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'docs/*.md', 'docs/api', 'README.md', 'CHANGELOG.md', 'LICENSE']));
  });
});
