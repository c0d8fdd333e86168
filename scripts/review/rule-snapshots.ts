// The changed rule files as they were at the base commit and as they are in the working tree,
// loaded and schema-checked by the rules loader.
import type { Finding } from '../report/finding.js';
import { decodeText, loadRuleFile, parseRuleText } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import { isRuleFilePath } from './changed.js';
import { readFilesAt, type PathChange } from './git.js';

export interface RuleSnapshots {
  /** The changed rule files at the base that loaded (paths relative to the repository root). */
  readonly before: RuleFile[];
  /** The changed rule files in the working tree that loaded. */
  readonly after: RuleFile[];
  /** Why working-tree files did not load (the same findings `validate` reports). */
  readonly findings: Finding[];
}

function parseBytes(file: string, bytes: Uint8Array): { rule?: RuleFile; findings: Finding[] } {
  const text = decodeText(file, bytes);
  return text.value === undefined ? { findings: text.findings } : parseRuleText(file, text.value);
}

export async function loadRuleSnapshots(root: string, commit: string, changes: readonly PathChange[]): Promise<RuleSnapshots> {
  const basePaths = changes.flatMap((change) =>
    change.status === 'renamed' ? [change.previousPath as string] : change.status === 'added' ? [] : [change.path],
  );
  const workPaths = changes.filter((change) => change.status !== 'deleted').map((change) => change.path);

  // A base file that did not load cannot be compared: its successor counts as added.
  const before: RuleFile[] = [];
  for (const [file, bytes] of await readFilesAt(root, commit, basePaths.filter(isRuleFilePath))) {
    const loaded = bytes === undefined ? undefined : parseBytes(file, bytes).rule;
    if (loaded) before.push(loaded);
  }

  const after: RuleFile[] = [];
  const findings: Finding[] = [];
  for (const file of workPaths.filter(isRuleFilePath)) {
    const loaded = await loadRuleFile(file, root);
    if (loaded.rule) after.push(loaded.rule);
    findings.push(...loaded.findings);
  }
  return { before, after, findings };
}
