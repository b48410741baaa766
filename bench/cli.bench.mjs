// Command-line benchmark: `kpi-kit report` over a generated help-desk CSV (1M rows; 200k with
// BENCH_QUICK=1) against two CSV parsers alone, each over a file stream, every cell made a string,
// records only counted: csv-parse's streaming API with the options the command used with it (the
// baseline), and the command's own scanner (src/cli/csv-scan.ts, bundled for the run with esbuild,
// all cells read: the command itself reads only the mapped columns). Target: the command ≤ 1.5× the
// time of csv-parse alone. Every run is a child process (`node --expose-gc`) whose wrapper prints
// its peak RSS at exit, so memory is measured the same way for all; runs are interleaved (csv-parse,
// scanner, command, command by period, csv-parse, ...) and the best time of each is kept. The CSV
// comes from scripts/make-cli-csv.mjs, into a temporary directory that is removed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const quick = process.env.BENCH_QUICK === '1';
const ROWS = quick ? 200_000 : 1_000_000;
const RUNS = quick ? 2 : 3;
const TARGET = 1.5;
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

/** Bundles src/cli/csv-scan.ts (esbuild, which the build tools bring) into the temporary directory; null when it cannot. */
async function bundleScanner() {
  const outfile = join(dir, 'csv-scan.mjs');
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [join(root, 'src', 'cli', 'csv-scan.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
    return pathToFileURL(outfile).href;
  } catch (e) {
    console.log(`csv-scan alone: skipped: cannot bundle src/cli/csv-scan.ts (${e.message})`);
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

try {
  ensureCsv();
  const cases = [
    {
      name: 'csv-parse alone (stream, arrays)',
      run: () => {
        const r = child(PARSER, [csv]);
        if (r.status !== 0) throw new Error(`the parser failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
        // The header row is a record too.
        if (r.stats.records !== ROWS + 1) {
          throw new Error(`the parser read ${r.stats.records} records, expected ${ROWS + 1} (header + ${ROWS} rows)`);
        }
        return r;
      },
    },
  ];
  const scanner = await bundleScanner();
  if (scanner !== null) {
    cases.push({
      name: 'csv-scan alone (stream, arrays)',
      run: () => {
        const r = child(SCANNER, [scanner, csv]);
        if (r.status !== 0) throw new Error(`the scanner failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
        if (r.stats.records !== ROWS + 1) throw new Error(`the scanner read ${r.stats.records} records, expected ${ROWS + 1} (header + ${ROWS} rows)`);
        return r;
      },
    });
  }
  const scannerCase = scanner === null ? -1 : 1;
  // --on-invalid exclude: like real exports, the generated one has resolved tickets without a
  // contact count, which firstContactResolution leaves out (and the report lists) rather than fail.
  const reportArgs = ['report', csv, '--preset', 'kpi-kit', '--on-invalid', 'exclude', '--format', 'json', '--out', out];
  const commands = [
    { name: 'report --format json', args: reportArgs },
    { name: 'report ... --period month --by channel', args: [...reportArgs, '--period', 'month', '--by', 'channel'] },
  ];
  const cliBuilt = existsSync(cliPath);
  if (cliBuilt) {
    const cli = realpathSync(cliPath);
    for (const command of commands) {
      cases.push({
        name: command.name,
        run: () => {
          rmSync(out, { force: true });
          const r = child(COMMAND, [cli, ...command.args]);
          if (r.status !== 0) throw new Error(`\`kpi-kit ${command.name}\` failed (${r.status ?? r.signal}):\n${tail(r.stderr)}`);
          if (!existsSync(out) || statSync(out).size === 0) throw new Error(`\`kpi-kit ${command.name}\` wrote no ${out}`);
          return r;
        },
      });
    }
  }

  const best = cases.map(() => ({ ms: Infinity, maxRSS: 0, runs: 0, error: null }));
  const started = performance.now();
  for (let round = 0; round < RUNS; round++) {
    const roundStart = performance.now();
    cases.forEach((c, i) => {
      if (best[i].error) return;
      ensureCsv();
      try {
        const r = c.run();
        best[i].ms = Math.min(best[i].ms, r.ms);
        best[i].maxRSS = Math.max(best[i].maxRSS, r.maxRSS);
        best[i].runs++;
      } catch (error) {
        // The parser's failure is the benchmark's; a command's failure is reported in its row.
        if (i === 0) throw error;
        best[i].error = error;
      }
    });
    const elapsed = performance.now() - started;
    if (round < RUNS - 1 && elapsed + (performance.now() - roundStart) > BUDGET_MS) {
      console.log(`(stopped after ${round + 1} of ${RUNS} rounds: the next would pass the ${BUDGET_MS / 1000} s budget)`);
      break;
    }
  }

  console.log(`\n## kpi-kit report vs the parsers alone, ${int(ROWS)} rows (${mib(csvBytes / 1024).toFixed(1)} MiB); best of runs, whole child process`);
  const width = Math.max(...cases.map((c) => c.name.length));
  const parserMs = best[0].ms;
  const scanMs = scannerCase < 0 || best[scannerCase].error ? NaN : best[scannerCase].ms;
  cases.forEach((c, i) => {
    const b = best[i];
    if (b.error) {
      console.log(`${c.name.padEnd(width)}  FAILED: ${b.error.message}`);
      return;
    }
    const ratio = b.ms / parserMs;
    let vs = '';
    if (i === scannerCase) vs = `  ${(parserMs / b.ms).toFixed(2).padStart(5)}x csv-parse's speed`;
    else if (i > 0) {
      vs =
        `  ${ratio.toFixed(2).padStart(5)}x csv-parse (target ≤ ${TARGET}x)${ratio > TARGET ? '  ABOVE TARGET' : ''}` +
        (Number.isNaN(scanMs) ? '' : `, ${(b.ms / scanMs).toFixed(2)}x csv-scan`);
    }
    console.log(
      `${c.name.padEnd(width)}  ${b.ms.toFixed(0).padStart(7)} ms  ${int((ROWS / b.ms) * 1000).padStart(9)} rows/s  ` +
        `peak RSS ${mib(b.maxRSS).toFixed(0).padStart(5)} MiB  (${b.runs} run${b.runs === 1 ? '' : 's'})${vs}`,
    );
  });
  if (!cliBuilt) console.log('report: skipped: dist/cli.js not built');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
