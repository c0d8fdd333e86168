// Copies of the seed rule with distinct rule_ids and names, written to a temporary folder:
// the load for scale tests and the deploy benchmark. Nothing is generated inside the repository.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/project-paths.js';

export const SEED_RULE = 'rules/windows/credential_access_suspicious_remote_registry_access_sebackupprivilege.toml';
export const SEED_RULE_ID = '47e22836-4a16-4b35-beee-98f6c4ee9bf2';

/** A UUID that differs from the seed's in its last 12 digits. */
export function copyRuleId(n: number): string {
  return `${SEED_RULE_ID.slice(0, 24)}${n.toString(16).padStart(12, '0')}`;
}

export function writeRuleCopies(count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rule-copies-'));
  const folder = path.join(dir, 'rules', 'windows');
  mkdirSync(folder, { recursive: true });
  const seed = readFileSync(path.join(REPO_ROOT, SEED_RULE), 'utf8');
  for (let n = 0; n < count; n += 1) {
    const text = seed
      .replace(`rule_id = "${SEED_RULE_ID}"`, `rule_id = "${copyRuleId(n)}"`)
      .replace(/^name = "(.*)"$/m, `name = "$1 (copy ${n})"`);
    writeFileSync(path.join(folder, `copy_${String(n).padStart(5, '0')}.toml`), text);
  }
  return folder;
}

/** Removes what writeRuleCopies wrote, given the folder it returned. */
export function removeRuleCopies(folder: string): void {
  rmSync(path.resolve(folder, '../..'), { recursive: true, force: true });
}
