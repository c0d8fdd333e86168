import type { RuleLint } from '../lint.js';
import { tacticUrl, techniqueUrl } from '../../attack/facts.js';
import { threatItems } from '../../attack/threat-mapping.js';

export const attackReference: RuleLint = {
  code: 'lint.attack-reference',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_tactic_to_technique_correlations',
  description: 'Each tactic, technique and sub-technique reference is the attack.mitre.org page of its id.',
  check(rule, { attack }) {
    return threatItems(rule.document.rule).flatMap((item) => {
      // An id ATT&CK does not know is attack-unknown-id's one finding; its page would be no fix.
      if (!(item.kind === 'tactic' ? attack.tactic(item.id) : attack.technique(item.id))) return [];
      const expected = item.kind === 'tactic' ? tacticUrl(item.id) : techniqueUrl(item.id);
      // The trailing slash is detection-rules' spelling; ATT&CK serves both.
      if (item.reference === expected || item.reference === expected.slice(0, -1)) return [];
      return [
        {
          path: [...item.path, 'reference'],
          message: `reference "${item.reference}" is not the page of ${item.id}`,
          hint: `set reference = "${expected}"`,
        },
      ];
    });
  },
};
