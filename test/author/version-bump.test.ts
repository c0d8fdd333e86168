// `version bump` on real git repositories: in-file versions, detection-rules' lock file, once only,
// and the review has nothing left to say about versions afterwards.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyVersionBumps, planVersionBumps } from '../../scripts/author/version-bump.js';
import { REPO_ROOT } from '../../scripts/project-paths.js';
import { reviewChanges } from '../../scripts/review/review.js';
import { findTests } from '../../scripts/review/rule-tests.js';
import { createRepository, readSeed, SEED_ID, SEED_PATH, type GitRepository } from '../review/git-repository.js';

const today = new Date('2026-12-01T12:00:00Z');
let repo: GitRepository;
afterEach(() => repo?.dispose());

async function bump() {
  const plan = await planVersionBumps({ cwd: repo.dir, today });
  return { plan, findings: await applyVersionBumps(plan) };
}

const versionFindings = async () =>
  (await reviewChanges({ cwd: repo.dir, today, runTests: findTests(path.join(repo.dir, 'test/rules')) })).rules
    .flatMap((rule) => rule.findings)
    .filter((finding) => /^review\.(lock-)?version|^review\.updated-date/.test(finding.code));

describe('version bump', () => {
  it("raises a changed rule's in-file version once, moves updated_date, and leaves the rest of the file as it was", async () => {
    repo = await createRepository();
    const seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    await repo.write('rules/windows/untouched.toml', seed.replaceAll(SEED_ID, '11111111-1111-4111-8111-111111111111').replace(/^name = ".*"$/m, 'name = "Other"'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    const changed = seed.replace('risk_score = 47', 'risk_score = 45');
    await repo.write(SEED_PATH, changed);
    expect((await versionFindings()).map((f) => f.code)).toEqual(['review.version-not-bumped', 'review.updated-date-not-moved']);

    const { plan, findings } = await bump();
    expect(findings).toEqual([]);
    expect(plan.bumps).toEqual([{ path: SEED_PATH, rule_id: SEED_ID, name: expect.any(String), version: { from: 101, to: 102 }, updated_date: { from: '2022/11/07', to: '2026/12/01' } }]);
    expect(await repo.read(SEED_PATH)).toBe(changed.replace('version = 101', 'version = 102').replace('updated_date = "2022/11/07"', 'updated_date = "2026/12/01"'));
    expect(await versionFindings()).toEqual([]);

    // Once: a second run, or a later edit on the same branch, does not raise it again.
    expect((await bump()).plan.bumps).toEqual([]);
    await repo.write(SEED_PATH, (await repo.read(SEED_PATH)).replace('risk_score = 45', 'risk_score = 44'));
    expect((await bump()).plan.bumps).toEqual([]);
  });

  it("raises detection-rules' lock entry for a rule without an in-file version, keeping the entry's other keys", async () => {
    repo = await createRepository();
    const fixture = await readFile(path.join(REPO_ROOT, 'test/fixtures/detection-rules-layout/credential_access_first_time_replication.toml'), 'utf8');
    const id = '6d7e8f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    const lock = { [id]: { min_stack_version: '8.14', rule_name: 'First Time Seen Account Replicating the Directory', sha256: 'ab'.repeat(32), type: 'new_terms', version: 4 } };
    await repo.write('rules/windows/replication.toml', fixture);
    await repo.write('rules/version.lock.json', `${JSON.stringify(lock, null, 2)}\n`);
    repo.commit('base');
    await repo.write('rules/windows/replication.toml', fixture.replace('risk_score = 73', 'risk_score = 70'));
    const before = await versionFindings();
    expect(before.map((f) => [f.code, f.severity, f.hint])).toEqual([
      ['review.updated-date-not-moved', 'warning', 'run npm run version -- bump (or set updated_date = "2026/12/01")'],
      ['review.lock-version-not-bumped', 'warning', 'run npm run version -- bump, unless the lock is raised at release time'],
    ]);

    const { plan } = await bump();
    expect(plan.bumps).toEqual([expect.objectContaining({ path: 'rules/windows/replication.toml', lock: { from: 4, to: 5 }, updated_date: { from: '2024/06/10', to: '2026/12/01' } })]);
    const written = JSON.parse(await repo.read('rules/version.lock.json')) as typeof lock;
    expect(written[id]).toEqual({ ...lock[id], version: 5 });
    expect(await repo.read('rules/windows/replication.toml')).not.toMatch(/^version/m);
    expect(await versionFindings()).toEqual([]);
    expect((await bump()).plan.bumps).toEqual([]);

    // A rule the lock does not list yet was never released: nothing to raise, only its date moves.
    const other = fixture.replace(id, '7d7e8f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f').replace(/^name = ".*"$/m, 'name = "Unreleased"');
    await repo.write('rules/windows/unreleased.toml', other);
    repo.commit('unreleased');
    await repo.write('rules/windows/unreleased.toml', other.replace('risk_score = 73', 'risk_score = 70'));
    const later = await planVersionBumps({ cwd: repo.dir, today, base: 'HEAD' });
    expect(later.findings).toEqual([]);
    expect(later.bumps).toEqual([expect.objectContaining({ path: 'rules/windows/unreleased.toml', updated_date: { from: '2024/06/10', to: '2026/12/01' } })]);
    expect(later.bumps[0]?.lock).toBeUndefined();
  });

  it('says so, without guessing, when a changed rule has no version anywhere and there is no lock', async () => {
    repo = await createRepository();
    const fixture = await readFile(path.join(REPO_ROOT, 'test/fixtures/detection-rules-layout/credential_access_first_time_replication.toml'), 'utf8');
    await repo.write('rules/windows/replication.toml', fixture);
    repo.commit('base');
    await repo.write('rules/windows/replication.toml', fixture.replace('risk_score = 73', 'risk_score = 70'));
    const { plan } = await bump();
    expect(plan.findings.map((finding) => [finding.code, finding.file])).toEqual([['version.none', 'rules/windows/replication.toml']]);
  });

  it('bumps a YAML rule in place too, and leaves added and reformatted rules alone', async () => {
    repo = await createRepository();
    const yaml = await readFile(path.join(REPO_ROOT, 'test/fixtures/rules/seed-rule.yaml'), 'utf8');
    await repo.write('rules/windows/seed.yaml', yaml);
    repo.commit('base');
    await repo.write('rules/windows/seed.yaml', yaml.replace('risk_score: 47', 'risk_score: 40'));
    await repo.write('rules/windows/added.toml', (await readSeed()).replaceAll(SEED_ID, '22222222-2222-4222-8222-222222222222'));
    const { plan, findings } = await bump();
    expect(findings).toEqual([]);
    expect(plan.bumps.map((b) => [b.path, b.version])).toEqual([['rules/windows/seed.yaml', { from: 101, to: 102 }]]);
    expect(await repo.read('rules/windows/seed.yaml')).toContain('version: 102');
    expect(await versionFindings()).toEqual([]);
  });
});
