// The stages after load and schema that `validate` runs: the EQL query check and the lints.
import { checkRuleLints } from '../lints/index.js';
import { checkRuleQueries } from './query-check.js';
import type { RuleCheck } from './validate.js';

export async function repositoryChecks(): Promise<RuleCheck[]> {
  return [checkRuleQueries, checkRuleLints];
}
