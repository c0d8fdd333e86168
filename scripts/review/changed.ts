// Which rule files and rule test files a branch changed: what `test:rules --changed` runs and
// what the review compares.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { isRuleFileName } from '../rules/load.js';
import { isTestFileName, RULE_TESTS_FOLDER } from '../testing/test-file.js';
import { changedPaths, GitError, repositoryRoot, resolveBase, type PathChange } from './git.js';


/** Where rules live, relative to the repository root. */
export const RULES_FOLDER = 'rules';

export const isRuleFilePath = (file: string): boolean =>
  file.startsWith(`${RULES_FOLDER}/`) && isRuleFileName(file);

export const isRuleTestPath = (file: string): boolean =>
  file.startsWith(`${RULE_TESTS_FOLDER}/`) && isTestFileName(file);

export interface ChangedFiles {
  /** The commit compared with (the merge base of HEAD and the base ref). */
  readonly base: string;
  /** Rule files added, modified or renamed since the base, working tree included, relative to `cwd`. */
  readonly rules: string[];
  /** Rule test files added, modified or renamed since the base, relative to `cwd`. */
  readonly tests: string[];
}

export interface ChangeQuery {
  /** A branch, tag or commit; default: the merge base with origin/main, else main. */
  readonly base?: string;
  /** Any folder inside the checkout; paths are returned relative to it. Default: process.cwd(). */
  readonly cwd?: string;
}

/** The changes under `rules/` and `test/rules/` since the base, with the resolved base commit and repository root. */
export async function changesSinceBase(query: ChangeQuery): Promise<{ root: string; base: { ref: string; commit: string }; changes: PathChange[] }> {
  const root = await repositoryRoot(query.cwd ?? process.cwd());
  const base = await resolveBase(root, query.base);
  const changes = await changedPaths(root, base.commit, [RULES_FOLDER, RULE_TESTS_FOLDER]);
  return { root, base, changes };
}

/**
 * The rule files changed since the base and the rule test files changed. Throws GitError (a
 * usage error for commands) outside a checkout or when the base cannot be found.
 */
export async function changedRuleFiles(query: ChangeQuery = {}): Promise<ChangedFiles> {
  // Real paths on both sides, so a symlinked working directory still yields short relative paths.
  const cwd = await realpath(path.resolve(query.cwd ?? process.cwd())).catch(() => {
    throw new GitError(`no such folder: ${query.cwd}`);
  });
  const { root, base, changes } = await changesSinceBase({ ...query, cwd });
  const present = changes.filter((change) => change.status !== 'deleted').map((change) => change.path);
  const relative = (file: string): string => path.relative(cwd, path.join(root, file)).split(path.sep).join('/');
  return {
    base: base.commit,
    rules: present.filter(isRuleFilePath).map(relative),
    tests: present.filter(isRuleTestPath).map(relative),
  };
}
