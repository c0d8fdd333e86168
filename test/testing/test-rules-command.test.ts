import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seedText = await readFile(SEED, 'utf8');

/** A scratch repository: rules/ and test/rules/ with the given files. */
async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'test-rules-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const attackCase = `
  - name: attack
    now: "2024-05-01T10:05:00Z"
    documents:
      - { _id: logon, "@timestamp": now-2m, event: { category: [iam], action: logged-in-special }, host: { id: h1 }, winlog: { event_data: { SubjectLogonId: "0x1", PrivilegeList: [SeBackupPrivilege] } } }
      - { _id: share, "@timestamp": now-1m, event: { category: [network], action: Detailed File Share }, host: { id: h1 }, winlog: { event_data: { SubjectLogonId: "0x1", RelativeTargetName: winreg } } }
    expect: { alerts: 1, matches: [[logon, share]] }
`;

describe('npm run test:rules', () => {
  it('passes the repository and prints the documented JSON', () => {
    const run = runCli(['test-rules', '--format', 'json', '--coverage']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { rules: { rule_id: string; cases: { passed: boolean; actual: { alerts: number } }[]; coverage: { gap: string | null }[] | null }[]; summary: object };
    const cases = json.rules.reduce((sum, rule) => sum + rule.cases.length, 0);
    expect(json.summary).toEqual({ rules: json.rules.length, cases, passed: cases, failed: 0, rules_without_tests: 0, skipped: 0, rules_not_applicable: 0 });
    const seed = json.rules.find((rule) => rule.rule_id === '47e22836-4a16-4b35-beee-98f6c4ee9bf2')!;
    expect(seed).toMatchObject({ path: SEED });
    expect(seed.cases[0]).toMatchObject({ name: 'backup operator reads winreg over SMB', passed: true, actual: { alerts: 1 }, error: null });
    // Every rule's conditions, of every query language, are seen both true and not true.
    expect(json.rules.every((rule) => rule.coverage !== null && rule.coverage.length > 0 && rule.coverage.every((c) => c.gap === null))).toBe(true);
  });

  it('exits 1 on a failing case and shows expected against actual, in text and JUnit', async () => {
    const dir = await scratch({
      'rules/windows/seed.toml': seedText,
      'test/rules/windows/seed.test.yaml': `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:${attackCase.replace('alerts: 1, matches: [[logon, share]]', 'alerts: 2')}`,
    });
    const text = runCli(['test-rules'], { cwd: dir });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('FAIL attack');
    expect(text.stdout).toContain('expected 2 alerts, got 1');
    expect(text.stdout).toContain('+ actual:   1 alert(s) [["logon","share"]]');
    expect(text.stdout).toContain('0 passed, 1 failed');
    const junit = runCli(['test-rules', '--format', 'junit'], { cwd: dir });
    expect(junit.stdout).toMatch(/<testsuites name="rule replay tests" tests="1" failures="1" skipped="0">/);
    expect(junit.stdout).toContain('<failure message="expected 2 alerts, got 1">');
    const github = runCli(['test-rules', '--format', 'github'], { cwd: dir });
    expect(github.stdout).toContain('::error file=test/rules/windows/seed.test.yaml,line=3,col=1,title=test.failed::case "attack" failed');
    expect(github.stdout).toContain('::error file=rules/windows/seed.toml,line=91,col=1,title=test.failed::1 replay case of this rule fails, first "attack" at test/rules/windows/seed.test.yaml:3');
  });

  it('reads documents_file relative to the test file', async () => {
    const documents = [
      { _id: 'logon', '@timestamp': '2024-05-01T10:03:00Z', event: { category: ['iam'], action: 'logged-in-special' }, host: { id: 'h1' }, winlog: { event_data: { SubjectLogonId: '0x1', PrivilegeList: ['SeBackupPrivilege'] } } },
      { _id: 'share', '@timestamp': '2024-05-01T10:04:00Z', event: { category: ['network'], action: 'Detailed File Share' }, host: { id: 'h1' }, winlog: { event_data: { SubjectLogonId: '0x1', RelativeTargetName: 'winreg' } } },
    ];
    const dir = await scratch({
      'rules/windows/seed.toml': seedText,
      'test/rules/windows/data/attack.ndjson': documents.map((d) => JSON.stringify(d)).join('\n'),
      'test/rules/windows/seed.test.yaml': `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: from a file\n    documents_file: data/attack.ndjson\n    expect: { alerts: 1, matches: [[logon, share]] }\n`,
    });
    const run = runCli(['test-rules'], { cwd: dir });
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.status).toBe(0);
  });

  it('fails with --require-tests for a rule without tests, and names an invalid test file line', async () => {
    const dir = await scratch({
      'rules/windows/seed.toml': seedText,
      'test/rules/windows/other.test.yaml': `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n  - name: bad\n    documents: []\n    expect: { alert: 1 }\n`,
    });
    const without = runCli(['test-rules', '--require-tests', '--format', 'github'], { cwd: dir });
    expect(without.status).toBe(1);
    expect(without.stdout).toContain('::error file=rules/windows/seed.toml,line=1,col=1,title=test.missing::rule "Suspicious Remote Registry Access via SeBackupPrivilege" has no replay tests');
    expect(without.stdout).toContain('file=test/rules/windows/other.test.yaml,line=5,col=15,title=test.schema.unknown-key::unknown key "alert" in cases[0].expect; did you mean "alerts"?');
  });

  it('exits 2 on usage errors and without a reachable Elasticsearch', () => {
    expect(runCli(['test-rules', '--engine', 'splunk']).status).toBe(2);
    const es = runCli(['test-rules', '--engine', 'elasticsearch'], { env: { ES_URL: '' } });
    expect(es.status).toBe(2);
    expect(es.stderr).toMatch(/ES_URL/);
  });
});
