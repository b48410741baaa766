/** A small tag-balance checker for the HTML and SVG the renderers produce. */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/**
 * Returns null when every opening tag is closed in order (void and self-closing tags aside, and
 * no stray `<` outside a tag), or a description of the first problem.
 */
export function tagProblem(markup: string): string | null {
  const stack: string[] = [];
  const body = markup.replace(/^<!doctype html>/i, '');
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    const between = body.slice(last, m.index);
    if (between.includes('<') || between.includes('>')) return `stray < or > before ${m[0]} at ${m.index}`;
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    const n = name.toLowerCase();
    if (selfClosing === '/' || VOID.has(n)) continue;
    if (closing === '/') {
      const open = stack.pop();
      if (open !== n) return `</${n}> closes <${open ?? 'nothing'}>`;
    } else stack.push(n);
  }
  const rest = body.slice(last);
  if (rest.includes('<') || rest.includes('>')) return 'stray < or > at the end';
  return stack.length === 0 ? null : `unclosed <${stack.join('>, <')}>`;
}
