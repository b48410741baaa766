/**
 * The plans of the contact metrics over contact records (`offeredAt`, `answeredAt`, `abandonedAt`,
 * `endedAt`): abandonment rate, average speed of answer and service level. A row is classified as
 * the TypeScript function (with `onInvalid: 'exclude'`) classifies the contact: 0 answered, 1
 * abandoned, 2 queued (neither), 9 invalid; answered and abandoned contacts have their wait as value
 * (answer or abandon time − offer time).
 *
 * @module
 */
import { abandonmentRate } from '../contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer } from '../contact-center/average-speed-of-answer.js';
import { serviceLevel } from '../contact-center/service-level.js';
import { doubleType, exactSum, numberLiteral, quoteLiteral } from './dialect.js';
import { type Plan, type PlanSettings, FN, INVALID, as, cnt, share, timestampColumns } from './plan.js';

/** The contact timestamp fields, `offeredAt` (required) first. @internal */
export const CONTACT_TIMESTAMPS = ['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt'] as const;

/**
 * The parts every contact plan shares: the timestamps read, the class (invalid by the record rules
 * of a contact: `offeredAt` missing or unreadable, another timestamp unreadable, both `answeredAt`
 * and `abandonedAt`, an answer, abandon or end before the offer, an end before the answer or the
 * abandon) and the wait.
 */
function contactPlan(s: PlanSettings, aggregates: readonly string[]): Plan {
  const unreadable = CONTACT_TIMESTAMPS.slice(1).map((f) => `WHEN "has_${f}" AND "${f}" IS NULL THEN ${INVALID}`);
  const before = [
    ['answeredAt', 'offeredAt'],
    ['abandonedAt', 'offeredAt'],
    ['endedAt', 'offeredAt'],
    ['endedAt', 'answeredAt'],
    ['endedAt', 'abandonedAt'],
  ].map(([later, earlier]) => `WHEN "${later as string}" < "${earlier as string}" THEN ${INVALID}`);
  return {
    read: CONTACT_TIMESTAMPS.flatMap((f) => timestampColumns(s, f)),
    kind: `CASE
      WHEN "offeredAt" IS NULL THEN ${INVALID}
      ${unreadable.join('\n      ')}
      WHEN "has_answeredAt" AND "has_abandonedAt" THEN ${INVALID}
      ${before.join('\n      ')}
      WHEN "has_answeredAt" THEN 0
      WHEN "has_abandonedAt" THEN 1
      ELSE 2 END`,
    value: `CASE WHEN "has_answeredAt" THEN "answeredAt" - "offeredAt" ELSE "abandonedAt" - "offeredAt" END`,
    valued: '"k" IN (0, 1)',
    aggregates,
  };
}

/** The options of a contact metric given (those of `keys` not undefined), for its TypeScript function's checks. */
function given(s: PlanSettings, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => s.o[k] !== undefined).map((k) => [k, s.o[k]]));
}

/** A reason as a literal (the TypeScript functions give one for the cases it is used for). */
const reasonLiteral = (reason: string | null): string => quoteLiteral(FN, reason, []);

/**
 * abandonmentRate: columns `value`, `reason`, `numerator` (abandoned − short abandons),
 * `denominator` (offered − short abandons), `abandoned`, `offered` (answered + abandoned),
 * `shortAbandons` (abandoned within `shortAbandonMs`, when given), `queued`, `invalid`. @internal
 */
export function abandonmentPlan(s: PlanSettings): Plan {
  const options = given(s, ['shortAbandonMs']);
  const short = abandonmentRate({ contacts: [] }, options).shortAbandonMs;
  const shorts = short === null ? '0' : cnt(`"k" = 1 AND "v" <= ${numberLiteral(short)}`);
  const numerator = `(${cnt('"k" = 1')} - ${shorts})`;
  const denominator = `(${cnt('"k" IN (0, 1)')} - ${shorts})`;
  const allShort = abandonmentRate({ abandoned: 1, offered: 1, shortAbandons: 1 }).reason;
  const none = abandonmentRate({ abandoned: 0, offered: 0 }).reason;
  return contactPlan(s, [
    as(share(s, numerator, denominator), 'value'),
    as(`CASE WHEN ${denominator} <> 0 THEN NULL WHEN ${shorts} > 0 THEN ${reasonLiteral(allShort)} ELSE ${reasonLiteral(none)} END`, 'reason'),
    as(numerator, 'numerator'),
    as(denominator, 'denominator'),
    as(cnt('"k" = 1'), 'abandoned'),
    as(cnt('"k" IN (0, 1)'), 'offered'),
    as(shorts, 'shortAbandons'),
    as(cnt('"k" = 2'), 'queued'),
    as(cnt(`"k" = ${INVALID}`), 'invalid'),
  ]);
}

/**
 * averageSpeedOfAnswer: columns `value` (mean wait of the answered contacts, ms), `reason`,
 * `answered`, `totalWaitMs` (summed exactly), `abandoned`, `queued`, `invalid`. @internal
 */
export function speedOfAnswerPlan(s: PlanSettings): Plan {
  const sum = exactSum(s.dialect, '"v"', ' FILTER (WHERE "k" = 0)');
  const answered = cnt('"k" = 0');
  return contactPlan(s, [
    as(share(s, sum, answered), 'value'),
    as(`CASE WHEN ${answered} = 0 THEN ${reasonLiteral(averageSpeedOfAnswer({ totalWaitMs: 0, answered: 0 }).reason)} END`, 'reason'),
    as(answered, 'answered'),
    as(`CAST(coalesce(${sum}, 0) AS ${doubleType(s.dialect)})`, 'totalWaitMs'),
    as(cnt('"k" = 1'), 'abandoned'),
    as(cnt('"k" = 2'), 'queued'),
    as(cnt(`"k" = ${INVALID}`), 'invalid'),
  ]);
}

/**
 * serviceLevel (options `targetAnswerMs`, required, and `method`, checked by the TypeScript
 * function): columns `value`, `reason`, `numerator`, `denominator` (as `method` defines them),
 * `answeredWithinTarget`, `abandonedWithinTarget`, `offered`, `queued`, `invalid`. @internal
 */
export function serviceLevelPlan(s: PlanSettings): Plan {
  const r = serviceLevel({ contacts: [] }, given(s, ['method', 'targetAnswerMs']));
  // Required with contact records: the TypeScript function has checked it is there.
  const target = numberLiteral(r.targetAnswerMs as number);
  const a = cnt(`"k" = 0 AND "v" <= ${target}`);
  const b = cnt(`"k" = 1 AND "v" <= ${target}`);
  const n = cnt('"k" IN (0, 1)');
  const numerator = r.method === 'abandons-positive' ? `(${a} + ${b})` : a;
  const denominator = r.method === 'abandons-ignored' ? `(${n} - ${b})` : n;
  const none = reasonLiteral(serviceLevel({ answeredWithinTarget: 0, abandonedWithinTarget: 0, offered: 0 }).reason);
  // Only abandons-ignored can leave no contacts out of many: every one abandoned within the target.
  const ignored = reasonLiteral(serviceLevel({ answeredWithinTarget: 0, abandonedWithinTarget: 1, offered: 1 }).reason);
  return contactPlan(s, [
    as(share(s, numerator, denominator), 'value'),
    as(`CASE WHEN ${denominator} <> 0 THEN NULL WHEN ${n} = 0 THEN ${none} ELSE ${ignored} END`, 'reason'),
    as(numerator, 'numerator'),
    as(denominator, 'denominator'),
    as(a, 'answeredWithinTarget'),
    as(b, 'abandonedWithinTarget'),
    as(n, 'offered'),
    as(cnt('"k" = 2'), 'queued'),
    as(cnt(`"k" = ${INVALID}`), 'invalid'),
  ]);
}
