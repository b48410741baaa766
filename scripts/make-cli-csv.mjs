#!/usr/bin/env node
// Writes a generated help-desk CSV for the `kpi-kit report` benchmark: N invented tickets (default
// 1,000,000) whose header row is the TicketSchema field names, so the command reads it with
// `--preset kpi-kit`. Seeded, so the file is the same byte for byte on every run, and written in
// chunks, so memory stays small whatever N is.
//
// Usage: node scripts/make-cli-csv.mjs <out.csv> [rows]
//
// The data: tickets over the year 2024 (days in order, random times within each day, most in office
// hours), ISO-8601 UTC timestamps with `Z` to the second; ~8 % unanswered (empty firstResponseAt),
// ~25 % unresolved (empty resolvedAt; every unanswered ticket is unresolved), status Solved/Closed
// exactly when resolvedAt is set, else Open/Pending; 5 channels, 15 topics (one, "Billing, refunds",
// holds a comma and is quoted), 40 agents in 5 teams, 4 priorities, handle time in integer ms for
// answered tickets, ~200,000 customers, contact counts 1–5 (empty for ~10 %), csat 1–5 on ~30 % of rows
// (resolved tickets only), reopened and complaint as true/false.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from './random.mjs';

const HEADER = 'id,createdAt,firstResponseAt,resolvedAt,status,channel,topic,agent,team,priority,handleTimeMs,customerId,contactCount,reopened,csat,complaint';

const [out, rowsArg = '1000000'] = process.argv.slice(2);
const rows = Number(rowsArg.replace(/[_,]/g, ''));
if (!out || !Number.isSafeInteger(rows) || rows < 1) {
  console.error('usage: node scripts/make-cli-csv.mjs <out.csv> [rows]   (rows: a positive integer, default 1000000)');
  process.exit(2);
}

// Seeded: the same sequence on every run and every runtime.
const random = seededRandom(20240101);

/** A picker over `items` with relative `weights` (cumulative table built once). */
function weighted(items, weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cumulative = weights.map((w) => (acc += w / total));
  const last = items.length - 1;
  return () => {
    const r = random();
    for (let i = 0; i < last; i++) if (r < cumulative[i]) return items[i];
    return items[last];
  };
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const channels = ['email', 'chat', 'phone', 'web', 'social'];
// Hours to a first response at the slow end of each channel's queue.
const responseHours = { email: 30, chat: 0.5, phone: 0.2, web: 36, social: 12 };
const pickChannel = weighted(channels, [35, 30, 20, 10, 5]);
const topics = [
  'Billing, refunds',
  'Login',
  'Password reset',
  'Delivery',
  'Returns',
  'Bug report',
  'Account change',
  'Cancellation',
  'Payment failed',
  'Shipping address',
  'Product question',
  'Feature request',
  'Warranty',
  'Complaint',
  'Other',
].map(cell);
const pickTopic = weighted(topics, [16, 12, 10, 10, 8, 8, 6, 6, 5, 4, 4, 3, 3, 3, 2]);
const teams = ['Tier 1 EMEA', 'Tier 1 Americas', 'Tier 1 APAC', 'Tier 2', 'Billing'];
const agents = Array.from({ length: 40 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
const agentTeam = agents.map((_, i) => teams[i < 12 ? 0 : i < 22 ? 1 : i < 28 ? 2 : i < 35 ? 3 : 4]);
const pickPriority = weighted(['low', 'normal', 'high', 'urgent'], [25, 50, 20, 5]);
const pickContacts = weighted(['1', '2', '3', '4', '5'], [60, 25, 9, 4, 2]);
const pickCsat = weighted(['1', '2', '3', '4', '5'], [6, 6, 12, 30, 46]);

// Timestamps are seconds since 2024-01-01T00:00:00Z, written from tables: the date part of each day
// (the year plus room for late resolutions) and two-digit numbers for the clock.
const T0 = Date.UTC(2024, 0, 1);
const DAYS = 366;
const DAY_S = 86_400;
const HOUR_S = 3_600;
const MAX_DELAY_S = 30 * DAY_S;
const datePart = Array.from({ length: DAYS + 32 }, (_, d) => new Date(T0 + d * DAY_S * 1000).toISOString().slice(0, 11));
const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
function iso(s) {
  const day = Math.floor(s / DAY_S);
  let r = s - day * DAY_S;
  const h = Math.floor(r / HOUR_S);
  r -= h * HOUR_S;
  const m = Math.floor(r / 60);
  return `${datePart[day]}${two[h]}:${two[m]}:${two[r - m * 60]}Z`;
}

const UNANSWERED = 0.08;
// Unresolved among the answered, so that ~25 % of all tickets are unresolved.
const UNRESOLVED_ANSWERED = (0.25 - UNANSWERED) / (1 - UNANSWERED);
// csat among the resolved, so that ~30 % of all rows carry one.
const CSAT_RESOLVED = 0.3 / 0.75;

function row(i) {
  const day = Math.floor(((i - 1) * DAYS) / rows);
  // Most tickets arrive in office hours (08:00–18:00 UTC), the rest at any time of day.
  const secondOfDay = random() < 0.8 ? 8 * HOUR_S + Math.floor(random() * 10 * HOUR_S) : Math.floor(random() * DAY_S);
  const created = day * DAY_S + secondOfDay;
  const channel = pickChannel();
  const topic = pickTopic();
  const a = Math.floor(random() * agents.length);
  const answered = random() >= UNANSWERED;
  let firstResponse = '';
  let resolved = '';
  let status;
  let handle = '';
  let csat = '';
  if (answered) {
    const response = created + 20 + Math.floor(responseHours[channel] * HOUR_S * random() ** 3);
    firstResponse = iso(response);
    handle = String(30_000 + Math.floor(1_800_000 * random() ** 2));
    if (random() >= UNRESOLVED_ANSWERED) {
      resolved = iso(response + 300 + Math.floor(Math.min(MAX_DELAY_S, 14 * DAY_S * random() ** 4)));
      status = random() < 0.65 ? 'Solved' : 'Closed';
      if (random() < CSAT_RESOLVED) csat = pickCsat();
    }
  }
  if (resolved === '') status = random() < 0.6 ? 'Open' : 'Pending';
  const customer = `C-${String(1 + Math.floor(random() * 200_000)).padStart(6, '0')}`;
  const contacts = random() < 0.1 ? '' : pickContacts();
  const reopened = random() < 0.06 ? 'true' : 'false';
  const complaint = topic === 'Complaint' || random() < 0.01 ? 'true' : 'false';
  return `T-${i},${iso(created)},${firstResponse},${resolved},${status},${channel},${topic},${agents[a]},${agentTeam[a]},${pickPriority()},${handle},${customer},${contacts},${reopened},${csat},${complaint}`;
}

const started = performance.now();
const stream = createWriteStream(out);
const CHUNK = 8192;
stream.write(`${HEADER}\n`);
for (let i = 1; i <= rows;) {
  const lines = [];
  for (const end = Math.min(rows, i + CHUNK - 1); i <= end; i++) lines.push(row(i));
  if (!stream.write(`${lines.join('\n')}\n`)) await once(stream, 'drain');
}
stream.end();
await once(stream, 'finish');
const seconds = (performance.now() - started) / 1000;
console.log(`wrote ${out}: ${rows} rows, ${(stream.bytesWritten / 1048576).toFixed(1)} MiB in ${seconds.toFixed(1)} s`);
