import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { cli, fixture } from './helpers.js';

const OPTIONS = [
  '--preset',
  '--map',
  '--unit',
  '--resolved-status',
  '--time-zone',
  '--calendar',
  '--period',
  '--week-starts-on',
  '--by',
  '--as-of',
  '--sla',
  '--csat-scale',
  '--percentiles',
  '--top',
  '--format',
  '--out',
  '--on-invalid',
  '--input-format',
  '--delimiter',
  '--no-progress',
  '--title',
];

describe('kpi-kit: help, version and exit codes', () => {
  it('--help exits 0, names the report command and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('report');
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toMatch(/0 {2}the report was written/);
    expect(r.stdout).toMatch(/2 {2}bad input/);
  });

  it('report --help exits 0 and documents every option, the presets, the metrics and the exit codes', async () => {
    const r = await cli(['report', '--help']);
    expect(r.code).toBe(0);
    for (const option of OPTIONS) expect(r.stdout).toContain(option);
    for (const preset of ['kpi-kit:', 'zendesk:', 'freshdesk:']) expect(r.stdout).toContain(preset);
    // The presets' columns are spelled out.
    expect(r.stdout).toContain('"Satisfaction');
    expect(r.stdout).toContain('firstResponseMs="First reply time in minutes"');
    expect(r.stdout).toContain('slaCompliance (--as-of and --sla)');
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toContain('1  an unexpected internal error');
  });

  it('--version and -v print the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('an unknown option: exit 2, with a pointer to the help', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--colour'");
    expect(r.stderr).toContain('kpi-kit report --help');
  });

  it('no file argument: exit 2', async () => {
    const r = await cli(['report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'file'");
  });

  it('an unknown command: exit 2', async () => {
    const r = await cli(['summary', fixture('tickets.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('summary');
  });

  it('an option without its value: exit 2', async () => {
    const r = await cli(['report', fixture('tickets.csv'), '--preset']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--preset');
  });

  it('an unexpected failure (here: standard output breaks while the report is written): exit 1, "internal error"', async () => {
    const stdout = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('disk on fire'));
      },
    });
    // A synchronous throw, as a broken stream's write may do.
    stdout.write = () => {
      throw new Error('disk on fire');
    };
    let err = '';
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done) {
        err += chunk.toString();
        done();
      },
    });
    const stdin = new PassThrough();
    stdin.end();
    const code = await run(['report', fixture('tickets.csv'), '--format', 'json'], { stdin, stdout, stderr });
    expect(code).toBe(1);
    expect(err).toContain('kpi-kit: internal error');
    expect(err).toContain('disk on fire');
  });
});
