import type { LintProblem, RuleLint } from '../lint.js';
import { parentTechniqueId, type AttackFacts } from '../../attack/facts.js';
import { threatItems, type ThreatItem } from '../../attack/threat-mapping.js';

function tacticNames(facts: AttackFacts, shortnames: readonly string[]): string {
  return shortnames
    .map((shortname) => facts.tactics.find((t) => t.shortname === shortname))
    .map((t) => (t ? `${t.name} (${t.id})` : ''))
    .join(', ');
}

/** A technique (or sub-technique) mapped under a tactic it does not belong to. */
function outsideTactic(item: ThreatItem & { tacticId: string }, facts: AttackFacts): LintProblem | undefined {
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
  description: 'Each technique belongs to the tactic it sits under, and each sub-technique to its technique.',
  check(rule, { attack }) {
    const problems: LintProblem[] = [];
    const misplacedTechniques = new Set<string>();
    for (const item of threatItems(rule.document.rule)) {
      if (item.kind === 'technique') {
        const parent = parentTechniqueId(item.id);
        if (parent !== undefined) {
          problems.push({
            path: [...item.path, 'id'],
            message: `${item.id} is a sub-technique, listed as a technique`,
            hint: `list technique ${parent} here and put ${item.id} in its [[rule.threat.technique.subtechnique]]`,
          });
          continue;
        }
        const problem = outsideTactic(item, attack);
        if (problem) {
          problems.push(problem);
          misplacedTechniques.add(item.path.join('.'));
        }
      } else if (item.kind === 'subtechnique') {
        const parent = parentTechniqueId(item.id);
        if (parent === undefined) {
          problems.push({
            path: [...item.path, 'id'],
            message: `${item.id} is a technique, listed as a sub-technique`,
            hint: `list ${item.id} as a [[rule.threat.technique]], or use one of its sub-technique ids (${item.id}.001…)`,
          });
        } else if (parent !== item.techniqueId) {
          problems.push({
            path: [...item.path, 'id'],
            message: `sub-technique ${item.id} belongs to technique ${parent}, not ${item.techniqueId}`,
            hint: `move it under technique ${parent}, or use a sub-technique of ${item.techniqueId}`,
          });
        } else if (!misplacedTechniques.has(item.path.slice(0, -2).join('.'))) {
          // Under a misplaced technique the technique's finding already says where it belongs.
          const problem = outsideTactic(item, attack);
          if (problem) problems.push(problem);
        }
      }
    }
    return problems;
  },
};
