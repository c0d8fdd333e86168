import type { RuleLint } from '../lint.js';
import { threatItems } from '../../attack/threat-mapping.js';

export const attackName: RuleLint = {
  code: 'lint.attack-name',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_tactic_to_technique_correlations',
  description: 'The name written beside each ATT&CK id is that id\'s name, so analysts are not misled.',
  check(rule, { attack }) {
    return threatItems(rule.document.rule).flatMap((item) => {
      const known = item.kind === 'tactic' ? attack.tactic(item.id) : attack.technique(item.id);
      if (!known || known.name === item.name) return [];
      return [
        {
          path: [...item.path, 'name'],
          message: `${item.id} is "${known.name}", not "${item.name}"`,
          hint: `set name = "${known.name}", or change the id if "${item.name}" is what the rule detects`,
        },
      ];
    });
  },
};
