import type { FieldPath, RuleBody } from '../../rules/rule-file.js';

/** Where to report a schedule problem: `from` when written, else `interval`, else the rule table. */
export function schedulePath(rule: RuleBody): FieldPath {
  if (rule.from !== undefined) return ['rule', 'from'];
  if (rule.interval !== undefined) return ['rule', 'interval'];
  return ['rule'];
}
