// The review in the one JSON convention (scripts/report/json-output.ts;
// schemas/output/review.schema.json): snake_case, findings as everywhere, no internal field paths.
import { FORMAT_VERSION, findingsJson } from '../report/json-output.js';
import type { ReviewReport } from './review.js';

export function reviewJson(report: ReviewReport): object {
  return {
    format_version: FORMAT_VERSION,
    base: report.base,
    summary: report.summary,
    rules: report.rules.map((rule) => ({
      rule_id: rule.rule_id,
      name: rule.name,
      change: rule.change,
      path: rule.path,
      previous_path: rule.previousPath,
      previous_rule_id: rule.previousRuleId,
      content_changed: rule.contentChanged,
      summary: rule.summary,
      fields: rule.fields.map(({ fieldPath: _, ...field }) => field),
      query: rule.query && {
        changed: rule.query.changed,
        formatting_only: rule.query.formattingOnly,
        details: rule.query.details,
        diff: rule.query.diff,
      },
      tests: rule.tests && {
        test_files: rule.tests.testFiles,
        cases: rule.tests.cases.map(({ name, passed, error }) => ({ name, passed, error: error ?? null })),
      },
      findings: findingsJson(rule.findings),
    })),
    findings: findingsJson(report.findings),
  };
}
