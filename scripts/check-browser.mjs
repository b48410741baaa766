#!/usr/bin/env node
// `npm run check:browser`: the ESM build in a real browser, and the HTML report as a browser shows it.
//
// 1. Serves the repository root on 127.0.0.1 (a random port) and opens examples/browser/ in
//    headless Chromium: the page must reach data-status="ok" with no console message and no failed
//    request, and show the figures computed by hand below; then takes a screenshot.
// 2. Writes the HTML report of examples/data/tickets.csv with dist/cli.js, checks that it is
//    self-contained (no network URL in src/href, no script file), opens it from a file:// URL and
//    checks its KPI cards, SVG charts and definitions; then takes screenshots.
//
// Needs dist/ (`npm run build`) and Chromium (/usr/bin/chromium, or the binary named by CHROMIUM).
// Screenshots go to KPI_KIT_SCREENSHOTS (default: a new temporary directory, printed).
// Prints one line per check; exits 0 only when every check holds.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, pathToFileURL } from 'node:url';

const started = performance.now();
const root = realpathSync(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

if (!existsSync(chromium)) {
  console.error(`check:browser: no Chromium at ${chromium}.`);
  console.error('  Install it with `apt-get install -y chromium` (Debian/Ubuntu; as root, after `apt-get update`),');
  console.error('  or set CHROMIUM to the path of a Chromium or Chrome binary.');
  process.exit(1);
}
for (const file of ['dist/index.js', 'dist/cli.js']) {
  if (!existsSync(join(root, file))) {
    console.error(`check:browser: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'kpi-kit-browser-'));
const shots = process.env.KPI_KIT_SCREENSHOTS ? resolve(process.env.KPI_KIT_SCREENSHOTS) : mkdtempSync(join(tmpdir(), 'kpi-kit-screenshots-'));
mkdirSync(shots, { recursive: true });

let failures = 0;
/** Prints one line for a check and counts the failures. */
function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

// ---------------------------------------------------------------------------------------------
// A static server for the repository root: GET/HEAD only, files under the root only.

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};
/** Requests answered with an error status: each one is a failure of the page. */
const failedRequests = [];

/**
 * What a URL path names under the root: `{ file }`, `{ redirect }` (a directory named without its
 * trailing '/', so that the page's relative URLs resolve), or null (outside the root, or missing).
 */
function lookup(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const inside = (p) => p === root || p.startsWith(root + sep);
  const target = resolve(root, `.${path}`);
  if (!inside(target)) return null;
  try {
    const real = realpathSync(target);
    if (!inside(real)) return null;
    if (statSync(real).isDirectory()) {
      if (!path.endsWith('/')) return { redirect: `${urlPath}/` };
      const index = realpathSync(join(real, 'index.html'));
      return inside(index) && statSync(index).isFile() ? { file: index } : null;
    }
    return statSync(real).isFile() ? { file: real } : null;
  } catch {
    return null;
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fail = (status, text) => {
    failedRequests.push(`${status} ${req.method} ${url.pathname}`);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
  const found = lookup(url.pathname);
  if (found === null) return fail(404, 'not found');
  if (found.redirect !== undefined) return res.writeHead(301, { location: found.redirect }).end();
  const type = MIME[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  if (req.method === 'HEAD') return res.end();
  createReadStream(found.file).pipe(res);
});

// ---------------------------------------------------------------------------------------------
// Headless Chromium.

let profiles = 0;
/**
 * Runs headless Chromium once (its own profile directory, killed after 90 s) and gives its exit
 * code, stdout and the console messages it logged.
 */
function runChromium(args) {
  const profile = join(work, `profile-${++profiles}`);
  const argv = [
    '--headless',
    '--disable-gpu',
    '--no-sandbox',
    '--hide-scrollbars',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--enable-logging=stderr',
    '--v=0',
    `--user-data-dir=${profile}`,
    ...args,
  ];
  return new Promise((done) => {
    const child = spawn(chromium, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const finish = (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      // Console messages of the page, whatever their level: "[...:INFO:CONSOLE(12)] "text", source: url (12)".
      const consoleMessages = stderr
        .split('\n')
        .filter((line) => /:CONSOLE[(:]\d*\)?\]/.test(line))
        .map((line) => line.replace(/^\[[^\]]*\]\s*/, ''));
      done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr, consoleMessages });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(`spawn failed: ${e.message}\n`));
      finish(-1);
    });
    child.on('close', (code) => finish(code ?? -1));
  });
}

/** Width and height of a PNG file, from its IHDR chunk; null when it is not a PNG. */
function pngSize(file) {
  if (!existsSync(file)) return null;
  const b = readFileSync(file);
  const signature = '89504e470d0a1a0a';
  if (b.length < 24 || b.subarray(0, 8).toString('hex') !== signature || b.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Takes a screenshot and checks the PNG has the window's size. */
async function screenshot(name, url, file, width, height) {
  rmSync(file, { force: true });
  const run = await runChromium(['--virtual-time-budget=5000', `--window-size=${width},${height}`, `--screenshot=${file}`, url]);
  const size = pngSize(file);
  check(
    `${name}: screenshot ${file}`,
    run.code === 0 && size !== null && size.width === width && size.height === height,
    size === null ? `no PNG written (exit ${run.code})` : `${size.width}×${size.height}`,
  );
}

/** The first three items of a list, then how many more. */
const listed = (items) => items.slice(0, 3).join('; ') + (items.length > 3 ? `; … and ${items.length - 3} more` : '');
const attr = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// 1. The browser example.

/**
 * The figures of examples/browser/index.html, by hand from its inline data.
 *
 * First response times (min), by week (Monday starts, UTC):
 *   6 May:  10 20 30 40 50 60 70          n 7, sum 280 → mean 40 min = 2,400,000 ms
 *   13 May:  5 15 25 35 45 55 (1 unanswered) n 6, sum 180 → mean 30 min = 1,800,000 ms
 *   20 May: 30 50 70 90 110 (1 unanswered)   n 5, sum 350 → mean 70 min = 4,200,000 ms
 *   all: n 18, sum 810 → mean 45 min = 2,700,000 ms; 2 unanswered.
 *   sorted: 5 10 15 20 25 30 30 35 40 45 50 50 55 60 70 70 90 110
 *   median (R type 7): h = 17 × 0.5 = 8.5 → (x[8] + x[9]) / 2 = (40 + 45) / 2 = 42.5 min = 2,550,000 ms
 *   p90: h = 17 × 0.9 = 15.3 → x[15] + 0.3 × (x[16] − x[15]) = 70 + 0.3 × 20 = 76 min = 4,560,000 ms
 * Resolution rate: solved 6 + 5 + 4 = 15 of 7 + 7 + 6 = 20 → 0.75; by week 6/7, 5/7, 4/6.
 *   Wilson 95 % (z = 1.959964, z² = 3.841459), p = 0.75, n = 20: centre (0.75 + z²/40) / (1 + z²/20)
 *   = 0.846036 / 1.192073 = 0.709720; half-width z·√(p(1−p)/n + z²/(4n²)) / (1 + z²/n)
 *   = 1.959964 × √(0.009375 + 0.002401) / 1.192073 = 0.178419 → 53.1 % – 88.8 %.
 * CSAT (satisfied: 4 or 5): answers 5 5 4 4 5 3 2 4 5 1 4 5 3 4 2 3 → 10 of 16 = 0.625;
 *   mean 59 / 16 = 3.6875. Wilson, p = 0.625, n = 16: centre (0.625 + 0.120046) / 1.240091 = 0.600800,
 *   half-width 1.959964 × √(0.0146484 + 0.0037514) / 1.240091 = 0.214390 → 38.6 % – 81.5 %.
 * NPS: answers 10 9 9 10 8 7 6 3 10 9 8 7 9 10 5 8 9 0 7 6 → promoters (9–10) 9, passives (7–8) 6,
 *   detractors (0–6) 5 of 20 → (9 − 5) / 20 × 100 = 20. Its 95 % interval: variance
 *   ((0.45 + 0.25) − 0.2²) / 20 = 0.033, standard error 0.181659, × 1.959964 = 0.356045 → 20 ± 35.6
 *   = −15.6 – 55.6.
 */
const EXPECTED_FIGURES = {
  'frt.value': 2_700_000,
  'frt.median': 2_550_000,
  'frt.p90': 4_560_000,
  'frt.n': 18,
  'frt.unanswered': 2,
  'resolutionRate.value': 0.75,
  'csat.value': 0.625,
  'csat.mean': 3.6875,
  'nps.value': 20,
  'frt.week.2024-05-06': 2_400_000,
  'frt.week.2024-05-13': 1_800_000,
  'frt.week.2024-05-20': 4_200_000,
  'resolutionRate.week.2024-05-06': 6 / 7,
  'resolutionRate.week.2024-05-13': 5 / 7,
  'resolutionRate.week.2024-05-20': 4 / 6,
};
/** The same figures as the report shows them (units per docs/report.md: 45 min, 75.0 %, ...). */
const EXPECTED_HTML = [
  ['card: first response time', '<div class="card-title">First response time</div><div class="card-value">45 min</div>'],
  [
    'card: resolution rate 15 of 20',
    '<div class="card-title">Resolution rate</div><div class="card-value">75.0 %</div><div class="card-detail">15 of 20; 95 % CI 53.1 % – 88.8 %</div>',
  ],
  [
    'card: CSAT 10 of 16',
    '<div class="card-title">CSAT</div><div class="card-value">62.5 %</div><div class="card-detail">10 of 16; 95 % CI 38.6 % – 81.5 %</div>',
  ],
  [
    'card: NPS 20',
    '<div class="card-title">NPS</div><div class="card-value">20</div><div class="card-detail">n = 20: promoters 9, passives 6, detractors 5; 95 % CI -15.6 – 55.6</div>',
  ],
  ['period table: week of 6 May', '<tr><td>2024-05-06</td><td class="num">40 min</td><td class="num">85.7 %</td></tr>'],
  ['period table: week of 13 May', '<tr><td>2024-05-13</td><td class="num">30 min</td><td class="num">71.4 %</td></tr>'],
  ['period table: week of 20 May', '<tr><td>2024-05-20</td><td class="num">1 h 10 min</td><td class="num">66.7 %</td></tr>'],
  ['period table: total', '<tr><td>total</td><td class="num">45 min</td><td class="num">75.0 %</td></tr>'],
];

async function checkExample(base) {
  const url = `${base}/examples/browser/`;
  const run = await runChromium(['--virtual-time-budget=5000', '--dump-dom', url]);
  const dom = run.stdout;
  const status = /<body[^>]*\bdata-status="([^"]*)"/.exec(dom)?.[1] ?? null;
  const error = /<pre id="error">([\s\S]*?)<\/pre>/.exec(dom)?.[1]?.trim() ?? '';
  check('example: page loaded', run.code === 0 && dom.includes('</html>'), run.code === 0 ? '' : `chromium exit ${run.code}`);
  check('example: data-status="ok"', status === 'ok', status === 'ok' ? '' : `status ${status ?? 'missing'}${error ? `: ${error.split('\n')[0]}` : ''}`);
  check('example: no console messages', run.consoleMessages.length === 0, run.consoleMessages.slice(0, 5).join(' | '));
  check('example: no failed requests', failedRequests.length === 0, failedRequests.slice(0, 5).join(', '));
  const wrong = [];
  for (const [key, expected] of Object.entries(EXPECTED_FIGURES)) {
    const raw = new RegExp(`<tr data-key="${attr(key)}" data-value="([^"]*)"`).exec(dom)?.[1];
    const got = raw === undefined ? NaN : Number(JSON.parse(raw));
    if (!(Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) wrong.push(`${key} = ${raw ?? 'missing'}, expected ${expected}`);
  }
  check(`example: ${Object.keys(EXPECTED_FIGURES).length} figures as computed by hand`, wrong.length === 0, listed(wrong));
  const missing = EXPECTED_HTML.filter(([, html]) => !dom.includes(html)).map(([name]) => name);
  check(`example: report shows the figures (${EXPECTED_HTML.length} cards and rows)`, missing.length === 0, missing.length ? `missing ${listed(missing)}` : '');
  const charts = /<div id="charts">([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? '';
  check(
    'example: line and bar charts drawn',
    (charts.match(/<svg /g) ?? []).length === 2 &&
      charts.includes('<title>First response time by week (mean)</title>') &&
      charts.includes('<title>NPS answers</title>'),
  );
  await screenshot('example', url, join(shots, 'browser-example.png'), 1200, 1600);
}

// ---------------------------------------------------------------------------------------------
// 2. The HTML report of the command.

async function checkReport() {
  const report = join(work, 'report.html');
  const args = [
    join(root, 'dist', 'cli.js'),
    'report',
    'examples/data/tickets.csv',
    '--time-zone',
    'Europe/Berlin',
    '--map',
    'handleTimeMs=handle_time_min',
    '--unit',
    'handleTimeMs=min',
    '--period',
    'month',
    '--as-of',
    '2024-12-01',
    '--sla',
    'first-response=8h',
    '--sla',
    'resolution=72h',
    '--format',
    'html',
    '--out',
    report,
  ];
  const cli = await new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const err = [];
    child.stderr.on('data', (b) => err.push(b));
    child.on('close', (code) => done({ code, stderr: Buffer.concat(err).toString('utf8') }));
  });
  if (
    !check(
      'report: kpi-kit report --format html',
      cli.code === 0 && existsSync(report),
      cli.code === 0 ? '' : `exit ${cli.code}: ${cli.stderr.trim().split('\n').slice(-1)[0]}`,
    )
  )
    return;
  const html = readFileSync(report, 'utf8');

  // Self-contained: nothing fetched from the network, no script file.
  const remote = [...html.matchAll(/\b(?:src|href|srcset|poster|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?\/\/[^"'\s>]*/gi)].map((m) => m[0]);
  const cssRemote = [...html.matchAll(/(?:@import|url\()\s*["']?\s*(?:https?:)?\/\//gi)].map((m) => m[0]);
  check('report: no http(s) URL in src/href', remote.length === 0 && cssRemote.length === 0, [...remote, ...cssRemote].slice(0, 3).join(', '));
  check('report: no <script src>', !/<script\b[^>]*\bsrc\s*=/i.test(html));

  const run = await runChromium(['--virtual-time-budget=5000', '--dump-dom', pathToFileURL(report).href]);
  const dom = run.stdout;
  check('report: page loaded from file://', run.code === 0 && dom.includes('</html>'), run.code === 0 ? '' : `chromium exit ${run.code}`);
  check('report: no console messages', run.consoleMessages.length === 0, run.consoleMessages.slice(0, 5).join(' | '));
  const cards = (dom.match(/<div class="card">/g) ?? []).length;
  // The sample has the columns of every ticket metric the command knows: at least these cards.
  const titles = ['First response time', 'Resolution time', 'Average handle time', 'Resolution rate', 'SLA compliance'];
  const noCard = titles.filter((t) => !dom.includes(`<div class="card-title">${t}</div>`));
  check('report: KPI cards', cards >= titles.length && noCard.length === 0, `${cards} cards${noCard.length ? `; missing ${noCard.join(', ')}` : ''}`);
  const svgs = (dom.match(/<svg /g) ?? []).length;
  check(
    'report: SVG charts (trends and distributions)',
    svgs >= 2 && dom.includes('<h2>Trends</h2>') && dom.includes('<h2>Distributions</h2>'),
    `${svgs} charts`,
  );
  const definitions = /<h2>Definitions<\/h2>\s*<dl>([\s\S]*?)<\/dl>/.exec(dom)?.[1] ?? '';
  const dts = (definitions.match(/<dt>/g) ?? []).length;
  check('report: "Definitions" section', dts >= titles.length, `${dts} definitions`);

  const url = pathToFileURL(report).href;
  await screenshot('report', url, join(shots, 'report.png'), 1200, 1600);
  await screenshot('report (whole page)', url, join(shots, 'report-full.png'), 1200, 5200);
}

// ---------------------------------------------------------------------------------------------

await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
const { port } = server.address();
try {
  await checkExample(`http://127.0.0.1:${port}`);
  await checkReport();
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`check:browser: screenshots in ${shots}`);
console.log(`check:browser: ${failures === 0 ? 'ok' : `${failures} check(s) failed`} in ${seconds} s`);
process.exit(failures === 0 ? 0 : 1);
