// Support benchmarks: firstResponseTime (mean, median, p90, validation included) over 1M ticket
// objects, with epoch-ms timestamps and with ISO-8601 strings, against hand-written loops over the
// same objects in the same run. Targets: ≤ 3× the hand loop (epoch ms), ≤ 5× (ISO strings). The
// hand loop is what one writes: durations into a Float64Array, the mean, a typed-array sort for the
// quantiles; a mean-only loop is printed too, as the floor of any pass. Then DuckDB on the same data.
import { businessCalendar, byPeriod, firstResponseTime, resolutionRate, slaCompliance } from '../dist/index.js';
import { compare, report, rng } from './lib.mjs';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const random = rng(11);
const T0 = Date.UTC(2024, 0, 1);
const YEAR = 365 * 86_400_000;
const epoch = [];
const iso = [];
for (let i = 0; i < N; i++) {
  const created = T0 + Math.floor(random() * YEAR);
  // 8% unanswered; responses after 1 s .. ~2 days, skewed like real queues.
  const answered = random() >= 0.08;
  const response = answered ? created + Math.floor(1000 + 172_800_000 * random() ** 3) : null;
  const channel = random() < 0.5 ? 'email' : 'chat';
  epoch.push({ id: i, createdAt: created, firstResponseAt: response, status: 'solved', channel });
  iso.push({
    id: i,
    createdAt: new Date(created).toISOString(),
    firstResponseAt: response === null ? null : new Date(response).toISOString(),
    status: 'solved',
    channel,
  });
}

/** What one writes by hand: durations into a Float64Array, the mean, then a sort for the quantiles. */
function handLoop(tickets, parse) {
  const d = new Float64Array(tickets.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < tickets.length; i++) {
    const t = tickets[i];
    if (t.firstResponseAt === null) continue;
    const x = parse(t.firstResponseAt) - parse(t.createdAt);
    d[n++] = x;
    sum += x;
  }
  const s = d.subarray(0, n).sort();
  const q = (p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
  };
  return { mean: sum / n, median: q(0.5), p90: q(0.9) };
}
const id = (x) => x;

/** The least any pass can do: the mean alone, no validation, no quantiles. */
function meanOnly(tickets) {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < tickets.length; i++) {
    const t = tickets[i];
    if (t.firstResponseAt === null) continue;
    sum += t.firstResponseAt - t.createdAt;
    n++;
  }
  return sum / n;
}

// Same figures first (R type 7 both ways).
for (const [label, tickets, parse] of [
  ['epoch', epoch, id],
  ['iso', iso, Date.parse],
]) {
  const lib = firstResponseTime({ tickets });
  const hand = handLoop(tickets, parse);
  for (const key of ['mean', 'median']) {
    if (Math.abs(lib[key] - hand[key]) > 1e-6 * hand[key]) throw new Error(`${label} ${key}: ${lib[key]} vs ${hand[key]}`);
  }
  if (Math.abs(lib.percentiles.p90 - hand.p90) > 1e-6 * hand.p90) throw new Error(`${label} p90 differs`);
}
console.log(`1M tickets, ${epoch.filter((t) => t.firstResponseAt === null).length} unanswered; library and hand loops agree`);

const opts = quick ? { minMs: 300, minRuns: 3, rounds: 2 } : { minMs: 1500, minRuns: 5, rounds: 3 };
const epochRows = compare(
  { name: 'hand loop + typed-array sort (epoch ms)', fn: () => handLoop(epoch, id).p90 },
  [
    { name: 'firstResponseTime (epoch ms)', fn: () => firstResponseTime({ tickets: epoch }).value },
    { name: 'floor: hand loop, mean only (no quantiles)', fn: () => meanOnly(epoch) },
  ],
  opts,
);
report('firstResponseTime over 1M tickets, epoch ms', epochRows, 3);
const isoRows = compare(
  { name: 'hand loop + typed-array sort (Date.parse)', fn: () => handLoop(iso, Date.parse).p90 },
  [{ name: 'firstResponseTime (ISO strings)', fn: () => firstResponseTime({ tickets: iso }).value }],
  opts,
);
report('firstResponseTime over 1M tickets, ISO-8601 strings', isoRows, 5);
console.log(
  `\nsupport: firstResponseTime ${epochRows[1].ratio.toFixed(2)}x the hand loop on epoch ms (target ≤ 3x), ` +
    `${isoRows[1].ratio.toFixed(2)}x on ISO strings (target ≤ 5x)`,
);

// byPeriod by month (12 periods over the year of tickets) against one pass of the same metric over
// the same tickets: target ≤ 2x. The tickets are in random order of time, the hard case for the
// period lookup.
{
  const monthly = byPeriod(firstResponseTime, epoch, { period: 'month' });
  if (monthly.periods.length !== 12 || monthly.total.n !== firstResponseTime({ tickets: epoch }).n) throw new Error('byPeriod lost tickets');
  const rowsEpoch = compare(
    { name: 'firstResponseTime, one pass (epoch ms)', fn: () => firstResponseTime({ tickets: epoch }).value },
    [
      { name: 'byPeriod(firstResponseTime, month, UTC)', fn: () => byPeriod(firstResponseTime, epoch, { period: 'month' }).total.value },
      {
        name: 'byPeriod(firstResponseTime, month, Europe/Berlin)',
        fn: () => byPeriod(firstResponseTime, epoch, { period: 'month', timeZone: 'Europe/Berlin' }).total.value,
      },
    ],
    opts,
  );
  report('byPeriod by month over 1M tickets, epoch ms', rowsEpoch, 2);
  // Exports usually come in order of creation: the same tickets sorted by createdAt, made afresh in
  // that order (as a parser would), so that memory order follows array order as it does above.
  const sorted = [...epoch].sort((a, b) => a.createdAt - b.createdAt).map((t) => ({ ...t }));
  const rowsSorted = compare(
    { name: 'firstResponseTime, one pass (epoch ms, sorted)', fn: () => firstResponseTime({ tickets: sorted }).value },
    [{ name: 'byPeriod(firstResponseTime, month, UTC), sorted', fn: () => byPeriod(firstResponseTime, sorted, { period: 'month' }).total.value }],
    opts,
  );
  report('byPeriod by month over 1M tickets in order of creation, epoch ms', rowsSorted, 2);
  const rowsIso = compare(
    { name: 'firstResponseTime, one pass (ISO strings)', fn: () => firstResponseTime({ tickets: iso }).value },
    [{ name: 'byPeriod(firstResponseTime, month, UTC)', fn: () => byPeriod(firstResponseTime, iso, { period: 'month' }).total.value }],
    opts,
  );
  report('byPeriod by month over 1M tickets, ISO-8601 strings', rowsIso, 2);
  console.log(
    `\nsupport: byPeriod by month ${rowsEpoch[1].ratio.toFixed(2)}x one pass on epoch ms in random order (Berlin ${rowsEpoch[2].ratio.toFixed(2)}x), ` +
      `${rowsSorted[1].ratio.toFixed(2)}x in order of creation, ` +
      `${rowsIso[1].ratio.toFixed(2)}x on ISO strings (target ≤ 2x)`,
  );
}

// Business hours: firstResponseTime with a Mon–Fri 09:00–18:00 calendar (Europe/Berlin, with
// holidays) against the same call in calendar time, over the same 1M tickets (epoch ms). Each
// duration costs two lookups in the calendar's table of running totals, whatever its span.
{
  const day = [['09:00', '18:00']];
  const calendar = businessCalendar({
    timeZone: 'Europe/Berlin',
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    holidays: ['2024-01-01', '2024-05-01', '2024-10-03', '2024-12-25', '2024-12-26'],
  });
  report(
    'firstResponseTime in business hours over 1M tickets, epoch ms',
    compare(
      { name: 'firstResponseTime, calendar time', fn: () => firstResponseTime({ tickets: epoch }).value },
      [{ name: 'firstResponseTime, business hours (Berlin, Mon–Fri 9–18)', fn: () => firstResponseTime({ tickets: epoch }, { calendar }).value }],
      opts,
    ),
  );
}

// Counting metrics (no target; printed for the record): resolutionRate and slaCompliance over the
// same 1M tickets (epoch ms), validation included, against hand loops computing the same counts.
function handResolutionRate(tickets) {
  let resolved = 0;
  for (let i = 0; i < tickets.length; i++) {
    const s = tickets[i].status.toLowerCase();
    if (s === 'solved' || s === 'closed' || s === 'resolved') resolved++;
  }
  return resolved / tickets.length;
}
const SLA = { asOf: T0 + YEAR, targets: { firstResponseMs: 3_600_000 } };
function handSla(tickets) {
  let met = 0;
  let breached = 0;
  for (let i = 0; i < tickets.length; i++) {
    const t = tickets[i];
    const r = t.firstResponseAt;
    if (t.createdAt > SLA.asOf) continue;
    if (r !== null && r <= SLA.asOf) {
      if (r - t.createdAt <= 3_600_000) met++;
      else breached++;
    } else if (SLA.asOf - t.createdAt > 3_600_000) breached++;
  }
  return met / (met + breached);
}
if (resolutionRate({ tickets: epoch }).value !== handResolutionRate(epoch)) throw new Error('resolutionRate differs from the hand loop');
if (slaCompliance({ tickets: epoch }, SLA).value !== handSla(epoch)) throw new Error('slaCompliance differs from the hand loop');
report(
  'resolutionRate over 1M tickets, epoch ms',
  compare(
    { name: 'hand loop (status count)', fn: () => handResolutionRate(epoch) },
    [{ name: 'resolutionRate', fn: () => resolutionRate({ tickets: epoch }).value }],
    opts,
  ),
);
report(
  'slaCompliance (first response within 1 h, as of a date) over 1M tickets, epoch ms',
  compare({ name: 'hand loop', fn: () => handSla(epoch) }, [{ name: 'slaCompliance', fn: () => slaCompliance({ tickets: epoch }, SLA).value }], opts),
);

// DuckDB (in-process, 2 threads) computing the same figures — mean, median and p90 of the first
// response time, and the unanswered count — over the same 1M tickets loaded from JS (epoch ms as
// DOUBLE columns, appended in 2048-row chunks). Reported both with and without the load.
const { DuckDBInstance, DuckDBDataChunk, DOUBLE } = await import('@duckdb/node-api');
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const SQL =
  'select avg(responded - created) as mean, quantile_cont(responded - created, 0.5) as median, ' +
  'quantile_cont(responded - created, 0.9) as p90, count(*) filter (where responded is null) as unanswered from tickets';

async function duckLoad() {
  await connection.run('create or replace table tickets (created DOUBLE, responded DOUBLE)');
  const appender = await connection.createAppender('tickets');
  const CHUNK = 2048;
  for (let start = 0; start < N; start += CHUNK) {
    const end = Math.min(N, start + CHUNK);
    const created = new Array(end - start);
    const responded = new Array(end - start);
    for (let i = start; i < end; i++) {
      created[i - start] = epoch[i].createdAt;
      responded[i - start] = epoch[i].firstResponseAt;
    }
    const chunk = DuckDBDataChunk.create([DOUBLE, DOUBLE], end - start);
    chunk.setColumns([created, responded]);
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}
async function duckQuery() {
  return (await connection.runAndReadAll(SQL)).getRowObjects()[0];
}

await duckLoad();
const duck = await duckQuery();
const lib = firstResponseTime({ tickets: epoch });
if (Math.abs(duck.mean - lib.value) > 1e-6 * lib.value || duck.median !== lib.median || Math.abs(duck.p90 - lib.percentiles.p90) > 1e-6 * lib.percentiles.p90) {
  throw new Error(`DuckDB and firstResponseTime disagree: ${JSON.stringify(duck, (k, v) => (typeof v === 'bigint' ? Number(v) : v))}`);
}

/** Median wall time of an async job (the shared `measure` is synchronous). */
async function measureAsync(job, runs) {
  for (let i = 0; i < 2; i++) await job();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await job();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
const runs = quick ? 3 : 7;
const duckQueryMs = await measureAsync(duckQuery, runs);
const duckAllMs = await measureAsync(async () => {
  await duckLoad();
  return duckQuery();
}, runs);
const libMs = epochRows[1].ms;
console.log('\n## DuckDB, same figures over the same 1M tickets (epoch ms)');
console.log(`firstResponseTime (kpi-kit, from JS objects)    ${libMs.toFixed(2).padStart(9)} ms`);
console.log(`DuckDB query only (table already loaded)        ${duckQueryMs.toFixed(2).padStart(9)} ms   kpi-kit ${(libMs / duckQueryMs).toFixed(2)}x it`);
console.log(`DuckDB load from JS + query                     ${duckAllMs.toFixed(2).padStart(9)} ms   kpi-kit ${(libMs / duckAllMs).toFixed(2)}x it`);
connection.closeSync();
instance.closeSync?.();
