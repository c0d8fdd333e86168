// `npm run kql`: exit codes 0 / 1 / 2, and what each action prints.
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/kql/command.js';
import { runCommandCaptured } from '../command-runner.js';

const run = (...argv: string[]) => runCommandCaptured(main, argv);

describe('npm run kql', () => {
  it('check: 0 and the fields read for a good query', async () => {
    const { code, stdout } = await run('check', '--query', 'event.code:4625 and winlog.channel:Security');
    expect(code).toBe(0);
    expect(stdout).toContain('winlog.channel');
  });

  it('check: 1 with the misspelt field at its column', async () => {
    const { code, stdout } = await run('check', '--query', 'event.code:4625 and winlog.chanel:Security');
    expect(code).toBe(1);
    expect(stdout).toContain('<query>:1:21: error kql.field: Unknown field [winlog.chanel], did you mean [winlog.channel]?');
  });

  it('format and dsl print the canonical text and the query DSL', async () => {
    expect((await run('format', '--query', 'a:(b OR c)  AND NOT d:e')).stdout).toBe('a: (b or c) and not d: e\n');
    const dsl = JSON.parse((await run('dsl', '--query', 'a:b')).stdout);
    expect(dsl.bool.filter).toEqual([{ bool: { should: [{ match: { a: 'b' } }], minimum_should_match: 1 } }]);
  });

  it('2 for an unknown action', async () => {
    expect((await run('lint', '--query', 'a:b')).code).toBe(2);
  });
});
