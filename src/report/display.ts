import { type ReportDocument, isReportDocument, renderReport, reportFragment, requireDocument, REPORT_CSS } from './document.js';
import { readRenderOptions } from './guard.js';
import { renderResult } from './result.js';

/** `Symbol.for('Jupyter.display')`: the method Deno's Jupyter kernel calls on a cell's last value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display');

/** A value that shows itself as a table in a Deno notebook and as text elsewhere. */
export interface Displayable {
  /** The text form (what `renderResult(..., 'text')` or `renderReport(..., 'text')` gives). */
  toString(): string;
  /** The MIME bundle for notebooks: `text/html` (a styled fragment) and `text/plain`. */
  [JUPYTER_DISPLAY](): Record<string, string>;
}

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Name of the function that made the result, for the title and units. */
  readonly metric?: string;
  /** Title shown above the tables. */
  readonly title?: string;
}

/**
 * Wraps a result (or a {@link ReportDocument}) so that a Deno Jupyter notebook displays it as an
 * HTML table: the returned object's `[Symbol.for('Jupyter.display')]()` gives
 * `{ 'text/html': ..., 'text/plain': ... }`, and its `toString()` is the text form.
 *
 * @param value - A result of the library, its JSON, or a report document.
 * @param displayOptions - `metric` (the function's name) and `title`.
 * @returns The displayable object (frozen).
 * @example
 * ```ts
 * import { display, JUPYTER_DISPLAY } from 'kpi-kit/report';
 *
 * const shown = display({ value: 30, n: 100, promoters: 50, passives: 30, detractors: 20 }, { metric: 'nps' });
 * shown[JUPYTER_DISPLAY]()['text/html'].includes('<table>'); // true
 * String(shown).startsWith('NPS'); // true
 * ```
 */
export function display(value: unknown, displayOptions: DisplayOptions = {}): Displayable {
  const options: DisplayOptions = readRenderOptions('display', displayOptions, ['metric', 'title']);
  const title = options.title === undefined ? {} : { title: options.title };
  if (isReportDocument(value)) {
    requireDocument('display', value);
    const doc: ReportDocument = value;
    const text = renderReport(doc, 'text', title);
    return Object.freeze({
      toString: () => text,
      [JUPYTER_DISPLAY]: () => ({ 'text/html': reportFragment(doc, title), 'text/plain': text }),
    });
  }
  const opts = { ...title, ...(options.metric === undefined ? {} : { metric: options.metric }) };
  const text = renderResult(value, 'text', opts);
  return Object.freeze({
    toString: () => text,
    [JUPYTER_DISPLAY]: () => ({ 'text/html': `<style>\n${REPORT_CSS}\n</style>\n${renderResult(value, 'html', opts)}`, 'text/plain': text }),
  });
}
