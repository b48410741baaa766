import type { MetricUnit } from './format.js';

/** Title, unit of `value` and one-sentence definition of a metric function. */
export interface MetricInfo {
  /** Title for people: `'First response time'`. */
  readonly title: string;
  /** Unit of the result's `value`. */
  readonly unit: MetricUnit;
  /** The definition in one sentence, formula in words (from docs/metrics.md). */
  readonly definition: string;
}

const info = (title: string, unit: MetricUnit, definition: string): MetricInfo => Object.freeze({ title, unit, definition });

const TABLE: ReadonlyMap<string, MetricInfo> = new Map<string, MetricInfo>([
  // support
  [
    'firstResponseTime',
    info(
      'First response time',
      'ms',
      'Mean time from ticket creation to the first response, over answered tickets; unanswered tickets are excluded, not counted as zero.',
    ),
  ],
  ['resolutionTime', info('Resolution time', 'ms', 'Sum of the times from creation to resolution of resolved tickets / resolved tickets.')],
  ['averageHandleTime', info('Average handle time', 'ms', 'Talk + hold + after-contact work time / handled contacts.')],
  ['resolutionRate', info('Resolution rate', 'share', '(Inquiries − unresolved) / inquiries.')],
  ['reopenRate', info('Reopen rate', 'share', 'Tickets reopened after a resolution / tickets resolved at least once.')],
  ['firstContactResolution', info('First contact resolution', 'share', 'Tickets resolved in the first contact / resolved tickets (or / tickets received).')],
  ['backlog', info('Backlog', 'count', 'Tickets created by the as-of time and not resolved or closed by then, with their ages.')],
  ['slaCompliance', info('SLA compliance', 'share', 'Tickets meeting every target that applies / tickets judged (met or breached; pending ones left out).')],
  ['ticketsPerHour', info('Tickets per hour', 'number', 'Tickets handled (first response or resolution in the window) / hours of the window.')],
  [
    'resolutionConsistency',
    info(
      'Resolution consistency (CV)',
      'share',
      'Coefficient of variation across agents of their outcome (by default their mean resolution time): population SD / mean, as a percentage; 0 % = every agent alike, lower = more consistent.',
    ),
  ],
  ['volumeByChannel', info('Volume by channel', 'count', 'Tickets per channel and each channel’s share of all tickets, most first.')],
  ['topTopics', info('Top topics', 'count', 'The most frequent contact reasons with count and share, then one "other" row for the rest.')],
  ['complaints', info('Complaints', 'count', 'Tickets flagged as complaints, with how many are open, resolved and escalated.')],
  // support, from ticket histories (or columns that carry their measures)
  ['firstResolutionTime', info('First resolution time', 'ms', 'Mean time from ticket creation to its first resolution, over tickets resolved at least once.')],
  ['requesterWaitTime', info('Requester wait time', 'ms', 'Mean time tickets spent in new, open and on-hold: the requester waiting on the help desk.')],
  ['agentWaitTime', info('Agent wait time', 'ms', 'Mean time tickets spent in pending: the help desk waiting on the requester.')],
  ['onHoldTime', info('On-hold time', 'ms', 'Mean time tickets spent on hold (waiting on a third party).')],
  ['agentWorkTime', info('Agent work time', 'ms', 'Mean time tickets spent in new and open: the help desk to act.')],
  ['repliesPerTicket', info('Replies per ticket', 'number', 'Mean count of public agent replies per ticket, the creation comment excepted.')],
  ['reopensPerTicket', info('Reopens per ticket', 'number', 'Mean count of reopenings (a resolved ticket set back to an unresolved status) per ticket.')],
  // survey
  ['csat', info('CSAT', 'share', 'Satisfied responses (by default 4 or 5 on a 1–5 scale) / responses.')],
  ['esat', info('ESAT', 'share', 'Satisfied employee responses / employee responses (the CSAT computation).')],
  ['ces', info('Customer effort score', 'score', 'Mean answer on the effort scale (default 1–7, higher = easier).')],
  ['nps', info('NPS', 'nps', '100 · (promoters (9–10) − detractors (0–6)) / responses, in −100..100.')],
  ['enps', info('eNPS', 'nps', 'The NPS computation on employees’ 0–10 answers, in −100..100.')],
  ['sentimentScore', info('Sentiment score', 'score', '(Positive − negative) / labelled messages, in −1..1 (weights adjustable).')],
  [
    'compareProportions',
    info('Change of a proportion', 'share', 'Share of period b − share of baseline a (b − a), with a pooled two-proportion z-test and a Newcombe interval.'),
  ],
  ['compareNps', info('Change of NPS', 'nps', 'NPS of sample b − NPS of baseline a (b − a), in points, with a z-test.')],
  // contact centre
  ['abandonmentRate', info('Abandonment rate', 'share', 'Abandoned contacts / offered contacts.')],
  ['serviceLevel', info('Service level', 'share', 'Contacts answered within the target / (offered − abandoned within the target), by default.')],
  ['averageSpeedOfAnswer', info('Average speed of answer', 'ms', 'Total wait of answered contacts / answered contacts.')],
  ['occupancy', info('Occupancy', 'share', 'Handle time / (handle time + available time).')],
  ['erlangB', info('Erlang B blocking', 'share', 'Probability that a contact finds all lines busy, for the offered traffic and lines.')],
  ['erlangC', info('Erlang C probability of waiting', 'share', 'Probability that a contact waits in an M/M/N queue, for the offered traffic and agents.')],
  ['erlangA', info('Erlang A probability of waiting', 'share', 'Probability of waiting in the M/M/N+M queue with exponential patience.')],
  ['requiredAgents', info('Required agents', 'count', 'Smallest number of agents meeting the service level, occupancy, ASA and abandonment targets.')],
  ['staffingPlan', info('Staffing plan', 'count', 'Required agents for each interval of a forecast, with agent hours and peaks.')],
  ['evaluateStaffing', info('Service level of a schedule', 'share', 'Service level a scheduled headcount delivers, weighted by contacts.')],
  ['requiredLines', info('Required lines', 'count', 'Smallest number of lines whose Erlang B blocking is at most the target.')],
  [
    'shiftPlan',
    info(
      'Shift plan cost',
      'money',
      'Cheapest cost of whole agents per shift covering every interval’s required agents (an integer programme solved by HiGHS).',
    ),
  ],
  // growth
  ['retentionRate', info('Retention rate', 'share', '(Customers at end − new customers) / customers at start.')],
  ['churnRate', info('Churn rate', 'share', 'Customers lost / customers at start (or / the average of start and end).')],
  ['revenueChurn', info('Revenue churn', 'share', '(Churned + contraction MRR) / starting MRR (gross).')],
  ['revenueRetention', info('Revenue retention', 'share', '(Starting − churned − contraction MRR) / starting MRR (gross revenue retention).')],
  ['cohortRetention', info('Cohort retention', 'share', 'Share of each signup cohort still active at the end of each later period.')],
  ['conversionRate', info('Conversion rate', 'share', 'Customers / leads.')],
  ['funnel', info('Funnel conversion', 'share', 'Count of the last stage / count of the first stage, with step conversion and drop-off.')],
  ['referralRate', info('Referral rate', 'number', 'Referred leads / active customers (may exceed 1).')],
  ['viralCoefficient', info('Viral coefficient', 'number', 'Invitations per customer × invitation conversion; self-sustaining above 1.')],
  // finance
  ['costPerResolution', info('Cost per resolution', 'money', 'Operating cost / tickets (or / resolved tickets).')],
  ['customerAcquisitionCost', info('Customer acquisition cost', 'money', 'Sales and marketing cost / new customers.')],
  ['lifetimeValue', info('Lifetime value', 'money', 'Lifespan in months × monthly revenue (or ARPA × gross margin / churn).')],
  ['ltvToCac', info('LTV to CAC', 'number', 'Lifetime value / customer acquisition cost.')],
  ['cacPaybackMonths', info('CAC payback', 'months', 'Customer acquisition cost / (monthly revenue × gross margin).')],
  ['netCash', info('Net cash', 'money', 'Operating cash flow − investments − increase in working capital.')],
  ['freeCashFlow', info('Free cash flow', 'money', 'Operating cash flow − capital expenditure.')],
  ['revenue', info('Revenue', 'money', 'Exact total of revenue lines, by stream and by period.')],
  // core statistics
  ['proportionInterval', info('Proportion', 'share', 'Successes / total, with its Wilson score interval.')],
]);

/**
 * Title, unit and definition of a metric function of the library, by its name.
 *
 * @param name - The function's name (`'firstResponseTime'`, `'nps'`, ...).
 * @returns Its {@link MetricInfo}, or `undefined` for a name the library does not export as a metric.
 * @example
 * ```ts
 * import { metricInfo } from 'kpi-kit/report';
 *
 * metricInfo('firstResponseTime')?.unit; // 'ms'
 * metricInfo('nps')?.title; // 'NPS'
 * metricInfo('unknown') === undefined; // true
 * ```
 */
export function metricInfo(name: string): MetricInfo | undefined {
  return TABLE.get(name);
}

/**
 * The names of every metric {@link metricInfo} knows, in catalog order (support, survey, contact
 * centre, growth, finance, core statistics): every exported function whose result has a `value`.
 *
 * @returns The names.
 * @example
 * ```ts
 * import { metricNames } from 'kpi-kit/report';
 *
 * metricNames().includes('csat'); // true
 * ```
 */
export function metricNames(): readonly string[] {
  return [...TABLE.keys()];
}
