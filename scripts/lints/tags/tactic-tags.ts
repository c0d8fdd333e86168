import type { LintProblem, RuleLint } from '../lint.js';
import { threatItems } from '../../attack/threat-mapping.js';
import { nearest } from '../../report/suggest.js';

export const TACTIC_TAG_PREFIX = 'Tactic: ';

export const tacticTags: RuleLint = {
  code: 'lint.tactic-tags',
  scope: 'rule',
  defaultSeverity: 'error',
  description:
    'Tactic tags agree with the threat mapping: every mapped tactic is tagged ("Credential Access" or "Tactic: Credential Access"), every tagged tactic is mapped, and every "Tactic: " tag names a tactic.',
  check(rule, { attack }) {
    const body = rule.document.rule;
    const tags = body.tags ?? [];
    const tagged = new Map<string, number>();
    const problems: LintProblem[] = [];
    tags.forEach((tag, index) => {
      const prefixed = tag.startsWith(TACTIC_TAG_PREFIX);
      const name = prefixed ? tag.slice(TACTIC_TAG_PREFIX.length) : tag;
      if (attack.tacticNamed(name)) {
        if (!tagged.has(name)) tagged.set(name, index);
      } else if (prefixed) {
        const suggestion = nearest(name, attack.tactics.map((tactic) => tactic.name));
        problems.push({
          path: ['rule', 'tags', index],
          message: `tag "${tag}" names no ATT&CK tactic`,
          hint: suggestion ? `write "${TACTIC_TAG_PREFIX}${suggestion}"` : `use an Enterprise ATT&CK tactic name after "${TACTIC_TAG_PREFIX}"`,
        });
      }
    });
    // Compare ATT&CK's name for each mapped id, so a misspelt name is only attack-name's finding.
    const mapped = new Map<string, number>();
    for (const item of threatItems(body)) {
      // An unknown id is attack-unknown-id's finding; its name still says which tactic is meant.
      const tactic = item.kind === 'tactic' ? (attack.tactic(item.id) ?? attack.tacticNamed(item.name)) : undefined;
      if (tactic && !mapped.has(tactic.name)) mapped.set(tactic.name, item.entry);
    }
    const prefixed = tags.some((tag) => tag.startsWith(TACTIC_TAG_PREFIX));
    for (const [name, entry] of mapped) {
      if (tagged.has(name)) continue;
      const tag = prefixed ? `${TACTIC_TAG_PREFIX}${name}` : name;
      problems.push({
        path: body.tags === undefined ? ['rule'] : ['rule', 'tags'],
        message: `tactic ${name} is mapped (rule.threat[${entry}]) but not tagged`,
        hint: `add "${tag}" to tags`,
      });
    }
    for (const [name, index] of tagged) {
      if (mapped.has(name)) continue;
      problems.push({
        path: ['rule', 'tags', index],
        message: `tag "${tags[index]}" names a tactic the threat mapping does not have`,
        hint: `map the ${name} tactic in a [[rule.threat]] entry, or remove the tag`,
      });
    }
    return problems;
  },
};
