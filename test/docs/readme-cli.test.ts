// The README's "one command" example: the command shown runs, on the shipped sample export, and
// prints exactly the output shown under it (on a terminal, where the format is the table).
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The ```sh block after the marker, and the ```text block after it. */
function example(): { argv: string[]; output: string } {
  const at = readme.indexOf('<!-- readme-cli:');
  expect(at).toBeGreaterThan(0);
  const blocks = [...readme.slice(at).matchAll(/```(\w+)\n([\s\S]*?)```/g)].slice(0, 2);
  expect(blocks.map((b) => b[1])).toEqual(['sh', 'text']);
  const command = (blocks[0]![2] as string).replace(/\\\n\s*/g, ' ').trim();
  const words = command.split(/\s+/);
  expect(words.slice(0, 3)).toEqual(['npx', 'kpi-kit', 'report']);
  return { argv: words.slice(2), output: blocks[1]![2] as string };
}

function terminal(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe('README: the one command on the sample export', () => {
  it('prints the output shown', async () => {
    const { argv, output } = example();
    const stdout = terminal();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      // --no-progress: the fake terminal would otherwise get the progress bar on stderr.
      const code = await run([...argv, '--no-progress'], { stdin: new PassThrough(), stdout, stderr });
      expect(err).toBe('');
      expect(code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(out).toBe(output);
  });
});
