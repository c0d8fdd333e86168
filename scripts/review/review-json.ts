// The review as JSON: the report's data, without the internal field paths.
import type { ReviewReport } from './review.js';

export function reviewJson(report: ReviewReport): object {
  return {
    base: report.base,
    summary: report.summary,
    rules: report.rules.map((rule) => ({
      rule_id: rule.rule_id,
      name: rule.name,
      change: rule.change,
      path: rule.path,
      previousPath: rule.previousPath,
      previousRuleId: rule.previousRuleId,
      contentChanged: rule.contentChanged,
      fields: rule.fields.map(({ fieldPath: _, ...field }) => field),
      query: rule.query && {
        changed: rule.query.changed,
        formattingOnly: rule.query.formattingOnly,
        details: rule.query.details,
        diff: rule.query.diff,
      },
      tests: rule.tests && { testFiles: rule.tests.testFiles, cases: rule.tests.cases.map(({ name, passed, error }) => ({ name, passed, ...(error ? { error } : {}) })) },
      findings: rule.findings,
    })),
    findings: report.findings,
  };
}
