// Elastic's prebuilt rules, by rule_id. Kibana's `_import` stores a rule under such a rule_id as
// an Elastic rule (immutable, rule_source "external", customised), while POST stores it as a
// custom rule; this tool imports them either way so both strategies store the same kind, and the
// plan names them: Elastic's upgrades of such a rule conflict with the repository's version.
// Known from an offline list (prebuilt-rule-ids.json, from elastic/detection-rules) and from the
// live rules Kibana already holds as Elastic rules.
import { readFileSync } from 'node:fs';
import type { LiveRule } from './kibana-rule.js';

let offline: ReadonlySet<string> | undefined;

/** The offline list of Elastic's prebuilt rule_ids. */
export function prebuiltRuleIds(): ReadonlySet<string> {
  offline ??= new Set((JSON.parse(readFileSync(new URL('./prebuilt-rule-ids.json', import.meta.url), 'utf8')) as { rule_ids: string[] }).rule_ids);
  return offline;
}

/** True when Kibana holds this rule as an Elastic rule (installed prebuilt, or imported under a prebuilt rule_id). */
export function isElasticRule(rule: LiveRule): boolean {
  const source = rule.rule_source as { type?: unknown } | undefined;
  return rule.immutable === true || source?.type === 'external';
}

export const PREBUILT_NOTE =
  'an Elastic prebuilt rule_id: Kibana keeps this rule as a customised Elastic rule, and Elastic\'s upgrades of that rule will conflict with the repository\'s version';
