// The validation pipeline: load → schema → query check → lints, for every rule file, reporting
// every problem of every file in one run.
import type { Finding } from '../report/finding.js';
import { isError } from '../report/finding.js';
import { capFindings } from '../report/findings-cap.js';
import { loadRulesCached } from './document-cache.js';
import { loadRules } from './load.js';
import type { RuleFile } from './rule-file.js';

/** A later stage: given the rules that loaded, more findings. */
export type RuleCheck = (rules: readonly RuleFile[]) => Finding[] | Promise<Finding[]>;

export interface RuleReport {
  readonly path: string;
  readonly rule_id: string | null;
  readonly name: string | null;
  readonly valid: boolean;
  readonly findings: Finding[];
}

export interface ValidationReport {
  readonly rules: RuleReport[];
  /** Findings about no file in particular (a path that does not exist). */
  readonly general: Finding[];
  readonly summary: { files: number; valid: number; invalid: number; errors: number; warnings: number };
}

/**
 * Runs the pipeline over the rule files under `paths`, with the later stages in `checks`. With
 * `only`, the report covers those files alone (validate --changed); the others are still loaded,
 * from the document cache when unchanged, for the checks that compare rules with each other.
 */
export async function validateRules(paths: readonly string[], checks: readonly RuleCheck[] = [], only?: (file: string) => boolean): Promise<ValidationReport> {
  const loaded = only === undefined ? await loadRules(paths) : await loadRulesCached(paths, only);
  const findings = [...loaded.findings];
  for (const check of checks) findings.push(...(await check(loaded.rules)));

  const reported = only === undefined ? loaded.files : loaded.files.filter(only);
  const skipped = new Set(only === undefined ? [] : loaded.files.filter((file) => !only(file)));
  const byFile = new Map<string, Finding[]>(reported.map((file) => [file, []]));
  const general: Finding[] = [];
  for (const finding of findings) {
    if (skipped.has(finding.file)) continue;
    (byFile.get(finding.file) ?? general).push(finding);
  }
  const documents = new Map(loaded.rules.map((rule) => [rule.file, rule.document.rule]));

  const rules = [...byFile].map(([file, fileFindings]): RuleReport => {
    const rule = documents.get(file);
    fileFindings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return {
      path: file,
      rule_id: rule?.rule_id ?? null,
      name: rule?.name ?? null,
      valid: !fileFindings.some(isError),
      findings: capFindings(fileFindings, file),
    };
  });
  const all = [...general, ...rules.flatMap((rule) => rule.findings)];
  return {
    rules,
    general,
    summary: {
      files: rules.length,
      valid: rules.filter((rule) => rule.valid).length,
      invalid: rules.filter((rule) => !rule.valid).length,
      errors: all.filter(isError).length,
      warnings: all.filter((finding) => finding.severity === 'warning').length,
    },
  };
}
