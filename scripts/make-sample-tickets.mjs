#!/usr/bin/env node
// Writes examples/data/tickets.csv: 600 invented help-desk tickets (seeded, so the file is the same
// on every run), shaped like a typical help-desk export: local, zone-less timestamps (Europe/Berlin),
// empty cells for what did not happen yet, statuses in mixed case, handle time in minutes.
// Usage: node scripts/make-sample-tickets.mjs
import { writeFileSync } from 'node:fs';
import { seededRandom } from './random.mjs';

const random = seededRandom(20240601);
const pick = (items, weights) => {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};

const channels = ['email', 'chat', 'phone', 'web form'];
const topics = ['Billing', 'Login', 'Delivery', 'Refund', 'Bug report', 'Account change', 'Complaint'];
const agents = ['Ana', 'Ben', 'Chloé', 'Dario', 'Emi', 'Farid'];
const teams = { Ana: 'Tier 1', Ben: 'Tier 1', Chloé: 'Tier 1', Dario: 'Tier 2', Emi: 'Tier 2', Farid: 'Tier 2' };
const HOUR = 3_600_000;
// Wall-clock times in Europe/Berlin written without a zone, as many exports do. They are produced
// here as UTC digits of a "local" clock: the file only ever holds the digits.
const wall = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const start = Date.UTC(2024, 8, 2, 0, 0, 0); // Monday 2 September 2024
const end = Date.UTC(2024, 10, 30, 0, 0, 0); // through November: crosses the end of DST (27 October)
const asOf = end;

// CSAT answers come from a PRNG of their own, so that adding them left every other column as it was.
const csatRandom = seededRandom(20241130);

const rows = [];
for (let i = 1; i <= 600; i++) {
  let created = start + Math.floor(random() * (end - start));
  // Most contacts arrive in office hours.
  if (random() < 0.8) created = created - (created % (24 * HOUR)) + (8 + Math.floor(random() * 10)) * HOUR + Math.floor(random() * HOUR);
  const channel = pick(channels, [40, 30, 20, 10]);
  const topic = pick(topics, [25, 18, 17, 12, 10, 10, 8]);
  const agent = pick(agents, [20, 20, 15, 15, 15, 15]);
  const priority = pick(['low', 'normal', 'high', 'urgent'], [25, 50, 20, 5]);
  const speed = channel === 'chat' ? 0.05 : channel === 'phone' ? 0.02 : 1;
  const answered = random() < 0.95 || created > asOf - 4 * HOUR;
  const firstResponse = answered ? created + Math.floor((0.02 + 20 * random() ** 2) * speed * HOUR) : null;
  const solvedDuration = Math.floor((0.2 + 72 * random() ** 3) * HOUR);
  let status = pick(['Solved', 'closed', 'Open', 'Pending'], [60, 25, 10, 5]);
  let resolved = firstResponse !== null && (status === 'Solved' || status === 'closed') ? firstResponse + solvedDuration : null;
  if (resolved !== null && resolved > asOf) {
    resolved = null;
    status = 'Open';
  }
  if (firstResponse === null) status = 'Open';
  const contacts = resolved === null ? '' : String(pick([1, 2, 3, 4], [62, 24, 10, 4]));
  const handle = firstResponse === null ? '' : (2 + 25 * random() ** 2).toFixed(1);
  rows.push([
    `T-${String(i).padStart(4, '0')}`,
    wall(created),
    firstResponse === null || firstResponse > asOf ? '' : wall(firstResponse),
    resolved === null ? '' : wall(resolved),
    status,
    channel,
    topic,
    agent,
    teams[agent],
    priority,
    handle,
    `C-${String(1 + Math.floor(random() * 250)).padStart(3, '0')}`,
    contacts,
    random() < 0.06 ? 'true' : 'false',
  ]);
  // About a third of resolved tickets got a survey answer (1–5); the others are blank, not 0.
  const answered5 = resolved !== null && csatRandom() < 0.35;
  const score = 1 + Math.min(4, Math.floor(5 * csatRandom() ** 0.6));
  rows[rows.length - 1].push(answered5 ? String(score) : '');
}
rows.sort((a, b) => (a[1] < b[1] ? -1 : 1));
const header = 'id,created_at,first_response_at,resolved_at,status,channel,topic,agent,team,priority,handle_time_min,customer_id,contacts,reopened,csat';
const csv = [header, ...rows.map((r) => r.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))].join('\n') + '\n';
writeFileSync(new URL('../examples/data/tickets.csv', import.meta.url), csv);
console.log(`wrote examples/data/tickets.csv: ${rows.length} tickets`);
