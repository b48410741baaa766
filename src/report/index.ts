/**
 * Rendering of results and reports: plain text, GitHub Markdown, self-contained HTML with SVG
 * charts, and notebook display. Pure functions returning strings: no I/O, no DOM, the same output
 * on every runtime.
 *
 * @module report
 */
export { type ReportFormat } from './blocks.js';
export { type ChartDatum, type ChartOptions, barChart, lineChart } from './charts.js';
export { type ReportDocument, type ReportError, MAX_SEGMENT_COLUMNS, REPORT_CSS, isReportDocument, renderReport } from './document.js';
export { type Displayable, type DisplayOptions, JUPYTER_DISPLAY, display } from './display.js';
export { fieldUnit, inferUnit } from './fields.js';
export { type MetricUnit, type ValueUnit, MISSING, escapeHtml, escapeMarkdown, formatDuration, formatValue } from './format.js';
export { type MetricInfo, metricInfo, metricNames } from './metric-info.js';
export { type RenderOptions, type RenderResultOptions, detailOf, renderResult } from './result.js';
