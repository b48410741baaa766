// Command-line benchmark: `kpi-kit report` over a generated help-desk CSV (1M rows; 200k with
// BENCH_QUICK=1; 1M and 5M with BENCH_FULL=1) against what a user would pick instead and against
// its own parts:
// - DuckDB (@duckdb/node-api, in-process, threads = the machine's cores): `read_csv` of the file and
//   one SQL query for the same figures (first response and resolution time: mean, median, p90;
//   resolved tickets; volume per channel; CSAT mean) — checked equal to the command's figures;
// - two CSV parsers alone, each over a file stream, every cell made a string, records only counted:
//   csv-parse's streaming API with the options the command used with it, and the command's own
//   scanner (src/cli/csv-scan.ts, bundled for the run with esbuild);
// - the command's byte scanner alone (src/cli/csv-bytes.ts, bundled likewise): the byte offsets of
//   every cell, no strings, rows counted; its structural bytes found by the WebAssembly SIMD kernel
//   (the command's) and by the loop kernel (its fallback where WebAssembly SIMD is not available);
// - the command with --workers 1, with --workers <cores> and with its default (one reader below 256 MiB, the cores from
//   there), plain and with
//   --period month --by channel.
// Targets: the command (default workers) no slower than DuckDB at no more than half its peak
// memory; --period month --by channel ≤ 1.3× the plain report at 1M rows (where the goal sets it;
// at 5M the ratio is printed without a verdict). The time ratios are the median of
// the rounds' ratios (each round's two times taken a few seconds apart; the plain and the grouped
// report one right after the other, in turn first); the ratio of the medians is printed beside
// them. 5 rounds at 1M rows, 3 at 5M. Every run is a child process
// (`node --expose-gc`) whose wrapper prints its peak RSS at exit (for the command, the process with
// its worker threads), so memory is measured the same way for all; runs are interleaved (one of each
// case per round) and the median of the rounds is kept. The CSV comes from scripts/make-cli-csv.mjs,
// into a temporary directory that is removed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [200_000] : process.env.BENCH_FULL === '1' ? [1_000_000, 5_000_000] : [1_000_000];
let ROWS = SIZES[0];
/** Rounds per size: 5 at 1M rows (a round takes ~20 s there), 3 at 5M (the budget may stop them sooner). */
const runsOf = (rows) => (quick ? 2 : rows <= 1_000_000 ? 5 : 3);
/** The command (default workers) against DuckDB: time ≤ 1×, peak memory ≤ 0.5×; by period and channel ≤ 1.3× the plain report. */
const TARGET_TIME = 1;
const TARGET_MEMORY = 0.5;
const TARGET_GROUPED = 1.3;
/** The grouped report's target is set on a file of this many rows (at 5M its ratio is reported without one). */
const GROUPED_TARGET_ROWS = 1_000_000;
// Stop starting rounds once the next one would end past this (the whole file stays within ~2 / ~5 min).
const BUDGET_MS = quick ? 100_000 : 270_000;

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const generator = join(root, 'scripts', 'make-cli-csv.mjs');
const cliPath = join(root, 'dist', 'cli.js');
const MARK = '@@kpi-kit-bench ';

// Both wrappers print one line `MARK {json}` to stderr on exit, with maxRSS in KiB.
const onExit = `process.on('exit', () => process.stderr.write('\\n${MARK}' + JSON.stringify({ ...globalThis.__bench, maxRSS: process.resourceUsage().maxRSS }) + '\\n'));`;
// argv: <file>. The parser alone, as the command calls it: streaming, records as arrays, counted.
const PARSER = `${onExit}
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
globalThis.__bench = { records: 0 };
const parser = createReadStream(process.argv[1]).pipe(
  // The options the command itself gives csv-parse (src/cli/input.ts), the row bound included.
  parse({ bom: true, delimiter: ',', relax_quotes: false, skip_empty_lines: true, relax_column_count: true, max_record_size: 8 * 1024 * 1024 }),
);
let records = 0;
for await (const _record of parser) records++;
globalThis.__bench.records = records;`;
// argv: <csv-scan bundle URL> <file>. The command's scanner alone: streaming, every cell read, counted.
const SCANNER = `${onExit}
import { createReadStream } from 'node:fs';
const { CsvScanner } = await import(process.argv[1]);
globalThis.__bench = { records: 0 };
const scanner = new CsvScanner({ delimiter: ',' });
let records = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 16 })) {
  scanner.write(chunk);
  records += scanner.take().length;
}
scanner.end();
records += scanner.take().length;
globalThis.__bench.records = records;`;
// argv: <csv-bytes bundle URL> <file> <kernel>. The command's byte scanner alone: every cell's offsets, rows counted.
const BYTE_SCANNER = `${onExit}
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
const { csvByteBatches, findHeaderEnd } = await import(process.argv[1]);
const [file, kernel] = process.argv.slice(2);
globalThis.__bench = { records: 0 };
const head = Buffer.alloc(1 << 16);
const fd = openSync(file, 'r');
const got = readSync(fd, head, 0, head.length, 0);
closeSync(fd);
const end = findHeaderEnd(head.subarray(0, got));
const width = head.subarray(0, end.dataStart).toString().split(',').length;
const o = { name: file, delimiter: ',', rowEnd: end.rowEnd, width, columns: null, firstRow: 1, firstLine: 2, size: 65_536 };
let records = 1;
for await (const batch of csvByteBatches(createReadStream(file, { start: end.dataStart, highWaterMark: 1 << 20 }), o, { kernel })) records += batch.length;
globalThis.__bench.records = records;`;
// argv: <file> <threads>. DuckDB: the file read with read_csv, the report's figures in one query.
const DUCKDB = `${onExit}
import { DuckDBInstance } from '@duckdb/node-api';
const [file, threads] = process.argv.slice(1);
const instance = await DuckDBInstance.create(':memory:', { threads });
const c = await instance.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjects();
await c.run(\`create table t as select * from read_csv('\${file.replace(/'/g, "''")}', header = true)\`);
const d = (a, b) => \`(epoch_ms(\${b}) - epoch_ms(\${a}))\`;
const frt = d('createdAt', 'firstResponseAt');
const res = d('createdAt', 'resolvedAt');
const [f] = await rows(\`select count(*) as records,
  avg(\${frt}) as frtMean, quantile_cont(\${frt}, 0.5) as frtMedian, quantile_cont(\${frt}, 0.9) as frtP90,
  avg(\${res}) as resMean, quantile_cont(\${res}, 0.5) as resMedian, quantile_cont(\${res}, 0.9) as resP90,
  count(*) filter (where lower(status) in ('solved', 'closed', 'resolved')) as resolved, avg(csat) as csatMean from t\`);
const channels = await rows('select channel, count(*) as count from t group by channel');
globalThis.__bench = { figures: JSON.parse(JSON.stringify({ ...f, channels: Object.fromEntries(channels.map((r) => [r.channel, r.count])) }, (k, v) => (typeof v === 'bigint' ? Number(v) : v))) };`;
// argv: <dist/cli.js> <args...>. Runs the command as if started as \`node dist/cli.js <args...>\`.
// Written to a file and run as one (not with -e): the command's worker threads take the process's
// flags, and --input-type would stop them.
const COMMAND = `${onExit}
import { pathToFileURL } from 'node:url';
const [cli, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], cli, ...args];
await import(pathToFileURL(cli).href);`;

/** Runs one wrapper in a child process; returns { ms, maxRSS (KiB), stats, status, stderr }. */
function child(code, args) {
  const t0 = performance.now();
  const flags = code === COMMAND ? [commandWrapper()] : ['--input-type=module', '-e', code, '--'];
  const run = spawnSync(process.execPath, ['--expose-gc', ...flags, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (run.error) throw run.error;
  const line = run.stderr.split('\n').find((l) => l.startsWith(MARK));
  const stats = line ? JSON.parse(line.slice(MARK.length)) : {};
  const stderr = run.stderr
    .split('\n')
    .filter((l) => !l.startsWith(MARK))
    .join('\n')
    .trim();
  return { ms, maxRSS: stats.maxRSS ?? NaN, stats, status: run.status, signal: run.signal, stderr };
}

const tail = (text) => text.split('\n').slice(-8).join('\n');
const int = (x) => Math.round(x).toLocaleString('en-US');
const mib = (kib) => kib / 1024;

const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-cli-bench-'));
const csv = join(dir, 'tickets.csv');
const out = join(dir, 'report.json');
let csvBytes = -1;

/** The COMMAND wrapper as a file in the temporary directory (written once). */
function commandWrapper() {
  const path = join(dir, 'command.mjs');
  if (!existsSync(path)) writeFileSync(path, COMMAND);
  return path;
}

/** Bundles src/cli/<name>.ts (esbuild, which the build tools bring) into the temporary directory; null when it cannot. */
async function bundleScanner(name) {
  const outfile = join(dir, `${name}.mjs`);
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(root, 'src', 'cli', `${name}.ts`)], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
    return pathToFileURL(outfile).href;
  } catch (e) {
    console.log(`${name} alone: skipped: cannot bundle src/cli/${name}.ts (${e.message})`);
    return null;
  }
}

/** Generates the CSV, unless this run already did and it is still there with the same size. */
function ensureCsv() {
  if (csvBytes >= 0 && existsSync(csv) && statSync(csv).size === csvBytes) return;
  const t0 = performance.now();
  const gen = spawnSync(process.execPath, [generator, csv, String(ROWS)], { cwd: root, encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`scripts/make-cli-csv.mjs failed (${gen.status ?? gen.signal}):\n${tail(gen.stderr)}`);
  csvBytes = statSync(csv).size;
  if (csvBytes === 0) throw new Error('scripts/make-cli-csv.mjs wrote an empty file');
  console.log(`generated ${int(ROWS)} rows (${mib(csvBytes / 1024).toFixed(1)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The median of a list of numbers. */
function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 === 1 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/** The command's figures (its JSON report) in the shape of DuckDB's. */
function figuresOf(doc) {
  const m = doc.metrics;
  return {
    records: doc.records,
    frtMean: m.firstResponseTime.mean,
    frtMedian: m.firstResponseTime.median,
    frtP90: m.firstResponseTime.percentiles.p90,
    resMean: m.resolutionTime.mean,
    resMedian: m.resolutionTime.median,
    resP90: m.resolutionTime.percentiles.p90,
    resolved: m.resolutionRate.resolved,
    csatMean: m.csat.mean,
    channels: Object.fromEntries(m.volumeByChannel.groups.map((g) => [g.key, g.count])),
  };
}

/** Where two figure sets differ (means and p90 to 1e-9 relative, counts and medians exactly); [] when they agree. */
function differences(a, b) {
  const out = [];
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (key === 'channels') {
      if (JSON.stringify(Object.entries(x).sort()) !== JSON.stringify(Object.entries(y).sort()))
        out.push(`channels ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    } else if (/Mean|P90/.test(key) ? !(Math.abs(x - y) <= 1e-9 * Math.abs(y)) : x !== y) out.push(`${key} ${x} vs ${y}`);
  }
  return out;
}

const cores = availableParallelism();
try {
  const scanner = await bundleScanner('csv-scan');
  const byteScanner = await bundleScanner('csv-bytes');
  const cliBuilt = existsSync(cliPath);
  if (!cliBuilt) console.log('report: skipped: dist/cli.js not built');
  const cli = cliBuilt ? realpathSync(cliPath) : null;
  for (const rows of SIZES) {
    ROWS = rows;
    csvBytes = -1;
    ensureCsv();
    const cases = [];
    const expectRecords = (what, r) => {
      if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
      // The header row is a record too.
      if (r.stats.records !== ROWS + 1) throw new Error(`${what} read ${r.stats.records} records, expected ${ROWS + 1} (header + ${ROWS} rows)`);
      return r;
    };
    cases.push({ name: 'csv-parse alone (stream, arrays)', run: () => expectRecords('csv-parse', child(PARSER, [csv])) });
    if (scanner !== null) cases.push({ name: 'csv-scan alone (stream, arrays)', run: () => expectRecords('csv-scan', child(SCANNER, [scanner, csv])) });
    if (byteScanner !== null) {
      for (const kernel of ['wasm', 'js']) {
        const name = `byte scan alone (offsets, ${kernel === 'wasm' ? 'WebAssembly SIMD index' : 'loop index'})`;
        cases.push({ name, run: () => expectRecords(name, child(BYTE_SCANNER, [byteScanner, csv, kernel])) });
      }
    }
    let duckFigures = null;
    cases.push({
      name: `DuckDB read_csv + SQL (${cores} threads)`,
      duck: true,
      run: () => {
        const r = child(DUCKDB, [csv, String(cores)]);
        if (r.status !== 0) throw new Error(`DuckDB failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
        duckFigures = r.stats.figures;
        return r;
      },
    });
    // --on-invalid exclude: like real exports, the generated one has resolved tickets without a
    // contact count, which firstContactResolution leaves out (and the report lists) rather than fail.
    const reportArgs = ['report', csv, '--preset', 'kpi-kit', '--on-invalid', 'exclude', '--format', 'json', '--out', out, '--no-progress'];
    const commands = [
      { name: 'kpi-kit report --workers 1', args: [...reportArgs, '--workers', '1'] },
      { name: `kpi-kit report --workers ${cores}`, args: [...reportArgs, '--workers', String(cores)] },
      { name: 'kpi-kit report (default workers for the size)', args: reportArgs, main: true },
      { name: `kpi-kit report --period month --by channel (default)`, args: [...reportArgs, '--period', 'month', '--by', 'channel'], grouped: true },
    ];
    let ourFigures = null;
    if (cli !== null) {
      for (const command of commands) {
        cases.push({
          ...command,
          run: () => {
            rmSync(out, { force: true });
            const r = child(COMMAND, [cli, ...command.args]);
            if (r.status !== 0) throw new Error(`\`${command.name}\` failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
            if (!existsSync(out) || statSync(out).size === 0) throw new Error(`\`${command.name}\` wrote no ${out}`);
            if (command.main) ourFigures = figuresOf(JSON.parse(readFileSync(out, 'utf8')));
            return r;
          },
        });
      }
    }

    const times = cases.map(() => []);
    const memory = cases.map(() => 0);
    const errors = cases.map(() => null);
    const started = performance.now();
    const RUNS = runsOf(rows);
    const mainCase = cases.findIndex((c) => c.main);
    const groupedCase = cases.findIndex((c) => c.grouped);
    for (let round = 0; round < RUNS; round++) {
      const roundStart = performance.now();
      // The plain and the grouped report run one after the other, in turn first: a round's ratio of
      // the two is taken a second apart, and neither always runs right after the other cases.
      const order = cases.map((_, i) => i);
      if (round % 2 === 1 && mainCase >= 0 && groupedCase >= 0) [order[mainCase], order[groupedCase]] = [groupedCase, mainCase];
      order.forEach((i) => {
        const c = cases[i];
        if (errors[i]) return;
        ensureCsv();
        try {
          const r = c.run();
          times[i].push(r.ms);
          memory[i] = Math.max(memory[i], r.maxRSS);
        } catch (error) {
          // The parser's failure is the benchmark's; another case's failure is reported in its row.
          if (i === 0) throw error;
          errors[i] = error;
        }
      });
      const elapsed = performance.now() - started;
      if (round < RUNS - 1 && elapsed + (performance.now() - roundStart) > BUDGET_MS) {
        console.log(`(stopped after ${round + 1} of ${RUNS} rounds: the next would pass the ${BUDGET_MS / 1000} s budget)`);
        break;
      }
    }

    console.log(
      `\n## kpi-kit report vs DuckDB and the parsers alone, ${int(ROWS)} rows (${mib(csvBytes / 1024).toFixed(1)} MiB), ${cores} cores; median of interleaved rounds, whole child process`,
    );
    const width = Math.max(...cases.map((c) => c.name.length));
    const at = (pred) => cases.findIndex(pred);
    const ms = (i) => (i < 0 || errors[i] || times[i].length === 0 ? NaN : median(times[i]));
    // Case i's time over case j's, round by round (both run in the same round, a few seconds
    // apart), and the median of those ratios: a machine whose speed drifts from round to round
    // (a shared host) moves both times of a round alike. NaN when either has no time.
    const ratio = (i, j) => {
      if (i < 0 || j < 0 || errors[i] || errors[j]) return NaN;
      const rounds = Math.min(times[i].length, times[j].length);
      return rounds === 0 ? NaN : median(Array.from({ length: rounds }, (_, r) => times[i][r] / times[j][r]));
    };
    const duck = at((c) => c.duck);
    const main = at((c) => c.main);
    const parseMs = ms(0);
    cases.forEach((c, i) => {
      if (errors[i]) {
        console.log(`${c.name.padEnd(width)}  FAILED: ${errors[i].message}`);
        return;
      }
      const t = ms(i);
      const notes = [];
      if (i > 0 && !c.duck) notes.push(`${(t / parseMs).toFixed(2)}x csv-parse`);
      if (c.main) {
        const time = ratio(i, duck);
        const mem = memory[i] / memory[duck];
        notes.push(
          `${time.toFixed(2)}x DuckDB's time in a round (target ≤ ${TARGET_TIME}; ${(t / ms(duck)).toFixed(2)}x its median)${time > TARGET_TIME ? ' ABOVE TARGET' : ''}`,
        );
        notes.push(`${mem.toFixed(2)}x its peak memory (target ≤ ${TARGET_MEMORY})${mem > TARGET_MEMORY ? ' ABOVE TARGET' : ''}`);
      } else if (c.grouped) {
        const g = ratio(i, main);
        notes.push(
          ROWS === GROUPED_TARGET_ROWS
            ? `${g.toFixed(2)}x the plain report in a round (target ≤ ${TARGET_GROUPED}; ${(t / ms(main)).toFixed(2)}x its median)${g > TARGET_GROUPED ? ' ABOVE TARGET' : ''}`
            : `${g.toFixed(2)}x the plain report in a round (${(t / ms(main)).toFixed(2)}x its median; the ≤ ${TARGET_GROUPED} target is set at ${int(GROUPED_TARGET_ROWS)} rows)`,
        );
      } else if (!c.duck && i > 0 && duck >= 0) notes.push(`${(t / ms(duck)).toFixed(2)}x DuckDB`);
      console.log(
        `${c.name.padEnd(width)}  ${t.toFixed(0).padStart(7)} ms  ${int((ROWS / t) * 1000).padStart(9)} rows/s  ` +
          `peak RSS ${mib(memory[i]).toFixed(0).padStart(5)} MiB  (${times[i].length} run${times[i].length === 1 ? '' : 's'})  ${notes.join(', ')}`,
      );
    });
    if (duckFigures !== null && ourFigures !== null) {
      const diff = differences(ourFigures, duckFigures);
      console.log(
        diff.length === 0
          ? 'figures: kpi-kit and DuckDB agree (records, FRT and resolution mean/median/p90, resolved, CSAT mean, volume per channel)'
          : `figures DIFFER: ${diff.join('; ')}`,
      );
      if (diff.length > 0) throw new Error(`kpi-kit and DuckDB disagree: ${diff.join('; ')}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
