#!/usr/bin/env node
// `npm run check:package`: checks the package as it would be published.
//
// Assumes `npm run build` and `npm run docs` were done: dist/ and docs/api/ are packed as they are.
// 1. `npm pack` into a temp dir, and the tarball unpacked there.
// 2. The tarball's file list: every file package.json `exports` names (ESM .js, CJS .cjs, .d.ts,
//    .d.cts of `kpi-kit` and each subpath), the bin, README.md, LICENSE, CHANGELOG.md, docs/*.md and
//    the API reference (docs/api/index.html); no sources, tests or benchmarks.
// 3. Links: every link of the packed README.md and docs/*.md resolves for a reader of the npm page.
//    The README has no relative links (npm has no repository to resolve them against); links into
//    the package are https://unpkg.com/kpi-kit@<version>/<file>, with package.json's version, and
//    name a packed file; relative links between docs/*.md name a packed file; every #anchor into a
//    Markdown file is one of its headings (GitHub's slugs) or an explicit anchor, every #anchor into
//    an HTML file one of its ids. `homepage` is the unpkg URL of the API reference.
// 4. Runtime imports: from each library entry point (every export but the `kpi-kit` command), the
//    built ESM and CJS graphs (relative chunks followed) import only LIBRARY_DEPENDENCIES; the bare
//    specifiers of the command are printed; every package imported is a declared dependency, every
//    declared dependency is imported by the library or the command, and the README's dependency
//    paragraph (between `<!-- dependencies -->` markers) names exactly these packages.
// 5. publint on the tarball, `--strict` (warnings count as errors; suggestions are printed only), and
//    arethetypeswrong, profile `strict` — run while step 6 installs.
// 6. Consumer projects: one `npm install` of the tarball (and of Deno, unless test/runtimes holds
//    the pinned one) into a temp project; then scripts/consumers/*.ts are compiled by this
//    repository's TypeScript under each CONSUMERS setting (strict, skipLibCheck false, target
//    es2022): good.ts (every entry point but kpi-kit/schemas, money results) must compile cleanly;
//    bad.ts (a money result assigned to `number`, ...) and schemas.ts (kpi-kit/schemas, where zod's
//    own declarations compile) must report exactly the errors their `// expect TSnnnn` comments
//    name, and no other — so the check fails when the package's types degrade to `any`. The same
//    files, importing `npm:kpi-kit/...`, under `deno check`. The jobs run in parallel.
// Each tool's own report is printed; the exit code is 1 when anything failed. The temp dir is removed
// (KPI_KIT_KEEP_TMP=1 keeps it).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ts = createRequire(import.meta.url)(join(root, 'node_modules', 'typescript'));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The packages the library entry points may import at run time; anything else is a problem. */
const LIBRARY_DEPENDENCIES = ['decimal.js', 'zod'];
/**
 * Optional peer dependencies, each with the one entry point that may import it (when called: kpi-kit/duckdb
 * loads @duckdb/node-api on first use and says how to install it when it is missing). The command may
 * load them too (`kpi-kit report --engine duckdb`), and says the same when one is missing.
 */
const OPTIONAL_PEERS = { '@duckdb/node-api': 'kpi-kit/duckdb' };

/**
 * The consumer projects: compiler options on top of { strict, skipLibCheck: false, target: es2022,
 * noEmit }, and the package.json `type` of the project (which makes its .ts files ESM or CJS under
 * node16/nodenext). `module: commonjs` without `esModuleInterop` is what `tsc --strict` does.
 * `schemas: false` leaves out schemas.ts (kpi-kit/schemas): without esModuleInterop, zod's own
 * declarations fail to compile with skipLibCheck false (TS1259 in zod/v4/locales/index.d.cts; zod
 * issues #5160 and #5497) for any importer of zod; these projects show that no other entry point
 * reaches zod's types.
 */
const CONSUMERS = [
  // The project `tsc --init` writes (module nodenext, strict, exactOptionalPropertyTypes, ...), with skipLibCheck false.
  { name: '--init', type: 'module', init: true, schemas: true },
  { name: 'nodenext ESM', type: 'module', options: { module: 'nodenext' }, schemas: true },
  { name: 'nodenext CJS, esModuleInterop false', type: 'commonjs', options: { module: 'nodenext', esModuleInterop: false }, schemas: false },
  { name: 'node16 ESM, esModuleInterop false', type: 'module', options: { module: 'node16', esModuleInterop: false }, schemas: false },
  { name: 'node16 CJS', type: 'commonjs', options: { module: 'node16', esModuleInterop: true }, schemas: true },
  { name: 'bundler', type: 'module', options: { module: 'esnext', moduleResolution: 'bundler', esModuleInterop: true }, schemas: true },
  {
    name: 'bundler, esModuleInterop false',
    type: 'module',
    options: { module: 'esnext', moduleResolution: 'bundler', esModuleInterop: false },
    schemas: true,
  },
  { name: 'commonjs (node10), esModuleInterop false', type: 'commonjs', options: { module: 'commonjs', esModuleInterop: false }, schemas: false },
  { name: 'commonjs (node10), esModuleInterop true', type: 'commonjs', options: { module: 'commonjs', esModuleInterop: true }, schemas: true },
];
const CONSUMER_FILES = ['good.ts', 'bad.ts', 'schemas.ts'];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Files that must be in the tarball: the metadata, every file package.json `exports` names, the bin, the docs. */
const exported = [];
(function collect(target) {
  if (typeof target === 'string') exported.push(target.replace(/^\.\//, ''));
  else if (target !== null && typeof target === 'object') Object.values(target).forEach(collect);
})(Object.fromEntries(Object.entries(pkg.exports).filter(([key]) => key !== './package.json')));
const bins = Object.values(pkg.bin ?? {}).map((b) => b.replace(/^\.\//, ''));
const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...new Set(exported), ...bins, ...docs, 'docs/api/index.html'];
/** Paths that must not be published. */
const FORBIDDEN = [
  /^src\//,
  /^test\//,
  /^bench\//,
  /^scripts\//,
  /^examples\//,
  /^coverage\//,
  /^\.ci\//,
  /\.tgz$/,
  /(^|\/)node_modules\//,
  /^docs\/api\/media\//,
];
const UNPKG = `https://unpkg.com/${pkg.name}@${pkg.version}/`;

const problems = [];
const section = (title) => console.log(`\n--- ${title} ---`);
const report = (ok, title, since, detail = '') => {
  if (!ok) problems.push(`${title} failed${detail ? `: ${detail}` : ''}`);
  console.log(`=> ${ok ? 'ok' : 'FAILED'} (${seconds(since)})`);
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

/** Runs a command without blocking; resolves with its exit status and output (never rejects). */
function runAsync(command, args, options = {}) {
  const since = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, ...options, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 180_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ status: null, output: `${output}${String(error)}`, time: seconds(since) });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status: status ?? signal, output, time: seconds(since) });
    });
  });
}

/** Runs `jobs` (functions returning promises) at most `limit` at a time; results in order. */
async function pool(jobs, limit) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

// --- links ---------------------------------------------------------------------------------------

/** GitHub's heading anchors of a Markdown text (duplicates numbered), and explicit `<a id|name>` anchors. */
function markdownAnchors(text) {
  const out = new Set();
  const seen = new Map();
  for (const m of stripFences(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  return out;
}

/** The text without fenced code blocks (blanked, so that line numbers stay). */
function stripFences(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** The text without fenced code blocks and code spans (their brackets are not links). */
function stripCode(text) {
  return stripFences(text).replace(/`[^`\n]*`/g, (s) => ' '.repeat(s.length));
}

/** Every link target of a Markdown text, with its line: inline links, reference definitions, href attributes. */
function markdownLinks(text) {
  const plain = stripCode(text);
  const lineOf = (index) => plain.slice(0, index).split('\n').length;
  const out = [];
  for (const m of plain.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], line: lineOf(m.index) });
  for (const m of plain.matchAll(/^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$/gm)) out.push({ target: m[1], line: lineOf(m.index) });
  for (const m of plain.matchAll(/\bhref="([^"]*)"/g)) out.push({ target: m[1], line: lineOf(m.index) });
  return out;
}

/**
 * Checks the links of the packed Markdown files (README.md, docs/*.md) against the packed files.
 * `read(path)` reads a packed file. Returns the problems found.
 */
function checkLinks(files, read) {
  const found = [];
  const present = new Set(files);
  const anchorCache = new Map();
  const anchorsOf = (file) => {
    if (!anchorCache.has(file)) {
      const text = read(file);
      anchorCache.set(file, file.endsWith('.html') ? new Set([...text.matchAll(/\b(?:id|name)="([^"]+)"/g)].map((m) => m[1])) : markdownAnchors(text));
    }
    return anchorCache.get(file);
  };
  const checkTarget = (where, file, anchor, link) => {
    if (!present.has(file)) return found.push(`${where}: ${link} names ${file}, which is not in the package`);
    if (anchor !== '' && (file.endsWith('.md') || file.endsWith('.html')) && !anchorsOf(file).has(decodeURIComponent(anchor))) {
      found.push(`${where}: ${link}: ${file} has no anchor #${anchor}`);
    }
    return undefined;
  };
  const markdown = files.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
  let count = 0;
  for (const file of markdown) {
    for (const { target, line } of markdownLinks(read(file))) {
      if (target === '') continue; // `f[KEY]()` in prose: a call, not a link
      count++;
      const where = `${file}:${line}`;
      const [path, anchor = ''] = target.split('#', 2);
      if (/^https?:\/\/unpkg\.com\//.test(target)) {
        if (!target.startsWith(UNPKG)) {
          found.push(`${where}: ${target} must start with ${UNPKG} (this package, at package.json's version)`);
          continue;
        }
        const inside = path.slice(UNPKG.length);
        if (inside === '' || inside.endsWith('/')) found.push(`${where}: ${target} must name a file, not a directory`);
        else checkTarget(where, inside, anchor, target);
      } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        continue; // another site (https:, mailto:): not checked here
      } else if (path === '') {
        checkTarget(where, file, anchor, target);
      } else if (file === 'README.md') {
        found.push(`${where}: relative link ${target} is dead on the npm page; link ${UNPKG}${path.replace(/^\.\//, '')}${anchor ? `#${anchor}` : ''}`);
      } else {
        const resolved = posix.normalize(posix.join(posix.dirname(file), path));
        checkTarget(where, resolved, anchor, target);
      }
    }
  }
  return { found, count, files: markdown.length };
}

// --- runtime imports -----------------------------------------------------------------------------

const isBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** The module specifiers of a built file: import/export declarations, import() and require() with a string literal. */
function specifiersOf(file, text) {
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return out;
}

/**
 * The bare specifiers a built file reaches, relative imports followed: Map package → the first file
 * (relative to `base`) that imports it.
 */
function bareImports(base, entry) {
  const out = new Map();
  const seen = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiersOf(file, readFileSync(join(base, file), 'utf8'))) {
      if (specifier.startsWith('.')) queue.push(posix.normalize(posix.join(posix.dirname(file), specifier)));
      else if (!out.has(packageOf(specifier))) out.set(packageOf(specifier), file);
    }
  }
  return out;
}

/** Code spans of the README between `<!-- dependencies -->` and `<!-- /dependencies -->`: the packages it names. */
function readmeDependencies(readme) {
  const m = /<!-- dependencies[^>]*-->([\s\S]*?)<!-- \/dependencies -->/.exec(readme);
  return m ? new Set([...m[1].matchAll(/`([^`\s]+)`/g)].map((c) => c[1]).filter((name) => name in (pkg.dependencies ?? {}))) : null;
}

function checkImports(base, readme) {
  const found = [];
  const libraryUses = new Set();
  const entries = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
  const rows = [];
  for (const [key, target] of entries) {
    const name = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
    for (const [kind, file] of [
      ['ESM', target.import?.default],
      ['CJS', target.require?.default],
    ]) {
      if (file === undefined) continue;
      const imports = bareImports(base, file.replace(/^\.\//, ''));
      rows.push(`${name} (${kind}): ${[...imports.keys()].sort().join(', ') || '(none)'}`);
      for (const [dependency, via] of imports) {
        if (OPTIONAL_PEERS[dependency] === name && pkg.peerDependenciesMeta?.[dependency]?.optional === true) continue;
        libraryUses.add(dependency);
        if (!LIBRARY_DEPENDENCIES.includes(dependency))
          found.push(
            `${name} (${kind}, ${file}) imports ${dependency} at run time (in ${via}); the library may import only ${LIBRARY_DEPENDENCIES.join(', ')}`,
          );
      }
    }
  }
  const command = new Set();
  const commandPeers = new Set();
  for (const file of bins) {
    for (const dependency of bareImports(base, file).keys()) {
      if (isBuiltin(dependency)) continue;
      // An optional peer the command loads on demand (`--engine duckdb` loads @duckdb/node-api).
      if (dependency in OPTIONAL_PEERS && pkg.peerDependenciesMeta?.[dependency]?.optional === true) commandPeers.add(dependency);
      else command.add(dependency);
    }
  }
  const commandAdds = [...command].filter((d) => !libraryUses.has(d)).sort();
  console.log(rows.join('\n'));
  console.log(`library entry points import: ${[...libraryUses].sort().join(', ')}`);
  console.log(
    `the kpi-kit command adds: ${commandAdds.join(', ')}${commandPeers.size === 0 ? '' : `; and loads on demand the optional peer ${[...commandPeers].sort().join(', ')}`}`,
  );
  const declared = Object.keys(pkg.dependencies ?? {});
  for (const d of [...libraryUses, ...command]) if (!declared.includes(d) && !isBuiltin(d)) found.push(`${d} is imported but not a dependency in package.json`);
  for (const d of declared)
    if (!libraryUses.has(d) && !command.has(d)) found.push(`dependency ${d} is imported by neither the library nor the command: remove it from package.json`);
  const named = readmeDependencies(readme);
  const actual = new Set([...libraryUses, ...commandAdds]);
  if (named === null) found.push('README.md has no <!-- dependencies --> … <!-- /dependencies --> paragraph');
  else if ([...actual].some((d) => !named.has(d)) || [...named].some((d) => !actual.has(d))) {
    found.push(`README.md's dependency paragraph names ${[...named].sort().join(', ')}; the package imports ${[...actual].sort().join(', ')}`);
  }
  return found;
}

// --- consumer projects ---------------------------------------------------------------------------

/** `// expect TSnnnn` markers of a file: the set of "line:TSnnnn" tsc must report. */
function expectedErrors(file, text) {
  return new Set(text.split('\n').flatMap((line, i) => [...line.matchAll(/\/\/ expect (TS\d+)/g)].map((m) => `${file}:${i + 1}:${m[1]}`)));
}

/** Compares reported errors ("file:line:TSnnnn" → message) with the expected set; returns the differences. */
function compareErrors(reported, expected) {
  const out = [];
  for (const [key, message] of reported) if (!expected.has(key)) out.push(`unexpected ${message}`);
  for (const key of expected) if (!reported.has(key)) out.push(`missing the expected error ${key} (the types may have degraded to any)`);
  return out;
}

async function checkConsumers(tmp, tarball) {
  const since = performance.now();
  const project = join(tmp, 'consumers');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'kpi-kit-consumers', version: '0.0.0', private: true }, null, 2)}\n`);
  // Deno as test/runtimes pins it: that install's binary when check:runtimes has put it there, else from npm here.
  const denoVersion = JSON.parse(readFileSync(join(root, 'test', 'runtimes', 'package.json'), 'utf8')).dependencies.deno;
  const denoFile = process.platform === 'win32' ? 'deno.exe' : 'deno';
  const denoRuns = (file) => existsSync(file) && (spawnSync(file, ['--version'], { encoding: 'utf8' }).stdout ?? '').startsWith(`deno ${denoVersion} `);
  const pinnedDeno = join(root, 'test', 'runtimes', 'node_modules', 'deno', denoFile);
  const denoPackages = denoRuns(pinnedDeno) ? [] : [`deno@${denoVersion}`];
  const install = await runAsync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', tarball, ...denoPackages], {
    cwd: project,
    timeout: 300_000,
  });
  if (install.status !== 0) return { lines: [`npm install <tarball> failed:\n${install.output}`], failed: 1 };
  const lines = [`npm install <tarball> ${denoPackages.join(' ')}: ${install.time}`];

  const sources = Object.fromEntries(CONSUMER_FILES.map((f) => [f, readFileSync(join(root, 'scripts', 'consumers', f), 'utf8')]));
  const jobs = CONSUMERS.map((consumer, i) => async () => {
    const names = CONSUMER_FILES.filter((f) => consumer.schemas || f !== 'schemas.ts');
    const expected = new Set(names.flatMap((f) => [...expectedErrors(f, sources[f])]));
    const dir = join(project, `tsc-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${i}`, private: true, type: consumer.type }, null, 2)}\n`);
    const compilerOptions = consumer.init
      ? { skipLibCheck: false, noEmit: true }
      : { strict: true, skipLibCheck: false, target: 'es2022', noEmit: true, ...consumer.options };
    if (consumer.init) {
      const init = await runAsync(process.execPath, [tsc, '--init'], { cwd: dir });
      if (init.status !== 0) return { name: `tsc ${consumer.name}`, differences: [`tsc --init failed: ${init.output}`], time: init.time };
    } else {
      writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: names }, null, 2)}\n`);
    }
    for (const f of names) copyFileSync(join(root, 'scripts', 'consumers', f), join(dir, f));
    const overrides = consumer.init ? ['--skipLibCheck', 'false', '--noEmit'] : [];
    const result = await runAsync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false', ...overrides], { cwd: dir });
    const reported = new Map();
    const global = [];
    for (const line of result.output.split('\n').filter((l) => /\berror TS\d+/.test(l))) {
      const m = /^(.+?)\((\d+),\d+\): error (TS\d+): /.exec(line);
      if (m) reported.set(`${m[1]}:${m[2]}:${m[3]}`, line);
      else global.push(`unexpected ${line}`);
    }
    const differences = [...global, ...compareErrors(reported, expected)];
    return { name: `tsc ${consumer.name}: ${names.join(', ')} (${JSON.stringify(compilerOptions)}, type ${consumer.type})`, differences, time: result.time };
  });
  jobs.push(async () => {
    // Deno: npm:kpi-kit/... resolved from the project's node_modules (the tarball), nothing fetched.
    const dir = join(project, 'deno');
    mkdirSync(dir);
    writeFileSync(join(dir, 'deno.json'), `${JSON.stringify({ nodeModulesDir: 'manual' }, null, 2)}\n`);
    for (const f of CONSUMER_FILES) writeFileSync(join(dir, f), sources[f].replaceAll(`from '${pkg.name}`, `from 'npm:${pkg.name}`));
    const deno = denoPackages.length === 0 ? pinnedDeno : join(project, 'node_modules', 'deno', denoFile);
    // Its postinstall puts the binary in place; run it when npm did not (scripts not allowed).
    if (!denoRuns(deno)) run(process.execPath, ['install.cjs'], { cwd: join(project, 'node_modules', 'deno') });
    const result = await runAsync(deno, ['check', '--no-lock', '--cached-only', ...CONSUMER_FILES], {
      cwd: dir,
      env: { DENO_DIR: join(tmp, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
    });
    const expected = new Set(CONSUMER_FILES.flatMap((f) => [...expectedErrors(f, sources[f])]));
    // eslint-disable-next-line no-control-regex -- ANSI colour codes, which Deno may print
    const output = result.output.replace(/\x1b\[[0-9;]*m/g, '');
    const reported = new Map();
    for (const m of output.matchAll(/^(TS\d+) \[ERROR\]: ([^\n]*)[\s\S]*?^\s+at file:\/\/\S*\/([^/\s]+):(\d+):\d+$/gm)) {
      reported.set(`${m[3]}:${m[4]}:${m[1]}`, `${m[3]}:${m[4]} ${m[1]}: ${m[2]}`);
    }
    const differences = compareErrors(reported, expected);
    if (reported.size === 0 && result.status !== 0) differences.push(`deno check exited ${result.status}:\n${output}`);
    const version = spawnSync(deno, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
    return { name: `deno check (${version}, npm:${pkg.name}/...)`, differences, time: result.time };
  });
  const results = await pool(jobs, Math.max(2, availableParallelism()));
  let failed = 0;
  for (const r of results) {
    if (r.differences.length > 0) failed++;
    lines.push(`${r.differences.length === 0 ? 'ok    ' : 'FAILED'} ${r.name}, ${r.time}${r.differences.map((d) => `\n         ${d}`).join('')}`);
  }
  lines.push(`${results.length} consumer checks in ${seconds(since)}: good.ts compiles cleanly; bad.ts and schemas.ts with exactly their expected errors`);
  return { lines, failed };
}

// --- main ----------------------------------------------------------------------------------------

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('check-package: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}
if (!existsSync(join(root, 'docs', 'api', 'index.html'))) {
  console.error('check-package: docs/api/ is missing; run `npm run docs` first.');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'kpi-kit-check-package-'));
try {
  section('npm pack');
  const pack = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp]);
  if (pack.status !== 0) {
    console.error(pack.stdout, pack.stderr);
    throw new Error(`npm pack failed (exit ${pack.status})`);
  }
  const [info] = JSON.parse(pack.stdout);
  const tarball = join(tmp, info.filename);
  const files = info.files.map((f) => f.path).sort();
  console.log(`${info.filename}: ${files.length} files, ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked`);
  const apiFiles = info.files.filter((f) => f.path.startsWith('docs/api/'));
  for (const f of info.files.filter((f) => !f.path.startsWith('docs/api/'))) console.log(`  ${String(f.size).padStart(9)}  ${f.path}`);
  console.log(`  ${String(apiFiles.reduce((s, f) => s + f.size, 0)).padStart(9)}  docs/api/ (${apiFiles.length} files: the API reference)`);
  const extracted = join(tmp, 'extracted');
  mkdirSync(extracted);
  const untar = run('tar', ['-xzf', tarball, '-C', extracted]);
  if (untar.status !== 0) throw new Error(`tar -xzf failed: ${untar.stderr}`);
  const base = join(extracted, 'package');
  const read = (file) => readFileSync(join(base, file), 'utf8');

  // Started now, awaited at the end: they run while the checks below do.
  const consumers = checkConsumers(tmp, tarball);
  const tools = [
    ['publint --strict', bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion']],
    ['arethetypeswrong --profile strict', bin('attw'), [tarball, '--profile', 'strict', '--format', 'ascii', '--no-emoji', '--no-color']],
  ].map(([title, command, args]) => runAsync(command, args).then((result) => ({ title, ...result })));

  section('tarball contents');
  let since = performance.now();
  const present = new Set(files);
  const missing = REQUIRED.filter((f) => !present.has(f));
  const unwanted = files.filter((f) => FORBIDDEN.some((re) => re.test(f)));
  for (const f of missing) console.log(`MISSING  ${f}`);
  for (const f of unwanted) console.log(`UNWANTED ${f}`);
  if (missing.length === 0 && unwanted.length === 0)
    console.log(`all ${REQUIRED.length} required files (every export, the bin, the docs, the API reference); no src/test/bench files`);
  report(
    missing.length === 0 && unwanted.length === 0,
    'tarball contents',
    since,
    [...missing.map((f) => `missing ${f}`), ...unwanted.map((f) => `unwanted ${f}`)].join(', '),
  );

  section('links in the packed README.md and docs/*.md');
  since = performance.now();
  const links = checkLinks(files, read);
  const homepage = `${UNPKG}docs/api/index.html`;
  if (pkg.homepage !== homepage) links.found.push(`package.json homepage is ${pkg.homepage}; expected ${homepage}`);
  console.log(links.found.length === 0 ? `${links.count} links in ${links.files} files resolve; homepage ${homepage}` : links.found.join('\n'));
  report(links.found.length === 0, 'links', since, `${links.found.length} dead link(s)`);

  section(`runtime imports of the library entry points (allowed: ${LIBRARY_DEPENDENCIES.join(', ')})`);
  since = performance.now();
  const imports = checkImports(base, read('README.md'));
  if (imports.length > 0) console.log(imports.join('\n'));
  report(imports.length === 0, 'runtime imports', since, `${imports.length} problem(s), listed above`);

  for (const tool of await Promise.all(tools)) {
    section(tool.title);
    console.log(tool.output.trim() === '' ? '(no output)' : tool.output.trim());
    if (tool.status !== 0) problems.push(`${tool.title} failed (exit ${tool.status})`);
    console.log(`=> ${tool.status === 0 ? 'ok' : `FAILED (exit ${tool.status})`} (${tool.time})`);
  }

  section('consumer projects (tsc under every module setting, deno check)');
  since = performance.now();
  const result = await consumers;
  console.log(result.lines.join('\n'));
  if (result.failed > 0) problems.push(`consumer projects: ${result.failed} failed`);
  console.log(`=> ${result.failed === 0 ? 'ok' : 'FAILED'}`);
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  if (process.env.KPI_KIT_KEEP_TMP) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

section('summary');
if (problems.length > 0) {
  console.error(`check:package FAILED in ${seconds(started)}, ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check:package ok in ${seconds(started)}: contents, links, runtime imports, publint (strict), arethetypeswrong (strict profile), ${CONSUMERS.length} tsc consumer projects and deno check`,
);
