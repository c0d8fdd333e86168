// The stages after load and schema that `validate` runs: the EQL query check and the lints.
import { checkRuleLints, type LintProfile } from '../lints/index.js';
import { checkRuleQueries } from './query-check.js';
import type { RuleCheck } from './validate.js';

/**
 * `lintProfile` overrides the profile of .lints.yaml (validate --profile). With `focus` (validate
 * --changed), the query check and per-rule lints look at those files only; repository lints (unique
 * ids and names) still see every rule.
 */
export async function repositoryChecks(options: { lintProfile?: LintProfile; focus?: (file: string) => boolean } = {}): Promise<RuleCheck[]> {
  const { lintProfile: profile, focus } = options;
  const queries: RuleCheck = focus === undefined ? checkRuleQueries : (rules) => checkRuleQueries(rules.filter((rule) => focus(rule.file)));
  return [queries, (rules) => checkRuleLints(rules, { ...(profile ? { profile } : {}), ...(focus ? { focus } : {}) })];
}
