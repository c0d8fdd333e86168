// ATT&CK technique ids → a rule's `threat` entries, with names, tactics and references filled in
// from the committed facts table (schemas/attack-enterprise.json), grouped by tactic.
import { parentTechniqueId, tacticUrl, techniqueUrl, type AttackFacts, type AttackTactic } from '../attack/facts.js';
import { ATTACK_FRAMEWORK } from '../attack/threat-mapping.js';
import { nearest } from '../report/suggest.js';
import type { RuleBody } from '../rules/rule-file.js';

type ThreatEntry = NonNullable<RuleBody['threat']>[number];
type TechniqueEntry = NonNullable<ThreatEntry['technique']>[number];

export interface ThreatChoice {
  readonly threat: ThreatEntry[];
  /** The tactics in mapping order; the first is the rule's primary tactic (its file name's prefix). */
  readonly tactics: AttackTactic[];
  /** Why an id cannot be mapped, one message each; empty when all could. */
  readonly problems: string[];
}

/**
 * Maps each technique (`T1003`) or sub-technique (`T1003.002`) under `tacticId` when given, else
 * under the first tactic ATT&CK lists for it; a sub-technique brings its parent technique.
 */
export function threatFromTechniques(ids: readonly string[], facts: AttackFacts, tacticId?: string): ThreatChoice {
  const problems: string[] = [];
  const chosenTactic = tacticId === undefined ? undefined : facts.tactic(tacticId);
  if (tacticId !== undefined && !chosenTactic) {
    const suggestion = nearest(tacticId, facts.tactics.map((tactic) => tactic.id));
    problems.push(`tactic ${tacticId} does not exist in Enterprise ATT&CK${suggestion ? `; did you mean ${suggestion}?` : ''}`);
  }
  const byTactic = new Map<string, { tactic: AttackTactic; techniques: Map<string, TechniqueEntry> }>();
  for (const id of ids) {
    const technique = facts.technique(id);
    if (!technique) {
      problems.push(`technique ${id} does not exist in Enterprise ATT&CK (ids look like T1003 or T1003.002)`);
      continue;
    }
    if (technique.status !== 'active') {
      problems.push(`technique ${id} is ${technique.status}${technique.replaced_by ? `; use ${technique.replaced_by}` : ''}`);
      continue;
    }
    const parentId = parentTechniqueId(id) ?? id;
    const parent = facts.technique(parentId);
    const tactic = chosenTactic ?? facts.tactics.find((candidate) => technique.tactics.includes(candidate.shortname));
    if (!parent || !tactic) continue;
    if (!technique.tactics.includes(tactic.shortname)) {
      problems.push(`technique ${id} does not belong to tactic ${tactic.id} ${tactic.name}`);
      continue;
    }
    const group = byTactic.get(tactic.id) ?? { tactic, techniques: new Map<string, TechniqueEntry>() };
    byTactic.set(tactic.id, group);
    const entry = group.techniques.get(parentId) ?? { id: parentId, name: parent.name, reference: techniqueUrl(parentId) };
    group.techniques.set(parentId, entry);
    if (parentId !== id) {
      const subtechniques = [...(entry.subtechnique ?? [])];
      if (!subtechniques.some((sub) => sub.id === id)) subtechniques.push({ id, name: technique.name, reference: techniqueUrl(id) });
      group.techniques.set(parentId, { ...entry, subtechnique: subtechniques });
    }
  }
  const groups = [...byTactic.values()];
  return {
    threat: groups.map(({ tactic, techniques }) => ({
      framework: ATTACK_FRAMEWORK,
      tactic: { id: tactic.id, name: tactic.name, reference: tacticUrl(tactic.id) },
      technique: [...techniques.values()],
    })),
    tactics: groups.map((group) => group.tactic),
    problems,
  };
}
