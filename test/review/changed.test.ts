// changedRuleFiles: what `test:rules --changed` runs, on a real git repository.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedRuleFiles } from '../../scripts/review/changed.js';
import { GitError } from '../../scripts/review/git.js';
import { createRepository, readSeed, readSeedTests, SEED_PATH, SEED_TESTS_PATH, type GitRepository } from './git-repository.js';

describe('changedRuleFiles', () => {
  let repo: GitRepository;

  beforeAll(async () => {
    repo = await createRepository();
    const seed = await readSeed();
    await repo.write(SEED_PATH, seed);
    await repo.write(SEED_TESTS_PATH, await readSeedTests());
    await repo.write('rules/windows/other.toml', seed);
    await repo.write('rules/windows/gone.toml', seed);
    await repo.write('docs/notes.md', 'notes\n');
    repo.commit('base');
  });
  afterAll(() => repo.dispose());

  it('is empty on the base itself', async () => {
    expect(await changedRuleFiles({ cwd: repo.dir })).toEqual({ base: repo.git('rev-parse', 'main').trim(), rules: [], tests: [] });
  });

  it('lists rules and tests changed since the merge base, committed, staged, unstaged or untracked, but not deleted files', async () => {
    const base = repo.git('rev-parse', 'main').trim();
    repo.git('checkout', '-q', '-b', 'feature');
    await repo.write(SEED_PATH, `${await repo.read(SEED_PATH)}\n`);
    repo.commit('touch the seed');
    // main moves on after the fork: its changes are not the branch's.
    repo.git('checkout', '-q', 'main');
    await repo.write('rules/windows/main-only.toml', 'x = 1\n');
    repo.commit('main moves on');
    repo.git('checkout', '-q', 'feature');

    await repo.write(SEED_TESTS_PATH, `${await repo.read(SEED_TESTS_PATH)}\n`);
    await repo.write('rules/windows/new.yaml', 'rule: {}\n');
    await repo.move('rules/windows/other.toml', 'rules/linux/other.toml');
    await repo.remove('rules/windows/gone.toml');
    await repo.write('docs/notes.md', 'more notes\n');

    const changed = await changedRuleFiles({ cwd: repo.dir });
    expect(changed).toEqual({
      base,
      rules: ['rules/linux/other.toml', SEED_PATH, 'rules/windows/new.yaml'],
      tests: [SEED_TESTS_PATH],
    });
  });

  it('returns paths relative to the working directory', async () => {
    await mkdir(path.join(repo.dir, 'rules', 'windows'), { recursive: true });
    const changed = await changedRuleFiles({ cwd: path.join(repo.dir, 'rules', 'windows'), base: 'main' });
    expect(changed.rules).toContain(path.basename(SEED_PATH));
    expect(changed.tests).toEqual([`../../${SEED_TESTS_PATH}`]);
  });

  it('fails with a usage error when there is no base to compare with', async () => {
    const lonely = await createRepository();
    try {
      await lonely.write('README.md', 'x\n');
      lonely.commit('first');
      lonely.git('branch', '-m', 'trunk');
      await expect(changedRuleFiles({ cwd: lonely.dir })).rejects.toThrow(new GitError('neither origin/main nor main exists here; pass --base REF (a branch, tag or commit to compare with)'));
      expect((await changedRuleFiles({ cwd: lonely.dir, base: 'trunk' })).rules).toEqual([]);
    } finally {
      await lonely.dispose();
    }
  });
});
