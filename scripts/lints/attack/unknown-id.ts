import type { RuleLint } from '../lint.js';
import { threatItems } from '../../attack/threat-mapping.js';

export const attackUnknownId: RuleLint = {
  code: 'lint.attack-unknown-id',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_tactic_to_technique_correlations',
  description: 'Every tactic, technique and sub-technique id of the threat mapping exists in Enterprise ATT&CK.',
  check(rule, { attack }) {
    return threatItems(rule.document.rule).flatMap((item) => {
      const known = item.kind === 'tactic' ? attack.tactic(item.id) : attack.technique(item.id);
      if (known) return [];
      const what = item.kind === 'tactic' ? 'tactic' : item.kind === 'technique' ? 'technique' : 'sub-technique';
      const byName =
        item.kind === 'tactic'
          ? attack.tacticNamed(item.name)?.id
          : attack.techniques.find((t) => t.name === item.name && t.status === 'active')?.id;
      return [
        {
          path: [...item.path, 'id'],
          message: `${what} ${item.id} does not exist in Enterprise ATT&CK`,
          hint: byName
            ? `"${item.name}" is ${byName}: use that id`
            : `check the id on https://attack.mitre.org (${what} ids look like ${item.kind === 'tactic' ? 'TA0006' : item.kind === 'technique' ? 'T1003' : 'T1003.002'})`,
        },
      ];
    });
  },
};
