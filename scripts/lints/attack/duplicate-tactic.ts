import type { LintProblem, RuleLint } from '../lint.js';
import { threatItems } from '../../attack/threat-mapping.js';

export const attackDuplicateTactic: RuleLint = {
  code: 'lint.attack-duplicate-tactic',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_duplicated_tactics',
  description: 'Each tactic has one threat entry; its techniques are listed together.',
  check(rule) {
    const first = new Map<string, number>();
    const problems: LintProblem[] = [];
    for (const item of threatItems(rule.document.rule)) {
      if (item.kind !== 'tactic') continue;
      const earlier = first.get(item.id);
      if (earlier === undefined) {
        first.set(item.id, item.entry);
        continue;
      }
      problems.push({
        path: [...item.path, 'id'],
        message: `tactic ${item.id} ${item.name} is mapped twice (rule.threat[${earlier}] and rule.threat[${item.entry}])`,
        hint: `move the techniques of rule.threat[${item.entry}] into rule.threat[${earlier}] and delete this entry`,
      });
    }
    return problems;
  },
};
