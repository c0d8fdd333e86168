import type { RuleLint } from '../lint.js';

export const tagWhitespace: RuleLint = {
  code: 'lint.tag-whitespace',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'error',
  description: 'No tag has surrounding spaces: Kibana filters tags by exact text.',
  check(rule) {
    return (rule.document.rule.tags ?? []).flatMap((tag, index) =>
      tag === tag.trim()
        ? []
        : [{ path: ['rule', 'tags', index], message: `tag "${tag}" has surrounding spaces`, hint: `write it as "${tag.trim()}"` }],
    );
  },
};
