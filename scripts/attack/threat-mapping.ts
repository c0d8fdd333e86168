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

/** Every ATT&CK item of the rule's threat mapping, in written order; other frameworks are skipped. */
export function threatItems(rule: RuleBody): ThreatItem[] {
  const items: ThreatItem[] = [];
  (rule.threat ?? []).forEach((entry, e) => {
    if (entry.framework !== ATTACK_FRAMEWORK) return;
    const entryPath = ['rule', 'threat', e];
    const tacticId = entry.tactic.id;
    items.push({ kind: 'tactic', ...entry.tactic, path: [...entryPath, 'tactic'], entry: e });
    (entry.technique ?? []).forEach((technique, t) => {
      const techniquePath = [...entryPath, 'technique', t];
      const { id, name, reference } = technique;
      items.push({ kind: 'technique', id, name, reference, path: techniquePath, entry: e, tacticId });
      (technique.subtechnique ?? []).forEach((sub, s) => {
        const path = [...techniquePath, 'subtechnique', s];
        items.push({ kind: 'subtechnique', ...sub, path, entry: e, tacticId, techniqueId: id });
      });
    });
  });
  return items;
}
