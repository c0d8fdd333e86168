import type { LintProblem, RuleLint } from '../lint.js';
import type { RuleFile } from '../../rules/rule-file.js';
import { guideTagIndex } from './guide-tag.js';
import { markdownHeadings, normalizeHeading } from './headings.js';

/** The sections of an Elastic investigation guide, in order, for a rule named `name`. */
export function requiredGuideSections(name: string): string[] {
  return ['Triage and analysis', `Investigating ${name}`, 'Possible investigation steps', 'False positive analysis', 'Response and remediation'];
}

const TRIAGE_HEADING = '## triage and analysis';
const INVESTIGATING_HEADING = '### Investigating';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * detection-rules' TestInvestigationGuide (tests/test_all_rules.py): a high or critical rule that is
 * not a building block has "## Triage and analysis" in its note (test_note_contains_triage_and_analysis;
 * the Elastic-author condition there is left out, as every rule here is the repository's own), and a
 * note with "### Investigating" names the rule right after it (test_investigation_guide_uses_rule_name).
 */
function defaultProblems(rule: RuleFile): LintProblem[] {
  const body = rule.document.rule;
  const note = body.note ?? '';
  const problems: LintProblem[] = [];
  if ((body.severity === 'high' || body.severity === 'critical') && body.building_block_type === undefined && !note.toLowerCase().includes(TRIAGE_HEADING)) {
    problems.push({
      path: body.note === undefined ? ['rule', 'severity'] : ['rule', 'note'],
      message: `a ${body.severity} severity rule needs an investigation guide: the note has no "## Triage and analysis"`,
      hint: `write the guide in note: ## Triage and analysis, ### Investigating ${body.name}, #### Possible investigation steps, ### False positive analysis, ### Response and remediation`,
    });
  }
  if (note.includes(INVESTIGATING_HEADING) && !new RegExp(`${INVESTIGATING_HEADING}\\s+${escapeRegExp(body.name)}`, 'im').test(note)) {
    problems.push({
      path: ['rule', 'note'],
      message: `the note's "${INVESTIGATING_HEADING}" heading does not name the rule "${body.name}"`,
      hint: `write the heading as "${INVESTIGATING_HEADING} ${body.name}"`,
    });
  }
  return problems;
}

/** This repository's bar: a rule tagged with a guide has all five sections. */
function strictProblems(rule: RuleFile): LintProblem[] {
  const body = rule.document.rule;
  const tagIndex = guideTagIndex(body);
  if (tagIndex === -1) return [];
  const sections = requiredGuideSections(body.name);
  if (body.note === undefined || body.note.trim() === '') {
    return [
      {
        path: ['rule', 'tags', tagIndex],
        message: `tagged "${body.tags?.[tagIndex]}" but the rule has no note`,
        hint: `write the investigation guide in note, with the sections ${sections.map((s) => `"${s}"`).join(', ')}; or remove the tag`,
      },
    ];
  }
  const present = new Set(markdownHeadings(body.note).map((heading) => normalizeHeading(heading.text)));
  const missing = sections.filter((section) => !present.has(normalizeHeading(section)));
  if (missing.length === 0) return [];
  return [
    {
      path: ['rule', 'note'],
      message: `the investigation guide lacks the section${missing.length === 1 ? '' : 's'} ${missing.map((s) => `"${s}"`).join(', ')}`,
      hint: `add a heading for each (e.g. "### ${missing[0]}"); the guide reads: ## Triage and analysis, ### Investigating <rule name>, #### Possible investigation steps, ### False positive analysis, ### Response and remediation`,
    },
  ];
}

export const guideSections: RuleLint = {
  code: 'lint.guide-sections',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::TestInvestigationGuide',
  description:
    'The investigation guide. Default: a high or critical rule (not a building block) has "## Triage and analysis" in its note, and "### Investigating" is followed by the rule name. Strict: a rule tagged with a guide (`has_guide` or "Resources: Investigation Guide") has a `note` with the sections Triage and analysis, Investigating <rule name>, Possible investigation steps, False positive analysis, Response and remediation.',
  check(rule, { profile }) {
    return profile === 'strict' ? strictProblems(rule) : defaultProblems(rule);
  },
};
