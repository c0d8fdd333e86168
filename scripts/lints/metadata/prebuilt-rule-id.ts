import { PREBUILT_NOTE, prebuiltRuleIds } from '../../rules/prebuilt-rules.js';
import type { RuleLint } from '../lint.js';

// No counterpart in detection-rules, whose rules are the prebuilt ones: off by default, so a fork
// of it stays quiet; strict warns a team that copied an Elastic rule without a new rule_id.
export const prebuiltRuleId: RuleLint = {
  code: 'lint.prebuilt-rule-id',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'warning',
  description: "`rule_id` is not one of Elastic's prebuilt rules' (an offline list): Kibana would keep the rule as a customised Elastic rule, and Elastic's upgrades of it would conflict.",
  check(rule) {
    const id = rule.document.rule.rule_id;
    if (!prebuiltRuleIds().has(id)) return [];
    return [{ path: ['rule', 'rule_id'], message: `rule_id ${id} is ${PREBUILT_NOTE}`, hint: 'give a rule of your own a fresh UUID; keep the id only for a deliberate copy of the Elastic rule, with an exception in .lints.yaml' }];
  },
};
