// rules/version.lock.json (elastic/detection-rules' layout) at the git base and in the working
// tree, for rules that keep their version there: the review checks it was raised, and
// `version bump` raises it.
import { readVersionLock, VERSION_LOCK_FILE, versionOf } from '../kibana/version-lock.js';
import type { Finding } from '../report/finding.js';
import { readFilesAt } from './git.js';

export interface VersionLocks {
  /** rule_id → version at the base commit; empty when the base had no lock. */
  readonly before: ReadonlyMap<string, number>;
  /** rule_id → version in the working tree; empty when there is no lock. */
  readonly now: ReadonlyMap<string, number>;
  /** Problems of the working tree's lock. */
  readonly findings: Finding[];
}

async function lockAt(root: string, commit: string): Promise<Map<string, number>> {
  const bytes = (await readFilesAt(root, commit, [VERSION_LOCK_FILE])).get(VERSION_LOCK_FILE);
  const lock = new Map<string, number>();
  if (bytes === undefined) return lock;
  try {
    for (const [ruleId, entry] of Object.entries(JSON.parse(bytes.toString('utf8')) as Record<string, unknown>)) {
      const version = versionOf(entry);
      if (version !== undefined) lock.set(ruleId, version);
    }
  } catch {
    // An unreadable lock at the base counts as none: the working tree's is then the only reference.
  }
  return lock;
}

export async function readVersionLocks(root: string, baseCommit: string): Promise<VersionLocks> {
  const { lock, findings } = readVersionLock(root);
  return { before: await lockAt(root, baseCommit), now: lock, findings };
}
