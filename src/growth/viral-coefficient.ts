/**
 * Viral coefficient (K-factor) and viral growth projection.
 *
 * @module
 */
import { type KpiDecimal, KpiDecimal as Dec } from '../core/decimal.js';
import { IssueCollector, POSITIVE, range, readOptions, requireInput } from '../core/validate.js';
import { type DecimalBounds, type DecimalInput, SHARE_BOUNDS, checkKeys, freezeResult, readCount, readDecimal } from '../core/money.js';

/** The input of {@link viralCoefficient}. */
export interface ViralCoefficientInput {
  /** The starting base U₀: how many customers send invitations (a non-negative integer). */
  readonly customerCount: number;
  /** Invitations sent per customer per cycle, on average (from 0 to 1e15; a number, decimal string or Decimal). */
  readonly invitationsPerCustomer: DecimalInput;
  /** Share of invitations that become customers, in [0, 1] (a number, decimal string or Decimal). */
  readonly invitationConversion: DecimalInput;
}

/** Options of {@link viralCoefficient}: the projection horizon. */
export interface ViralCoefficientOptions {
  /** Viral cycle time in days: from a customer joining to their invitees joining (> 0). */
  readonly cycleDays?: number;
  /**
   * Number of cycles to project (from 0 to 1e15; fractional cycles are interpolated by the same
   * formula). With `cycleDays`, cycles × cycleDays must be at most 1e15 days too.
   */
  readonly cycles?: number;
  /** Days to project, instead of `cycles` (from 0 to 1e15; needs `cycleDays`; cycles = days / cycleDays, at most 1e15). */
  readonly days?: number;
}

/** The result of {@link viralCoefficient}. */
export interface ViralCoefficientResult {
  /** K = invitations per customer × invitation conversion (≥ 0): new customers each customer brings per cycle. */
  readonly value: number;
  /** Why `projectedCustomers` is `null` when a horizon was given (it would overflow a number); else `null`. */
  readonly reason: string | null;
  /** Whether K > 1: each cycle brings more new customers than the last (growth sustains itself). */
  readonly selfSustaining: boolean;
  readonly invitationsPerCustomer: number;
  readonly invitationConversion: number;
  /** The starting base U₀. */
  readonly customerCount: number;
  /** The cycle time in days, when given; else `null`. */
  readonly cycleDays: number | null;
  /** The number of cycles projected, when a horizon was given; else `null`. */
  readonly cycles: number | null;
  /** cycles × cycleDays (at most 1e15), when both are known; else `null`. */
  readonly elapsedDays: number | null;
  /**
   * Customers after `cycles` cycles, the base included: U₀ (K^(n + 1) − 1) / (K − 1), and
   * U₀ (n + 1) when K = 1; `null` without a horizon or when it overflows (see `reason`).
   */
  readonly projectedCustomers: number | null;
  /** projectedCustomers − U₀: customers won by invitations; `null` with `projectedCustomers`. */
  readonly newCustomers: number | null;
}

/** The most cycles, and the most days, a projection may span (a documented bound: results stay finite). */
const MAX_HORIZON = 1e15;
const HORIZON_RULE = range(0, MAX_HORIZON);
const INVITATION_BOUNDS: DecimalBounds = Object.freeze({ min: 0, max: MAX_HORIZON, expected: 'a number of invitations from 0 to 1e15' });

/** Projected customers after n cycles, exact to 60 digits: U₀ (K^(n+1) − 1)/(K − 1), or U₀ (n + 1) at K = 1. */
function project(u0: number, k: KpiDecimal, n: number): KpiDecimal {
  const base = new Dec(u0);
  if (k.eq(1)) return base.times(n + 1);
  return base.times(k.pow(n + 1).minus(1)).div(k.minus(1));
}

/**
 * Viral coefficient (K-factor): how many new customers each customer brings by invitations in
 * one viral cycle, and, given a horizon, the projected customer count.
 *
 * Formulas: K = invitations per customer × invitation conversion. With cycle time ct and a
 * starting base U₀, the customers after time t (n = t / ct cycles), the base included, are
 * U(t) = U₀ (K^(t/ct + 1) − 1) / (K − 1) = U₀ (1 + K + K² + … + Kⁿ) for whole n, and U₀ (n + 1)
 * in the limit K = 1. Growth is self-sustaining when K > 1; below 1 the total tends to U₀ / (1 − K).
 *
 * Exact: the inputs are read as Decimals (`0.1` is exactly 0.1) and K and the projection are
 * computed with 60 significant digits, then given as plain numbers by one rounding (`toNumber()`).
 * The projection is an expected value, so it need not be a whole number.
 *
 * Bounds, so that every figure of the result is a finite number: invitationsPerCustomer at most
 * 1e15; `cycles` and `days` at most 1e15, and so the horizon's other side (cycles × cycleDays, or
 * days / cycleDays) too. A projection beyond the range of a number is `null` with a `reason`.
 *
 * @param input - {@link ViralCoefficientInput}: `{ customerCount, invitationsPerCustomer, invitationConversion }`.
 * @param options - {@link ViralCoefficientOptions}: `cycles` or `days` (with `cycleDays`); without
 *   them there is no projection.
 * @returns A {@link ViralCoefficientResult}.
 * @throws {@link KpiInputError} when `customerCount` is not a non-negative integer,
 *   invitationsPerCustomer is not a valid number from 0 to 1e15, invitationConversion is outside
 *   [0, 1], a field is unknown, `cycleDays` is not a positive finite number, `cycles` or `days` is
 *   not a number from 0 to 1e15, cycles × cycleDays or days / cycleDays exceeds 1e15, both `cycles`
 *   and `days` are given, `days` is given without `cycleDays`, or an option is unknown.
 * @see docs/metrics.md#conversionrate-funnel-referralrate-viralcoefficient.
 *
 * @example
 * ```ts
 * import { viralCoefficient } from 'kpi-kit';
 *
 * const v = viralCoefficient({ customerCount: 1000, invitationsPerCustomer: 5, invitationConversion: 0.3 }, { cycleDays: 10, cycles: 2 });
 * v.value; // 1.5
 * v.selfSustaining; // true
 * v.projectedCustomers; // 4750
 * v.elapsedDays; // 20
 * viralCoefficient({ customerCount: 100, invitationsPerCustomer: 3, invitationConversion: 0.1 }).value; // 0.3
 * viralCoefficient({ customerCount: 100, invitationsPerCustomer: 2, invitationConversion: 0.5 }, { cycles: 3 }).projectedCustomers; // 400
 * ```
 */
export function viralCoefficient(input: ViralCoefficientInput, options?: ViralCoefficientOptions): ViralCoefficientResult {
  const fn = 'viralCoefficient';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['cycleDays', 'cycles', 'days']);
  const issues = new IssueCollector(fn);
  const cycleDaysRaw = o['cycleDays'];
  const cyclesRaw = o['cycles'];
  const daysRaw = o['days'];
  const cyclesOk = cyclesRaw === undefined || issues.check(cyclesRaw, HORIZON_RULE, ['options', 'cycles']);
  const daysOk = daysRaw === undefined || issues.check(daysRaw, HORIZON_RULE, ['options', 'days']);
  const cycleDaysOk = cycleDaysRaw === undefined || issues.check(cycleDaysRaw, POSITIVE, ['options', 'cycleDays']);
  if (cycleDaysOk && cycleDaysRaw !== undefined) {
    // The other side of the horizon, exactly: cycles × cycleDays days, or days / cycleDays cycles.
    const cd = cycleDaysRaw as number;
    if (cyclesOk && cyclesRaw !== undefined && new Dec(cyclesRaw as number).times(cd).gt(MAX_HORIZON)) {
      issues.add({
        code: 'out_of_range',
        path: ['options', 'cycles'],
        input: cyclesRaw,
        detail: `options.cycles × options.cycleDays (${cyclesRaw as number} × ${cd}) must be at most 1e15 days`,
      });
    } else if (daysOk && daysRaw !== undefined && new Dec(daysRaw as number).div(cd).gt(MAX_HORIZON)) {
      issues.add({
        code: 'out_of_range',
        path: ['options', 'days'],
        input: daysRaw,
        detail: `options.days / options.cycleDays (${daysRaw as number} / ${cd}) must be at most 1e15 cycles`,
      });
    }
  }
  if (cyclesRaw !== undefined && daysRaw !== undefined) {
    issues.add({
      code: 'ambiguous',
      path: ['options', 'days'],
      input: daysRaw,
      detail: 'options.cycles and options.days cannot be given together (give one horizon)',
    });
  } else if (daysRaw !== undefined && cycleDaysRaw === undefined) {
    issues.add({
      code: 'missing',
      path: ['options', 'cycleDays'],
      input: undefined,
      detail: 'options.cycleDays is required with options.days (a positive number of days)',
    });
  }
  checkKeys(record, ['customerCount', 'invitationsPerCustomer', 'invitationConversion'], issues);
  const customerCount = readCount(record['customerCount'], ['customerCount'], issues);
  const invitations = readDecimal(record['invitationsPerCustomer'], ['invitationsPerCustomer'], INVITATION_BOUNDS, issues);
  const conversion = readDecimal(record['invitationConversion'], ['invitationConversion'], SHARE_BOUNDS, issues);
  issues.throwIfAny();
  const k = (invitations as KpiDecimal).times(conversion as KpiDecimal);
  const u0 = customerCount as number;
  const cycleDays = (cycleDaysRaw as number | undefined) ?? null;
  let cycles: number | null = null;
  if (cyclesRaw !== undefined) cycles = cyclesRaw as number;
  else if (daysRaw !== undefined) cycles = new Dec(daysRaw as number).div(cycleDays as number).toNumber();
  let projectedCustomers: number | null = null;
  let newCustomers: number | null = null;
  let reason: string | null = null;
  if (cycles !== null) {
    const projected = project(u0, k, cycles);
    const asNumber = projected.toNumber();
    if (projected.isFinite() && Number.isFinite(asNumber)) {
      projectedCustomers = asNumber;
      newCustomers = projected.minus(u0).toNumber();
    } else reason = `the projection over ${cycles} cycles exceeds the range of a number`;
  }
  const elapsedDays = cycles === null || cycleDays === null ? null : daysRaw !== undefined ? (daysRaw as number) : new Dec(cycles).times(cycleDays).toNumber();
  return freezeResult({
    value: k.toNumber(),
    reason,
    selfSustaining: k.gt(1),
    invitationsPerCustomer: (invitations as KpiDecimal).toNumber(),
    invitationConversion: (conversion as KpiDecimal).toNumber(),
    customerCount: u0,
    cycleDays,
    cycles,
    elapsedDays,
    projectedCustomers,
    newCustomers,
  });
}
