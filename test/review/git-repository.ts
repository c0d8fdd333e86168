// A throwaway git repository for the review tests: real commits, real working-tree edits.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/project-paths.js';

export const SEED_PATH = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
export const SEED_TESTS_PATH = 'test/rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.test.yaml';
export const SEED_ID = '47e22836-4a16-4b35-beee-98f6c4ee9bf2';

export const readSeed = (): Promise<string> => readFile(path.join(REPO_ROOT, SEED_PATH), 'utf8');
export const readSeedTests = (): Promise<string> => readFile(path.join(REPO_ROOT, SEED_TESTS_PATH), 'utf8');

/** The seed rule under another rule_id and name: an independent rule with the same content. */
export function seedVariant(seed: string, ruleId: string, name: string): string {
  return seed.replaceAll(SEED_ID, ruleId).replace(/^name = ".*"$/m, `name = "${name}"`);
}

export interface GitRepository {
  readonly dir: string;
  git(...args: string[]): string;
  write(file: string, text: string): Promise<void>;
  read(file: string): Promise<string>;
  remove(file: string): Promise<void>;
  /** `git mv`, creating the target's folder. */
  move(from: string, to: string): Promise<void>;
  commit(message: string): void;
  dispose(): Promise<void>;
}

export async function createRepository(): Promise<GitRepository> {
  const dir = await mkdtemp(path.join(tmpdir(), 'review-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '-q');
  return {
    dir,
    git,
    write: async (file, text) => {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    },
    read: (file) => readFile(path.join(dir, file), 'utf8'),
    remove: (file) => rm(path.join(dir, file)),
    move: async (from, to) => {
      await mkdir(path.dirname(path.join(dir, to)), { recursive: true });
      git('mv', from, to);
    },
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
