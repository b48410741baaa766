// A small KPI report computed by kpi-kit from the invented sample survey answers in
// examples/data/surveys.json. Run it with `npm run demo` (which builds the package first).
import { readFileSync } from 'node:fs';
import { ces, compareNps, compareProportions, csat, enps, nps, sentimentScore } from 'kpi-kit';

const data = JSON.parse(readFileSync(new URL('./data/surveys.json', import.meta.url), 'utf8'));
const [previous, current] = Object.keys(data.months).sort();
const before = data.months[previous];
const now = data.months[current];

const pct = (x) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const num = (x, d = 1) => (x === null ? '—' : x.toFixed(d));
const signed = (x, d = 1) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(d)}`);

const npsNow = nps({ responses: now.nps });
const csatNow = csat({ responses: now.csat });
const csatBefore = csat({ responses: before.csat });
const cesNow = ces({ responses: now.ces });
const enpsNow = enps({ responses: now.enps });
const sentiment = sentimentScore({ labels: now.chatSentiment });
const npsChange = compareNps({ a: { responses: before.nps }, b: { responses: now.nps } });
const csatChange = compareProportions({ a: csatBefore, b: csatNow }); // csat results go in as they are (b − a)

const rows = [
  ['NPS', num(npsNow.value), `n ${npsNow.n}, 95 % CI ${num(npsNow.interval.lower)} to ${num(npsNow.interval.upper)}`],
  ['CSAT (4–5 of 5)', pct(csatNow.value), `${csatNow.satisfied} of ${csatNow.n}, mean ${num(csatNow.mean, 2)}`],
  ['CES (1–7, mean)', num(cesNow.value, 2), `easy (5–7) ${pct(cesNow.easyShare)}, n ${cesNow.n}`],
  ['eNPS', num(enpsNow.value), `n ${enpsNow.n}`],
  ['Chat sentiment', num(sentiment.value, 3), `${pct(sentiment.positiveShare)} positive, ${pct(sentiment.negativeShare)} negative`],
];
const changes = [
  ['NPS', signed(npsChange.difference), `p = ${num(npsChange.pValue, 3)}`, npsChange.significant ? 'significant' : 'not significant'],
  [
    'CSAT',
    signed(csatChange.difference === null ? null : 100 * csatChange.difference),
    `p = ${num(csatChange.pValue, 3)}`,
    csatChange.significant ? 'significant' : 'not significant',
  ],
];

const table = (header, body) => {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
};

console.log(`kpi-kit demo — survey KPIs for ${current} (sample data: examples/data/surveys.json)\n`);
console.log(table(['metric', 'value', 'detail'], rows));
console.log(`\nChange since ${previous} (points; z-test at 95 %)\n`);
console.log(table(['metric', 'change', 'p-value', 'verdict'], changes));
