import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repositoryChecks } from '../../scripts/rules/repository-checks.js';
import { validateRules } from '../../scripts/rules/validate.js';

const SEED = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';

it('a duplicate rule_id is an error in both files, each naming the other, at the rule_id line', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'duplicate-'));
  const first = path.join(dir, 'credential_access_first.toml');
  const second = path.join(dir, 'credential_access_second.toml');
  await copyFile(SEED, first);
  await copyFile(SEED, second);
  const report = await validateRules([dir], await repositoryChecks());
  expect(report.summary).toMatchObject({ files: 2, valid: 0, invalid: 2 });
  for (const [file, other] of [[first, second], [second, first]] as const) {
    const findings = report.rules.find((rule) => rule.path === file)!.findings;
    expect(findings).toContainEqual(expect.objectContaining({ code: 'lint.unique-rule-id', line: 74, column: 1, severity: 'error', message: expect.stringContaining(other) }));
  }
});

it('the repository validates with every stage: load, schema, EQL, lints', async () => {
  const report = await validateRules(['rules'], await repositoryChecks());
  expect(report.summary).toEqual({ files: 4, valid: 4, invalid: 0, errors: 0, warnings: 0 });
});

it("loads files in elastic/detection-rules' layout unchanged: no version, [transform], new_terms, runs=N", async () => {
  const report = await validateRules(['test/fixtures/detection-rules-layout'], await repositoryChecks());
  expect(report.rules.map((rule) => [rule.path.split('/').at(-1), rule.findings])).toEqual([
    ['credential_access_first_time_replication.toml', []],
    ['credential_access_logon_failures_then_success.toml', []],
  ]);
});
