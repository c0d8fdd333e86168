import type { RuleBody } from '../../rules/rule-file.js';

/** The tags that announce an investigation guide: detection-rules' old and new spelling. */
export const GUIDE_TAGS = ['has_guide', 'Resources: Investigation Guide'] as const;

/** Index of the rule's guide tag in `tags`, or -1. */
export function guideTagIndex(rule: RuleBody): number {
  return (rule.tags ?? []).findIndex((tag) => (GUIDE_TAGS as readonly string[]).includes(tag.trim()));
}
