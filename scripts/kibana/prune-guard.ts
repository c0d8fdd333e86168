// What `apply --prune` may not delete (issue 13): a managed rule whose file still exists in the
// repository in any form (a regular file, a symlink, anything at that path), or whose rule_id a
// rule file of the repository still holds (outside the paths deployed, say). And prune does not
// run at all while a rule file of the repository fails to load: its rule_id is unknown. A deprecated
// rule's file stays in the repository as a record, yet the rule is withdrawn: prune may delete it.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { isError, type Finding } from '../report/finding.js';
import { isDeprecatedRule } from '../rules/deprecated.js';
import { loadRules } from '../rules/load.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { LiveRule } from './kibana-rule.js';
import type { DesiredRule, PlanOptions } from './deploy-plan.js';

export interface PruneGuard {
  readonly keepFromPrune: NonNullable<PlanOptions['keepFromPrune']>;
  /** Load errors anywhere in the repository's rules: prune must not run. */
  readonly findings: Finding[];
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * `deployed` are the rules loaded from the paths deployed (`paths`, default `rules/`); the
 * repository's `rules/` folder is read as well unless those paths already were it.
 */
export async function pruneGuard(repoRoot: string, paths: readonly string[], deployed: readonly DesiredRule[], deprecated: readonly RuleFile[] = []): Promise<PruneGuard> {
  const repositoryRules = path.join(repoRoot, 'rules');
  const coversRepository = paths.length === 0 || paths.some((target) => path.resolve(repoRoot, target) === repositoryRules);
  const loaded = coversRepository || !exists(repositoryRules) ? { rules: [], findings: [] } : await loadRules([repositoryRules]);
  const withdrawn = new Set([...deprecated, ...loaded.rules.filter(isDeprecatedRule)].map((rule) => rule.document.rule.rule_id));
  const files = new Map([
    ...deployed.map(({ payload, file }): [string, string] => [payload.rule_id, file]),
    ...loaded.rules.filter((rule) => !isDeprecatedRule(rule)).map((rule): [string, string] => [rule.document.rule.rule_id, rule.file]),
  ]);
  return {
    findings: loaded.findings.filter((finding) => isError(finding) && finding.code.startsWith('load.')),
    keepFromPrune: (rule: LiveRule) => {
      if (withdrawn.has(rule.rule_id)) return undefined;
      const file = files.get(rule.rule_id);
      if (file !== undefined) return { file, reason: `its rule_id is still in ${file}; prune deletes only rules gone from the repository` };
      const recorded = (rule.meta as { repository?: { file?: unknown } } | undefined)?.repository?.file;
      if (typeof recorded === 'string' && recorded !== '' && exists(path.resolve(repoRoot, recorded))) {
        return { file: recorded, reason: `its file ${recorded} still exists in the repository; prune deletes only rules whose file is gone` };
      }
      return undefined;
    },
  };
}
