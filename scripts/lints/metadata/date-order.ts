import type { RuleLint } from '../lint.js';

// YYYY/MM/DD compares correctly as text; anything else is the schema's finding.
const datePattern = /^\d{4}\/\d{2}\/\d{2}$/;

export const dateOrder: RuleLint = {
  code: 'lint.date-order',
  scope: 'rule',
  defaultSeverity: 'error',
  counterpart: 'tests/test_all_rules.py::test_updated_date_newer_than_creation',
  description: '`metadata.updated_date` is not before `metadata.creation_date`.',
  check(rule) {
    const { creation_date: created, updated_date: updated } = rule.document.metadata;
    if (!datePattern.test(created) || !datePattern.test(updated) || updated >= created) return [];
    return [
      {
        path: ['metadata', 'updated_date'],
        message: `updated_date ${updated} is before creation_date ${created}`,
        hint: `set updated_date to the date of the last change (${created} or later)`,
      },
    ];
  },
};
