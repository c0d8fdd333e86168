import type { RuleLint } from '../lint.js';
import { guideTagIndex } from './guide-tag.js';
import { markdownHeadings, normalizeHeading } from './headings.js';

/** The sections of an Elastic investigation guide, in order, for a rule named `name`. */
export function requiredGuideSections(name: string): string[] {
  return ['Triage and analysis', `Investigating ${name}`, 'Possible investigation steps', 'False positive analysis', 'Response and remediation'];
}

export const guideSections: RuleLint = {
  code: 'lint.guide-sections',
  scope: 'rule',
  defaultSeverity: 'error',
  description:
    'A rule tagged with an investigation guide (`has_guide` or "Resources: Investigation Guide") has a `note` with the sections Triage and analysis, Investigating <rule name>, Possible investigation steps, False positive analysis, Response and remediation.',
  check(rule) {
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
  },
};
