// The stages after load and schema that `validate` runs: the EQL query check and the lints.
import { checkRuleLints, type LintProfile } from '../lints/index.js';
import { checkRuleQueries } from './query-check.js';
import type { RuleCheck } from './validate.js';

/** `lintProfile` overrides the profile of .lints.yaml (validate --profile). */
export async function repositoryChecks(lintProfile?: LintProfile): Promise<RuleCheck[]> {
  return [checkRuleQueries, (rules) => checkRuleLints(rules, lintProfile)];
}
