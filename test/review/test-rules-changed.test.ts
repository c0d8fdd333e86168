// `npm run test:rules -- --changed` end to end: the real CLI in a scratch repository with two rules
// and their tests replays only what the branch changed (review/changed.ts picks the files).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createRepository, readSeed, readSeedTests, SEED_ID, SEED_PATH, SEED_TESTS_PATH, type GitRepository } from './git-repository.js';

const OTHER_ID = '00000000-0000-4000-8000-0000000000aa';
const OTHER_PATH = 'rules/windows/credential_access_other_rule.toml';
const OTHER_TESTS_PATH = 'test/rules/windows/credential_access_other_rule.test.yaml';

/** The rule_ids `test-rules --changed` replayed, after checking it ran cleanly. */
function replayedRuleIds(repo: GitRepository, ...args: string[]): string[] {
  const run = runCli(['test-rules', '--changed', '--format', 'json', ...args], { cwd: repo.dir });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const report = JSON.parse(run.stdout) as { rules: { rule_id: string; cases: unknown[] }[] };
  for (const rule of report.rules) expect(rule.cases.length, rule.rule_id).toBeGreaterThan(0);
  return report.rules.map((rule) => rule.rule_id);
}

describe('npm run test:rules -- --changed', () => {
  let repo: GitRepository;
  let seed: string;
  let otherTests: string;

  beforeAll(async () => {
    repo = await createRepository();
    seed = await readSeed();
    const seedTests = await readSeedTests();
    otherTests = seedTests.replaceAll(SEED_ID, OTHER_ID);
    await repo.write(SEED_PATH, seed);
    await repo.write(SEED_TESTS_PATH, seedTests);
    // Same name: the seed's tests check the alert's rule name, and test:rules does not lint.
    await repo.write(OTHER_PATH, seed.replaceAll(SEED_ID, OTHER_ID));
    await repo.write(OTHER_TESTS_PATH, otherTests);
    repo.commit('two rules with their tests');
    repo.git('checkout', '-q', '-b', 'scratch');
  });
  afterAll(() => repo.dispose());

  it('replays nothing on an unchanged branch, and only the seed rule once it is edited', async () => {
    expect(replayedRuleIds(repo)).toEqual([]);
    await repo.write(SEED_PATH, seed.replace('version = 101', 'version = 102'));
    expect(replayedRuleIds(repo)).toEqual([SEED_ID]);
  });

  it('also replays a rule whose tests changed, and takes --base', async () => {
    await repo.write(OTHER_TESTS_PATH, `${otherTests}\n`);
    expect(replayedRuleIds(repo).sort()).toEqual([SEED_ID, OTHER_ID].sort());
    repo.commit('both changed');
    expect(replayedRuleIds(repo, '--base', 'HEAD')).toEqual([]);
  });
});
