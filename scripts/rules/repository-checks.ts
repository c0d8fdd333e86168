// The stages after load and schema that `validate` runs: the EQL query check and the lints.
import { checkRuleLints } from '../lints/index.js';
import { checkRuleQueries } from './query-check.js';
import type { RuleCheck } from './validate.js';

/**
 * With `focus` (validate --changed), the query check and per-rule lints look at those files only;
 * repository lints (unique ids and names) still see every rule.
 */
export async function repositoryChecks(focus?: (file: string) => boolean): Promise<RuleCheck[]> {
  if (focus === undefined) return [checkRuleQueries, checkRuleLints];
  return [(rules) => checkRuleQueries(rules.filter((rule) => focus(rule.file))), (rules) => checkRuleLints(rules, focus)];
}
