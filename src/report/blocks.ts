/**
 * The document model shared by the renderers: headings, paragraphs, tables and raw HTML (charts,
 * cards), rendered as plain text, GitHub Markdown or an HTML fragment.
 */
import { escapeHtml, escapeMarkdown, oneLine } from './format.js';

/** The output formats of the renderers. */
export type ReportFormat = 'text' | 'markdown' | 'html';

/** A table whose cells are already formatted. */
export interface TableBlock {
  readonly kind: 'table';
  readonly columns: readonly string[];
  /** Per column: a column of numbers (right-aligned header, Markdown alignment, default of its cells). */
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly string[])[];
  /** Per row and column: whether that cell is right-aligned, when it differs from its column. */
  readonly cellNumeric?: readonly (readonly boolean[])[];
  /** A class of the HTML `<table>` (`'periods'`: its first column never wraps). */
  readonly className?: string;
  /**
   * Per row and column, a shade from 0 to 1 (`null`: none) drawn behind the cell in HTML (a heat
   * table); the text stays, so text and Markdown show the same figures.
   */
  readonly heat?: readonly (readonly (number | null)[])[];
}

/** One piece of a rendered document. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | TableBlock
  /** Trusted HTML made by this module (charts, cards); only in the HTML format. */
  | { readonly kind: 'html'; readonly html: string };

/** The widest a text cell may be before it is cut with `…`. */
const MAX_TEXT_CELL = 100;

/** Length in code points (so `—` and `…` count one). */
const width = (s: string): number => [...s].length;

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Whether a body cell is right-aligned: its own flag, else its column's. */
const rightAligned = (t: TableBlock, row: number, col: number): boolean => t.cellNumeric?.[row]?.[col] ?? t.numeric[col] ?? false;

function textTable(t: TableBlock): string {
  const rows = [t.columns, ...t.rows].map((r) => t.columns.map((_, i) => cut(oneLine(r[i] ?? ''), MAX_TEXT_CELL)));
  const widths = t.columns.map((_, i) => rows.reduce((w, r) => Math.max(w, width(r[i]!)), 0));
  const line = (r: readonly string[], row: number): string =>
    r
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - width(c));
        return (row < 0 ? t.numeric[i] : rightAligned(t, row, i)) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return [line(head!, -1), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map((r, i) => line(r, i))].join('\n');
}

function markdownTable(t: TableBlock): string {
  const row = (r: readonly string[]): string => `| ${t.columns.map((_, i) => escapeMarkdown(r[i] ?? '')).join(' | ')} |`;
  return [row(t.columns), `| ${t.numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`, ...t.rows.map(row)].join('\n');
}

/** The inline background of a heat-table cell: blue, from transparent (0) to 45 % (1). */
function shade(level: number | null | undefined): string {
  if (level === null || level === undefined || !(level >= 0 && level <= 1)) return '';
  return ` style="background:rgba(37,99,235,${(0.05 + 0.4 * level).toFixed(3)})"`;
}

/** An HTML table inside a `<div class="table-wrap">` that scrolls sideways when the table is wider than the page. */
function htmlTable(t: TableBlock): string {
  const num = ' class="num"';
  const head = t.columns.map((c, i) => `<th${t.numeric[i] ? num : ''}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map(
      (r, row) =>
        `<tr>${t.columns.map((_, i) => `<td${rightAligned(t, row, i) ? num : ''}${shade(t.heat?.[row]?.[i])}>${escapeHtml(r[i] ?? '')}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const cls = t.className === undefined ? '' : ` class="${escapeHtml(t.className)}"`;
  return `<div class="table-wrap"><table${cls}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

/** Renders blocks in a format; HTML-only blocks are left out of text and Markdown. */
export function renderBlocks(blocks: readonly Block[], format: ReportFormat): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        const text = oneLine(b.text);
        if (format === 'html') out.push(`<h${b.level}>${escapeHtml(text)}</h${b.level}>`);
        else if (format === 'markdown') out.push(`${'#'.repeat(b.level)} ${escapeMarkdown(text)}`);
        else out.push(b.level === 3 ? text : `${text}\n${(b.level === 1 ? '=' : '-').repeat(width(text))}`);
        break;
      }
      case 'paragraph':
        if (format === 'html') out.push(`<p>${escapeHtml(b.text)}</p>`);
        else out.push(format === 'markdown' ? escapeMarkdown(b.text) : oneLine(b.text));
        break;
      case 'table':
        out.push(format === 'html' ? htmlTable(b) : format === 'markdown' ? markdownTable(b) : textTable(b));
        break;
      case 'html':
        if (format === 'html') out.push(b.html);
        break;
    }
  }
  return out.join(format === 'html' ? '\n' : '\n\n') + '\n';
}
