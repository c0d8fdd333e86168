import type { RuleLint } from '../lint.js';

export const license: RuleLint = {
  code: 'lint.license',
  scope: 'rule',
  defaultSeverity: 'off',
  strictSeverity: 'error',
  description: 'The rule states its `license`, so it can be shared and published.',
  check(rule) {
    if ((rule.document.rule.license ?? '').trim() !== '') return [];
    return [
      {
        path: ['rule', 'license'],
        message: 'the rule has no license',
        hint: 'add license = "Elastic License v2" (or the license the repository uses) to [rule]',
      },
    ];
  },
};
