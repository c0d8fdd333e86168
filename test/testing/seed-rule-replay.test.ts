import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../scripts/rules/load.js';
import type { RuleFile } from '../../scripts/rules/rule-file.js';
import { parseQuery } from '../../scripts/eql/parser.js';
import { coverageGap } from '../../scripts/testing/coverage.js';
import { ruleSearchFor } from '../../scripts/testing/detection-run.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { searchedDocuments } from '../../scripts/testing/search-scope.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
const seedText = await readFile(SEED, 'utf8');

function ruleFrom(text: string): RuleFile {
  const { rule, findings } = parseRuleText(SEED, text);
  expect(findings).toEqual([]);
  return rule!;
}

async function run(text: string) {
  const { reports, findings } = await runRuleTests([ruleFrom(text)], { backend: createEmbeddedBackend(), coverage: true });
  expect(findings).toEqual([]);
  return reports[0]!;
}

const failing = (report: Awaited<ReturnType<typeof run>>) => report.cases.filter((c) => !c.passed).map((c) => c.name);

describe("the seed rule's replay tests on the embedded engine", () => {
  it('all pass, with exact matches, and every condition of the query exercised', async () => {
    const report = await run(seedText);
    expect(report.cases.length).toBeGreaterThanOrEqual(15);
    expect(failing(report)).toEqual([]);
    const attack = report.cases.find((c) => c.name === 'backup operator reads winreg over SMB')!;
    expect(attack.actual.matches).toEqual([['logon', 'share']]);
    expect(attack.actual.alert_fields[0]).toMatchObject({ 'kibana.alert.severity': 'medium', 'kibana.alert.risk_score': 47 });
    expect(attack.actual.alert_fields[0]!['kibana.alert.group.id']).toMatch(/^[0-9a-f]{64}$/);
    expect(report.coverage!.map((c) => [c.step, c.condition, coverageGap(c) ?? 'ok'])).toEqual([
      ['step 1', 'event.action == "logged-in-special"', 'ok'],
      ['step 1', 'winlog.event_data.PrivilegeList : "SeBackupPrivilege"', 'ok'],
      ['step 1', 'not winlog.event_data.PrivilegeList : "SeDebugPrivilege"', 'ok'],
      ['step 2', 'event.action == "Detailed File Share"', 'ok'],
      ['step 2', 'winlog.event_data.RelativeTargetName : "winreg"', 'ok'],
    ]);
  });

  it('catch a rule that lost its SeDebugPrivilege exclusion', async () => {
    const report = await run(seedText.replace(/ and\s+\/\* excluding[^*]*\*\/\s+not winlog.event_data.PrivilegeList : "SeDebugPrivilege"/, ''));
    expect(failing(report)).toEqual(['no alert when the account also holds SeDebugPrivilege (already privileged)']);
    const failed = report.cases.find((c) => !c.passed)!;
    expect(failed.error).toBe('expected 0 alerts, got 1');
  });

  it('catch a longer maxspan, a shorter look-back and a case-sensitive match', async () => {
    expect(failing(await run(seedText.replace('maxspan=1m', 'maxspan=2m')))).toEqual(['no alert when the share access comes more than one minute after the logon']);
    expect(failing(await run(seedText.replace('from = "now-9m"', 'from = "now-1m"')))).toContain('backup operator reads winreg over SMB');
    expect(failing(await run(seedText.replace('RelativeTargetName : "winreg"', 'RelativeTargetName == "winreg"')))).toEqual([
      "privilege and pipe names in other letter case still match (':' is case-insensitive)",
    ]);
  });

  it('report a condition the tests never made false', async () => {
    const report = await run(seedText.replace('[any where event.action == "Detailed File Share" and', '[any where event.action == "Detailed File Share" and host.id != "none" and'));
    const gaps = report.coverage!.filter((c) => coverageGap(c)).map((c) => `${c.condition}: ${coverageGap(c)}`);
    expect(gaps).toEqual(['host.id != "none": never false']);
  });
});

describe('a rule with timestamp_override', () => {
  it('searches the window on that field, with date math in it resolved', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'override-tests-'));
    await mkdir(path.join(dir, 'windows'));
    const documents = (ingested: [string, string]) => `
    documents:
      - { _id: logon, "@timestamp": now-1h, event: { ingested: ${ingested[0]}, category: [iam], action: logged-in-special }, host: { id: h1 }, winlog: { event_data: { SubjectLogonId: "0x1", PrivilegeList: [SeBackupPrivilege] } } }
      - { _id: share, "@timestamp": now-1h, event: { ingested: ${ingested[1]}, category: [network], action: Detailed File Share }, host: { id: h1 }, winlog: { event_data: { SubjectLogonId: "0x1", RelativeTargetName: winreg } } }`;
    await writeFile(
      path.join(dir, 'windows', path.basename(SEED).replace('.toml', '.test.yaml')),
      `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n` +
        `  - name: ingested within the look-back\n    now: "2024-05-01T10:05:00Z"${documents(['now-2m', 'now-90s'])}\n    expect: { alerts: 1, matches: [[logon, share]] }\n` +
        `  - name: ingested before the look-back\n    now: "2024-05-01T10:05:00Z"${documents(['now-20m', 'now-19m'])}\n    expect: { alerts: 0 }\n`,
    );
    const rule = ruleFrom(seedText.replace('from = "now-9m"', 'from = "now-9m"\ntimestamp_override = "event.ingested"'));
    const { reports, findings } = await runRuleTests([rule], { backend: createEmbeddedBackend(), testsDir: dir });
    expect(findings).toEqual([]);
    expect(reports[0]!.cases.map((c) => [c.name, c.error ?? 'ok'])).toEqual([
      ['ingested within the look-back', 'ok'],
      ['ingested before the look-back', 'ok'],
    ]);
  });
});

describe('clause coverage', () => {
  it('evaluates conditions with the field types the search uses (a long field given as a string)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'coverage-tests-'));
    await mkdir(path.join(dir, 'windows'));
    const documents = (pid: string) => `
    documents:
      - { _id: logon, "@timestamp": now-2m, event: { category: [iam], action: logged-in-special }, host: { id: h1 }, winlog: { event_data: { SubjectLogonId: "0x1", PrivilegeList: [SeBackupPrivilege] } } }
      - { _id: share, "@timestamp": now-1m, event: { category: [network], action: Detailed File Share }, host: { id: h1 }, process: { pid: "${pid}" }, winlog: { event_data: { SubjectLogonId: "0x1", RelativeTargetName: winreg } } }`;
    await writeFile(
      path.join(dir, 'windows', path.basename(SEED).replace('.toml', '.test.yaml')),
      `rule_id: 47e22836-4a16-4b35-beee-98f6c4ee9bf2\ncases:\n` +
        `  - name: pid above 3\n    now: "2024-05-01T10:05:00Z"${documents('5')}\n    expect: { alerts: 1 }\n` +
        `  - name: pid below 3\n    now: "2024-05-01T10:05:00Z"${documents('2')}\n    expect: { alerts: 0 }\n`,
    );
    const rule = ruleFrom(seedText.replace('RelativeTargetName : "winreg"]', 'RelativeTargetName : "winreg" and process.pid > 3]'));
    const { reports } = await runRuleTests([rule], { backend: createEmbeddedBackend(), testsDir: dir, coverage: true });
    expect(reports[0]!.cases.map((c) => c.error ?? 'ok')).toEqual(['ok', 'ok']);
    expect(reports[0]!.coverage!.find((c) => c.condition === 'process.pid > 3')).toMatchObject({ true: 1, false: 1, null: 2 });
  });
});

describe('timestamp_override fallback', () => {
  const now = Date.parse('2024-05-01T10:05:00Z');
  const rule = (extra: string) => ruleFrom(seedText.replace('from = "now-9m"', `from = "now-9m"\ntimestamp_override = "event.ingested"${extra}`));
  const documents = [
    { _index: 'logs-system.security-default', _id: 'recent-no-ingested', _source: { '@timestamp': '2024-05-01T10:04:00Z' } },
    { _index: 'logs-system.security-default', _id: 'old-ingested-recently', _source: { '@timestamp': '2024-05-01T09:00:00Z', event: { ingested: '2024-05-01T10:04:00Z' } } },
    { _index: 'logs-system.security-default', _id: 'recent-ingested-long-ago', _source: { '@timestamp': '2024-05-01T10:04:00Z', event: { ingested: '2024-05-01T09:00:00Z' } } },
  ];
  const searched = (extra: string) => {
    const r = rule(extra);
    const parsed = parseQuery(r.document.rule.query!);
    if (!parsed.ok) throw new Error('seed query does not parse');
    return searchedDocuments(ruleSearchFor(r, parsed.query, documents, new Map(), now)).map((d) => d._id);
  };

  it('windows documents without the override field on @timestamp, as Kibana does', () => {
    expect(searched('')).toEqual(['recent-no-ingested', 'old-ingested-recently']);
  });

  it('windows on the override alone when the rule disables the fallback', () => {
    expect(searched('\ntimestamp_override_fallback_disabled = true')).toEqual(['old-ingested-recently']);
  });
});
