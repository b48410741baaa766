// A SaaS growth and finance report computed by kpi-kit from customer records and revenue lines:
// churn and retention for a quarter, revenue churn and NRR/GRR, monthly cohorts (customers and
// revenue), revenue by plan and month with growth, CAC, LTV, LTV:CAC and payback — money exact.
// The customers are invented here (a seeded generator), not read from anywhere. The second half
// reduces the same customers in four shards, as workers would, and shows that the merge gives the
// same figures. Run it with `node examples/saas-report.mjs` after `npm run build`.
import {
  cacPaybackMonths,
  churnRate,
  churnRateAccumulator,
  cohortRetention,
  customerAcquisitionCost,
  lifetimeValue,
  ltvToCac,
  retentionRate,
  revenue,
  revenueAccumulator,
  revenueRetention,
} from 'kpi-kit';

// A small deterministic generator (mulberry32), so that the report is the same on every run.
let seed = 20240101;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// 1,200 customers who signed up in 2024, on three plans; about 3 % leave in any month.
const DAY = 86_400_000;
const plans = [
  { name: 'starter', mrr: '19.00' },
  { name: 'team', mrr: '49.00' },
  { name: 'business', mrr: '149.00' },
];
const customers = [];
for (let i = 0; i < 1200; i++) {
  const startedAt = Date.UTC(2024, 0, 1) + Math.floor(random() * 365) * DAY + Math.floor(random() * DAY);
  const plan = plans[random() < 0.55 ? 0 : random() < 0.75 ? 1 : 2];
  // Months until the customer leaves: geometric with a 3 % monthly hazard.
  const months = Math.floor(Math.log(1 - random()) / Math.log(1 - 0.03));
  const endedAt = startedAt + months * 30 * DAY;
  customers.push({
    customerId: `c-${i + 1}`,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: endedAt < Date.UTC(2025, 0, 1) ? new Date(endedAt).toISOString() : null,
    mrr: plan.mrr,
    currency: 'EUR',
    plan: plan.name,
  });
}

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const quarter = { customers, periodStart: '2024-10-01T00:00:00Z', periodEnd: '2025-01-01T00:00:00Z' };

console.log('\nSaaS report, Q4 2024 (1,200 invented customers, EUR)\n');
const churn = churnRate(quarter);
const retention = retentionRate(quarter);
const averageChurn = churnRate(quarter, { method: 'average' });
console.log(`customers at start ${churn.customersAtStart}, lost ${churn.customersLost}, at end ${churn.customersAtEnd}`);
console.log(`customer churn ${pct(churn.value)} (of the start), ${pct(averageChurn.value)} (of the average); retention ${pct(retention.value)}`);
const grr = revenueRetention(quarter);
console.log(`MRR at start €${grr.startingMrr.toFixed(2)}, GRR ${pct(grr.gross)}, NRR ${pct(grr.net)} (records carry no expansion)`);

console.log('\nMonthly cohorts: share of customers (and of their MRR) still active after k months');
const cohorts = cohortRetention({ customers }, { period: 'month', asOf: '2025-01-01T00:00:00Z', periodCount: 4 });
console.log('cohort    size  k=0     k=1     k=2     k=3     MRR k=3');
for (const row of cohorts.cohorts.slice(0, 9)) {
  const shares = row.shares.map((s) => pct(s).padStart(7)).join(' ');
  console.log(`${row.cohort}  ${String(row.size).padStart(4)}  ${shares}  ${pct(row.revenueShares[3] ?? null).padStart(7)}`);
}
console.log(`curve    ${cohorts.value.map((s) => pct(s).padStart(7)).join(' ')}`);

console.log('\nRevenue recognised per month (one line per active customer and month), by plan');
const lines = [];
for (const c of customers) {
  const start = Date.parse(c.startedAt);
  const end = c.endedAt === null ? Date.UTC(2025, 0, 1) : Date.parse(c.endedAt);
  for (let m = 0; m < 12; m++) {
    const monthStart = Date.UTC(2024, m, 1);
    if (start < Date.UTC(2024, m + 1, 1) && end > monthStart) {
      lines.push({ amount: c.mrr, stream: c.plan, date: new Date(Math.max(start, monthStart)).toISOString(), currency: 'EUR' });
    }
  }
}
const byMonth = revenue({ lines, currency: 'EUR' }, { period: 'month' });
for (const p of byMonth.byPeriod.slice(-4)) {
  const growth = p.growth === null || p.growth.relative === null ? '—' : pct(p.growth.relative.toNumber());
  console.log(`${p.key}  €${p.display.padStart(10)}  growth ${growth}`);
}
console.log(`2024 total €${byMonth.display} (${byMonth.byStream.map((s) => `${s.stream} €${s.display}`).join(', ')})`);

console.log('\nUnit economics (exact Decimals, shown by their display: 2 places, half away from zero)');
const cac = customerAcquisitionCost({ salesAndMarketingCost: '96000.00', newCustomers: 1200 });
const arpa = byMonth.byPeriod.at(-1).value.div(churn.customersAtEnd);
const ltv = lifetimeValue({ averageRevenuePerAccount: arpa, grossMargin: '0.8', churnRate: '0.03' }, { method: 'churn' });
console.log(`CAC €${cac.display}, ARPA €${arpa.toFixed(2)}, LTV €${ltv.display} (margin 80 %, churn 3 %/month)`);
console.log(
  `LTV:CAC ${ltvToCac({ lifetimeValue: ltv, customerAcquisitionCost: cac }).value.toFixed(2)}, payback ${cacPaybackMonths({ customerAcquisitionCost: cac, monthlyRevenue: arpa, grossMargin: '0.8' }).value.toFixed(1)} months`,
);

// The same churn and revenue in four shards through JSON (as from workers), then merged.
const shards = 4;
const size = Math.ceil(customers.length / shards);
const options = { periodStart: quarter.periodStart, periodEnd: quarter.periodEnd };
const churnStates = [];
for (let s = 0; s < shards; s++) {
  churnStates.push(JSON.stringify(churnRateAccumulator.create(options).addAll(customers.slice(s * size, (s + 1) * size), s * size)));
}
const mergedChurn = churnStates
  .map((json) => churnRateAccumulator.fromJSON(JSON.parse(json)))
  .reduce((a, b) => a.merge(b))
  .result();
const lineSize = Math.ceil(lines.length / shards);
const revenueStates = [];
for (let s = 0; s < shards; s++) {
  revenueStates.push(
    JSON.stringify(revenueAccumulator.create({ period: 'month', currency: 'EUR' }).addAll(lines.slice(s * lineSize, (s + 1) * lineSize), s * lineSize)),
  );
}
const mergedRevenue = revenueStates
  .map((json) => revenueAccumulator.fromJSON(JSON.parse(json)))
  .reduce((a, b) => a.merge(b))
  .result();
// A revenue state carries its normalised options (fromJSON needs nothing else) and one exact sum per month and stream.
const revenueShard = JSON.parse(revenueStates[0]);
console.log(
  `\nA revenue shard's state: options ${JSON.stringify(revenueShard.options)}, ${revenueShard.state.cells.length} cells, ${revenueStates[0].length} bytes of JSON`,
);
const same = mergedChurn.value === churn.value && mergedRevenue.value.equals(byMonth.value);
console.log(
  `\nIn ${shards} shards through JSON: churn ${pct(mergedChurn.value)}, revenue €${mergedRevenue.value.toFixed(2)} — ${same ? 'the same as one pass' : 'DIFFERENT from one pass'}`,
);
if (!same) process.exitCode = 1;
