import type { LintProblem, RuleLint } from '../lint.js';
import { parentTechniqueId, type AttackFacts } from '../../attack/facts.js';
import { threatItems, type ThreatTechniqueItem } from '../../attack/threat-mapping.js';

function tacticNames(facts: AttackFacts, shortnames: readonly string[]): string {
  return shortnames
    .map((shortname) => facts.tactics.find((t) => t.shortname === shortname))
    .map((t) => (t ? `${t.name} (${t.id})` : ''))
    .join(', ');
}

/** A technique mapped under a tactic it does not belong to. */
function outsideTactic(item: ThreatTechniqueItem, facts: AttackFacts): LintProblem | undefined {
  const technique = facts.technique(item.id);
  const tactic = facts.tactic(item.tacticId);
  if (!technique || !tactic || technique.tactics.includes(tactic.shortname)) return undefined;
  return {
    path: [...item.path, 'id'],
    message: `${item.id} ${technique.name} does not belong to ${tactic.name} (${tactic.id}); it belongs to ${tacticNames(facts, technique.tactics)}`,
    hint: `move it to the [[rule.threat]] entry of ${tacticNames(facts, technique.tactics)}, or map a technique of ${tactic.name}`,
  };
}

export const attackPlacement: RuleLint = {
  code: 'lint.attack-placement',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_tactic_to_technique_correlations',
  description: 'Each technique belongs to the tactic it sits under, and each sub-technique to its technique.',
  check(rule, { attack }) {
    const problems: LintProblem[] = [];
    for (const item of threatItems(rule.document.rule)) {
      // The schema keeps sub-technique ids out of technique entries and the reverse. A
      // sub-technique's tactics are its technique's, so its technique's check covers it.
      if (item.kind === 'technique') {
        const problem = outsideTactic(item, attack);
        if (problem) problems.push(problem);
      } else if (item.kind === 'subtechnique') {
        const parent = parentTechniqueId(item.id);
        // Under a technique ATT&CK does not know, the unknown id is the one finding (attack-unknown-id).
        if (parent !== undefined && parent !== item.techniqueId && attack.technique(item.techniqueId)) {
          problems.push({
            path: [...item.path, 'id'],
            message: `sub-technique ${item.id} belongs to technique ${parent}, not ${item.techniqueId}`,
            hint: `move it under technique ${parent}, or use a sub-technique of ${item.techniqueId}`,
          });
        }
      }
    }
    return problems;
  },
};
