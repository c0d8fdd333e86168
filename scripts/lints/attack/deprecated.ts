import type { RuleLint } from '../lint.js';
import { threatItems } from '../../attack/threat-mapping.js';

export const attackDeprecated: RuleLint = {
  code: 'lint.attack-deprecated',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_technique_deprecations',
  description: 'No technique or sub-technique is deprecated or revoked in ATT&CK; revoked ones name their replacement when ATT&CK has one of the same name.',
  check(rule, { attack }) {
    return threatItems(rule.document.rule).flatMap((item) => {
      if (item.kind === 'tactic') return [];
      const technique = attack.technique(item.id);
      if (!technique || technique.status === 'active') return [];
      const replacement = technique.replaced_by === undefined ? undefined : attack.technique(technique.replaced_by);
      return [
        {
          path: [...item.path, 'id'],
          message: `${item.id} ${technique.name} is ${technique.status} in ATT&CK${replacement ? `; it was replaced by ${replacement.id} ${replacement.name}` : ''}`,
          hint: replacement
            ? `map ${replacement.id} "${replacement.name}" instead (reference https://attack.mitre.org/techniques/${replacement.id.replace('.', '/')}/)`
            : 'map the current technique that describes the behaviour, or remove this one',
        },
      ];
    });
  },
};
