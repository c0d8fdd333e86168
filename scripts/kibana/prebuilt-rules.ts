// Elastic rules as Kibana holds them: installed prebuilt rules, or rules imported under a prebuilt
// rule_id (scripts/rules/prebuilt-rules.ts keeps the offline list of those ids).
import type { LiveRule } from './kibana-rule.js';

/** True when Kibana holds this rule as an Elastic rule (installed prebuilt, or imported under a prebuilt rule_id). */
export function isElasticRule(rule: LiveRule): boolean {
  const source = rule.rule_source as { type?: unknown } | undefined;
  return rule.immutable === true || source?.type === 'external';
}
