import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

describe('the CLI entry', () => {
  it('lists its commands and exits 2 without one', () => {
    const run = runCli([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/commands:\n {2}start/);
  });

  it.each([['toString'], ['frobnicate'], ['bench', 'toString']])('names an unknown command %j and exits 2, without a stack trace', (...args) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^unknown (command|benchmark) "/);
    expect(run.stderr).not.toContain('internal error');
  });
});
