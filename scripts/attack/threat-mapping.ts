// A rule's `threat` array flattened into its tactics, techniques and sub-techniques, each with
// the path it is written at: what the ATT&CK lints check and the coverage tools count.
import type { FieldPath, RuleBody } from '../rules/rule-file.js';

export const ATTACK_FRAMEWORK = 'MITRE ATT&CK';

interface ThreatItemBase {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
  /** Where the item's table or object is written: `['rule', 'threat', 0, 'technique', 1]`. */
  readonly path: FieldPath;
  /** Index of the `threat` entry the item sits in. */
  readonly entry: number;
}

export interface ThreatTacticItem extends ThreatItemBase {
  readonly kind: 'tactic';
}

export interface ThreatTechniqueItem extends ThreatItemBase {
  readonly kind: 'technique';
  readonly tacticId: string;
}

export interface ThreatSubtechniqueItem extends ThreatItemBase {
  readonly kind: 'subtechnique';
  readonly tacticId: string;
  readonly techniqueId: string;
}

export type ThreatItem = ThreatTacticItem | ThreatTechniqueItem | ThreatSubtechniqueItem;

// Seven lints and the coverage views read the same rule's items: build them once per rule.
const itemsByRule = new WeakMap<RuleBody, readonly ThreatItem[]>();

/** Every ATT&CK item of the rule's threat mapping, in written order; other frameworks are skipped. */
export function threatItems(rule: RuleBody): readonly ThreatItem[] {
  const cached = itemsByRule.get(rule);
  if (cached) return cached;
  const items: ThreatItem[] = [];
  (rule.threat ?? []).forEach((entry, e) => {
    if (entry.framework !== ATTACK_FRAMEWORK) return;
    const tacticId = entry.tactic.id;
    const { id, name, reference } = entry.tactic;
    items.push({ kind: 'tactic', id, name, reference, path: ['rule', 'threat', e, 'tactic'], entry: e });
    (entry.technique ?? []).forEach((technique, t) => {
      const techniquePath = ['rule', 'threat', e, 'technique', t];
      items.push({ kind: 'technique', id: technique.id, name: technique.name, reference: technique.reference, path: techniquePath, entry: e, tacticId });
      (technique.subtechnique ?? []).forEach((sub, s) => {
        const path = ['rule', 'threat', e, 'technique', t, 'subtechnique', s];
        items.push({ kind: 'subtechnique', id: sub.id, name: sub.name, reference: sub.reference, path, entry: e, tacticId, techniqueId: technique.id });
      });
    });
  });
  itemsByRule.set(rule, items);
  return items;
}
