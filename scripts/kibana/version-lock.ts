// rules/version.lock.json, for rule files that leave their version out. Each entry is either
// detection-rules' `{ "<rule_id>": { "version": N, ... } }` or the short `{ "<rule_id>": N }`.
// Optional: absent means no lock. An entry we cannot read is a finding, never a silent version 1.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../report/finding.js';
import { LineIndex } from '../report/line-index.js';

export const VERSION_LOCK_FILE = 'rules/version.lock.json';

const HINT = 'write each entry as "<rule_id>": <version> or "<rule_id>": { "version": <version> }, with a whole version >= 1';

function problem(message: string, at: { line: number; column: number } = { line: 1, column: 1 }): Finding {
  return { code: 'kibana.version-lock', severity: 'error', message, file: VERSION_LOCK_FILE, ...at, hint: HINT };
}

/** The version an entry holds, in either form; undefined when it holds none usable. */
export function versionOf(entry: unknown): number | undefined {
  const version = typeof entry === 'object' && entry !== null && 'version' in entry ? entry.version : entry;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined;
}

export function readVersionLock(repoRoot: string): { lock: Map<string, number>; findings: Finding[] } {
  const file = path.join(repoRoot, VERSION_LOCK_FILE);
  const lock = new Map<string, number>();
  if (!existsSync(file)) return { lock, findings: [] };
  const text = readFileSync(file, 'utf8');
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 says where: "... in JSON at position N".
    const offset = /at position (\d+)/.exec(message)?.[1];
    return { lock, findings: [problem(`not valid JSON: ${message}`, offset === undefined ? undefined : new LineIndex(text).position(Number(offset)))] };
  }
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    return { lock, findings: [problem('must be a JSON object keyed by rule_id')] };
  }
  const findings: Finding[] = [];
  for (const [ruleId, entry] of Object.entries(entries)) {
    const version = versionOf(entry);
    if (version === undefined) findings.push(problem(`the entry for rule ${ruleId} has no usable version: ${JSON.stringify(entry)}`, locate(text, ruleId)));
    else lock.set(ruleId, version);
  }
  return { lock, findings };
}

/** Line and column of the rule_id's key in the lock file's text. */
function locate(text: string, ruleId: string): { line: number; column: number } | undefined {
  const offset = text.indexOf(JSON.stringify(ruleId));
  return offset === -1 ? undefined : new LineIndex(text).position(offset);
}
