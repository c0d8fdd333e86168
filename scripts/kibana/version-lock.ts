// detection-rules' rules/version.lock.json: { "<rule_id>": { "version": N, ... } }, for rule
// files that leave their version out. Optional: absent means no lock.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../report/finding.js';

export const VERSION_LOCK_FILE = 'rules/version.lock.json';

export function readVersionLock(repoRoot: string): { lock: Map<string, number>; findings: Finding[] } {
  const file = path.join(repoRoot, VERSION_LOCK_FILE);
  const lock = new Map<string, number>();
  if (!existsSync(file)) return { lock, findings: [] };
  try {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { version?: unknown }>;
    for (const [ruleId, entry] of Object.entries(entries)) {
      if (typeof entry?.version === 'number') lock.set(ruleId, entry.version);
    }
    return { lock, findings: [] };
  } catch (error) {
    return {
      lock,
      findings: [{ code: 'kibana.version-lock', severity: 'error', message: `cannot read the version lock: ${(error as Error).message}`, file: VERSION_LOCK_FILE, hint: 'fix or delete the file' }],
    };
  }
}
