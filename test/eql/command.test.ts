import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/eql/command.js';
import { runCommandCaptured } from '../command-runner.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const seedRule = path.join(repoRoot, 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml');

const run = (...argv: string[]) => runCommandCaptured(main, argv);

describe('npm run eql', () => {
  it('check reports a field problem with position, excerpt and exit 1', async () => {
    const { code, stdout } = await run('check', '--query', 'iam where winlog.event_data.PrivilegeLst : "x"', '--index', 'winlogbeat-*');
    expect(code).toBe(1);
    expect(stdout).toContain('<query>:1:11: error eql.field: Unknown field [winlog.event_data.PrivilegeLst]');
    expect(stdout).toContain('did you mean [winlog.event_data.PrivilegeList]?');
    expect(stdout).toContain('    iam where winlog.event_data.PrivilegeLst : "x"\n              ^');
  });

  it('check passes the seed rule file with its own index patterns and lists required fields as JSON', async () => {
    const { code, stdout } = await run('check', '--file', seedRule, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; required_fields: { name: string }[] };
    expect(report.ok).toBe(true);
    expect(report.required_fields.map((field) => field.name)).toContain('winlog.event_data.SubjectLogonId');
  });

  it('check reads rule.query and rule.index from a YAML rule file', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'eql-command-'));
    try {
      const file = path.join(directory, 'rule.yaml');
      writeFileSync(file, 'rule:\n  index: ["logs-endpoint.events.*"]\n  query: |\n    iam where winlog.event_data.PrivilegeList : "x"\n');
      const { code, stdout } = await run('check', '--file', file);
      expect(code).toBe(1);
      expect(stdout).toContain(`${file} (rule.query):1:11: error eql.field: Unknown field [winlog.event_data.PrivilegeList] in [logs-endpoint.events.*]`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('check reports syntax errors as JSON findings, the caret excerpt in its own field', async () => {
    const { code, stdout } = await run('check', '--query', 'process where a = 1', '--format', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { findings: { message: string; excerpt: string }[] };
    expect(json).toMatchObject({ format_version: 1, ok: false, findings: [{ code: 'eql.syntax', line: 1, column: 17, path: '<query>' }] });
    expect(json.findings[0]?.message).not.toContain('\n');
    expect(json.findings[0]?.excerpt).toBe('process where a = 1\n                ^');
  });

  it('parse --format json prints the syntax tree', async () => {
    const { code, stdout } = await run('parse', '--query', 'process where true | head 3', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      query: { kind: 'event', filter: { category: 'process', condition: { kind: 'literal', value: true } }, pipes: [{ kind: 'head', count: 3 }] },
    });
  });

  it('format prints the canonical text', async () => {
    const { code, stdout } = await run('format', '--query', 'process  where  a==1 AND_NOT', '--format', 'text');
    expect(code).toBe(1);
    expect(stdout).toContain("mismatched input 'AND_NOT'");
    const ok = await run('format', '--query', 'process  where (a==1) and /* c */ not b : "x"');
    expect(ok).toMatchObject({ code: 0, stdout: 'process where a == 1 and not b : "x"\n' });
  });

  it.each([
    [['check'], 'give the query with --query'],
    [['check', '--query', 'a', '--file', 'b'], 'either --query or --file'],
    [['frob', '--query', 'a'], 'the action must be parse, check or format'],
    [['parse', '--file', '/nonexistent/q.eql'], 'cannot read /nonexistent/q.eql: ENOENT'],
    [['parse', '--query', 'a', '--format', 'xml'], '--format must be one of text, json'],
  ])('usage error %j exits 2', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
