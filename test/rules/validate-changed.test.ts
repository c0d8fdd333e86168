// `npm run validate -- --changed` in a scratch repository: only the rule files the branch changed
// are checked and reported, while unique rule_id and name are still checked against every rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepository, readSeed, SEED_ID, SEED_PATH, type GitRepository } from '../review/git-repository.js';
import { runCli } from '../support/run-cli.js';

const OTHER_PATH = 'rules/windows/credential_access_other_rule.toml';

interface Report {
  rules: { path: string; findings: { code: string; message: string }[] }[];
}

function validate(repo: GitRepository, ...args: string[]): { status: number | null; report: Report } {
  const run = runCli(['validate', '--format', 'json', ...args], { cwd: repo.dir });
  expect(run.stderr).toBe('');
  return { status: run.status, report: JSON.parse(run.stdout) as Report };
}

describe('npm run validate -- --changed', () => {
  let repo: GitRepository;
  let seed: string;

  beforeAll(async () => {
    repo = await createRepository();
    seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    // Same name as the seed under another rule_id: a repository-wide lint error in both files.
    await repo.write(OTHER_PATH, seed.replaceAll(SEED_ID, '00000000-0000-4000-8000-0000000000aa'));
    repo.commit('two rules');
    repo.git('checkout', '-q', '-b', 'scratch');
  });
  afterAll(() => repo.dispose());

  it('checks nothing on an unchanged branch, then only the edited rule, still against every rule', async () => {
    const whole = validate(repo);
    expect(whole.report.rules.map((rule) => rule.path).sort()).toEqual([OTHER_PATH, SEED_PATH].sort());

    const unchanged = validate(repo, '--changed');
    expect(unchanged.status).toBe(0);
    expect(unchanged.report.rules).toEqual([]);

    await repo.write(SEED_PATH, seed.replace('version = 101', 'version = 102'));
    const edited = validate(repo, '--changed');
    expect(edited.status).toBe(1);
    expect(edited.report.rules.map((rule) => rule.path)).toEqual([SEED_PATH]);
    expect(edited.report.rules[0]!.findings.find((error) => error.code === 'lint.unique-name')?.message).toContain(OTHER_PATH);

    repo.commit('edited');
    expect(validate(repo, '--changed', '--base', 'HEAD').report.rules).toEqual([]);
  });

  it('compares with the unchanged rules as they are now, the cached ones included', async () => {
    await repo.write(SEED_PATH, seed.replace('version = 101', 'version = 103'));
    const first = validate(repo, '--changed', '--base', 'HEAD');
    expect(first.report.rules[0]!.findings.map((finding) => finding.code)).toContain('lint.unique-name');
    // The other rule gets a name of its own in a commit: unchanged against HEAD, yet not as cached before.
    const other = seed.replaceAll(SEED_ID, '00000000-0000-4000-8000-0000000000aa').replace('name = "Suspicious Remote Registry Access via SeBackupPrivilege"', 'name = "Another Rule"');
    await repo.write(OTHER_PATH, other);
    repo.commit('rename the other rule');
    await repo.write(SEED_PATH, seed.replace('version = 101', 'version = 104'));
    const second = validate(repo, '--changed', '--base', 'HEAD');
    expect(second.report.rules.map((rule) => rule.path)).toEqual([SEED_PATH]);
    expect(second.report.rules[0]!.findings.map((finding) => finding.code)).not.toContain('lint.unique-name');
  });

  it('exits 2 on an unknown base', () => {
    const run = runCli(['validate', '--changed', '--base', 'no-such-ref'], { cwd: repo.dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no-such-ref/);
  });
});
