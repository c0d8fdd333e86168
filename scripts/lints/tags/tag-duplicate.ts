import type { LintProblem, RuleLint } from '../lint.js';

export const tagDuplicate: RuleLint = {
  code: 'lint.tag-duplicate',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_no_duplicate_tags',
  description: 'No tag is listed twice.',
  check(rule) {
    const first = new Map<string, number>();
    const problems: LintProblem[] = [];
    (rule.document.rule.tags ?? []).forEach((tag, index) => {
      const earlier = first.get(tag);
      if (earlier === undefined) first.set(tag, index);
      else
        problems.push({
          path: ['rule', 'tags', index],
          message: `tag "${tag}" is listed twice (tags[${earlier}] and tags[${index}])`,
          hint: `remove tags[${index}]`,
        });
    });
    return problems;
  },
};
