// `npm run new -- rule`: for every rule type, the written rule passes validate with no finding at
// all (errors and warnings, lints included) and its test file loads and runs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main as newCommand } from '../../scripts/author/new-command.js';
import { repositoryChecks } from '../../scripts/rules/repository-checks.js';
import { validateRules } from '../../scripts/rules/validate.js';
import { createEmbeddedBackend } from '../../scripts/testing/embedded-backend.js';
import { loadRules } from '../../scripts/rules/load.js';
import { runRuleTests } from '../../scripts/testing/run-tests.js';
import { loadTestFile } from '../../scripts/testing/test-file.js';
import { captureOutput } from '../engines/capture-output.js';

const output = captureOutput();
let dir: string;
let rulesDir: string;
let testsDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'new-rule-'));
  rulesDir = path.join(dir, 'rules');
  testsDir = path.join(dir, 'test', 'rules');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const newRule = (args: string[]) => newCommand(['rule', '--rules-dir', rulesDir, '--tests', testsDir, '--author', 'Test Author', ...args]);

const TYPES: Record<string, string[]> = {
  eql: ['--query', 'process where process.name : "procdump.exe" and process.args : "*lsass*"', '--index', 'logs-endpoint.events.process-*'],
  query: ['--query', 'event.action: "logon-failed" and user.name: "admin"', '--index', 'logs-system.*'],
  esql: ['--query', 'FROM logs-* | WHERE event.action == "logon-failed" | STATS n = COUNT(*) BY user.name | WHERE n > 10'],
  threshold: ['--query', 'event.action: "logon-failed"', '--index', 'logs-system.*', '--threshold-field', 'user.name', '--threshold-value', '25'],
  new_terms: ['--query', 'event.category: "process"', '--index', 'logs-endpoint.events.process-*', '--new-terms-field', 'process.executable'],
  threat_match: ['--query', 'source.ip: *', '--index', 'logs-network.*', '--threat-index', 'logs-ti_*', '--threat-mapping', 'source.ip=threat.indicator.ip'],
  machine_learning: ['--ml-job-id', 'rare_process_by_host_windows'],
  saved_query: ['--saved-id', 'my-saved-query', '--index', 'logs-system.*'],
};

describe('new rule', () => {
  it.each(Object.entries(TYPES))('writes a %s rule that validates with no finding, and a test file that loads', async (type, args) => {
    const code = await newRule(['--name', `Brute Force ${type}`, '--type', type, '--technique', 'T1110.001', '--platform', 'windows', ...args]);
    expect(output.err).toBe('');
    expect(output.out).toContain('both files are valid');
    expect(code).toBe(0);
    const rulePath = path.join(rulesDir, 'windows', `credential_access_brute_force_${type}.toml`);
    const report = await validateRules([rulesDir], await repositoryChecks());
    expect(report.rules.map((rule) => rule.path)).toEqual([rulePath]);
    expect(report.rules[0]?.findings).toEqual([]);
    const text = await readFile(rulePath, 'utf8');
    expect(text).toMatch(/^version = 1$/m);
    expect(text).toContain('id = "T1110.001"\nname = "Password Guessing"');
    expect(text).toContain('### Investigating Brute Force');
    const tests = await loadTestFile(path.join(testsDir, 'windows', `credential_access_brute_force_${type}.test.yaml`));
    expect(tests.findings).toEqual([]);
    expect(tests.value?.tests.cases.map((c) => c.expect.alerts)).toEqual([1, 0]);
  });

  it("an EQL rule's test file runs: the negative skeleton passes, the positive one fails until filled in", async () => {
    await newRule(['--name', 'Procdump of LSASS', ...TYPES.eql!, '--technique', 'T1003.001', '--platform', 'windows']);
    const { rules } = await loadRules([rulesDir]);
    const run = await runRuleTests(rules, { backend: createEmbeddedBackend(), testsDir });
    // (The runner's mirrored-path check assumes rules/ under the working directory, so a warning here.)
    expect(run.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(run.reports[0]?.cases.map((c) => [c.passed, c.error])).toEqual([
      [false, 'expected 1 alert, got 0'],
      [true, undefined],
    ]);
  });

  it('stamps today, a fresh rule_id, and the tactic tags of the mapping', async () => {
    await newRule(['--name', 'A', ...TYPES.eql!, '--technique', 'T1003.001,T1021', '--platform', 'linux', '--severity', 'low']);
    const [file] = (await loadRules([rulesDir])).rules;
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    expect(file?.file).toBe(path.join(rulesDir, 'linux', 'credential_access_a.toml'));
    expect(file?.document.metadata).toMatchObject({ creation_date: today, updated_date: today });
    expect(file?.document.rule).toMatchObject({ risk_score: 21, severity: 'low', version: 1, author: ['Test Author'] });
    expect(file?.document.rule.tags).toEqual(['OS: Linux', 'Use Case: Threat Detection', 'Tactic: Credential Access', 'Tactic: Lateral Movement', 'Resources: Investigation Guide']);
    expect(file?.document.rule.rule_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses, with exit 2 and every reason, what cannot make a rule; and never overwrites a file', async () => {
    expect(await newRule(['--name', 'X', '--type', 'threshold', '--technique', 'T9999', '--severity', 'high', '--risk-score', '10'])).toBe(2);
    expect(output.err).toContain('a rule of type threshold needs a query (--query)');
    expect(output.err).toContain('a rule of type threshold needs index patterns (--index)');
    expect(output.err).toContain('technique T9999 does not exist');
    expect(output.err).toContain('--risk-score 10 is outside the high band 48–73');
    expect(output.err).toContain('needs a threshold value (--threshold-value N)');
    expect(await newRule(['--name', 'X', '--type', 'eqll'])).toBe(2);
    expect(output.err).toContain('--type must be one of eql, query');
    expect(await newRule(['--name', 'Same', ...TYPES.eql!])).toBe(0);
    expect(await newRule(['--name', 'Same', ...TYPES.eql!])).toBe(2);
    expect(output.err).toContain('already exists');
  });

  it('answers --help with exit 0, as does new itself', async () => {
    expect(await newCommand(['--help'])).toBe(0);
    expect(await newCommand(['rule', '--help'])).toBe(0);
    expect(await newCommand(['case', '--help'])).toBe(0);
    expect(output.out).toContain('--technique');
    expect(await newCommand(['frobnicate'])).toBe(2);
  });
});
