// Elastic's prebuilt rules, by rule_id, from an offline list (vendor/elastic-detection-rules/
// prebuilt-rule-ids.json). Kibana stores a rule under such a rule_id as an Elastic rule
// (immutable, rule_source "external", customised) when it is imported: Elastic's upgrades of that
// rule then conflict with the repository's version. validate warns of it, and deploy's plan names it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VENDOR_ROOT } from '../project-paths.js';

let offline: ReadonlySet<string> | undefined;

/** The offline list of Elastic's prebuilt rule_ids. */
export function prebuiltRuleIds(): ReadonlySet<string> {
  offline ??= new Set((JSON.parse(readFileSync(path.join(VENDOR_ROOT, 'elastic-detection-rules', 'prebuilt-rule-ids.json'), 'utf8')) as { rule_ids: string[] }).rule_ids);
  return offline;
}

export const PREBUILT_NOTE =
  'an Elastic prebuilt rule_id: Kibana keeps this rule as a customised Elastic rule, and Elastic\'s upgrades of that rule will conflict with the repository\'s version';
