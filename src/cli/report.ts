/**
 * The report of the `kpi-kit report` command: every metric the mapped columns allow, computed by the
 * library's accumulators (overall, per period, per segment) from records streamed in batches.
 *
 * @module
 */
import { KpiInputError, type KpiIssue } from '../core/errors.js';
import { csatAccumulator } from '../survey/csat.js';
import { backlog } from '../support/backlog.js';
import { byPeriodAccumulator, type ByPeriodAccumulator } from '../grouping/by-period.js';
import { bySegmentAccumulator, type BySegmentAccumulator } from '../grouping/by-segment.js';
import { complaints } from '../support/complaints.js';
import { firstContactResolution } from '../support/first-contact-resolution.js';
import { firstResponseTime } from '../support/first-response-time.js';
import { averageHandleTime } from '../support/average-handle-time.js';
import { reopenRate } from '../support/reopen-rate.js';
import { resolutionConsistency } from '../support/resolution-consistency.js';
import { resolutionRate } from '../support/resolution-rate.js';
import { resolutionTime } from '../support/resolution-time.js';
import { slaCompliance, type SlaTargetOptions } from '../support/sla-compliance.js';
import type { Accumulator } from '../core/accumulator.js';
import type { TicketField } from '../support/ticket.js';
import { topTopics } from '../support/top-topics.js';
import { volumeByChannel } from '../support/volume-by-channel.js';
import type { BusinessCalendar } from '../time/calendar.js';
import type { PeriodUnit } from '../time/period.js';
import { TimestampReader } from '../time/timestamp.js';
import type { ReportDocument, ReportError } from '../report/index.js';
import { type ColumnSpec, CellError, convert } from './columns.js';
import type { RecordBatch } from './input.js';
import { type FieldSetter, SETTERS, TicketRow } from './ticket-row.js';

/** The most errors listed in the report; all are counted. */
export const MAX_LISTED_ERRORS = 1000;

/** What the report is computed with (from the command's options). */
export interface ReportSettings {
  readonly timeZone: string;
  readonly calendar?: BusinessCalendar | undefined;
  readonly period?: PeriodUnit | undefined;
  readonly weekStartsOn?: number | undefined;
  readonly by?: TicketField | undefined;
  readonly asOf?: number | undefined;
  readonly sla?: SlaTargetOptions | undefined;
  readonly resolvedStatuses?: readonly string[] | undefined;
  readonly csatScale: string;
  readonly percentiles: readonly number[];
  readonly top: number;
  readonly onInvalid: 'fail' | 'exclude';
}

/** A row the report cannot take, with `--on-invalid fail` (exit code 2). */
export class RowError extends Error {
  override readonly name = 'RowError';
  constructor(readonly error: ReportError) {
    super(describeError(error));
  }
}

/** `row 12, column "csat": "abc" — csat must be a number`. */
export function describeError(e: ReportError): string {
  const where = [e.row === null ? null : `row ${e.row}`, e.column === null ? null : `column "${e.column}"`].filter((x) => x !== null).join(', ');
  const value = e.value === undefined || e.value === null ? '' : `: ${JSON.stringify(e.value) ?? typeof e.value}`;
  return `${where}${value} — ${e.message}`;
}

/** A ticket metric the report can compute, and when. */
interface MetricPlan {
  readonly name: string;
  readonly metric: { readonly accumulator: { create(options?: never): Accumulator<unknown> } };
  readonly options: Record<string, unknown>;
}

/** The metrics the mapped fields allow, in report order, with their options. */
export function planMetrics(fields: ReadonlySet<TicketField>, s: ReportSettings): MetricPlan[] {
  const base: Record<string, unknown> = { timeZone: s.timeZone, onInvalid: s.onInvalid === 'exclude' ? 'exclude' : 'throw' };
  if (s.resolvedStatuses !== undefined) base['resolvedStatuses'] = s.resolvedStatuses;
  const durations = { ...base, percentiles: s.percentiles, ...(s.calendar === undefined ? {} : { calendar: s.calendar }) };
  const has = (f: TicketField): boolean => fields.has(f);
  const resolvedKnown = has('status') || has('resolvedAt') || has('resolutionMs');
  const plans: MetricPlan[] = [];
  const add = (name: string, metric: unknown, options: Record<string, unknown>): void => {
    plans.push({ name, metric: metric as MetricPlan['metric'], options });
  };
  if (has('firstResponseAt') || has('firstResponseMs')) add('firstResponseTime', firstResponseTime, durations);
  if (has('resolvedAt') || has('resolutionMs')) add('resolutionTime', resolutionTime, durations);
  if (has('handleTimeMs')) add('averageHandleTime', averageHandleTime, { ...base, percentiles: s.percentiles });
  if (resolvedKnown) add('resolutionRate', resolutionRate, base);
  if (has('contactCount') || has('firstContactResolved')) {
    add('firstContactResolution', firstContactResolution, { ...base, method: has('contactCount') ? 'contact-count' : 'flag' });
  }
  if (has('reopened') && resolvedKnown) add('reopenRate', reopenRate, base);
  if (has('agent') && resolvedKnown) add('resolutionConsistency', resolutionConsistency, base);
  if (has('channel')) add('volumeByChannel', volumeByChannel, base);
  if (has('topic') || has('category')) add('topTopics', topTopics, { ...base, top: s.top });
  if (has('complaint')) add('complaints', complaints, base);
  if (s.asOf !== undefined) {
    add('backlog', backlog, { ...base, asOf: s.asOf, percentiles: s.percentiles });
    const slaFields =
      (s.sla?.firstResponseMs !== undefined || hasPriorityTarget(s.sla, 'firstResponseMs')) && (has('firstResponseAt') || has('firstResponseMs'));
    const slaResolution = (s.sla?.resolutionMs !== undefined || hasPriorityTarget(s.sla, 'resolutionMs')) && (has('resolvedAt') || has('resolutionMs'));
    if (s.sla !== undefined && (slaFields || slaResolution)) {
      add('slaCompliance', slaCompliance, { ...base, asOf: s.asOf, targets: s.sla, ...(s.calendar === undefined ? {} : { calendar: s.calendar }) });
    }
  }
  return plans;
}

function hasPriorityTarget(sla: SlaTargetOptions | undefined, kind: 'firstResponseMs' | 'resolutionMs'): boolean {
  return Object.values(sla?.byPriority ?? {}).some((t) => t[kind] !== undefined);
}

interface Running {
  readonly plan: MetricPlan;
  readonly total: Accumulator<unknown> | null;
  readonly periods: ByPeriodAccumulator<unknown> | null;
  readonly segments: BySegmentAccumulator<unknown> | null;
}

type Adder = { add(record: unknown, index?: number): unknown; addAll?(records: readonly unknown[], offset?: number): unknown };

/**
 * Builds the report from batches of records: converts each row's mapped cells, leaves out (or
 * raises on) rows that cannot be read, and adds the tickets to every metric's accumulators. Ticket
 * i of the metrics is row i + 1 of the file, so that what a metric reports (`excluded.invalidTickets`,
 * error paths) names the row.
 */
export class ReportBuilder {
  /** Rows read. */
  records = 0;
  /** Rows left out of every metric because a cell could not be read. */
  excludedRows = 0;
  private readonly errors: ReportError[] = [];
  private errorCount = 0;
  private readonly running: Running[];
  private readonly csat: Accumulator<unknown> | null = null;
  private csatAnswered = 0;
  private readonly csatSpec: ColumnSpec | undefined;
  private readonly ticketSpecs: readonly ColumnSpec[];
  private readonly reader: TimestampReader;
  private readonly columnOf: ReadonlyMap<string, string>;
  /** Keys of JSON records seen (to report `--map` columns that never occur). */
  readonly keysSeen = new Set<string>();
  private readonly getters: readonly ((value: unknown) => unknown)[];
  /** The setter of each ticket spec's field. */
  private readonly setters: readonly FieldSetter[];

  constructor(
    specs: readonly ColumnSpec[],
    private readonly settings: ReportSettings,
    /** CSV header (cells by index), or null for JSON records (cells by key). */
    header: readonly string[] | null,
  ) {
    this.reader = new TimestampReader(settings.timeZone);
    this.csatSpec = specs.find((s) => s.field === 'csat');
    this.ticketSpecs = specs.filter((s) => s.field !== 'csat');
    this.columnOf = new Map(specs.map((s) => [s.field as string, s.column]));
    this.setters = this.ticketSpecs.map((s) => SETTERS[s.field]);
    const all = [...this.ticketSpecs, ...(this.csatSpec === undefined ? [] : [this.csatSpec])];
    this.getters = all.map((s) => {
      if (header !== null) {
        const at = header.indexOf(s.column);
        return (v: unknown) => (v as string[])[at];
      }
      return (v: unknown) => readKey(v, s.column);
    });
    const fields = new Set(specs.map((s) => s.field));
    this.running = planMetrics(fields, settings).map((plan): Running => {
      const periods =
        settings.period === undefined
          ? null
          : byPeriodAccumulator(
              plan.metric as never,
              {
                period: settings.period,
                timeZone: settings.timeZone,
                ...(settings.weekStartsOn === undefined ? {} : { weekStartsOn: settings.weekStartsOn as 0 }),
              },
              plan.options as never,
            );
      const segments = settings.by === undefined ? null : bySegmentAccumulator(plan.metric as never, settings.by, plan.options as never);
      // The total comes from the periods (or segments) when there are some: no second copy of the durations.
      const total = periods === null && segments === null ? plan.metric.accumulator.create(plan.options as never) : null;
      return { plan, total, periods, segments };
    });
    if (this.csatSpec !== undefined) this.csat = csatAccumulator.create({ scale: settings.csatScale as '1-5' });
  }

  /** The metric names computed, in report order. */
  get metricNames(): string[] {
    return [...this.running.map((r) => r.plan.name), ...(this.csat === null ? [] : ['csat'])];
  }

  /** Records an error: raised with `--on-invalid fail`, else listed (up to a limit) and counted. */
  private problem(error: ReportError): void {
    if (this.settings.onInvalid === 'fail') throw new RowError(error);
    this.errorCount++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
  }

  /** Adds a batch of records. @throws {@link RowError} with `--on-invalid fail`. */
  addBatch(batch: RecordBatch): void {
    const { values, problems, firstRow } = batch;
    const rowOf = batch.rows;
    const tickets: TicketRow[] = [];
    const rows: number[] = [];
    const csat: unknown[] = [];
    const specs = this.ticketSpecs;
    const getters = this.getters;
    const reader = this.reader;
    const setters = this.setters;
    const csatSpec = this.csatSpec;
    for (let i = 0; i < values.length; i++) {
      const row = rowOf === null ? firstRow + i : (rowOf[i] as number);
      this.records++;
      const value = values[i];
      const problem = problems?.get(i);
      if (problem !== undefined) {
        this.excludedRows++;
        // The row as read: its cells (CSV) or the text of the line (NDJSON).
        this.problem({ row, column: null, value, message: `the row ${problem}` });
        continue;
      }
      if (!Array.isArray(value)) {
        if (typeof value !== 'object' || value === null) {
          this.excludedRows++;
          this.problem({ row, column: null, value, message: 'the record is not an object' });
          continue;
        }
        for (const key in value) this.keysSeen.add(key);
      }
      const ticket = new TicketRow();
      let bad: CellError | null = null;
      let answer: unknown = null;
      try {
        for (let k = 0; k < specs.length; k++) {
          const spec = specs[k] as ColumnSpec;
          (setters[k] as FieldSetter)(ticket, convert(spec, (getters[k] as (v: unknown) => unknown)(value), reader));
        }
        if (csatSpec !== undefined) answer = convert(csatSpec, (getters[specs.length] as (v: unknown) => unknown)(value), reader);
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        bad = e;
      }
      if (bad !== null) {
        this.excludedRows++;
        this.problem({ row, column: bad.column, value: bad.value, message: bad.message });
        continue;
      }
      tickets.push(ticket);
      rows.push(row);
      if (csatSpec !== undefined) csat.push(answer);
    }
    if (tickets.length === 0) return;
    const first = rows[0] as number;
    const consecutive = (rows[rows.length - 1] as number) - first === rows.length - 1;
    for (const r of this.running) {
      for (const acc of [r.total, r.periods, r.segments]) if (acc !== null) this.feed(acc, tickets, rows, consecutive, r.plan.name);
    }
    if (this.csat !== null) {
      for (let i = 0; i < csat.length; i++) {
        const answer = csat[i];
        if (answer === null) continue;
        try {
          this.csat.add(answer);
          this.csatAnswered++;
        } catch (e) {
          if (!(e instanceof KpiInputError)) throw e;
          this.problem({
            row: rows[i] as number,
            column: this.csatSpec?.column ?? null,
            value: answer,
            message: `csat: ${e.issues[0]?.message.replace(/^responses\[\d+\] /, 'the answer ') ?? e.message}`,
          });
        }
      }
    }
  }

  private feed(acc: Adder, tickets: readonly unknown[], rows: readonly number[], consecutive: boolean, metric: string): void {
    try {
      if (consecutive && acc.addAll !== undefined) acc.addAll(tickets, (rows[0] as number) - 1);
      else for (let i = 0; i < tickets.length; i++) acc.add(tickets[i], (rows[i] as number) - 1);
    } catch (e) {
      if (!(e instanceof KpiInputError)) throw e;
      // With --on-invalid fail the metrics raise on the first invalid ticket; name its row and column.
      throw new RowError(this.issueError(e.issues[0] as KpiIssue, metric));
    }
  }

  /** A metric's issue about ticket i, as a report error about row i + 1 and the field's column. */
  private issueError(issue: KpiIssue, metric: string): ReportError {
    const [, index, field] = issue.path;
    const column = typeof field === 'string' ? (this.columnOf.get(field) ?? field) : null;
    const message = `${metric}: ${issue.message.replace(/tickets\[\d+\]\.?/g, '').replace(/\((-?\d{11,16}(?:\.\d+)?)\)/g, (_, ms: string) => `(${new Date(Number(ms)).toISOString()})`)}`;
    let value = issue.input === undefined ? null : issue.input;
    if (typeof value === 'number' && typeof field === 'string' && field.endsWith('At') && Number.isFinite(value)) value = new Date(value).toISOString();
    return { row: typeof index === 'number' ? index + 1 : null, column, value, message };
  }

  /** The report document (after every batch). */
  finish(source: Readonly<Record<string, unknown>>): ReportDocument {
    const metrics: Record<string, unknown> = {};
    const periods: Record<string, unknown> = {};
    const segments: Record<string, unknown> = {};
    const invalid: Record<string, number> = {};
    for (const r of this.running) {
      const p = r.periods?.result() ?? null;
      const s = r.segments?.result() ?? null;
      const total = p?.total ?? s?.total ?? (r.total as Accumulator<unknown>).result();
      metrics[r.plan.name] = total;
      if (p !== null) periods[r.plan.name] = p;
      if (s !== null) segments[r.plan.name] = s;
      // Tickets a metric left out as invalid (--on-invalid exclude): counted per metric, and the
      // ones it lists (its first 100) listed as errors of their rows.
      const excluded = (total as { excluded?: { invalid?: number; invalidTickets?: readonly { index: number; issues: readonly KpiIssue[] }[] } }).excluded;
      if (excluded?.invalid !== undefined && excluded.invalid > 0) {
        invalid[r.plan.name] = excluded.invalid;
        this.errorCount += excluded.invalid;
      }
      for (const t of excluded?.invalidTickets ?? []) {
        const issue = t.issues[0];
        if (issue !== undefined && this.errors.length < MAX_LISTED_ERRORS) this.errors.push(this.issueError(issue, r.plan.name));
      }
    }
    if (this.csat !== null) metrics['csat'] = this.csat.result();
    const doc: ReportDocument = {
      records: this.records,
      metrics,
      ...(this.settings.period === undefined ? {} : { byPeriod: periods }),
      ...(this.settings.by === undefined ? {} : { bySegment: segments }),
      excluded: { rows: this.excludedRows, ...invalid },
      errors: [...this.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      source: { ...source, ...(this.csat === null ? {} : { csatAnswers: this.csatAnswered }), ...(this.errorCount === 0 ? {} : { problems: this.errorCount }) },
    };
    return doc;
  }
}

/**
 * A JSON record's value for a column: its key, else a dotted path (`via.channel`). Only own
 * properties are read: `__proto__.constructor` or `toString` name nothing a record inherits.
 */
function readKey(record: unknown, column: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  const direct = Object.hasOwn(record, column) ? (record as Record<string, unknown>)[column] : undefined;
  if (direct !== undefined || !column.includes('.')) return direct;
  let at: unknown = record;
  for (const part of column.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
