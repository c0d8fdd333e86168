// The review's validation of the rules a branch adds or changes: the same query check and lints
// `validate` runs, over the whole rules folder so the uniqueness lints see the other rules, with
// only the reviewed rules' findings kept.
import path from 'node:path';
import type { Finding } from '../report/finding.js';
import { loadRules } from '../rules/load.js';
import { repositoryChecks } from '../rules/repository-checks.js';
import type { RuleFile } from '../rules/rule-file.js';
import { RULES_FOLDER } from './changed.js';

export type RuleValidator = (rules: readonly RuleFile[]) => Promise<Finding[]>;

/** Validates `rules` (paths relative to `root`) among the other rules under root/rules. */
export function validateInRepository(root: string): RuleValidator {
  return async (rules) => {
    if (rules.length === 0) return [];
    const reviewed = new Set(rules.map((rule) => rule.file));
    const ids = new Set(rules.map((rule) => rule.document.rule.rule_id));
    const everything = await loadRules([path.join(root, RULES_FOLDER)]);
    const others = everything.rules.filter((rule) => {
      const relative = path.relative(root, rule.file).split(path.sep).join('/');
      return !reviewed.has(relative) && !(ids.has(rule.document.rule.rule_id) && reviewed.has(relative));
    });
    const all = [...rules, ...others];
    const findings: Finding[] = [];
    for (const check of await repositoryChecks()) findings.push(...(await check(all)));
    return findings.filter((finding) => reviewed.has(finding.file));
  };
}
