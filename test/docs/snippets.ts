/**
 * Extracts the runnable code snippets of the project — every TSDoc `@example` in src/ and every
 * ```ts block in README.md and docs/ — and turns the comments that state a result into assertions:
 *
 *   r.value; // 30              → expect(r.value).toEqual(30)
 *   r.standardError; // ≈ 7.81  → |r.standardError − 7.81| ≤ half a unit of the last digit shown
 *   csat(x).value; // 0.6 (3 of 5 answered 4 or 5)   — text after the value is ignored
 *
 * A snippet is skipped only when its fence says so explicitly (```ts no-run).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Snippet {
  /** file:line where the snippet starts. */
  readonly where: string;
  readonly code: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'api' && name !== 'node_modules') walk(path, out);
    } else out.push(path);
  }
  return out;
}

const FENCE = /```(ts|typescript|js|javascript)(?!\w)([^\n]*)\n([\s\S]*?)```/g;

function blocks(text: string, file: string, root: string, lineOffset = 0): Snippet[] {
  const out: Snippet[] = [];
  for (const m of text.matchAll(FENCE)) {
    if ((m[2] ?? '').includes('no-run')) continue;
    const line = text.slice(0, m.index).split('\n').length + lineOffset;
    out.push({ where: `${relative(root, file)}:${line}`, code: m[3] ?? '' });
  }
  return out;
}

/** Every ```ts block inside a TSDoc `@example` of the TypeScript sources. */
export function sourceSnippets(root: string): Snippet[] {
  const out: Snippet[] = [];
  for (const file of walk(join(root, 'src')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const c of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      if (!c[0].includes('@example')) continue;
      const body = c[0]
        .split('\n')
        .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ''))
        .join('\n');
      const line = text.slice(0, c.index).split('\n').length - 1;
      out.push(...blocks(body.slice(body.indexOf('@example')), file, root, line + body.slice(0, body.indexOf('@example')).split('\n').length - 1));
    }
  }
  return out;
}

/** Every ```ts / ```js block of README.md and docs/*.md. */
export function markdownSnippets(root: string): Snippet[] {
  const files = [join(root, 'README.md'), ...walk(join(root, 'docs')).filter((f) => f.endsWith('.md'))];
  return files.flatMap((f) => blocks(readFileSync(f, 'utf8'), f, root));
}

const LITERAL = /^(≈\s*)?(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]|\{[^}]*\})(?=\s|$|\s*\()/;

/**
 * Rewrites `expr; // literal` lines into assertions. Returns the code and how many assertions it
 * holds. `check` is the name of the assertion function in scope.
 */
export function instrument(code: string, check = '__check'): { code: string; assertions: number } {
  let assertions = 0;
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(.+?);\s*\/\/\s*(.+)$/.exec(line);
    if (!m) return line;
    const [, indent, expr, comment] = m as unknown as [string, string, string, string];
    if (/^(const|let|var|import|export|return|if|for|while|throw)\b/.test(expr.trim())) return line;
    const lit = LITERAL.exec(comment.trim());
    if (!lit) return line;
    const approx = lit[1] !== undefined;
    const literal = lit[2] as string;
    assertions++;
    return `${indent}${check}(${JSON.stringify(expr.trim())}, (${expr}), ${literal.startsWith("'") ? JSON.stringify(literal.slice(1, -1)) : literal}, ${approx ? JSON.stringify(literal) : 'null'});`;
  });
  return { code: lines.join('\n'), assertions };
}
