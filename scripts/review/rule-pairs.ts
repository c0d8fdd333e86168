// Matches the rules at the base with the rules now by rule_id: the same rule_id at the same path
// is a changed rule, at a new path a renamed one; a path whose rule_id changed is flagged as such.
import type { RuleFile } from '../rules/rule-file.js';

export type RuleChangeKind = 'added' | 'removed' | 'renamed' | 'changed' | 'rule-id-changed';

export interface RulePair {
  readonly change: RuleChangeKind;
  readonly before?: RuleFile;
  readonly after?: RuleFile;
}

const ruleId = (rule: RuleFile): string => rule.document.rule.rule_id;

export function pairRules(before: readonly RuleFile[], after: readonly RuleFile[]): RulePair[] {
  const beforeById = new Map(before.map((rule) => [ruleId(rule), rule]));
  const beforeByPath = new Map(before.map((rule) => [rule.file, rule]));
  const afterIds = new Set(after.map(ruleId));
  const matched = new Set<string>();
  const pairs: RulePair[] = [];
  // A rule still at its old path claims its rule_id first, so a copy elsewhere is not taken for a rename.
  const stayed = (rule: RuleFile): boolean => beforeById.get(ruleId(rule))?.file === rule.file;
  for (const rule of [...after.filter(stayed), ...after.filter((rule) => !stayed(rule))]) {
    const previous = beforeById.get(ruleId(rule));
    if (previous && !matched.has(ruleId(previous))) {
      matched.add(ruleId(previous));
      pairs.push({ change: previous.file === rule.file ? 'changed' : 'renamed', before: previous, after: rule });
      continue;
    }
    // The file was there with another rule_id, and that rule_id lives nowhere else now.
    const atPath = beforeByPath.get(rule.file);
    if (atPath && !afterIds.has(ruleId(atPath)) && !matched.has(ruleId(atPath))) {
      matched.add(ruleId(atPath));
      pairs.push({ change: 'rule-id-changed', before: atPath, after: rule });
    } else pairs.push({ change: 'added', after: rule });
  }
  for (const rule of before) if (!matched.has(ruleId(rule))) pairs.push({ change: 'removed', before: rule });
  const pathOf = (pair: RulePair): string => (pair.after ?? pair.before)?.file ?? '';
  return pairs.sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
}
