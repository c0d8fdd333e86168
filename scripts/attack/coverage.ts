// Which techniques the rules cover, per tactic: the data behind both the Navigator layer and
// the coverage table. Only mappings ATT&CK knows count; the lints report the others.
import type { RuleFile } from '../rules/rule-file.js';
import type { AttackFacts, AttackTactic } from './facts.js';
import { threatItems } from './threat-mapping.js';

export interface CoveredTechnique {
  readonly techniqueId: string;
  readonly tactic: AttackTactic;
  /** Names of the rules mapping the technique under this tactic, sorted. */
  readonly ruleNames: readonly string[];
}

/** Covered (technique, tactic) pairs, sorted by technique id then tactic shortname. */
export function coveredTechniques(rules: readonly RuleFile[], facts: AttackFacts): CoveredTechnique[] {
  const covered = new Map<string, { techniqueId: string; tactic: AttackTactic; ruleNames: Set<string> }>();
  for (const rule of rules) {
    for (const item of threatItems(rule.document.rule)) {
      if (item.kind === 'tactic') continue;
      const tactic = facts.tactic(item.tacticId);
      if (!tactic || !facts.technique(item.id)) continue;
      const key = `${item.id} ${tactic.shortname}`;
      const entry = covered.get(key) ?? { techniqueId: item.id, tactic, ruleNames: new Set<string>() };
      entry.ruleNames.add(rule.document.rule.name);
      covered.set(key, entry);
    }
  }
  return [...covered.values()]
    .map(({ techniqueId, tactic, ruleNames }) => ({ techniqueId, tactic, ruleNames: [...ruleNames].sort() }))
    .sort((a, b) =>
      a.techniqueId === b.techniqueId
        ? a.tactic.shortname.localeCompare(b.tactic.shortname)
        : a.techniqueId < b.techniqueId ? -1 : 1,
    );
}

export interface TacticCoverage {
  readonly tactic: AttackTactic;
  readonly techniques: { readonly covered: number; readonly total: number };
  readonly subtechniques: { readonly covered: number; readonly total: number };
  readonly rules: number;
}

/** Per tactic: current techniques and sub-techniques covered out of those ATT&CK lists, and rules mapped. */
export function coverageByTactic(rules: readonly RuleFile[], facts: AttackFacts): TacticCoverage[] {
  const covered = coveredTechniques(rules, facts);
  return facts.tactics.map((tactic) => {
    const current = facts.techniques.filter((t) => t.status === 'active' && t.tactics.includes(tactic.shortname));
    const coveredIds = new Set(covered.filter((c) => c.tactic.id === tactic.id).map((c) => c.techniqueId));
    const count = (sub: boolean) => {
      const ofKind = current.filter((t) => t.id.includes('.') === sub);
      return { covered: ofKind.filter((t) => coveredIds.has(t.id)).length, total: ofKind.length };
    };
    const ruleCount = rules.filter((rule) =>
      threatItems(rule.document.rule).some((item) => item.kind === 'tactic' && item.id === tactic.id),
    ).length;
    return { tactic, techniques: count(false), subtechniques: count(true), rules: ruleCount };
  });
}

/** A fixed-width text table of `coverageByTactic`. */
export function renderCoverageTable(coverage: readonly TacticCoverage[]): string {
  const header = ['Tactic', 'Techniques', 'Sub-techniques', 'Rules'];
  const rows = coverage.map((c) => [
    `${c.tactic.name} (${c.tactic.id})`,
    `${c.techniques.covered}/${c.techniques.total}`,
    `${c.subtechniques.covered}/${c.subtechniques.total}`,
    String(c.rules),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
