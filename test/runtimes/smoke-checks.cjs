// The checks of the runtime smoke test, shared by smoke.mjs (ES module) and smoke.cjs (CommonJS):
// each entry file loads `kpi-kit` and `kpi-kit/survey` its own way and hands them to `smoke`.
// Plain CommonJS so that both module kinds can load it on Node, Deno and Bun.
'use strict';

/** Hand-calculated expectations (docs/metrics.md; see the comments). */
const Z95 = 1.959963984540054;
// NPS 50/30/20: trinomial variance (p + d − (p − d)²)/n = (.5 + .2 − .09)/100 = .0061.
const NPS_SE = 100 * Math.sqrt(0.0061); // 7.810249675906654 points
// Two proportions 70/100 vs 80/100: pooled p = .75, SE = sqrt(.75 × .25 × (1/100 + 1/100)).
const Z_DIFF = 0.1 / Math.sqrt(0.75 * 0.25 * 0.02); // 1.6329931618554523
const P_DIFF = 0.10247043485974949; // 2 × (1 − Φ(1.632993...)), by the erf series

const failures = [];
function near(label, actual, expected, tolerance) {
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tolerance)) {
    failures.push(`${label}: expected ${expected} (± ${tolerance}), got ${actual}`);
  }
}
function same(label, actual, expected) {
  if (actual !== expected) failures.push(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

/** Every call of the smoke test, through one entry point's exports. */
function run(api, entry, root) {
  const npsCounts = api.nps({ promoters: 50, passives: 30, detractors: 20 });
  const npsResponses = api.nps({ responses: [10, 9, 3] });
  const csat = api.csat({ satisfied: 74, total: 107 });
  const ces = api.ces({ responses: [7, 6, 5, 2, 1] });
  const diff = api.compareProportions({ a: { successes: 70, total: 100 }, b: { successes: 80, total: 100 } });
  // The error class comes from the same entry when it exports it; `kpi-kit` always does, and an
  // error thrown through `kpi-kit/survey` must also be an instance of the one from `kpi-kit`.
  const ErrorClass = api.KpiInputError ?? root.KpiInputError;
  let error = null;
  try {
    api.nps({ promoters: -3, passives: 0, detractors: 0 });
  } catch (caught) {
    error = {
      name: caught?.name,
      code: caught?.code,
      path: caught?.path,
      message: caught?.message,
      issues: caught?.issues?.length,
      instanceOfKpiInputError: caught instanceof ErrorClass && caught instanceof root.KpiInputError,
      instanceOfError: caught instanceof Error,
    };
  }

  const at = `${entry}:`;
  same(`${at} nps counts value`, npsCounts.value, 30);
  near(`${at} nps counts standardError`, npsCounts.standardError, NPS_SE, 1e-9);
  near(`${at} nps counts marginOfError`, npsCounts.marginOfError, Z95 * NPS_SE, 1e-6);
  near(`${at} nps responses value`, npsResponses.value, ((2 - 1) / 3) * 100, 1e-9);
  same(`${at} nps responses promoters`, npsResponses.promoters, 2);
  same(`${at} nps responses detractors`, npsResponses.detractors, 1);
  near(`${at} csat value`, csat.value, 74 / 107, 1e-15);
  near(`${at} ces value`, ces.value, 4.2, 1e-12);
  near(`${at} ces easyShare`, ces.easyShare, 0.6, 1e-12);
  near(`${at} compareProportions z`, diff.z, Z_DIFF, 1e-9);
  near(`${at} compareProportions pValue`, diff.pValue, P_DIFF, 1e-9);
  same(`${at} invalid nps throws`, error !== null, true);
  same(`${at} error name`, error?.name, 'KpiInputError');
  same(`${at} error code`, error?.code, 'out_of_range');
  same(`${at} error instanceof KpiInputError`, error?.instanceOfKpiInputError, true);
  same(`${at} error instanceof Error`, error?.instanceOfError, true);
  return [npsCounts, npsResponses, csat, ces, diff, error];
}

/** The support-family checks, through one entry point's exports. */
function runSupport(api, entry, root) {
  const at = `${entry}:`;
  const HOUR = 3600000;
  // Seed 004: created 08:00, first reply 10:00 → 2 h; one ticket unanswered.
  const frt = api.firstResponseTime({
    tickets: [{ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T10:00:00Z' }, { createdAt: 0 }],
  });
  // Zone-less local times in Europe/Berlin across the end of DST (03:00 CEST → 02:00 CET on
  // 2024-10-27): 00:00 → 04:00 local is 5 h. Exercises each runtime's Intl time-zone data.
  const dst = api.firstResponseTime({ tickets: [{ createdAt: '2024-10-27 00:00:00', firstResponseAt: '2024-10-27 04:00:00' }] }, { timeZone: 'Europe/Berlin' });
  same(`${at} firstResponseTime value`, frt.value, 2 * HOUR);
  same(`${at} firstResponseTime unanswered`, frt.excluded.unanswered, 1);
  same(`${at} firstResponseTime across DST in Europe/Berlin`, dst.value, 5 * HOUR);
  // 2024-03-31T23:30Z is already April in Berlin; the March period is 31 days minus the DST hour.
  const monthly = api.byPeriod(api.resolutionRate, [{ createdAt: '2024-03-31T21:30:00Z' }, { createdAt: '2024-03-31T23:30:00Z', status: 'solved' }], {
    period: 'month',
    timeZone: 'Europe/Berlin',
  });
  same(`${at} byPeriod keys in Europe/Berlin`, monthly.periods.map((p) => p.key).join(), '2024-03,2024-04');
  same(`${at} byPeriod March length`, monthly.periods[0].endMs - monthly.periods[0].startMs, 31 * 24 * HOUR - HOUR);
  // Business hours: Friday 17:00 → Monday 10:00 with Mon–Fri 09:00–18:00 is 2 h (METRICS.md §7).
  const day = [['09:00', '18:00']];
  const calendar = (api.businessCalendar ?? root.businessCalendar)({ timeZone: 'Europe/Berlin', hours: { mon: day, tue: day, wed: day, thu: day, fri: day } });
  const business = api.firstResponseTime(
    { tickets: [{ createdAt: '2024-11-22 17:00', firstResponseAt: '2024-11-25 10:00' }] },
    { timeZone: 'Europe/Berlin', calendar },
  );
  same(`${at} firstResponseTime in business hours`, business.value, 2 * HOUR);
  return [frt, dst, monthly.periods.map((p) => p.result.value), business.value];
}

/** The finance checks: exact money, METRICS.md §7 (net cash 80,000.03; LTV 2000 exactly). */
function runFinance(api, entry) {
  const at = `${entry}:`;
  const cash = api.netCash({ operatingCashFlow: '120000.10', investments: 30000.05, workingCapitalIncrease: '10000.02' });
  same(`${at} netCash exact`, cash.value.toString(), '80000.03');
  same(`${at} netCash as JSON`, JSON.stringify(cash.value), '"80000.03"');
  const ltv = api.lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' });
  same(`${at} lifetimeValue exact`, ltv.value.toString(), '2000');
  const sum = api.revenue({ lines: [{ amount: 0.1 }, { amount: '0.2' }] });
  same(`${at} revenue 0.1 + 0.2`, sum.value.toString(), '0.3');
  return [cash.value.toString(), ltv.value.toString(), sum.value.toString()];
}

/** The growth checks: METRICS.md §7 (retention 0.85; gross and net revenue churn 0.20 and 0.10). */
function runGrowth(api, entry) {
  const at = `${entry}:`;
  const retention = api.retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 });
  same(`${at} retentionRate`, retention.value, 0.85);
  const churn = api.revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
  same(`${at} revenueChurn gross`, churn.gross, 0.2);
  same(`${at} revenueChurn net`, churn.net, 0.1);
  return [retention.value, churn.gross, churn.net];
}

/** The contact-centre checks: the R ErlangC example and METRICS.md's staffing example (§7). */
function runContactCenter(api, entry) {
  const at = `${entry}:`;
  const c = api.erlangC({ contactCount: 100, intervalMs: 1800000, ahtMs: 180000, agentCount: 14, targetAnswerMs: 20000 });
  near(`${at} erlangC P(wait)`, c.probabilityOfWaiting, 0.1741319, 5e-8);
  near(`${at} erlangC service level`, c.serviceLevel, 0.88835, 5e-6);
  const staff = api.requiredAgents(
    { contactCount: 1000, intervalMs: 3600000, ahtMs: 120000, targetServiceLevel: 0.8, targetAnswerMs: 20000 },
    { maxOccupancy: 0.85, shrinkage: 0.3 },
  );
  same(`${at} requiredAgents agentCount`, staff.agentCount, 40);
  same(`${at} requiredAgents headcount`, staff.headcount, 58);
  return [c.probabilityOfWaiting, staff.agentCount, staff.headcount];
}

function runReport(api, entry) {
  const at = `${entry}:`;
  // csat 74 of 107 = 69.2 % (one decimal); the rendered HTML escapes the title's "<".
  const result = { value: 74 / 107, n: 107, satisfied: 74 };
  const text = api.renderResult(result, 'markdown', { metric: 'csat' });
  same(`${at} renderResult shows the share`, text.includes('69.2 %'), true);
  const html = api.renderResult(result, 'html', { metric: 'csat', title: '<CSAT>' });
  same(`${at} renderResult escapes HTML`, html.includes('&lt;CSAT&gt;') && !html.includes('<CSAT>'), true);
  const shown = api.display(result, { metric: 'csat' })[Symbol.for('Jupyter.display')]();
  same(`${at} display gives an HTML table`, typeof shown['text/html'] === 'string' && shown['text/html'].includes('<table'), true);
  same(`${at} formatDuration(3900000)`, api.formatDuration(3_900_000), '1 h 05 min');
  return [text.length, html.length];
}

/**
 * Runs every check through both entry points; returns the JSON line to print and the failures.
 * @param {object} root the exports of `kpi-kit`
 * @param {object} survey the exports of `kpi-kit/survey`
 * @param {object} support the exports of `kpi-kit/support`
 * @param {object} contactCenter the exports of `kpi-kit/contact-center`
 * @param {object} finance the exports of `kpi-kit/finance`
 * @param {object} growth the exports of `kpi-kit/growth`
 * @param {object} report the exports of `kpi-kit/report`
 */
function smoke(root, survey, support, contactCenter, finance, growth, report) {
  failures.length = 0;
  const line = JSON.stringify([
    ...run(root, 'kpi-kit', root),
    ...runSupport(root, 'kpi-kit', root),
    ...runContactCenter(root, 'kpi-kit'),
    ...runFinance(root, 'kpi-kit'),
    ...runGrowth(root, 'kpi-kit'),
    ...runReport(root, 'kpi-kit'),
  ]);
  same('kpi-kit and kpi-kit/report give the same results', JSON.stringify(runReport(report, 'kpi-kit/report')), JSON.stringify(runReport(root, 'kpi-kit')));
  same('kpi-kit and kpi-kit/growth give the same results', JSON.stringify(runGrowth(growth, 'kpi-kit/growth')), JSON.stringify(runGrowth(root, 'kpi-kit')));
  same(
    'kpi-kit and kpi-kit/finance give the same results',
    JSON.stringify(runFinance(finance, 'kpi-kit/finance')),
    JSON.stringify(runFinance(root, 'kpi-kit')),
  );
  const lineSurvey = JSON.stringify(run(survey, 'kpi-kit/survey', root));
  const lineSupport = JSON.stringify(runSupport(support, 'kpi-kit/support', root));
  const lineContactCenter = JSON.stringify(runContactCenter(contactCenter, 'kpi-kit/contact-center'));
  same('kpi-kit and kpi-kit/contact-center give the same results', lineContactCenter, JSON.stringify(runContactCenter(root, 'kpi-kit')));
  same('kpi-kit and kpi-kit/survey give the same results', lineSurvey, JSON.stringify(run(root, 'kpi-kit', root)));
  same('kpi-kit and kpi-kit/support give the same results', lineSupport, JSON.stringify(runSupport(root, 'kpi-kit', root)));
  same('kpi-kit and kpi-kit/survey export the same nps', survey.nps, root.nps);
  same('kpi-kit and kpi-kit/support export the same firstResponseTime', support.firstResponseTime, root.firstResponseTime);
  return { line, failures: [...failures] };
}

module.exports = { smoke };
