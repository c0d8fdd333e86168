// `npm run new -- case`: a case recorded from real events passes, and fails once the rule's query
// is broken; bad input is reported with file and line, and nothing is written.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as newCommand } from '../../scripts/author/new-command.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { loadRules } from '../../scripts/rules/load.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import { captureOutput } from '../engines/capture-output.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const output = captureOutput();
let dir: string;
let rule: string;
let testsDir: string;
let events: string;

const logon = (id: string, time: string, session: string, privileges: string[]) =>
  JSON.stringify({ _index: '.ds-logs-system.security-default-2024.05.01-000001', _id: id, _source: { '@timestamp': time, event: { category: ['iam'], action: 'logged-in-special', code: '4672' }, host: { id: 'h1', name: 'dc01' }, user: { name: 'svc' }, winlog: { event_data: { SubjectLogonId: session, PrivilegeList: privileges, SubjectUserName: 'svc' } } } });
const share = (id: string, time: string, session: string) =>
  JSON.stringify({ _index: '.ds-logs-system.security-default-2024.05.01-000001', _id: id, _source: { '@timestamp': time, event: { category: ['network'], action: 'Detailed File Share', code: '5145' }, host: { id: 'h1' }, source: { ip: '10.0.0.9' }, winlog: { event_data: { SubjectLogonId: session, RelativeTargetName: 'winreg', ShareName: '\\\\*\\IPC$' } } } });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'new-case-'));
  rule = path.join(dir, 'rules', 'seed.toml');
  testsDir = path.join(dir, 'tests');
  await mkdir(path.dirname(rule), { recursive: true });
  await copyFile(path.join(REPO_ROOT, SEED), rule);
  events = path.join(dir, 'discover.ndjson');
  await writeFile(
    events,
    [
      logon('l1', '2024-05-01T10:00:00Z', '0x1', ['SeBackupPrivilege']),
      share('s1', '2024-05-01T10:00:20Z', '0x1'),
      logon('l2', '2024-05-01T10:03:00Z', '0x2', ['SeBackupPrivilege', 'SeDebugPrivilege']),
      share('s2', '2024-05-01T10:03:10Z', '0x2'),
    ].join('\n'),
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const newCase = (args: string[]) => newCommand(['case', rule, '--from', events, '--tests', testsDir, '--rules-dir', path.join(dir, 'rules'), ...args]);
const testFile = () => path.join(testsDir, 'seed.test.yaml');

async function runTests() {
  const { rules } = await loadRules([rule]);
  return (await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir })).reports[0]?.cases ?? [];
}

describe('new case', () => {
  it('records an alert and a quiet stretch as passing cases, trimmed to the fields the rule reads', async () => {
    expect(await newCase([])).toBe(0);
    expect(output.out).toContain('4 events in');
    expect(output.out).toContain('alert 1: l1 → s1');
    expect(output.out).toContain('the recorded case passes');
    expect(await newCase(['--negative'])).toBe(0);
    const text = await readFile(testFile(), 'utf8');
    expect(text).toContain('rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2');
    expect(text).toContain('expect: { alerts: 1, matches: [ [ l1, s1 ] ] }');
    expect(text).toContain('expect: { alerts: 0 }');
    // Trimmed: fields the query does not read are gone; join keys, category and time stay.
    expect(text).not.toContain('SubjectUserName');
    expect(text).not.toContain('10.0.0.9');
    expect(text).not.toContain('4672');
    expect(text).toContain('SubjectLogonId: "0x1"');
    expect(text).toContain('category: [ iam ]');
    expect((await runTests()).map((c) => c.passed)).toEqual([true, true]);
  });

  it('the recorded case fails once the query is broken', async () => {
    expect(await newCase([])).toBe(0);
    const text = await readFile(rule, 'utf8');
    await writeFile(rule, text.replace('RelativeTargetName : "winreg"', 'RelativeTargetName : "svcctl"'));
    const [recorded] = await runTests();
    expect(recorded?.passed).toBe(false);
    expect(recorded?.error).toMatch(/^expected 1 alert, got 0/);
  });

  it('says which alerts there are when --alert is out of range, and that there is none to record', async () => {
    expect(await newCase(['--alert', '2'])).toBe(2);
    expect(output.err).toContain('--alert 2: the replay raised 1 alert; choose 1 to 1');
    await writeFile(events, `${logon('l9', '2024-05-01T10:00:00Z', '0x9', ['SeBackupPrivilege'])}\n`);
    expect(await newCase([])).toBe(1);
    expect(output.err).toContain('raises no alert');
  });

  it('reports every bad line with its file and line, and writes nothing', async () => {
    await writeFile(events, `${logon('l1', '2024-05-01T10:00:00Z', '0x1', ['SeBackupPrivilege'])}\n{oops\n[1]\n`);
    expect(await newCase([])).toBe(1);
    expect(output.err).toContain(`${events}:2:2: error case.events: line 2 is not a JSON document: invalid JSON`);
    expect(output.err).toContain(`${events}:3:1: error case.events: line 3 is not a JSON document: expected a JSON object`);
    await expect(readFile(testFile(), 'utf8')).rejects.toThrow();
  });

  it('refuses a test file that names another rule', async () => {
    await mkdir(testsDir, { recursive: true });
    await writeFile(testFile(), 'rule_id: 00000000-0000-4000-8000-000000000000\ncases: []\n');
    expect(await newCase([])).toBe(1);
    expect(output.err).toContain('names rule_id 00000000-0000-4000-8000-000000000000, not this rule');
  });
});

describe('from nothing to a tested rule with new rule, new case and test:rules', () => {
  it('ends with a valid rule whose recorded positive and negative cases pass', async () => {
    const rulesDir = path.join(dir, 'fresh-rules');
    const freshTests = path.join(dir, 'fresh-tests');
    expect(
      await newCommand([
        'rule', '--rules-dir', rulesDir, '--tests', freshTests, '--author', 'Tester', '--platform', 'windows',
        '--name', 'Remote Registry Read by Backup Operator', '--technique', 'T1003.002', '--index', 'logs-system.*',
        '--query', 'sequence by host.id, winlog.event_data.SubjectLogonId with maxspan=1m [iam where event.action == "logged-in-special" and winlog.event_data.PrivilegeList : "SeBackupPrivilege"] [any where event.action == "Detailed File Share" and winlog.event_data.RelativeTargetName : "winreg"]',
      ]),
    ).toBe(0);
    const fresh = path.join(rulesDir, 'windows', 'credential_access_remote_registry_read_by_backup_operator.toml');
    // The export also holds a session that logged on with the privilege but never touched winreg.
    await writeFile(events, `${await readFile(events, 'utf8')}\n${logon('l3', '2024-05-01T10:05:00Z', '0x3', ['SeBackupPrivilege'])}\n`);
    const record = (extra: string[]) => newCommand(['case', fresh, '--from', events, '--tests', freshTests, '--rules-dir', rulesDir, ...extra]);
    expect(await record([]), output.out + output.err).toBe(0);
    expect(await record(['--negative']), output.out + output.err).toBe(0);
    const { rules } = await loadRules([fresh]);
    const cases = (await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir: freshTests })).reports[0]?.cases ?? [];
    // The skeletons were replaced: one recorded alert, one recorded quiet stretch, both passing.
    expect(cases.map((c) => [c.name.startsWith('TODO'), c.expected.alerts, c.passed])).toEqual([
      [false, 1, true],
      [false, 0, true],
    ]);
  });
});

describe('new case for KQL and ES|QL rules', () => {
  const regExe = (id: string, time: string, args: string[]) =>
    JSON.stringify({ _index: 'logs-endpoint.events.process-default', _id: id, _source: { '@timestamp': time, event: { category: ['process'], type: ['start'] }, host: { name: 'ws1' }, user: { name: 'eve' }, process: { name: 'reg.exe', args, pid: 4242 } } });
  const winreg = (id: string, time: string, host: string) =>
    JSON.stringify({ _index: 'logs-system.security-default', _id: id, _source: { '@timestamp': time, event: { code: '5145' }, winlog: { event_data: { RelativeTargetName: 'winreg' } }, host: { name: host }, user: { name: 'svc' }, source: { ip: '10.0.0.5' } } });

  async function recordFor(example: string, lines: string[], extra: string[]) {
    const copy = path.join(dir, 'rules', path.basename(example));
    await copyFile(path.join(REPO_ROOT, example), copy);
    await writeFile(events, lines.join('\n'));
    const code = await newCommand(['case', copy, '--from', events, '--tests', testsDir, '--rules-dir', path.join(dir, 'rules'), ...extra]);
    return { code, copy };
  }

  it('records a KQL query rule\'s alert and a quiet stretch, trimmed to the fields its query reads, and both pass', async () => {
    const lines = [regExe('q1', '2024-05-01T10:00:00Z', ['reg.exe', 'query', 'HKLM\\SAM']), regExe('s1', '2024-05-01T10:01:00Z', ['reg.exe', 'save', 'HKLM\\SAM', 'C:\\s.hiv'])];
    const example = 'rules/windows/credential_access_sam_registry_hive_saved_with_reg.toml';
    expect((await recordFor(example, lines, [])).code, output.out + output.err).toBe(0);
    expect(output.out).toContain('alert 1: s1');
    const { code, copy } = await recordFor(example, lines, ['--negative']);
    expect(code, output.out + output.err).toBe(0);
    const text = await readFile(path.join(testsDir, path.basename(copy).replace('.toml', '.test.yaml')), 'utf8');
    expect(text).not.toContain('4242');
    expect(text).not.toContain('ws1');
    const { rules } = await loadRules([copy]);
    const cases = (await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir })).reports[0]?.cases ?? [];
    expect(cases.map((c) => [c.expected.alerts, c.passed])).toEqual([
      [1, true],
      [0, true],
    ]);
  });

  it('records an ES|QL rule\'s quiet stretch, and says an aggregating alert names no events to record', async () => {
    const lines = [winreg('w1', '2024-05-01T10:00:00Z', 'a'), winreg('w2', '2024-05-01T10:01:00Z', 'b'), winreg('w3', '2024-05-01T10:02:00Z', 'c'), winreg('w4', '2024-05-01T10:30:00Z', 'd')];
    const example = 'rules/windows/lateral_movement_remote_registry_access_to_many_hosts.toml';
    expect((await recordFor(example, lines, [])).code).toBe(1);
    expect(output.out).toContain('4 events in');
    expect(output.err).toContain('aggregating ES|QL query, which names no events');
    expect((await recordFor(example, lines.slice(3), ['--negative'])).code, output.out + output.err).toBe(0);
    expect(output.out).toContain('the recorded case passes');
  });
});
