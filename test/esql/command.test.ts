// `npm run esql`: exit codes 0 / 1 / 2, and what each action prints, in text and in the JSON convention.
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/esql/command.js';
import { runCommandCaptured } from '../command-runner.js';

const run = (...argv: string[]) => runCommandCaptured(main, argv);

describe('npm run esql', () => {
  it('check: 0 for a good query, and the rule file\'s own query with --file', async () => {
    expect(await run('check', '--query', 'FROM logs-* | STATS n = COUNT(*) BY host.name | WHERE n > 3')).toMatchObject({ code: 0, stdout: '<query>: ok\n' });
    const rule = 'rules/windows/lateral_movement_remote_registry_access_to_many_hosts.toml';
    expect(await run('check', '--file', rule)).toMatchObject({ code: 0, stdout: `${rule} (rule.query): ok\n` });
  });

  it('check: 1 with each problem at its line and column, in text and as JSON findings', async () => {
    const query = 'FROM logs-*\n| WHERE host.hostnam == "x"\n| EVAL y = TO_LOWER(1)';
    const text = await run('check', '--query', query);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('<query>:2:9: error esql.field: Unknown column [host.hostnam], did you mean [host.hostname]?');
    expect(text.stdout).toMatch(/<query>:3:\d+: error esql\.type: /);
    const json = JSON.parse((await run('check', '--query', query, '--format', 'json')).stdout);
    expect(json).toMatchObject({ format_version: 1, ok: false, findings: [{ code: 'esql.field', line: 2, column: 9 }, { code: 'esql.type', line: 3 }] });
  });

  it('parse and format: a syntax error is esql.syntax at its column; format prints text that parses back the same', async () => {
    expect(await run('parse', '--query', 'FROM logs-* | wher x')).toMatchObject({ code: 1, stdout: expect.stringContaining('<query>:1:15: error esql.syntax') });
    const formatted = (await run('format', '--query', 'from logs-*   | where  x==1|keep x')).stdout;
    expect((await run('format', '--query', formatted)).stdout).toBe(formatted);
    expect(JSON.parse((await run('parse', '--query', 'FROM a', '--format', 'json')).stdout)).toMatchObject({ format_version: 1, ok: true, query: { commands: [{ kind: 'from' }] } });
  });

  it('2 for an unknown action or a missing query', async () => {
    expect((await run('lint', '--query', 'FROM a')).code).toBe(2);
    expect((await run('check')).code).toBe(2);
  });
});
