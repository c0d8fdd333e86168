// Every command and subcommand answers --help with its usage on stdout and exit 0.
import { describe, expect, it } from 'vitest';
import { commands } from '../scripts/cli.js';
import { captureOutput } from './engines/capture-output.js';

const output = captureOutput();

const SUBCOMMANDS: Record<string, string[]> = {
  eql: ['parse', 'check', 'format'],
  deploy: ['plan', 'apply'],
  attack: ['generate', 'navigator', 'coverage'],
  bench: ['eql', 'engine', 'validate'],
  new: ['rule', 'case'],
  version: ['bump'],
};

const invocations = Object.keys(commands).flatMap((name) => [[name], ...(SUBCOMMANDS[name] ?? []).map((sub) => [name, sub])]);

describe('--help', () => {
  it('lists every command that has subcommands here', () => {
    for (const name of Object.keys(SUBCOMMANDS)) expect(Object.keys(commands)).toContain(name);
  });

  it.each(invocations.map((words) => [words.join(' '), words] as const))('%s --help prints usage and exits 0', async (_title, [name, ...sub]) => {
    const { main } = await commands[name as string]!.load();
    const code = await main([...sub, '--help']);
    expect(output.err).toBe('');
    expect(output.out).toMatch(/usage/i);
    expect(code).toBe(0);
  });
});
