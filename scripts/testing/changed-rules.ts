// `test:rules --changed`: the rules a change touched, and the rules whose tests it touched.
import path from 'node:path';
import { changedRuleFiles } from '../review/changed.js';
import type { RuleFile } from '../rules/rule-file.js';
import { loadTestFile } from './test-file.js';

export async function selectChangedRules(rules: readonly RuleFile[], options: { testsDir: string; base?: string }): Promise<RuleFile[]> {
  const changed = await changedRuleFiles(options.base ? { base: options.base } : {});
  const changedRules = new Set(changed.rules.map((file) => path.normalize(file)));
  const testedIds = new Set<string>();
  for (const file of changed.tests) {
    const loaded = await loadTestFile(file);
    if (loaded.value) testedIds.add(loaded.value.tests.rule_id);
  }
  return rules.filter((rule) => changedRules.has(path.normalize(rule.file)) || testedIds.has(rule.document.rule.rule_id));
}
