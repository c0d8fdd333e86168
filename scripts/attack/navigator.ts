// An ATT&CK Navigator layer (layer format 4.5) of the techniques the rules cover: score = number
// of rules, comment = their names. Sub-techniques are listed as Navigator expects them, by their
// own id under the same tactic.
import type { RuleFile } from '../rules/rule-file.js';
import { coveredTechniques } from './coverage.js';
import type { AttackFacts } from './facts.js';

export interface NavigatorTechnique {
  techniqueID: string;
  tactic: string;
  score: number;
  comment: string;
  enabled: true;
  showSubtechniques: boolean;
}

export interface NavigatorLayer {
  name: string;
  versions: { attack?: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: 0;
  layout: { layout: 'side'; showID: boolean; showName: boolean };
  hideDisabled: false;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: [];
  metadata: { name: string; value: string }[];
  showTacticRowBackground: false;
  selectTechniquesAcrossTactics: true;
  selectSubtechniquesWithParent: false;
}

export function buildNavigatorLayer(rules: readonly RuleFile[], facts: AttackFacts, name: string): NavigatorLayer {
  const covered = coveredTechniques(rules, facts);
  const coveredSubParents = new Set(covered.filter((c) => c.techniqueId.includes('.')).map((c) => c.techniqueId.split('.')[0]));
  const techniques = covered.map(
    (c): NavigatorTechnique => ({
      techniqueID: c.techniqueId,
      tactic: c.tactic.shortname,
      score: c.ruleNames.length,
      comment: c.ruleNames.join('; '),
      enabled: true,
      // Open a technique's sub-techniques when one of them is covered, so the layer shows it.
      showSubtechniques: coveredSubParents.has(c.techniqueId),
    }),
  );
  const maxScore = Math.max(1, ...techniques.map((t) => t.score));
  return {
    name,
    versions: { ...(facts.table.attack_version ? { attack: facts.table.attack_version } : {}), navigator: '4.9.1', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Techniques covered by ${rules.length} detection rule${rules.length === 1 ? '' : 's'}; score = number of rules.`,
    sorting: 0,
    layout: { layout: 'side', showID: true, showName: true },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', '#66b1ff'], minValue: 0, maxValue: maxScore },
    legendItems: [],
    metadata: [{ name: 'rules', value: String(rules.length) }],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
}
