/**
 * The report of the `kpi-kit report` command: every metric the mapped columns allow, computed by the
 * library's accumulators (overall, per period, per segment) from records streamed in batches.
 *
 * @module
 */
import { KpiInputError, MAX_ISSUES, type KpiIssue } from '../core/errors.js';
import { csat as csatMetric, csatAccumulator } from '../survey/csat.js';
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
import { type Accumulator, type AccumulatorJSON, addRecords } from '../core/accumulator.js';
import { columnRows } from '../records/columns.js';
import { TICKET_FIELDS, TICKET_KIND } from '../records/tickets.js';
import { type ByteBatch, type ByteColumn, ByteColumnReader, cellText } from './byte-columns.js';
import type { TicketField } from '../support/ticket.js';
import { topTopics } from '../support/top-topics.js';
import { firstResolutionTime } from '../support/first-resolution-time.js';
import { requesterWaitTime } from '../support/requester-wait-time.js';
import { agentWaitTime } from '../support/agent-wait-time.js';
import { onHoldTime } from '../support/on-hold-time.js';
import { agentWorkTime } from '../support/agent-work-time.js';
import { repliesPerTicket } from '../support/replies-per-ticket.js';
import { reopensPerTicket } from '../support/reopens-per-ticket.js';
import { HISTORY_FIELDS, type Histories } from './histories.js';
import { volumeByChannel } from '../support/volume-by-channel.js';
import type { BusinessCalendar } from '../time/calendar.js';
import type { PeriodUnit } from '../time/period.js';
import { TimestampReader } from '../time/timestamp.js';
import type { ReportDocument, ReportError } from '../report/index.js';
import { type ColumnSpec, CellError, cellConverter, readColumn } from './columns.js';
import type { RecordBatch } from './input.js';
import { type FieldSetter, SETTERS, TicketRow } from '../records/ticket-row.js';

/**
 * The most problems listed in the report's `errors` (the first by row); all are counted in
 * `source.problems`.
 */
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

/**
 * A kept copy of a cell value: a string the CSV scanner cut out of a chunk's text may hold that
 * whole text (64–128 KB) alive, so a listed error keeps its own copy (and a row's cells, each).
 */
function detach(value: unknown): unknown {
  if (typeof value === 'string') return value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
  if (Array.isArray(value)) return value.map(detach);
  return value;
}

/** `row 12, column "csat": "abc" — csat must be a number`. */
export function describeError(e: ReportError): string {
  const where = [e.row === null ? null : `row ${e.row}`, e.column === null ? null : `column "${e.column}"`].filter((x) => x !== null).join(', ');
  const value = e.value === undefined || e.value === null ? '' : `: ${JSON.stringify(e.value) ?? typeof e.value}`;
  return `${where}${value} — ${e.message}`;
}

/** A result whose `excluded` lists no ticket (`invalidIndices`, `invalidTickets` empty), its count (`invalid`) kept. */
function unlisted(result: unknown): unknown {
  const excluded = (result as { excluded?: { invalidIndices?: readonly unknown[]; invalidTickets?: readonly unknown[] } } | null)?.excluded;
  if (excluded === undefined || ((excluded.invalidIndices?.length ?? 0) === 0 && (excluded.invalidTickets?.length ?? 0) === 0)) return result;
  return {
    ...(result as object),
    excluded: {
      ...excluded,
      ...(excluded.invalidIndices === undefined ? {} : { invalidIndices: [] }),
      ...(excluded.invalidTickets === undefined ? {} : { invalidTickets: [] }),
    },
  };
}

/**
 * A grouping's result (`byPeriod`'s or `bySegment`'s) as the report gives it: its groups count
 * the tickets the metric left out as invalid (`excluded.invalid`) without listing them, as the
 * library gives them, and so does its `total` here: the report lists them once, under `metrics`
 * (and by row in `errors`).
 */
function countedOnly(grouping: unknown): unknown {
  const g = grouping as Record<string, unknown>;
  return { ...g, total: unlisted(g['total']) };
}

/**
 * The `bySegment` result within a period × segment result (its segments over all records, its
 * total and `by`), or `null` for a result without segments.
 */
function segmentsOf(p: unknown): { segments: unknown; total: unknown; by: unknown } | null {
  if (typeof p !== 'object' || p === null || !('segments' in p)) return null;
  const r = p as { segments: unknown; total: unknown; by: unknown };
  return { segments: r.segments, total: r.total, by: r.by };
}

/** A ticket metric the report can compute, and when. */
interface MetricPlan {
  readonly name: string;
  readonly metric: { readonly accumulator: { create(options?: never): Accumulator<unknown>; fromJSON(json: unknown): Accumulator<unknown> } };
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
  // From ticket histories (--events), or from columns carrying them (Zendesk's ticket metrics).
  if (has('firstResolvedAt')) add('firstResolutionTime', firstResolutionTime, durations);
  const measured = { ...base, percentiles: s.percentiles };
  if (has('requesterWaitMs')) add('requesterWaitTime', requesterWaitTime, measured);
  if (has('agentWaitMs')) add('agentWaitTime', agentWaitTime, measured);
  if (has('onHoldMs')) add('onHoldTime', onHoldTime, measured);
  if (has('agentWorkMs')) add('agentWorkTime', agentWorkTime, measured);
  if (has('replyCount')) add('repliesPerTicket', repliesPerTicket, measured);
  if (has('reopenCount')) add('reopensPerTicket', reopensPerTicket, measured);
  if (has('agent') && resolvedKnown) add('resolutionConsistency', resolutionConsistency, base);
  if (has('channel')) add('volumeByChannel', volumeByChannel, base);
  if (has('topic') || has('category')) add('topTopics', topTopics, { ...base, top: s.top });
  if (has('complaint')) add('complaints', complaints, base);
  // The SLA outcomes an export recorded per ticket, when no --sla target is given.
  if (s.sla === undefined && (has('firstResponseSlaMet') || has('resolutionSlaMet'))) {
    add('slaCompliance', slaCompliance, { ...base, ...(s.asOf === undefined ? {} : { asOf: s.asOf }) });
  }
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

/** What a {@link ReportBuilder} has read, as plain data: see {@link ReportBuilder.snapshot}. */
export interface BuilderSnapshot {
  readonly records: number;
  readonly excludedRows: number;
  readonly errors: readonly ReportError[];
  readonly errorCount: number;
  readonly keysSeen: readonly string[];
  readonly csatAnswered: number;
  /** Each metric's accumulators (in report order), as JSON states. */
  readonly running: readonly { readonly total: AccumulatorJSON | null; readonly periods: AccumulatorJSON | null; readonly segments: AccumulatorJSON | null }[];
  readonly csat: AccumulatorJSON | null;
  /** CSAT per period and per segment (with `--period` / `--by`). */
  readonly csatTrend: { readonly periods: AccumulatorJSON | null; readonly segments: AccumulatorJSON | null } | null;
}

interface Running {
  readonly plan: MetricPlan;
  readonly total: Accumulator<unknown> | null;
  readonly periods: ByPeriodAccumulator<unknown> | null;
  readonly segments: BySegmentAccumulator<unknown> | null;
}

type Adder = { add(record: unknown, index?: number): unknown; addAll?(records: readonly unknown[], offset?: number): unknown };

/**
 * The column specs a CSV report reads: every mapped one except the label and id columns that no
 * planned metric reads, nor `--by`, nor the join of `--events` (`histories`). Such a cell is text,
 * which always reads as a label or an id, so leaving it unread changes no figure and no error. Every
 * spec when a planned metric does not say what it reads.
 */
export function specsRead(specs: readonly ColumnSpec[], settings: ReportSettings, histories: boolean): readonly ColumnSpec[] {
  const mapped = new Set(specs.map((s) => s.field));
  const needed = new Set<string>(['csat', 'createdAt']);
  if (settings.by !== undefined) needed.add(settings.by);
  if (histories) needed.add('id');
  for (const plan of planMetrics(mapped, settings)) {
    const reads = (plan.metric.accumulator.create(plan.options as never) as { readonly reads?: readonly string[] }).reads;
    if (reads === undefined) return specs;
    for (const f of reads) needed.add(f);
  }
  return specs.filter((s) => (s.kind !== 'label' && s.kind !== 'id') || needed.has(s.field));
}

/** A CSV row's ticket: cell `at[k]` converted by `converters[k]` into field k. @throws CellError from a converter. @internal */
export type RowReader = (cells: readonly unknown[], converters: readonly ((raw: unknown) => unknown)[]) => TicketRow;

/**
 * The {@link RowReader} of the fields `fields` read from the cells at `at`, compiled once per report
 * into one function with a statement per field (each store to its own field, each converter called
 * from its own site), the fields in order (the first cell that cannot be read is the one reported).
 * Where the runtime does not compile code (or with `compile` false), the same reading by a loop.
 * @internal
 */
export function compileRowReader(fields: readonly string[], at: readonly number[], compile = true): RowReader {
  const body = fields.map((f, k) => `t[${JSON.stringify(f)}] = c[${k}](cells[${at[k] as number}]);`).join('\n');
  try {
    if (!compile) throw new Error('not compiled');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a reader compiled from the report's own field list (names quoted by JSON.stringify)
    const make = new Function('Row', `return function readCells(cells, c) { const t = new Row();\n${body}\nreturn t; };`) as (
      row: typeof TicketRow,
    ) => RowReader;
    return make(TicketRow);
  } catch {
    return (cells, converters) => {
      const t = new TicketRow();
      for (let k = 0; k < fields.length; k++) SETTERS[fields[k] as TicketField](t, (converters[k] as (raw: unknown) => unknown)(cells[at[k] as number]));
      return t;
    };
  }
}

/** Rows [from, to) of a column read from bytes (the column itself when it is all of it). */
function rangeOf(column: ByteColumn, from: number, to: number): unknown {
  if (column instanceof Float64Array) return from === 0 && to === column.length ? column : column.subarray(from, to);
  if (Array.isArray(column)) return from === 0 && to === column.length ? column : column.slice(from, to);
  const dict = column as { readonly codes: Int32Array; readonly dictionary: readonly unknown[] };
  return { codes: from === 0 && to === dict.codes.length ? dict.codes : dict.codes.subarray(from, to), dictionary: dict.dictionary };
}

/**
 * A byte batch as the batch of its rows' cells (strings; `''` for the cells not read), as the
 * string scanner gives them.
 */
export function decodedBatch(batch: ByteBatch, width: number): RecordBatch {
  const n = batch.length;
  const k = batch.columns.length;
  const values = new Array<unknown>(n);
  let problems: Map<number, string> | null = null;
  for (let i = 0; i < n; i++) {
    const cells = batch.odd?.get(i);
    if (cells !== undefined) {
      values[i] = cells;
      (problems ??= new Map()).set(i, `has ${cells.length} fields, the header has ${width}`);
      continue;
    }
    const row = new Array<string>(width).fill('');
    for (let j = 0; j < k; j++) row[batch.columns[j] as number] = cellText(batch, i * k + j);
    values[i] = row;
  }
  return { firstRow: batch.firstRow, rows: null, values, problems };
}

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
  /**
   * CSAT per period and per segment: `csat` over tickets (their answer in `csat`), leaving out
   * what it cannot read (the overall CSAT above reports those answers, once).
   */
  private readonly csatTrend: { readonly periods: ByPeriodAccumulator<unknown> | null; readonly segments: BySegmentAccumulator<unknown> | null } | null = null;
  private readonly csatSpec: ColumnSpec | undefined;
  private readonly ticketSpecs: readonly ColumnSpec[];
  private readonly reader: TimestampReader;
  private readonly columnOf: ReadonlyMap<string, string>;
  /** Keys of JSON records seen (to report `--map` columns that never occur). */
  readonly keysSeen = new Set<string>();
  private readonly getters: readonly ((value: unknown) => unknown)[];
  /** The setter of each ticket spec's field. */
  private readonly setters: readonly FieldSetter[];
  /** The converter of each ticket spec's cells, then the CSAT spec's. */
  private readonly converters: readonly ((raw: unknown) => unknown)[];
  /** CSV: a row's ticket from its cells (see {@link compileRowReader}); null for JSON records. */
  private readonly readCells: RowReader | null;
  /** CSV: the header's number of fields. */
  private readonly headerWidth: number;
  /** CSV: each ticket spec's column in the header (then the CSAT spec's); null for JSON records. */
  private readonly at: readonly number[] | null;
  /** The reader of each ticket spec's cells from bytes (then the CSAT spec's), made at the first byte batch. */
  private byteReaders: readonly ByteColumnReader[] | null = null;
  /**
   * Whether byte batches are read as columns and handed to the metrics whole (CSV without
   * `--events`); otherwise their cells are decoded and read as rows.
   */
  private readonly columnar: boolean;

  constructor(
    specs: readonly ColumnSpec[],
    private readonly settings: ReportSettings,
    /** CSV header (cells by index), or null for JSON records (cells by key). */
    header: readonly string[] | null,
    /** Ticket histories (`--events`), joined to the tickets by id; null without. */
    private readonly histories: Histories | null = null,
  ) {
    this.reader = new TimestampReader(settings.timeZone);
    this.csatSpec = specs.find((s) => s.field === 'csat');
    this.ticketSpecs = specs.filter((s) => s.field !== 'csat');
    this.columnOf = new Map(specs.map((s) => [s.field as string, s.column]));
    this.setters = this.ticketSpecs.map((s) => SETTERS[s.field]);
    const all = [...this.ticketSpecs, ...(this.csatSpec === undefined ? [] : [this.csatSpec])];
    this.converters = all.map((s) => cellConverter(s, this.reader));
    this.at = header === null ? null : all.map((s) => header.indexOf(s.column));
    this.headerWidth = header?.length ?? 0;
    this.columnar = header !== null && histories === null;
    this.readCells =
      header === null
        ? null
        : compileRowReader(
            this.ticketSpecs.map((s) => s.field),
            this.ticketSpecs.map((s) => header.indexOf(s.column)),
          );
    this.getters = all.map((s) => {
      if (header !== null) {
        const at = header.indexOf(s.column);
        return (v: unknown) => (v as string[])[at];
      }
      return (v: unknown) => readColumn(v, s.column);
    });
    const fields = new Set(specs.map((s) => s.field));
    if (histories !== null) for (const f of HISTORY_FIELDS) fields.add(f);
    // With --period and --by, one period × segment accumulator per metric: each ticket is read once,
    // into its (period, segment) cell, and the segments over all periods come from the same cells.
    const periodOptions =
      settings.period === undefined
        ? null
        : {
            period: settings.period,
            timeZone: settings.timeZone,
            ...(settings.weekStartsOn === undefined ? {} : { weekStartsOn: settings.weekStartsOn as 0 }),
            ...(settings.by === undefined ? {} : { by: settings.by }),
          };
    this.running = planMetrics(fields, settings).map((plan): Running => {
      const periods = periodOptions === null ? null : byPeriodAccumulator(plan.metric as never, periodOptions, plan.options as never);
      const segments = settings.by === undefined || periods !== null ? null : bySegmentAccumulator(plan.metric as never, settings.by, plan.options as never);
      // The total comes from the periods (or segments) when there are some: no second copy of the durations.
      const total = periods === null && segments === null ? plan.metric.accumulator.create(plan.options as never) : null;
      return { plan, total, periods, segments };
    });
    if (this.csatSpec !== undefined) this.csat = csatAccumulator.create({ scale: settings.csatScale as '1-5' });
    if (this.csatSpec !== undefined && (settings.period !== undefined || settings.by !== undefined)) {
      const options = { scale: settings.csatScale, timeZone: settings.timeZone, onInvalid: 'exclude' };
      this.csatTrend = {
        periods: periodOptions === null ? null : byPeriodAccumulator(csatMetric as never, periodOptions, options as never),
        segments: settings.by === undefined || periodOptions !== null ? null : bySegmentAccumulator(csatMetric as never, settings.by, options as never),
      };
    }
  }

  /** The metric names computed, in report order. */
  get metricNames(): string[] {
    return [...this.running.map((r) => r.plan.name), ...(this.csat === null ? [] : ['csat'])];
  }

  /**
   * What this builder has read, as plain data (structured-clone safe: accumulator states as JSON),
   * for a builder of the same specs and settings to {@link ReportBuilder.absorb}: how workers that
   * each read a part of a file hand their part to the one that writes the report.
   */
  snapshot(): BuilderSnapshot {
    return {
      records: this.records,
      excludedRows: this.excludedRows,
      errors: this.errors.slice(),
      errorCount: this.errorCount,
      keysSeen: [...this.keysSeen],
      csatAnswered: this.csatAnswered,
      running: this.running.map((r) => ({
        total: r.total?.toJSON() ?? null,
        periods: r.periods?.toJSON() ?? null,
        segments: r.segments?.toJSON() ?? null,
      })),
      csat: this.csat?.toJSON() ?? null,
      csatTrend: this.csatTrend === null ? null : { periods: this.csatTrend.periods?.toJSON() ?? null, segments: this.csatTrend.segments?.toJSON() ?? null },
    };
  }

  /**
   * Adds what another builder of the same specs and settings read (its {@link ReportBuilder.snapshot}),
   * as if its rows came after the rows read here: snapshots of consecutive parts of a file, absorbed
   * in file order, give the report of the whole file (row numbers are the file's: each part numbers
   * its rows from where it starts).
   */
  absorb(snapshot: BuilderSnapshot): void {
    this.records += snapshot.records;
    this.excludedRows += snapshot.excludedRows;
    for (const e of snapshot.errors) if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(e);
    this.errorCount += snapshot.errorCount;
    for (const k of snapshot.keysSeen) this.keysSeen.add(k);
    this.csatAnswered += snapshot.csatAnswered;
    this.running.forEach((r, i) => {
      const part = snapshot.running[i];
      if (part === undefined) return;
      const metric = r.plan.metric as never;
      if (r.total !== null && part.total !== null) r.total.merge(r.plan.metric.accumulator.fromJSON(part.total));
      if (r.periods !== null && part.periods !== null) r.periods.merge(byPeriodAccumulator.fromJSON(part.periods, metric));
      if (r.segments !== null && part.segments !== null) r.segments.merge(bySegmentAccumulator.fromJSON(part.segments, metric));
    });
    if (this.csat !== null && snapshot.csat !== null) this.csat.merge(csatAccumulator.fromJSON(snapshot.csat));
    const trend = this.csatTrend;
    if (trend !== null && snapshot.csatTrend !== null) {
      if (trend.periods !== null && snapshot.csatTrend.periods !== null)
        trend.periods.merge(byPeriodAccumulator.fromJSON(snapshot.csatTrend.periods, csatMetric));
      if (trend.segments !== null && snapshot.csatTrend.segments !== null) {
        trend.segments.merge(bySegmentAccumulator.fromJSON(snapshot.csatTrend.segments, csatMetric));
      }
    }
  }

  /** Tickets of the file that have a history in `--events`. */
  historiesMatched = 0;

  /** Gives a ticket the fields of its history (none when it has no history, or no id). */
  private joinHistory(ticket: TicketRow): void {
    // An id cell is text (CSV) or a JSON string or number: the histories are keyed by its text.
    const id = ticket.id;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const h = (this.histories as Histories).byId.get(String(id));
    if (h === undefined) return;
    this.historiesMatched++;
    ticket.firstResolvedAt = h.firstResolvedAt;
    ticket.requesterWaitMs = h.requesterWaitMs;
    ticket.agentWaitMs = h.agentWaitMs;
    ticket.onHoldMs = h.onHoldMs;
    ticket.agentWorkMs = h.agentWorkMs;
    ticket.replyCount = h.replyCount;
    ticket.reopenCount = h.reopenCount;
  }

  /** Records an error: raised with `--on-invalid fail`, else listed (up to a limit) and counted. */
  private problem(error: ReportError): void {
    if (this.settings.onInvalid === 'fail') throw new RowError(error);
    this.errorCount++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push({ ...error, value: detach(error.value) });
  }

  /**
   * Adds a batch of CSV rows read as bytes: as columns handed to the metrics whole (see
   * {@link ReportBuilder.addColumns}); with `--events`, as the rows of their decoded cells.
   * The same figures, rows and errors as the rows of the same cells.
   * @throws {@link RowError} with `--on-invalid fail`.
   */
  addBytes(batch: ByteBatch): void {
    if (batch.length === 0) return;
    if (this.columnar) this.addColumns(batch);
    else this.addBatch(decodedBatch(batch, this.headerWidth));
  }

  /**
   * The reading of a byte batch: every read field's column at once (see
   * ./byte-columns.ts), the rows that cannot be read (another number of fields, a cell that
   * cannot be read) left out as the row path leaves them out, and each run of readable rows handed
   * to every metric as columns (no object per row).
   */
  private addColumns(batch: ByteBatch): void {
    const n = batch.length;
    const specs = this.ticketSpecs;
    const at = this.at as readonly number[];
    const readers = (this.byteReaders ??= [
      ...specs.map((s) => new ByteColumnReader(s, this.reader)),
      // CSAT answers as numbers (NaN: none), or as values on the binary scale (good, bad).
      ...(this.csatSpec === undefined ? [] : [new ByteColumnReader(this.csatSpec, this.reader, !this.csatSpec.binary)]),
    ]);
    const skip = new Uint8Array(n);
    const odd = batch.odd;
    if (odd !== null) for (const i of odd.keys()) skip[i] = 1;
    const cellErrors: (CellError | undefined)[] = [];
    const columns: Record<string, ByteColumn> = {};
    let answers: ByteColumn | null = null;
    for (let k = 0; k < readers.length; k++) {
      const j = batch.columns.indexOf(at[k] as number);
      const column = (readers[k] as ByteColumnReader).read(batch, j, skip, cellErrors);
      if (k < specs.length) columns[(specs[k] as ColumnSpec).field] = column;
      else answers = column;
    }
    const failing = this.settings.onInvalid === 'fail';
    let first: ReportError | null = null;
    const consider = (e: ReportError): void => {
      if (first === null || (e.row ?? Infinity) < (first.row ?? Infinity)) first = e;
    };
    // The rows that cannot be read, in row order: with --on-invalid fail the first stops the reading
    // (the rows before it still go to the metrics, which may stop at an earlier one).
    let end = n;
    const bad: number[] = [];
    if (odd !== null || cellErrors.length > 0) {
      for (let i = 0; i < n; i++) {
        const cells = odd?.get(i);
        const cell = cellErrors[i];
        if (cells === undefined && cell === undefined) continue;
        const row = batch.firstRow + i;
        this.records++;
        this.excludedRows++;
        const error: ReportError =
          cells !== undefined
            ? { row, column: null, value: cells, message: `the row has ${cells.length} fields, the header has ${this.headerWidth}` }
            : { row, column: (cell as CellError).column, value: (cell as CellError).value, message: (cell as CellError).message };
        if (failing) {
          consider(error);
          end = i;
          break;
        }
        this.problem(error);
        bad.push(i);
      }
    }
    bad.push(end);
    this.records += end - (bad.length - 1);
    // Each run of readable rows [from, to), as columns.
    let from = 0;
    for (const to of bad) {
      if (to > from) this.addRun(columns, answers, from, to, batch.firstRow, consider);
      from = to + 1;
    }
    if (this.csat !== null && answers !== null) {
      const rowsOf: number[] = [];
      const given: unknown[] = [];
      // Numbers (NaN: no answer) or values (null: none); never a dictionary.
      const list = answers as ArrayLike<unknown>;
      for (let i = 0; i < end; i++) {
        if (skip[i] === 1 || cellErrors[i] !== undefined) continue;
        rowsOf.push(batch.firstRow + i);
        const answer = list[i];
        given.push(answer !== answer ? null : answer);
      }
      this.addAnswers(given, rowsOf, failing, consider);
    }
    if (first !== null) throw new RowError(first);
  }

  /**
   * Hands rows [from, to) of a batch's columns to every metric (the rows as records named by
   * their index, row − 1), and with their CSAT answers to the CSAT trend.
   */
  private addRun(
    columns: Readonly<Record<string, ByteColumn>>,
    answers: ByteColumn | null,
    from: number,
    to: number,
    firstRow: number,
    consider: (e: ReportError) => void,
  ): void {
    const base = firstRow + from - 1;
    const run: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(columns)) run[field] = rangeOf(column, from, to);
    const trend = this.csatTrend;
    // With a CSAT trend, the tickets carry their answer (which the ticket metrics do not read): one
    // view for all, so that its split into periods and segments is made once.
    if (trend !== null && answers !== null) run['csat'] = rangeOf(answers, from, to);
    const rows = columnRows('report', TICKET_FIELDS, run, TICKET_KIND.rowShape ?? null, true, true);
    const add = (acc: Accumulator<unknown>, source: typeof rows, metric: string): void => {
      try {
        addRecords(acc, source, base);
      } catch (e) {
        if (!(e instanceof KpiInputError)) throw e;
        consider(this.issueError(e.issues[0] as KpiIssue, metric));
      }
    };
    for (const r of this.running) for (const acc of [r.total, r.periods, r.segments]) if (acc !== null) add(acc, rows, r.plan.name);
    if (trend !== null && answers !== null) for (const acc of [trend.periods, trend.segments]) if (acc !== null) add(acc, rows, 'csat');
  }

  /** Adds a batch of records or of CSV rows as bytes. @throws {@link RowError} with `--on-invalid fail`. */
  add(batch: RecordBatch | ByteBatch): void {
    if ('kind' in batch) this.addBytes(batch);
    else this.addBatch(batch);
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
    const setters = this.setters;
    const converters = this.converters;
    const readCells = this.readCells;
    const csatSpec = this.csatSpec;
    // With --on-invalid fail the report stops at the first row, in file order, that any reading
    // rejects: a row that cannot be read stops the reading here, and the rows before it still go to
    // the metrics and the CSAT answers, which may reject an earlier one (so that the row named does
    // not depend on how rows fall into batches, or into the parts of --workers).
    const failing = this.settings.onInvalid === 'fail';
    let stop: ReportError | null = null;
    for (let i = 0; i < values.length; i++) {
      const row = rowOf === null ? firstRow + i : (rowOf[i] as number);
      this.records++;
      const value = values[i];
      const problem = problems?.get(i);
      if (problem !== undefined) {
        this.excludedRows++;
        // The row as read: its cells (CSV) or the text of the line (NDJSON).
        const error: ReportError = { row, column: null, value, message: `the row ${problem}` };
        if (failing) {
          stop = error;
          break;
        }
        this.problem(error);
        continue;
      }
      if (!Array.isArray(value)) {
        if (typeof value !== 'object' || value === null) {
          this.excludedRows++;
          const error: ReportError = { row, column: null, value, message: 'the record is not an object' };
          if (failing) {
            stop = error;
            break;
          }
          this.problem(error);
          continue;
        }
        for (const key in value) this.keysSeen.add(key);
      }
      let ticket: TicketRow | null = null;
      let bad: CellError | null = null;
      let answer: unknown = null;
      try {
        if (readCells !== null && Array.isArray(value)) ticket = readCells(value as readonly unknown[], converters);
        else {
          ticket = new TicketRow();
          for (let k = 0; k < specs.length; k++) {
            (setters[k] as FieldSetter)(ticket, (converters[k] as (raw: unknown) => unknown)((getters[k] as (v: unknown) => unknown)(value)));
          }
        }
        if (csatSpec !== undefined) answer = (converters[specs.length] as (raw: unknown) => unknown)((getters[specs.length] as (v: unknown) => unknown)(value));
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        bad = e;
      }
      if (bad !== null) {
        this.excludedRows++;
        const error: ReportError = { row, column: bad.column, value: bad.value, message: bad.message };
        if (failing) {
          stop = error;
          break;
        }
        this.problem(error);
        continue;
      }
      // Read whole (no cell error): the ticket is made.
      const made = ticket as TicketRow;
      if (this.histories !== null) this.joinHistory(made);
      tickets.push(made);
      rows.push(row);
      if (csatSpec !== undefined) csat.push(answer);
    }
    // The first error by row (on a tie, the one found first: metrics, then CSAT, then the reading).
    let first: ReportError | null = null;
    const consider = (e: ReportError): void => {
      if (first === null || (e.row ?? Infinity) < (first.row ?? Infinity)) first = e;
    };
    if (tickets.length > 0) {
      const consecutive = (rows[rows.length - 1] as number) - (rows[0] as number) === rows.length - 1;
      for (const r of this.running) {
        try {
          for (const acc of [r.total, r.periods, r.segments]) if (acc !== null) this.feed(acc, tickets, rows, consecutive, r.plan.name);
        } catch (e) {
          if (!(e instanceof RowError)) throw e;
          consider(e.error);
        }
      }
      const trend = this.csatTrend;
      if (trend !== null) {
        // The answer goes on the ticket only now: the ticket metrics above do not read it.
        for (let i = 0; i < tickets.length; i++) (tickets[i] as TicketRow).csat = csat[i] ?? null;
        for (const acc of [trend.periods, trend.segments]) if (acc !== null) this.feed(acc, tickets, rows, consecutive, 'csat');
      }
    }
    if (this.csat !== null) this.addAnswers(csat, rows, failing, consider);
    if (stop !== null) consider(stop);
    if (first !== null) throw new RowError(first);
  }

  /**
   * Adds CSAT answers (answer i on row `rows[i]`; null: none); with `failing`, stops at the first
   * rejected one and hands it to `consider`, else lists each rejected one.
   */
  private addAnswers(answers: readonly unknown[], rows: readonly number[], failing: boolean, consider: (e: ReportError) => void): void {
    const csat = this.csat as Accumulator<unknown>;
    for (let i = 0; i < answers.length; i++) {
      const answer = answers[i];
      if (answer === null) continue;
      try {
        csat.add(answer);
        this.csatAnswered++;
      } catch (e) {
        if (!(e instanceof KpiInputError)) throw e;
        const error: ReportError = {
          row: rows[i] as number,
          column: this.csatSpec?.column ?? null,
          value: answer,
          message: `csat: ${e.issues[0]?.message.replace(/^responses\[\d+\] /, 'the answer ') ?? e.message}`,
        };
        if (!failing) this.problem(error);
        else {
          consider(error);
          break;
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
    // Every problem by row, cut to the first MAX_LISTED_ERRORS in row order: the rows that could not
    // be read (as they came) and the tickets each metric left out.
    const errors: ReportError[] = [...this.errors];
    for (const r of this.running) {
      const p = r.periods?.result() ?? null;
      const s = r.segments?.result() ?? segmentsOf(p);
      const total = p?.total ?? s?.total ?? (r.total as Accumulator<unknown>).result();
      metrics[r.plan.name] = total;
      if (p !== null) periods[r.plan.name] = countedOnly(p);
      if (s !== null) segments[r.plan.name] = countedOnly(s);
      // Tickets a metric left out as invalid (--on-invalid exclude): counted per metric, and listed
      // as errors of their rows.
      const excluded = (
        total as {
          excluded?: { invalid?: number; invalidIndices?: readonly number[]; invalidTickets?: readonly { index: number; issues: readonly KpiIssue[] }[] };
        }
      ).excluded;
      if (excluded?.invalid !== undefined && excluded.invalid > 0) {
        invalid[r.plan.name] = excluded.invalid;
        this.errorCount += excluded.invalid;
      }
      const explained = new Set<number>();
      for (const t of excluded?.invalidTickets ?? []) {
        const issue = t.issues[0];
        if (issue === undefined) continue;
        explained.add(t.index);
        errors.push(this.issueError(issue, r.plan.name));
      }
      // The metric explains its first MAX_ISSUES invalid tickets; the others are listed by row (as
      // many as may be among the first MAX_LISTED_ERRORS problems).
      let more = 0;
      for (const index of excluded?.invalidIndices ?? []) {
        if (more >= MAX_LISTED_ERRORS) break;
        if (explained.has(index)) continue;
        more++;
        errors.push({
          row: index + 1,
          column: null,
          value: null,
          message: `${r.plan.name}: the ticket is invalid for this metric (the reason is given for its first ${MAX_ISSUES} invalid tickets)`,
        });
      }
    }
    if (this.csat !== null) metrics['csat'] = this.csat.result();
    const trendPeriods = this.csatTrend?.periods?.result() ?? null;
    if (trendPeriods !== null) periods['csat'] = countedOnly(trendPeriods);
    if (this.csatTrend !== null && this.settings.by !== undefined) {
      const trendSegments = this.csatTrend.segments?.result() ?? segmentsOf(trendPeriods);
      if (trendSegments !== null) segments['csat'] = countedOnly(trendSegments);
    }
    const doc: ReportDocument = {
      records: this.records,
      metrics,
      ...(this.settings.period === undefined ? {} : { byPeriod: periods }),
      ...(this.settings.by === undefined ? {} : { bySegment: segments }),
      excluded: { rows: this.excludedRows, ...invalid },
      errors: errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).slice(0, MAX_LISTED_ERRORS),
      source: { ...source, ...(this.csat === null ? {} : { csatAnswers: this.csatAnswered }), ...(this.errorCount === 0 ? {} : { problems: this.errorCount }) },
    };
    return doc;
  }
}
