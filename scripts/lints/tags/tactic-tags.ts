import type { LintContext, LintProblem, RuleLint } from '../lint.js';
import { ATTACK_FRAMEWORK, threatItems } from '../../attack/threat-mapping.js';
import { nearest } from '../../report/suggest.js';
import type { RuleBody, RuleFile } from '../../rules/rule-file.js';

export const TACTIC_TAG_PREFIX = 'Tactic: ';

/** Tags a tactic may be written as: `Credential Access` or `Tactic: Credential Access`. */
function tacticOfTag(tag: string): { name: string; prefixed: boolean } {
  const prefixed = tag.startsWith(TACTIC_TAG_PREFIX);
  return { name: prefixed ? tag.slice(TACTIC_TAG_PREFIX.length) : tag, prefixed };
}

/**
 * The tactic names of the first ATT&CK entry of `threat` and of each versioned mapping, as
 * written: detection-rules' get_primary_tactic_names (detection_rules/rule.py).
 */
function primaryTacticNames(body: RuleBody): string[] {
  const first = (threat: RuleBody['threat']) => threat?.find((entry) => entry.framework === ATTACK_FRAMEWORK)?.tactic.name;
  const names = [first(body.threat), ...(body.threat_mappings ?? []).map((mapping) => first(mapping.threat))];
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

/** Every tactic name the rule maps, as written, baseline and versioned mappings alike. */
function writtenTacticNames(body: RuleBody): Set<string> {
  const entries = [...(body.threat ?? []), ...(body.threat_mappings ?? []).flatMap((mapping) => mapping.threat)];
  return new Set(entries.filter((entry) => entry.framework === ATTACK_FRAMEWORK).map((entry) => entry.tactic.name));
}

/**
 * detection-rules' test_primary_tactic_as_tag: the primary tactic is tagged `Tactic: <name>`, and
 * a plain tag naming a tactic ("Execution") is mapped. Rules tagged "Continuous Monitoring" and machine learning
 * rules are exempt, as there.
 */
function defaultProblems(rule: RuleFile, { attack }: LintContext): LintProblem[] {
  const body = rule.document.rule;
  const tags = body.tags ?? [];
  if (tags.includes('Continuous Monitoring') || body.type === 'machine_learning') return [];
  const primary = primaryTacticNames(body);
  if (primary.length === 0) return [];
  const problems: LintProblem[] = [];
  if (!primary.some((name) => tags.includes(`${TACTIC_TAG_PREFIX}${name}`))) {
    problems.push({
      path: body.tags === undefined ? ['rule'] : ['rule', 'tags'],
      message: `the primary tactic ${primary.join(' or ')} (the first threat entry) is not tagged`,
      hint: `add "${TACTIC_TAG_PREFIX}${primary[0]}" to tags`,
    });
  }
  // Only plain tactic names count here: detection-rules intersects the tags with the tactic names.
  const mapped = writtenTacticNames(body);
  tags.forEach((tag, index) => {
    if (attack.tacticNamed(tag) && !mapped.has(tag)) {
      problems.push({
        path: ['rule', 'tags', index],
        message: `tag "${tag}" names a tactic the threat mapping does not have`,
        hint: `map the ${tag} tactic in a [[rule.threat]] entry, or remove the tag`,
      });
    }
  });
  return problems;
}

/** This repository's bar: every mapped tactic tagged, every tagged tactic mapped, every `Tactic: ` tag a tactic. */
function strictProblems(rule: RuleFile, { attack }: LintContext): LintProblem[] {
  const body = rule.document.rule;
  const tags = body.tags ?? [];
  const tagged = new Map<string, number>();
  const problems: LintProblem[] = [];
  tags.forEach((tag, index) => {
    const { name, prefixed } = tacticOfTag(tag);
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
}

export const tacticTags: RuleLint = {
  code: 'lint.tactic-tags',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_primary_tactic_as_tag',
  description:
    'Tactic tags agree with the threat mapping. Default: the primary tactic (first threat entry) is tagged "Tactic: <name>" and every plain tactic tag ("Execution") is mapped. Strict: every mapped tactic is tagged ("Credential Access" or "Tactic: Credential Access"), every tagged tactic is mapped, and every "Tactic: " tag names a tactic.',
  check(rule, context) {
    return context.profile === 'strict' ? strictProblems(rule, context) : defaultProblems(rule, context);
  },
};
